"""A late policy: `grader batch --deadline WHEN --late-penalty SPEC`.

Lateness comes from what the LMS download says (grader.result.Intake): the submission
time where the name carries one (Blackboard's attempt, Brightspace's date), compared with the
deadline; else Canvas's `_LATE_` mark, which says late but not by how much (charged as one day,
and the report says so). A file's modification time is never used: unzipping sets it.

SPEC is a flat penalty ("20%" of the maximum, or "2" points) or a penalty per started day
("10%/day", "1/day"); the penalty never takes a score below 0; "none" removes the policy. The policy is kept in the
gradebook per exercise, and applied where results are read (after any review), so the recorded
runs hold what the grader found and a changed policy needs no regrade.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

_SPEC = re.compile(r"^(?P<amount>\d+(?:\.\d+)?)(?P<percent>%)?(?P<per_day>/day)?$")
# the submission times LMS download names carry (grader.batch.discover.LMS_PATTERNS)
_TIME_FORMATS = ("%Y-%m-%d-%H-%M-%S",      # Blackboard attempt
                 "%b %d, %Y %I%M %p")      # Brightspace


@dataclass(frozen=True)
class Lateness:
    days: int               # started days after the deadline (0: on time)
    penalty: float          # points taken
    how: str                # one line: what the lateness was read from

    def to_dict(self) -> dict:
        return {"days": self.days, "penalty": self.penalty, "how": self.how}


@dataclass(frozen=True)
class LatePolicy:
    deadline: datetime | None
    amount: float
    percent: bool
    per_day: bool

    def spec(self) -> str:
        return f"{self.amount:g}{'%' if self.percent else ''}{'/day' if self.per_day else ''}"

    def to_text(self) -> str:
        """What the gradebook keeps (policy_from_text reads it back); "" for no penalty."""
        if not self.amount:
            return ""
        return f"{self.deadline.isoformat() if self.deadline else ''}|{self.spec()}"

    def assess(self, late_flag: bool, attempt: str, max_score: float) -> Lateness:
        """How late a submission is and what it costs."""
        submitted = submission_time(attempt)
        if submitted is not None and self.deadline is not None:
            over = submitted - self.deadline
            days = math.ceil(over / timedelta(days=1)) if over > timedelta(0) else 0
            how = f"submitted {submitted.isoformat(sep=' ')}, deadline {self.deadline.isoformat(sep=' ')}"
        elif late_flag:
            days, how = 1, "marked late by the LMS (time unknown: charged as one day)"
        else:
            return Lateness(0, 0.0, "on time")
        if days == 0:
            return Lateness(0, 0.0, how)
        unit = self.amount * max_score / 100 if self.percent else self.amount
        return Lateness(days, round(unit * (days if self.per_day else 1), 4), how)


def submission_time(attempt: str) -> datetime | None:
    for fmt in _TIME_FORMATS:
        try:
            return datetime.strptime(attempt, fmt)
        except (ValueError, TypeError):
            continue
    return None


def parse_deadline(text: str) -> datetime:
    """"2024-03-01T23:59", "2024-03-01 23:59" or a date ("2024-03-01": the end of that day)."""
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"--deadline wants a date or date and time (2024-03-01T23:59), not {text!r}") from None
    if len(text) == 10:
        when += timedelta(days=1) - timedelta(seconds=1)
    return when.replace(tzinfo=None)


def parse_policy(deadline: str | None, spec: str | None) -> LatePolicy | None:
    """The policy from --deadline and --late-penalty; None when neither is given; ValueError with
    a one-line reason otherwise."""
    if not spec:
        if deadline:
            raise ValueError("--deadline needs --late-penalty (e.g. 10%/day, 2/day, 20%, 2)")
        return None
    if spec.strip().lower() == "none":
        return LatePolicy(None, 0.0, False, False)
    match = _SPEC.match(spec.strip())
    if not match:
        raise ValueError(f"--late-penalty wants 10%/day, 2/day, 20% or 2, not {spec!r}")
    return LatePolicy(parse_deadline(deadline) if deadline else None, float(match["amount"]),
                      bool(match["percent"]), bool(match["per_day"]))


def policy_from_text(text: str) -> LatePolicy | None:
    """LatePolicy.to_text() read back; None for anything else."""
    deadline, _, spec = (text or "").partition("|")
    try:
        policy = parse_policy(deadline or None, spec or None)
    except ValueError:
        return None
    return policy if policy is not None and policy.amount else None
