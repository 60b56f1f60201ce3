"""The baseline for benchmarks/hosted.py: a FastAPI endpoint that does nothing, served the same way."""

from __future__ import annotations

from fastapi import FastAPI

app = FastAPI()


@app.get("/bare")
def bare() -> dict[str, bool]:
    return {"ok": True}
