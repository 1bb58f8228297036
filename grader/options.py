"""How a submission is graded where nobody said otherwise: the one place each grading default is
defined. The command line (grader/commands/), a course's loopgrader.toml (grader/course.py), the
batch (grader/batch/), the student's self-check (grader/selfcheck/) and the exports
(grader/bundle/) all read DEFAULTS (or SELF_CHECK, the student's view of it);
tests/test_options.py fails on a second definition."""
from __future__ import annotations

from dataclasses import dataclass, fields

DEVICES = ("cpu", "cuda", "auto")
VISIBILITIES = ("all", "public")


@dataclass(frozen=True)
class GradingOptions:
    device: str = "cpu"         # where reference and submission run: cpu | cuda | auto
    timeout: float = 120.0      # wall-clock seconds a submission's job may take in all
    memory: str = "4G"          # address-space limit per submission
    visibility: str = "all"     # which checks run: all | public (those students may see)

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))


DEFAULTS = GradingOptions()
# a student's own self-check (and the bundle that runs it): only the checks students may see
SELF_CHECK = GradingOptions(visibility="public")
