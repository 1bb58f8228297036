"""How a batch found one student's submission, kept with the grade (GradeResult.intake) so the
class page and grades.csv can show it: the LMS's ids and late flag from the download name, and
any input problem an instructor should look at (several different train() files, a candidate
that could not be read)."""
from __future__ import annotations

from dataclasses import asdict, dataclass, fields


@dataclass(frozen=True)
class Intake:
    layout: str = ""            # "file" | "folder" | "canvas" | "moodle" | "blackboard" | "brightspace"
    lms_id: str = ""            # the LMS's user id (Canvas, Moodle; Blackboard's user name)
    lms_file_id: str = ""       # Canvas's attachment id, the second number of its names
    late: bool = False          # Canvas marked the download _LATE_
    attempt: str = ""           # Blackboard's attempt time, as in the name
    submitted_file: str = ""    # the file graded, relative to the submissions folder
    problem: str = ""           # an input problem, "" when none
    name: str = ""              # the student's name as the download wrote it (NFC): what reports show

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict | None) -> "Intake":
        """Tolerates older records (missing keys) and unknown keys."""
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in (data or {}).items() if k in known})
