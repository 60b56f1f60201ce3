"""Server-rendered pages (Jinja2): Today, Moves, the player, History and Progress."""
