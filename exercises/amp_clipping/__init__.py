"""Exercise package: amp_clipping (statement.md, starter files, scenario, rubric)."""
