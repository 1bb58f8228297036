"""Exercise package: early_stopping (statement.md, starter files, scenario, rubric)."""
