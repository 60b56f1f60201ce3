"""The JSON API under /api: the program, compiled timelines, and the practice log."""
