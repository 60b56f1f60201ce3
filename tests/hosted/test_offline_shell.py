"""The service worker of a hosted server keeps the shell for all and each runner's pages apart."""

from __future__ import annotations

import json
import re

from fastapi import FastAPI

from tests.hosted.conftest import browser


def _list(script: str, name: str) -> list[str]:
    found = re.search(rf"const {name} = (\[.*?\]);", script)
    assert found, name
    urls: list[str] = json.loads(found[1])
    return urls


def test_the_hosted_worker_stores_only_public_urls_at_install(hosted_app: FastAPI) -> None:
    client = browser(hosted_app)
    script = client.get("/sw.js").text
    assert "const HOSTED = true;" in script
    shell = _list(script, "SHELL_URLS")
    for url in shell:
        # Every URL stored at install answers a browser that is not signed in.
        answer = client.get(url, follow_redirects=False)
        assert answer.status_code == 200, url
    personal = _list(script, "PERSONAL_URLS")
    assert "/" in personal and "/api/today" in personal and not set(personal) & set(shell)
