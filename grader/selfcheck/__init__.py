"""Self-check with pytest: `pytest --exercise NAME --submission PATH`.

The plugin (grader.selfcheck.plugin) is registered through the `pytest11` entry point, so it
is there wherever loopgrader is installed; without --exercise (or the `loopgrader_exercise`
ini key) it adds its options and does nothing else.
"""
