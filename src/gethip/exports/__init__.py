"""Exporters: the plan and the log as files other tools read."""
