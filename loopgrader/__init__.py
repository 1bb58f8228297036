"""The student-facing import: `from loopgrader import check` inside a Jupyter notebook.

`check("early_stopping")` grades the notebook's cells on the exercise's public checks, in a
separate limited process, and shows the report inline (grader/selfcheck/notebook.py)."""
from grader.selfcheck.notebook import check

__all__ = ["check"]
