"""The web coach: a FastAPI app with a JSON API, server-rendered pages and an offline player."""
