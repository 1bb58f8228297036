"""A copy of the grader that can be pip-installed without the reference solutions.

`vendor(exercise, dest)` writes `dest/pyproject.toml`, `dest/grader/` (the whole package) and
`dest/reports/` (the HTML report templates the notebook check shows), `dest/loopgrader/`,
`dest/exercises/` holding only the named exercise's folder plus the shared modules its
scenario imports (found by reading imports, so helper scripts beside them stay behind).
`reference/` is never copied; `leaks(folder)` is the check that says so.
"""
from __future__ import annotations

import ast
import json
import shutil
from pathlib import Path

import grader
import reports
from grader.bundle.pins import bundle_dependencies, bundle_extra
from grader.bundle.render import render
from grader.exercise import EXERCISES_DIR, Exercise

GRADER_DIR = Path(grader.__file__).parent
_SKIP = shutil.ignore_patterns("__pycache__", "*.pyc", ".*")
# an exercise folder outside the package holds its reference.py: never vendored
_SKIP_EXERCISE = shutil.ignore_patterns("__pycache__", "*.pyc", ".*", "reference", "reference.*")


def _shared_modules(exercise: Exercise) -> set[str]:
    """Top-level exercises/*.py modules the exercise's .py files import, transitively."""
    found: set[str] = set()
    todo = list(exercise.folder.glob("*.py"))
    while todo:
        tree = ast.parse(todo.pop().read_text())
        for node in ast.walk(tree):
            names = ([node.module or ""] if isinstance(node, ast.ImportFrom)
                     else [a.name for a in node.names] if isinstance(node, ast.Import) else [])
            for name in names:
                parts = name.split(".")
                if parts[0] == "exercises" and len(parts) > 1:
                    path = EXERCISES_DIR / f"{parts[1]}.py"
                    if path.is_file() and parts[1] not in found:
                        found.add(parts[1])
                        todo.append(path)
    return found


def vendor(exercise: Exercise, dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copytree(GRADER_DIR, dest / "grader", ignore=_SKIP, dirs_exist_ok=True)
    # `from loopgrader import check`: the in-notebook self-check students call
    shutil.copytree(GRADER_DIR.parent / "loopgrader", dest / "loopgrader", ignore=_SKIP, dirs_exist_ok=True)
    # the HTML report's templates (grader.reporters.html): check() shows that report in Jupyter
    shutil.copytree(Path(reports.__file__).parent, dest / "reports", ignore=_SKIP, dirs_exist_ok=True)
    ex_dest = dest / "exercises"
    shutil.copytree(exercise.folder, ex_dest / exercise.name, ignore=_SKIP_EXERCISE, dirs_exist_ok=True)
    for name in ["__init__"] + sorted(_shared_modules(exercise)):
        if (EXERCISES_DIR / f"{name}.py").is_file():
            shutil.copy2(EXERCISES_DIR / f"{name}.py", ex_dest / f"{name}.py")
    (dest / "pyproject.toml").write_text(render("pyproject.toml.j2", version=grader.__version__,
                                                     dependencies=bundle_dependencies(),
                                                     notebook=bundle_extra("notebook")))
    return dest


def _public_text(folders=()) -> str:
    """What students read anyway, as one text with every run of whitespace one space (so a line
    is found whatever the line breaks and indentation around it): the statement and starters
    (notebook cells too, commented-out hints too) of every built-in exercise and of `folders`
    (outside exercises)."""
    texts = []
    for folder in (EXERCISES_DIR / "*", *map(Path, folders)):
        for path in sorted(Path(folder).parent.glob(Path(folder).name + "/*")):
            if path.is_file() and path.name.startswith(("starter", "statement")):
                texts.append(_text(path))
    return " ".join(" ".join(texts).split())


def reference_fingerprints(references=()) -> dict[str, set[str]]:
    """Distinctive lines of each reference/*.py file (needs the instructor's checkout) and of
    `references` (exercise folders' reference.py files): 20+ characters, no comments or imports,
    and not public already. A line is public where its text appears anywhere in what students
    read, across line breaks (the train() signature wrapped elsewhere, the INSERT statement and
    add_scalar calls inside a TODO comment or a sentence), since a leak is found the same way:
    as text inside a shipped file."""
    import reference

    public = _public_text([Path(ref).parent for ref in references])
    prints = {}
    for path in [*Path(reference.__file__).parent.glob("*.py"), *map(Path, references)]:
        lines = {ln.strip() for ln in path.read_text().splitlines()}
        prints[path.name] = {ln for ln in lines if len(ln) >= 20 and " ".join(ln.split()) not in public
                             and not ln.startswith(("#", "import ", "from "))}
    return prints


def _strings(data) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return _strings(list(data.keys())) + _strings(list(data.values()))
    if isinstance(data, list):
        return [s for item in data for s in _strings(item)]
    return []


def _text(path: Path) -> str:
    """The file's text, plus its JSON strings unescaped (so quoted source is seen too)."""
    text = path.read_bytes().decode("utf-8", "replace")
    if path.suffix in (".json", ".ipynb"):
        try:
            text += "\n" + "\n".join(_strings(json.loads(text)))
        except ValueError:
            pass
    return text


def leaks(folder: Path, *, min_lines: int = 2, references=()) -> list[str]:
    """Everything under `folder` that carries reference code: something named `reference`,
    or a file (text, or strings inside JSON and notebooks) holding `min_lines` or more distinctive
    lines of one reference source file."""
    prints = reference_fingerprints(references)
    found = []
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.name == "reference" or path.name.startswith("reference."):
            found.append(f"{rel}: named like the reference package")
        if not path.is_file():
            continue
        text = _text(path)
        for name, lines in prints.items():
            hits = sorted(ln for ln in lines if ln in text)
            if len(hits) >= min_lines:
                found.append(f"{rel}: {len(hits)} lines of reference/{name}, e.g. {hits[0]!r}")
    return found
