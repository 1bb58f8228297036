"""Exercise package: lr_schedule (statement.md, starter files, scenario, rubric)."""
