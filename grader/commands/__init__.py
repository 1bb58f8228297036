"""Subcommands of the `grader` CLI, one module each (see grader/cli.py)."""
