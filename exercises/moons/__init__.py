"""Exercise package: moons (statement.md, starter files, scenario, rubric)."""
