"""A course's own configuration: `loopgrader.toml` in the working folder (or `--config FILE`).

    exercises = ["exercises"]      # folders: each an exercise folder, or a folder of them
                                   # (relative to this file)
    [defaults]                     # used where the command line does not say
    timeout = 120                  # seconds per submission
    memory = "4G"                  # address-space limit per submission
    device = "cpu"                 # cpu | cuda | auto
    visibility = "all"             # all | public (grader grade)

Guarantee: a name given to --exercise is looked up among the course's exercises first, then
among the built-ins; a path to a folder is taken as it is. Unknown keys and wrong types are
reported with the file's name, never ignored.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from grader.exercise import Exercise, ExerciseError, UnknownExercise, is_folder_spec, load_exercise
from grader.options import DEFAULTS, DEVICES, VISIBILITIES, GradingOptions

CONFIG_NAME = "loopgrader.toml"


class CourseConfigError(ValueError):
    pass


@dataclass(frozen=True)
class Defaults:
    """What a course's [defaults] table says (None: not said; the grader's, grader.options, apply)."""
    timeout: float | None = None
    memory: str | None = None
    device: str | None = None
    visibility: str | None = None


@dataclass(frozen=True)
class Course:
    config: Path | None                 # the file read; None where there is none
    exercise_paths: tuple[Path, ...]    # as listed, resolved against the file's folder
    defaults: Defaults

    def exercises(self) -> dict[str, Path]:
        """name -> folder of every exercise the course lists (a folder holding rubric.toml is
        one exercise; any other folder is searched one level down)."""
        found: dict[str, Path] = {}
        for path in self.exercise_paths:
            folders = [path] if (path / "rubric.toml").is_file() else sorted(
                p.parent for p in path.glob("*/rubric.toml"))
            for folder in folders:
                found.setdefault(folder.name, folder)
        return found

    def resolve(self, spec: str) -> Exercise:
        """The exercise `spec` names: a folder path, a course exercise, or a built-in."""
        if not is_folder_spec(spec) and spec in (own := self.exercises()):
            return load_exercise(own[spec])
        try:
            return load_exercise(spec)
        except ExerciseError:
            raise
        except UnknownExercise as exc:
            if self.config is not None and not is_folder_spec(spec):
                own = ", ".join(self.exercises()) or "none"
                raise UnknownExercise(f"{exc}; the course's own ({self.config}): {own}") from None
            raise


NO_COURSE = Course(config=None, exercise_paths=(), defaults=Defaults())


def load_course(config: str | Path | None = None, cwd: str | Path | None = None) -> Course:
    """The course config `config` (an error if missing), else `loopgrader.toml` in `cwd` (the
    working folder by default) if there is one, else no course (built-ins only)."""
    if config is not None:
        path = Path(config)
        if not path.is_file():
            raise CourseConfigError(f"no course config {config}")
    else:
        path = Path(cwd or Path.cwd()) / CONFIG_NAME
        if not path.is_file():
            return NO_COURSE
    try:
        data = tomllib.loads(path.read_text())
    except tomllib.TOMLDecodeError as exc:
        raise CourseConfigError(f"{path}: not valid TOML ({exc})") from None
    return _parse(path.resolve(), data)


def _parse(path: Path, data: dict) -> Course:
    problems = [f"unknown key '{k}'" for k in data if k not in ("exercises", "defaults")]
    listed = data.get("exercises", [])
    if isinstance(listed, str):
        listed = [listed]
    if not isinstance(listed, list) or not all(isinstance(p, str) for p in listed):
        problems.append("'exercises' must be a folder or a list of folders")
        listed = []
    paths = tuple((path.parent / Path(p).expanduser()).resolve() for p in listed)
    problems += [f"exercises folder {p} does not exist" for p in paths if not p.is_dir()]
    raw = data.get("defaults", {})
    if not isinstance(raw, dict):
        problems.append("[defaults] must be a table")
        raw = {}
    problems += [f"unknown key 'defaults.{k}'" for k in raw if k not in Defaults.__dataclass_fields__]
    timeout, memory = raw.get("timeout"), raw.get("memory")
    device, visibility = raw.get("device"), raw.get("visibility")
    if timeout is not None and (isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or timeout <= 0):
        problems.append("defaults.timeout must be a positive number of seconds")
    if memory is not None and not isinstance(memory, (str, int)):
        problems.append("defaults.memory must be a size such as \"4G\"")
    if device is not None and device not in DEVICES:
        problems.append(f"defaults.device must be one of {', '.join(DEVICES)}")
    if visibility is not None and visibility not in VISIBILITIES:
        problems.append(f"defaults.visibility must be one of {', '.join(VISIBILITIES)}")
    if problems:
        raise CourseConfigError(f"{path}: " + "; ".join(problems))
    defaults = Defaults(timeout=float(timeout) if timeout is not None else None,
                        memory=str(memory) if memory is not None else None, device=device, visibility=visibility)
    return Course(config=path, exercise_paths=paths, defaults=defaults)


def add_course_option(parser) -> None:
    parser.add_argument("--config", metavar="FILE",
                        help=f"course config (default: ./{CONFIG_NAME} where there is one): the course's "
                             "exercise folders and default timeout/memory/device/visibility")


def apply_course(args, fallbacks: GradingOptions = DEFAULTS) -> Course:
    """Resolve args.exercise through the course (to what load_exercise takes back: a built-in's
    name or the folder's path) and fill every grading option the command has and left None:
    the course's default first, then `fallbacks` (the grader's). Raises UnknownExercise /
    CourseConfigError."""
    course = load_course(getattr(args, "config", None))
    if getattr(args, "exercise", None) is not None:
        args.exercise = course.resolve(args.exercise).spec
    for name in GradingOptions.names():
        if hasattr(args, name) and getattr(args, name) is None:
            value = getattr(course.defaults, name)
            setattr(args, name, value if value is not None else getattr(fallbacks, name))
    return course
