"""Hosted mode's own routes: accounts, squads, queued jobs and push reminders (none in local mode)."""
