"""Jinja2 templates and CSS for the HTML reports (grader/reporters/html.py renders them)."""
