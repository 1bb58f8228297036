"""The layout shows the process boundary, and the imports keep to it (issue 22).

Every module of the installed packages is parsed with `ast` (nothing is imported or run), and
every import statement counts, those inside a function included: a function-local import is
still an arrow between two modules, and hiding a cycle inside a function does not break it.

Three sides, told apart by path alone:
- the job: what runs inside the confined job process, under grader/job/ (the child, the fork
  server's job half, the observation hooks). It imports only itself and the shared modules.
- shared: plain data and readers both sides use, with no process of their own to run
  (SHARED below). Shared modules import only shared modules.
- the parent: everything else in grader/. It never imports a module of the job; it starts the
  job by module name in a fresh interpreter and reads what the job writes.

And no import cycle, between modules or between packages (grader.batch, grader.reporters, ...;
each top-level module of grader/ is a unit of its own).
"""
from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("grader", "exercises", "reference", "reports", "loopgrader")

JOB = ("grader/job/",)
SHARED = (
    "grader/__init__.py",  # the package's face (its version): every module passes through it
    "grader/trace/",       # the typed, versioned records the job writes and the parent reads
    "grader/protocol.py",  # the rest of the contract: the job's folder and namespaces, exit codes, framing
    "grader/limits.py",    # resource limits: parsed by the parent, applied in the job
    "grader/load/",        # reading a submission's source (the job re-reads its FailedImports, WrittenModules)
    "grader/errors.py",
    "exercises/",          # scenarios: built in the job, and their variants in the parent
)
# Job-side modules not yet moved under grader/job/ (each held to the job's rules meanwhile): none.
PENDING_MOVE: tuple[str, ...] = ()


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def modules() -> dict[str, Path]:
    return {_module_name(p): p for package in PACKAGES for p in sorted((ROOT / package).rglob("*.py"))}


def _existing(name: str, known) -> str | None:
    """The module that `import name` runs last: the longest prefix of it that is a module here."""
    while name and name not in known:
        name = name.rpartition(".")[0]
    return name or None


def imports_of(module: str, source: str, known, is_package: bool = False) -> dict[str, int]:
    """{imported module of this tree: first line} for every import in the source, at any depth."""
    tree = ast.parse(source, filename=module)
    found: dict[str, int] = {}
    for node in ast.walk(tree):
        targets = []
        if isinstance(node, ast.Import):
            targets = [_existing(alias.name, known) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = module.split(".") if is_package else module.split(".")[:-1]
                package = package[:len(package) - node.level + 1]
                base = ".".join(package + ([node.module] if node.module else []))
            for alias in node.names:
                # `from a import b` imports the module a.b where there is one, else a name of a
                full = f"{base}.{alias.name}"
                targets.append(full if full in known else _existing(base, known))
        for target in targets:
            if target and target != module:
                found.setdefault(target, node.lineno)
    return found


@cache
def module_graph() -> dict[str, dict[str, int]]:
    known = modules()
    return {m: imports_of(m, p.read_text(encoding="utf-8"), known, p.name == "__init__.py")
            for m, p in known.items()}


def unit(module: str) -> str:
    """The package a module counts under: grader's first level (grader.batch, grader.engine), or
    the top-level package (exercises, reference)."""
    parts = module.split(".")
    return ".".join(parts[:2]) if parts[0] == "grader" and len(parts) > 1 else parts[0]


def package_graph(graph) -> dict[str, dict[str, tuple[str, str]]]:
    """{unit: {imported unit: (one importing module, the module it imports)}}."""
    out: dict[str, dict] = {unit(m): {} for m in graph}
    for source, targets in graph.items():
        for target in targets:
            if unit(source) != unit(target):
                out[unit(source)].setdefault(unit(target), (source, target))
    return out


def cycles(graph) -> list[list[str]]:
    """The strongly connected components of more than one node (Tarjan, iterative)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(graph[root]))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, successors = work[-1]
            for succ in successors:
                if succ not in index:
                    index[succ] = low[succ] = len(index)
                    stack.append(succ)
                    on_stack.add(succ)
                    work.append((succ, iter(graph[succ])))
                    break
                if succ in on_stack:
                    low[node] = min(low[node], index[succ])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))
    return found


def _path(module: str) -> str:
    return modules()[module].relative_to(ROOT).as_posix()


def side(module: str) -> str:
    path = _path(module)
    if path.startswith(JOB + PENDING_MOVE):
        return "job"
    if path.startswith(SHARED):
        return "shared"
    if path.startswith("grader/"):
        return "parent"
    return "other"   # exercises' starters, reference/, reports/: no side of the boundary


def _describe(component, graph) -> str:
    inside = set(component)
    return "\n".join(f"  {_path(m)}:{line} -> {t}" for m in component
                     for t, line in graph[m].items() if t in inside)


def test_no_import_cycle_between_modules():
    graph = module_graph()
    found = cycles(graph)
    assert not found, "import cycles (function-local imports included):\n" + "\n".join(
        _describe(c, graph) for c in found)


def test_no_import_cycle_between_packages():
    packages = package_graph(module_graph())
    found = cycles(packages)
    assert not found, "package cycles:\n" + "\n".join(
        "  " + " / ".join(f"{u} -> {t} ({packages[u][t][0]} imports {packages[u][t][1]})"
                          for u in c for t in packages[u] if t in c) for c in found)


# "other": reference/ (run as a submission is), reports/ (templates), loopgrader/ (the student's face)
ALLOWED = {"job": {"job", "shared"}, "shared": {"shared"},
           "parent": {"parent", "shared", "other"}, "other": {"job", "shared", "parent", "other"}}


def wrong_way(graph, side_of=side) -> list[str]:
    """Imports across the boundary in a direction it forbids."""
    return [f"{m}:{line} ({side_of(m)}) imports {t} ({side_of(t)})"
            for m, targets in graph.items() for t, line in targets.items()
            if side_of(t) not in ALLOWED[side_of(m)]]


def test_no_import_across_the_job_boundary_the_wrong_way():
    found = wrong_way(module_graph())
    assert not found, "wrong-way imports:\n  " + "\n  ".join(found)


def test_the_job_is_a_package_of_its_own():
    assert (ROOT / "grader/job/__init__.py").is_file()
    assert any(side(m) == "job" for m in modules())


def test_every_shared_and_pending_path_exists():
    paths = {_path(m) for m in modules()}
    for prefix in SHARED + PENDING_MOVE:
        assert any(p == prefix or p.startswith(prefix) for p in paths), prefix


# -- the scan itself, on a tree made here -------------------------------------------------------

def _graph_of(files: dict[str, str], packages=()) -> dict[str, dict[str, int]]:
    return {name: imports_of(name, source, files, name in packages) for name, source in files.items()}


def test_a_function_local_import_is_an_arrow_and_closes_a_cycle():
    graph = _graph_of({"p.a": "import p.b\n", "p.b": "def f():\n    from p import a\n"})
    assert graph == {"p.a": {"p.b": 1}, "p.b": {"p.a": 2}}
    assert cycles(graph) == [["p.a", "p.b"]]


def test_relative_imports_and_from_imports_of_modules_resolve():
    graph = _graph_of({"p": "from . import c\n", "p.c": "from .d import x\nfrom p import e\n", "p.d": "",
                       "p.e": ""}, packages={"p"})
    assert graph["p"] == {"p.c": 1}
    assert graph["p.c"] == {"p.d": 1, "p.e": 2}
    assert cycles(graph) == []


def test_a_package_cycle_is_seen_without_a_module_cycle():
    graph = {"grader.batch.a": {"grader.reporters.x": 1}, "grader.reporters.x": {},
             "grader.reporters.y": {"grader.batch.b": 1}, "grader.batch.b": {}}
    assert cycles(graph) == []
    assert cycles(package_graph(graph)) == [["grader.batch", "grader.reporters"]]


def test_the_boundary_rule_on_a_made_up_tree():
    graph = {"job.a": {"shared.t": 1, "parent.x": 2}, "shared.t": {"job.a": 3},
             "parent.x": {"shared.t": 4, "job.a": 5}, "parent.y": {"parent.x": 6}}
    assert wrong_way(graph, side_of=lambda m: m.split(".")[0]) == [
        "job.a:2 (job) imports parent.x (parent)", "shared.t:3 (shared) imports job.a (job)",
        "parent.x:5 (parent) imports job.a (job)"]


# -- built-in exercises: one unit, loaded through the path a course's folder takes -------------

LOADER = ("grader/exercise.py", "grader/course.py")


def test_only_the_exercise_loader_tells_a_built_in_from_a_course_folder():
    found = [f"{_path(m)}:{node.lineno}" for m, path in modules().items()
             if _path(m).startswith("grader/") and _path(m) not in LOADER
             for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
             if isinstance(node, ast.Attribute) and node.attr == "builtin"]
    assert not found, "a branch on Exercise.builtin outside the loader: " + ", ".join(found)


def test_a_built_in_lists_every_file_of_its_reference_like_a_folder_its_own():
    from grader.exercise import load_exercise

    ex = load_exercise("training_loop")
    if ex.reference_file is None:
        return   # an install without the reference package (a student bundle)
    names = {p.name for p in ex.reference_files()}
    assert {"training_loop.py", "_loop.py", "__init__.py"} <= names
    assert set(ex.reference_files()) <= set(ex.source_files())
