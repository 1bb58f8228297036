"""Jinja2 templates of grader/bundle/templates/ (the files students and Gradescope receive)."""
from __future__ import annotations

import jinja2

_ENV = jinja2.Environment(loader=jinja2.PackageLoader("grader.bundle", "templates"),
                          keep_trailing_newline=True, undefined=jinja2.StrictUndefined)


def render(template: str, **values) -> str:
    return _ENV.get_template(template).render(**values)
