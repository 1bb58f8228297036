"""The loopgrader exercises: one folder per exercise with statement.md,
starter.py, starter.ipynb, scenario.py and rubric.toml."""
