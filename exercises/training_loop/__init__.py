"""Exercise package: training_loop (statement.md, starter files, scenario, rubric)."""
