"""`grader new-exercise DIR [--from training_loop]`: write an exercise folder an instructor edits.

Guarantee: the folder stands alone (graded by path, nothing to install): it holds a copy of the
source exercise's statement, scenario, rubric, starters, checks and reference. A built-in
reference that imports the grader's shared reference helpers (`from reference._loop import
...`) gets those helpers inlined, since submissions and bundles never see the reference
package; scenario imports of the installed `exercises` package (exercises.common,
exercises.regression) stay as they are: that package ships with the grader and with bundles.
"""
from __future__ import annotations

import ast
import shutil
import sys
from pathlib import Path

from grader.exercise import Exercise, UnknownExercise, load_exercise

COPIED = ("statement.md", "scenario.py", "rubric.toml", "starter.py", "starter.ipynb")


def add_parser(subparsers):
    p = subparsers.add_parser(
        "new-exercise", help="write a new exercise folder (a copy of a built-in) to edit",
        description="Write DIR: statement.md, scenario.py, reference.py, rubric.toml, starter.py, "
                    "starter.ipynb (and checks/ where the source has them), copied from an existing "
                    "exercise. Edit them, then validate with `grader check-exercise DIR`.")
    p.add_argument("folder", type=Path, metavar="DIR")
    p.add_argument("--from", dest="source", default="training_loop", metavar="EXERCISE",
                   help="the exercise to start from: a built-in name or a folder (default training_loop)")
    return p


def run(args) -> int:
    try:
        source = load_exercise(args.source)
    except UnknownExercise as exc:
        print(f"grader new-exercise: {exc}", file=sys.stderr)
        return 2
    if args.folder.exists() and (not args.folder.is_dir() or any(args.folder.iterdir())):
        print(f"grader new-exercise: {args.folder} exists and is not an empty folder", file=sys.stderr)
        return 2
    if source.reference_file is None:
        print(f"grader new-exercise: {source.name} has no reference here to copy", file=sys.stderr)
        return 2
    write_exercise(source, args.folder)
    print(f"wrote {args.folder} (from {source.name}). Edit its files (docs/exercises.md says what each "
          f"does), then run: grader check-exercise {args.folder}")
    return 0


def write_exercise(source: Exercise, dest: Path) -> Path:
    """Copy `source` into `dest` as a standalone exercise folder."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in COPIED:
        if (source.folder / name).is_file():
            shutil.copy2(source.folder / name, dest / name)
    if source.checks_dir is not None:
        shutil.copytree(source.checks_dir, dest / "checks",
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    (dest / "reference.py").write_text(standalone_reference(source.reference_file))
    return dest


def standalone_reference(path: Path) -> str:
    """The reference's source with every `from reference.X import ...` statement replaced by
    the text of reference/X.py (itself made standalone; each helper inlined once)."""
    return _inline(path, set())


def _inline(path: Path, done: set[str]) -> str:
    text = path.read_text()
    lines = text.splitlines(keepends=True)
    edits = []   # (first line, last line, replacement), applied bottom-up
    for node in ast.parse(text).body:
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("reference."):
            helper = path.parent / (node.module.split(".", 1)[1].replace(".", "/") + ".py")
            if not helper.is_file():
                continue
            body = "" if str(helper) in done else _inline(helper, done | {str(helper)})
            done.add(str(helper))
            body = "".join(ln for ln in body.splitlines(keepends=True)
                           if not ln.startswith("from __future__ import"))
            block = (f"# ---- inlined from {node.module} (so this folder stands alone) ----\n{body}"
                     f"# ---- end of {node.module} ----\n") if body else ""
            edits.append((node.lineno - 1, node.end_lineno, block))
    for start, end, block in reversed(edits):
        lines[start:end] = [block]
    return "".join(lines)
