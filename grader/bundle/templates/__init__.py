"""Jinja2 templates for the files bundles and exports write (rendered by grader.bundle.render)."""
