"""Exercise package: experiment_tracking (statement.md, starter files, scenario, rubric)."""
