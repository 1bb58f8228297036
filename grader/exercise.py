"""Exercises as the grader sees them: one folder, found by path.

    statement.md      the task, as students read it
    starter.py        the starter students fill in (starter.ipynb: the same as a notebook)
    scenario.py       SCENARIOS {name: builder(device, variant) -> Setup}, PRIMARY, optional REQUIRES
    reference.py      a correct train() (runs only in reference jobs; never shipped, never shown)
    rubric.toml       title, history_keys, extra_args, restores_best and the [[checks]] entries
    checks/*.py       optional exercise-specific checks (the grader.checks module protocol)

A built-in exercise is `exercises/<name>/` inside the package, its reference `reference/<name>.py`;
any other exercise is a folder given by path, its reference `<folder>/reference.py`. Either way
the scenario, reference and checks are loaded by path (`load_module`), in the parent and in the
sandboxed child alike, so nothing has to be importable as a package of its own.
"""
from __future__ import annotations

import importlib.util
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

import exercises as _exercises_pkg
from grader.load.module import load_module

EXERCISES_DIR = Path(_exercises_pkg.__file__).parent
EXERCISE_FILES = ("statement.md", "scenario.py", "rubric.toml", "starter.py")


class UnknownExercise(LookupError):
    pass


class ExerciseError(UnknownExercise):
    """The folder is there but is not a usable exercise (says which file and what is wrong)."""


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
    scenario_file: Path = None            # <folder>/scenario.py
    reference_file: Path | None = None    # None where this install has no reference (a student bundle)
    checks_dir: Path | None = None        # <folder>/checks, where the exercise brings its own checks
    reference_helpers: tuple[Path, ...] = ()   # files beside the reference that it imports
    builtin: bool = True                  # a folder of the exercises package (named by name: spec)

    @property
    def spec(self) -> str:
        """What `load_exercise` takes back to find this very exercise: the built-in's name,
        otherwise the folder's absolute path."""
        return self.name if self.builtin else str(self.folder)

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

    def scenario_module(self) -> ModuleType:
        return load_module(self.scenario_file, "scenario", cached=True)

    def check_files(self) -> list[Path]:
        return sorted(self.checks_dir.glob("*.py")) if self.checks_dir else []

    def source_files(self) -> list[Path]:
        """Every file that decides what this exercise grades: the folder's files (the reference
        of a folder exercise among them) and a built-in's reference (keys of caches and resumes)."""
        files = sorted(p for p in self.folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts
                       and not p.name.startswith("."))
        return files + [p for p in self.reference_files() if p not in files]

    def reference_files(self) -> list[Path]:
        """The reference and the files beside it that it imports (none where this install has no
        reference: a student bundle's recorded traces stand for it)."""
        return [self.reference_file, *self.reference_helpers] if self.reference_file is not None else []


def _reference_dir() -> Path | None:
    """The built-in references' folder, found without importing it (a bundle has none)."""
    try:
        spec = importlib.util.find_spec("reference")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0])


def list_exercises() -> list[str]:
    """The built-in exercises' names (a course's own: grader.course.course_exercises)."""
    return sorted(p.parent.name for p in EXERCISES_DIR.glob("*/rubric.toml"))


def is_folder_spec(spec: str | Path) -> bool:
    """A spec names a folder (rather than a built-in) when it is a path: it has a separator,
    starts with '.' or '~', or is an existing folder holding a rubric.toml."""
    text = str(spec)
    return (isinstance(spec, Path) or "/" in text or "\\" in text or text.startswith((".", "~"))
            or (Path(text) / "rubric.toml").is_file())


def load_exercise(spec: str | Path) -> Exercise:
    """A built-in exercise by name, or an exercise folder by path (see is_folder_spec).
    Registers the folder's own checks (checks/*.py) with grader.checks."""
    if is_folder_spec(spec):
        folder = Path(spec).expanduser().resolve()
        if not folder.is_dir():
            raise UnknownExercise(f"no exercise folder {spec}")
    else:
        folder = EXERCISES_DIR / str(spec)
        if not (folder / "rubric.toml").is_file():
            known = ", ".join(list_exercises())
            raise UnknownExercise(f"unknown exercise {str(spec)!r}; known: {known} (or give the path of an "
                                  "exercise folder)")
    ex = _read_folder(folder, folder.name, builtin=folder.resolve().parent == EXERCISES_DIR.resolve())
    _register_checks(ex)
    return ex


def _reference_of(folder: Path, builtin: bool) -> tuple[Path | None, tuple[Path, ...]]:
    """(the reference, the files beside it that it imports): a course folder's reference.py; a
    built-in's reference/<name>.py, with the package's shared helpers (reference/__init__.py,
    _loop.py). The only place that tells a built-in from a course's folder."""
    if not builtin:
        reference = folder / "reference.py"
        return (reference if reference.is_file() else None), ()
    ref_dir = _reference_dir()
    reference = ref_dir / f"{folder.name}.py" if ref_dir else None
    if reference is None or not reference.is_file():
        return None, ()
    return reference, tuple(sorted(p for p in ref_dir.glob("*.py") if p.stem == "__init__" or p.stem.startswith("_")))


def _read_folder(folder: Path, name: str, *, builtin: bool) -> Exercise:
    reference, helpers = _reference_of(folder, builtin)
    rubric_path = folder / "rubric.toml"
    if not rubric_path.is_file():
        raise ExerciseError(f"{folder}: no rubric.toml (an exercise folder holds {', '.join(EXERCISE_FILES)})")
    try:
        data = tomllib.loads(rubric_path.read_text())
    except tomllib.TOMLDecodeError as exc:
        raise ExerciseError(f"{rubric_path}: not valid TOML ({exc})") from None
    # every problem at once, so an instructor fixes the file in one pass
    problems = [f"missing '{k}'" for k in ("title", "history_keys", "checks") if k not in data]
    entries = []
    for i, c in enumerate(data.get("checks", [])):
        if not isinstance(c, dict) or "id" not in c or "points" not in c:
            problems.append(f"[[checks]] entry {i + 1} needs an id and points")
            continue
        if c.get("visibility", "public") not in ("public", "hidden"):
            problems.append(f"check {c['id']!r}: visibility must be \"public\" or \"hidden\"")
        entries.append(RubricEntry(check=str(c["id"]), points=float(c["points"]),
                                   visibility=c.get("visibility", "public"), params=dict(c.get("params", {}))))
    if problems:
        raise ExerciseError(f"{rubric_path}: " + "; ".join(problems))
    checks_dir = folder / "checks"
    return Exercise(
        name=name,
        title=data["title"],
        folder=folder,
        history_keys=tuple(data["history_keys"]),
        extra_args=dict(data.get("extra_args", {})),
        restores_best=bool(data.get("restores_best", False)),
        rubric=tuple(entries),
        scenario_file=folder / "scenario.py",
        reference_file=reference,
        reference_helpers=helpers,
        checks_dir=checks_dir if checks_dir.is_dir() else None,
        builtin=builtin,
    )


def _register_checks(ex: Exercise) -> None:
    """The folder's checks/*.py, loaded by path and registered by their ID; an ID that is a
    built-in check's is refused (an exercise adds checks, it does not replace the grader's)."""
    from grader import checks

    for path in ex.check_files():
        try:
            module = load_module(path, "check", cached=True)
        except Exception as exc:
            raise ExerciseError(f"{path}: cannot be loaded ({type(exc).__name__}: {exc})") from None
        check_id = getattr(module, "ID", None)
        if check_id in checks.BUILTIN or check_id in checks.PRODUCTION:
            raise ExerciseError(f"{path}: ID {check_id!r} is a built-in check's; give yours another id")
        try:
            checks.register(module)
        except TypeError as exc:
            raise ExerciseError(f"{path}: {exc} (a check defines ID, TITLE, WHY, FIX and check(ctx))") from None
