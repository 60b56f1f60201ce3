"""The application layer: every use case once, between the faces (cli/, web/) and the core and store.

Each use case is a function of a ``Context`` (who is asking, in which time
zone, and when), so the terminal and the web can never disagree about what
"today" is, what a practice counts for, or whose data they are reading.
"""
