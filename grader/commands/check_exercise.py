"""`grader check-exercise DIR`: validate an exercise folder before students meet it.

Guarantee: exit 0 only when every check below holds; otherwise each problem is printed on a
line of its own, naming the file, and the exit status is 1 (2: DIR is not an exercise at all).

  files       statement.md, scenario.py, rubric.toml, starter.py and a reference are there;
              starter.ipynb, where present, is a valid notebook
  rubric      rubric.toml parses, and every entry names a check that exists (a built-in one, or
              one of the folder's checks/*.py); params.scenarios name scenarios that exist
  scenario    scenario.py loads and defines SCENARIOS and PRIMARY; each scenario built twice
              (public variant 0 and secret variant 1) gives identical tensors: weights, every
              batch of both loaders, optimizer settings, epochs, extra arguments; an argument
              naming an existing file or folder by an absolute path (a tracker, a checkpoint
              folder: a fresh temporary path per build, so that each run writes its own) is
              compared by what it holds, not by its path; the public objects loaded with a
              secret variant's tensors (what a job receives) equal that variant
  reference   graded as a submission (in the sandbox, public scenario, all checks; a built-in's
              shared helpers inlined as new-exercise writes them), it passes its own rubric with
              full marks
  starter     graded the same way, starter.py does not pass (a starter that passes gives the
              answer away, or the rubric cannot tell a loop from no loop)
"""
from __future__ import annotations

import hashlib
import os
import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path

from grader.exercise import EXERCISE_FILES, Exercise, UnknownExercise, load_exercise

SECRET_PROBE = 1   # the secret variant built twice beside the public one


@dataclass(frozen=True)
class Problem:
    where: str      # the file (or part) at fault
    message: str    # what is wrong, and what to do

    def __str__(self) -> str:
        return f"PROBLEM {self.where}: {self.message}"


def add_parser(subparsers):
    from grader.options import DEFAULTS

    p = subparsers.add_parser(
        "check-exercise", help="validate an exercise folder (reference passes, starter fails, ...)",
        description="Validate an exercise folder: its files, its rubric's checks, a deterministic "
                    "scenario, a reference that passes its own rubric with full marks and a starter "
                    "that does not pass. Exit 1 on any problem.")
    p.add_argument("folder", metavar="DIR", help="the exercise folder (or a built-in's name)")
    p.add_argument("--timeout", type=float, default=DEFAULTS.timeout,
                   help=f"seconds per graded run (default {DEFAULTS.timeout:g})")
    return p


def run(args) -> int:
    folder = args.folder
    try:
        ex = load_exercise(folder if not Path(folder).is_dir() else Path(folder))
    except UnknownExercise as exc:
        print(f"PROBLEM {exc}")
        return 2 if not Path(folder).is_dir() else 1
    problems = check_exercise(ex, timeout=args.timeout, say=print)
    for p in problems:
        print(p)
    if problems:
        print(f"{ex.name}: {len(problems)} problem{'s' if len(problems) != 1 else ''}")
        return 1
    print(f"{ex.name}: ready ({ex.folder})")
    return 0


def check_exercise(ex: Exercise, *, timeout: float, say=lambda line: None) -> list[Problem]:
    """Every problem found; the grading runs only once the static checks pass (a broken rubric
    or scenario would make them fail for reasons already named)."""
    problems = static_problems(ex)
    if problems:
        return problems
    say("ok: files, rubric, checks")
    problems = determinism_problems(ex)
    if problems:
        return problems
    say("ok: scenarios build identically twice")
    problems += reference_problems(ex, timeout)
    if not problems:
        say("ok: the reference earns full marks")
    starter = starter_problems(ex, timeout)
    if not starter:
        say("ok: the starter does not pass")
    return problems + starter


def static_problems(ex: Exercise) -> list[Problem]:
    from grader import checks

    found = [Problem(name, "missing") for name in EXERCISE_FILES if not (ex.folder / name).is_file()]
    if ex.reference_file is None:
        found.append(Problem("reference.py", "missing: the correct train() the grader compares against"))
    if ex.starter_ipynb.is_file():
        import nbformat

        try:
            nbformat.validate(nbformat.read(ex.starter_ipynb, as_version=4))
        except Exception as exc:   # nbformat raises several kinds; any is a broken notebook
            found.append(Problem("starter.ipynb", f"not a valid notebook ({type(exc).__name__}: {exc})"))
    try:
        scenarios = ex.scenario_module()
    except Exception as exc:
        return found + [Problem("scenario.py", f"cannot be loaded ({type(exc).__name__}: {exc})")]
    names = getattr(scenarios, "SCENARIOS", None)
    if not isinstance(names, dict) or not names:
        found.append(Problem("scenario.py", "defines no SCENARIOS (a dict: name -> builder(device, variant))"))
        names = {}
    elif getattr(scenarios, "PRIMARY", None) not in names:
        found.append(Problem("scenario.py", f"PRIMARY must name one of SCENARIOS ({', '.join(names)})"))
    for entry in ex.rubric:
        try:
            checks.get(entry.check)
        except KeyError:
            found.append(Problem("rubric.toml", f"check {entry.check!r} is neither a built-in check nor "
                                 f"one of this folder's checks/*.py (a module with ID = {entry.check!r})"))
        for name in entry.params.get("scenarios", []):
            if names and name not in names:
                found.append(Problem("rubric.toml", f"check {entry.check!r} reads scenario {name!r}, "
                                     f"which scenario.py does not define"))
    if not ex.rubric:
        found.append(Problem("rubric.toml", "no [[checks]] entries"))
    return found


def determinism_problems(ex: Exercise) -> list[Problem]:
    """Each scenario built twice per variant, on CPU, must give the same tensors."""
    found = []
    for name, build in ex.scenario_module().SCENARIOS.items():
        for variant in (0, SECRET_PROBE):
            try:
                first, second = _snapshot(build("cpu", variant)), _snapshot(build("cpu", variant))
            except Exception as exc:
                found.append(Problem("scenario.py", f"scenario {name!r} (variant {variant}) cannot be built "
                                     f"({type(exc).__name__}: {exc})"))
                break
            differ = [k for k in first if not _same(first[k], second.get(k))]
            if differ:
                found.append(Problem("scenario.py", f"scenario {name!r} (variant {variant}) is not deterministic: "
                                     f"two builds differ in {', '.join(differ[:4])} (seed every generator, "
                                     f"e.g. with exercises.common.variant_seed)"))
                break
        else:
            found += _variant_state_problems(name, build)
    return found


def _variant_state_problems(name: str, build) -> list[Problem]:
    """A secret variant reaches the job as its tensors loaded into the public objects
    (grader.variants): that must rebuild the variant exactly."""
    from exercises.common import load_variant_state, variant_state

    try:
        sent = load_variant_state(build("cpu", 0), variant_state(build("cpu", SECRET_PROBE)))
    except (TypeError, ValueError, KeyError) as exc:
        return [Problem("scenario.py", f"scenario {name!r}: a secret variant cannot be sent to the job as data "
                        f"({exc}); use TensorDataset loaders, as exercises.common.loaders builds them")]
    built, loaded = _snapshot(build("cpu", SECRET_PROBE)), _snapshot(sent)
    differ = [k for k in built if not _same(built[k], loaded.get(k))]
    if differ:
        return [Problem("scenario.py", f"scenario {name!r}: the public objects loaded with a secret variant's "
                        f"tensors (exercises.common.variant_state) differ from that variant in "
                        f"{', '.join(differ[:4])}: seed only the data, split, order and weights from the variant")]
    return []


def _snapshot(setup) -> dict:
    """What train() receives, as comparable values (one pass over each loader)."""
    out = {f"weights {k}": v.detach().clone() for k, v in setup.model.state_dict().items()}
    for loader in ("train_loader", "val_loader"):
        for i, batch in enumerate(getattr(setup, loader)):
            for j, t in enumerate(batch if isinstance(batch, (list, tuple)) else [batch]):
                out[f"{loader} batch {i}.{j}"] = t
    out["optimizer"] = (type(setup.optimizer).__name__,
                        [{k: v for k, v in g.items() if k != "params"} for g in setup.optimizer.param_groups])
    out["epochs"] = setup.epochs
    for k, v in setup.kwargs.items():
        content = path_content(v)
        out[f"kwargs {k}"] = (content if content is not None else
                              v if isinstance(v, (bool, int, float, str, type(None))) else type(v).__name__)
    return out


def path_content(value) -> tuple | None:
    """What train() finds at an absolute path argument, independent of the path itself (a
    relative one is the same text in both builds: compared as it is): for an existing folder, each entry's relative name and content; for an SQLite database, its schema and rows
    (the file's bytes may differ in SQLite's own bookkeeping); for another file, its bytes'
    sha256. None where `value` names nothing that exists (compared as the value itself)."""
    if not isinstance(value, (str, os.PathLike)) or not os.path.isabs(os.fspath(value)):
        return None
    path = Path(value)
    if path.is_dir():
        return ("folder", tuple((p.relative_to(path).as_posix(), _file_content(p) if p.is_file() else "folder")
                                for p in sorted(path.rglob("*"))))
    if path.is_file():
        return ("file", _file_content(path))
    return None


def _file_content(path: Path):
    data = path.read_bytes()
    if data.startswith(b"SQLite format 3\x00"):
        try:
            con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
            try:
                return ("sqlite", tuple(con.iterdump()))
            finally:
                con.close()
        except sqlite3.Error:   # unreadable as a database: compared byte for byte
            pass
    return hashlib.sha256(data).hexdigest()


def _same(a, b) -> bool:
    import torch

    if isinstance(a, torch.Tensor) or isinstance(b, torch.Tensor):
        return (isinstance(a, torch.Tensor) and isinstance(b, torch.Tensor) and a.shape == b.shape
                and a.dtype == b.dtype and torch.equal(a, b))
    return a == b


def _grade(ex: Exercise, path: Path, timeout: float):
    from grader.engine import grade

    return grade(str(path), ex.spec, visibility="all", timeout=timeout, variant=0)


def reference_problems(ex: Exercise, timeout: float) -> list[Problem]:
    import tempfile

    from grader.commands.new_exercise import standalone_reference

    # graded as a submission, where the reference package is out of reach: its shared helpers
    # (a built-in's `from reference._loop import ...`) inlined, as new-exercise writes them
    with tempfile.TemporaryDirectory(prefix="check-exercise-") as tmp:
        copy = Path(tmp) / "reference.py"
        copy.write_text(standalone_reference(ex.reference_file))
        return _reference_verdicts(ex, copy, timeout)


def _reference_verdicts(ex: Exercise, copy: Path, timeout: float) -> list[Problem]:
    try:
        result = _grade(ex, copy, timeout)
    except Exception as exc:   # the reference runs as the grader's own: its failure is named here
        return [Problem("reference.py", f"could not be graded ({type(exc).__name__}: {exc})")]
    if result.runtime.get("status") not in ("ok", None):
        return [Problem("reference.py", f"does not run: {result.runtime.get('message')}")]
    return [Problem("reference.py", f"check {c.id} gives {c.score:g}/{c.max_score:g} to the reference: {c.observed}")
            for c in result.checks if c.score < c.max_score]


def starter_problems(ex: Exercise, timeout: float) -> list[Problem]:
    try:
        result = _grade(ex, ex.starter_py, timeout)
    except Exception as exc:
        return [Problem("starter.py", f"could not be graded ({type(exc).__name__}: {exc})")]
    if result.max_score > 0 and result.score >= result.max_score:
        return [Problem("starter.py", f"earns full marks ({result.score:g}/{result.max_score:g}): it gives the "
                        "answer away, or the rubric cannot tell a working loop from the starter")]
    return []
