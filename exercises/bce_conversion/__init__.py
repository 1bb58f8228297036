"""Exercise package: bce_conversion (statement.md, starter files, scenario, rubric)."""
