"""A fresh machine can install and grade: every import is declared, CI runs README's own
commands in a brand-new virtualenv, and bundles install what grading needs (CPU torch pinned)."""
from __future__ import annotations

import ast
import re
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("grader", "exercises", "reference")    # what pyproject.toml installs (reports/ is data)
# modules that only run with an optional extra installed (and say which one when it is missing)
OPTIONAL = {"grader/batch/dask_pool.py": "dask", "grader/selfcheck/notebook.py": "notebook"}


def _name(requirement: str) -> str:
    return re.split(r"[\s<>=!~;\[(]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _declared(extra: str | None = None) -> set[str]:
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = meta.get("optional-dependencies", {}).get(extra, []) if extra else []
    return {_name(r) for r in meta["dependencies"] + extras}


def _third_party_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found |= {n.split(".")[0] for n in names}
    return {n for n in found if n not in sys.stdlib_module_names and n not in PACKAGES + ("reports",)}


def test_every_third_party_import_is_a_declared_dependency():
    declared = _declared()
    owners = metadata.packages_distributions()
    missing = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            for module in _third_party_imports(path):
                dists = {_name(d) for d in owners.get(module, [module])}
                extra = OPTIONAL.get(path.relative_to(ROOT).as_posix())
                if not dists & (_declared(extra) if extra else declared):
                    missing.setdefault(module, str(path.relative_to(ROOT)))
            # Tensor.numpy() needs numpy at run time, and the CPU torch wheel does not bring it
            if ".numpy()" in path.read_text(encoding="utf-8") and "numpy" not in declared:
                missing.setdefault("numpy (for Tensor.numpy())", str(path.relative_to(ROOT)))
    assert not missing, f"imported but not declared in pyproject.toml's dependencies: {missing}"


def test_the_import_scan_sees_an_undeclared_package(tmp_path):
    # the scan itself must be able to fail: a module importing something undeclared is found
    path = tmp_path / "m.py"
    path.write_text("import os\nimport pandas as pd\nfrom yaml import safe_load\nfrom . import x\n")
    assert _third_party_imports(path) == {"pandas", "yaml"}
    assert "pandas" not in _declared() and "numpy" in _declared()


def test_ci_runs_exactly_readmes_two_commands_in_a_fresh_venv():
    ci = (ROOT / ".ci" / "run").read_text()
    run = lambda which: subprocess.run([sys.executable, str(ROOT / ".ci" / "readme_commands.py"), which],
                                       capture_output=True, text=True, check=True).stdout.strip()
    install, test = run("install"), run("test")
    assert "readme_commands.py install" in ci and "readme_commands.py test" in ci
    assert re.search(r"python3 -m venv \"\$venv\"", ci) and "--system-site-packages" not in ci
    # CI installs README's command, and (beside it) the wheel it builds from this checkout
    own = [ln for ln in ci.splitlines() if "pip install" in ln.replace("install_cmd", "")]
    assert all("loopgrader-*.whl" in ln for ln in own), "CI must not install on its own"
    assert "pip wheel" in ci and own, "CI grades from the built wheel too"
    # README's install pins the torch that constraints.txt pins, then installs with constraints
    pinned = re.search(r"^torch==(\S+)", (ROOT / "constraints.txt").read_text(), re.M).group(1)
    assert install.startswith(f"pip install torch=={pinned} && pip install -c constraints.txt -e ")
    assert "grader batch demo/class --exercise training_loop --out out/demo" in install
    assert test.startswith("python -m pytest -q")
    if " -n " in f"{test} ":   # parallel: the plugin comes with the extra README installs
        assert "pytest-xdist" in _declared("test") and ".[test]" in install
    assert "demo/verify.py out/demo/grades.csv" in ci


def test_readme_commands_refuses_a_section_without_two_commands(tmp_path):
    sys.path.insert(0, str(ROOT / ".ci"))
    try:
        from readme_commands import readme_commands
    finally:
        sys.path.pop(0)
    assert readme_commands("## Two commands\n\n    a\n\ntext\n\n    b\n## Next\n    c\n") == ["a", "b"]
    assert readme_commands("# nothing here\n") == []


def test_requires_python_matches_the_code():
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert meta["requires-python"].startswith(">=3.11")   # tomllib is 3.11+
    assert any("import tomllib" in p.read_text() for p in (ROOT / "grader").rglob("*.py"))


def test_bundle_installs_numpy_and_pins_the_recorded_cpu_torch():
    from grader.bundle.pins import TORCH_CPU_INDEX, bundle_dependencies, torch_install_command

    deps = bundle_dependencies("2.13.0")
    names = {_name(d) for d in deps}
    assert "torch==2.13.0" in deps and not any(d.startswith("torch>") for d in deps)
    assert {"numpy", "pytest", "pytest-timeout", "nbformat", "jinja2", "tqdm"} <= names
    assert not any("extra" in d for d in deps)       # test/bench extras stay out of bundles
    line = torch_install_command(torch="2.13.0")
    assert '"torch==2.13.0"' in line and f"--index-url {TORCH_CPU_INDEX}" in line


def test_bundle_files_install_cpu_torch_before_the_grader(tmp_path):
    from grader.bundle.pins import TORCH_CPU_INDEX
    from grader.bundle.render import render
    from grader.bundle.vendor import bundle_dependencies

    values = dict(exercise="training_loop", title="T", torch_version="2.13.0", traces="t",
                  torch_install=f'python -m pip install "torch==2.13.0" --index-url {TORCH_CPU_INDEX}',
                  torch_index=TORCH_CPU_INDEX, hidden_visibility="hidden", pytest_timeout=300,
                  grade_timeout=120, public=[], hidden_count=0, hidden_points=0, max_score=1,
                  digest="0" * 64, digest_script="print()\n")
    for template in ("README.md.j2", "classroom.yml.j2", "setup.sh.j2"):
        text = render(template, **values)
        torch_at = text.index("torch==2.13.0")
        assert TORCH_CPU_INDEX in text, template
        assert torch_at < text.index("loopgrader", torch_at), template   # torch first
    pyproject = tomllib.loads(render("pyproject.toml.j2", version="0", dependencies=bundle_dependencies("2.13.0"),
                                       notebook=["ipykernel>=6"]))
    assert "torch==2.13.0" in pyproject["project"]["dependencies"]
    assert any(_name(d) == "numpy" for d in pyproject["project"]["dependencies"])
