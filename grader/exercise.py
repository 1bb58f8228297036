"""Exercises as the grader sees them: a folder under exercises/ with
statement.md, starter.py, starter.ipynb, scenario.py and rubric.toml."""
from __future__ import annotations

import importlib
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import exercises as _exercises_pkg

EXERCISES_DIR = Path(_exercises_pkg.__file__).parent


class UnknownExercise(LookupError):
    pass


@dataclass(frozen=True)
class RubricEntry:
    check: str                 # check id, e.g. "zero_grad"
    points: float
    visibility: str = "public"  # "public" | "hidden"
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Exercise:
    name: str
    title: str
    folder: Path
    history_keys: tuple[str, ...]
    extra_args: dict           # extra keyword arguments train() receives, e.g. {"patience": 5}
    restores_best: bool
    rubric: tuple[RubricEntry, ...]

    @property
    def statement(self) -> str:
        return (self.folder / "statement.md").read_text()

    @property
    def starter_py(self) -> Path:
        return self.folder / "starter.py"

    @property
    def starter_ipynb(self) -> Path:
        return self.folder / "starter.ipynb"

    @property
    def max_score(self) -> float:
        return sum(e.points for e in self.rubric)

    def entries(self, visibility: str = "all") -> list[RubricEntry]:
        """Rubric entries; visibility "public" keeps only what students may run."""
        return [e for e in self.rubric if visibility == "all" or e.visibility == visibility]

    def scenario_module(self):
        return importlib.import_module(f"exercises.{self.name}.scenario")


def list_exercises() -> list[str]:
    return sorted(p.parent.name for p in EXERCISES_DIR.glob("*/rubric.toml"))


def load_exercise(name: str) -> Exercise:
    folder = EXERCISES_DIR / name
    rubric_path = folder / "rubric.toml"
    if not rubric_path.is_file():
        known = ", ".join(list_exercises())
        raise UnknownExercise(f"unknown exercise {name!r}; known: {known}")
    data = tomllib.loads(rubric_path.read_text())
    entries = tuple(
        RubricEntry(check=c["id"], points=float(c["points"]),
                    visibility=c.get("visibility", "public"), params=dict(c.get("params", {})))
        for c in data["checks"]
    )
    return Exercise(
        name=name,
        title=data["title"],
        folder=folder,
        history_keys=tuple(data["history_keys"]),
        extra_args=dict(data.get("extra_args", {})),
        restores_best=bool(data.get("restores_best", False)),
        rubric=entries,
    )
