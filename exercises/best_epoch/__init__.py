"""Exercise package: best_epoch (statement.md, starter files, scenario, rubric)."""
