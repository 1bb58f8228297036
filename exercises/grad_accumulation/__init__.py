"""Exercise package: grad_accumulation (statement.md, starter files, scenario, rubric)."""
