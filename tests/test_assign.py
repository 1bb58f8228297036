"""`grader assign`: the student bundle. Its layout, that it ships no reference code, and
that self-check works from it with the bundle's own grader installed and `reference`
unimportable."""
from __future__ import annotations

import configparser
import json
import os
import shutil
import site
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from grader.bundle.vendor import leaks
from grader.cli import main
from grader.exercise import list_exercises, load_exercise
from selfcheck_support import CORPUS, blocker, expectation

pytestmark = pytest.mark.slow   # runs submissions in the sandbox

NAME = "training_loop"


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("bundle") / NAME
    assert main(["assign", NAME, "--out", str(out)]) == 0
    return out


def make_venv(folder: Path) -> Path:
    """A venv that sees this environment's torch/pytest/setuptools but has no loopgrader of its
    own, so installs work offline. `--system-site-packages` would show the *base* interpreter's
    packages, not this (possibly virtual) environment's: a .pth line puts this environment's
    site-packages on the new venv's path instead (plain path lines: its .pth hooks, such as
    this checkout's editable install, stay off)."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(folder)], check=True)
    site_dir = next(folder.glob("lib/python3*/site-packages"))
    (site_dir / "_outer_environment.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    return folder / "bin" / "python"


def offline_pip_env() -> dict:
    return {**os.environ, "PIP_NO_INDEX": "1", "PIP_NO_BUILD_ISOLATION": "0",
            "PIP_DISABLE_PIP_VERSION_CHECK": "1"}


def test_bundle_layout(bundle):
    exercise = load_exercise(NAME)
    assert (bundle / "statement.md").read_text() == exercise.statement
    assert (bundle / "train.py").read_text() == exercise.starter_py.read_text()
    nb = nbformat.read(bundle / "train.ipynb", as_version=4)
    nbformat.validate(nb)
    assert any("def train(" in c.source for c in nb.cells if c.cell_type == "code")
    ini = configparser.ConfigParser()
    ini.read(bundle / "pytest.ini")
    assert dict(ini["pytest"]).items() >= {"loopgrader_exercise": NAME,
                                           "loopgrader_submission": "train.py",
                                           "loopgrader_reference_dir": ".loopgrader/traces"}.items()
    assert int(ini["pytest"]["timeout"]) > 120
    readme = (bundle / "README.md").read_text()
    assert "pip install ./.loopgrader" in readme and "pytest" in readme
    hidden = exercise.entries("hidden")
    assert f"{len(hidden)} hidden check" in readme
    for entry in hidden:     # named nowhere a student reads
        assert entry.check not in readme
    assert (bundle / ".github/workflows/classroom.yml").is_file()
    # the vendored package: the grader and this one exercise
    package = bundle / ".loopgrader"
    assert (package / "grader" / "selfcheck" / "plugin.py").is_file()
    assert sorted(p.name for p in (package / "exercises").iterdir() if p.is_dir()) == [NAME]
    assert sorted((package / "traces" / NAME).glob("*.cpu.json"))
    meta = json.loads((package / "bundle.json").read_text())
    assert meta["exercise"] == NAME and meta["devices"] == ["cpu"]


def test_bundle_ships_no_reference_code(bundle):
    assert leaks(bundle) == []
    assert not [p for p in bundle.rglob("*") if "reference" in p.parts]
    pyproject = (bundle / ".loopgrader" / "pyproject.toml").read_text()
    assert 'include = ["grader*", "exercises*", "loopgrader*", "reports*"]' in pyproject and "reference*" not in pyproject
    # traces are data: no path of the instructor's machine either
    import reference

    checkout = str(Path(reference.__file__).parent.parent)
    for trace in (bundle / ".loopgrader" / "traces").rglob("*.json"):
        assert checkout not in trace.read_text()


@pytest.mark.parametrize("name", list_exercises())
def test_every_exercise_bundles_without_reference_code(name, tmp_path):
    """`grader assign` works for each built-in exercise, and its bundle passes the leak check:
    the starters' hints and the statement's signature and schema are what students read anyway
    (experiment_tracking's and lr_schedule's starters used to be taken for reference code)."""
    out = tmp_path / name
    assert main(["assign", name, "--out", str(out)]) == 0
    assert (out / "train.py").read_text() == load_exercise(name).starter_py.read_text()
    assert sorted((out / ".loopgrader" / "traces" / name).glob("*.cpu.json"))
    assert leaks(out) == []
    assert not [p for p in out.rglob("*") if "reference" in p.parts]


def test_leak_check_finds_reference_code(tmp_path):
    """The check above can fail: reference code under another name, quoted in JSON, or a
    folder named reference is caught."""
    import reference

    src = Path(reference.__file__).parent
    (tmp_path / "helpers.py").write_text((src / "_loop.py").read_text())
    (tmp_path / "data.json").write_text(json.dumps({"code": (src / "moons.py").read_text()}))
    (tmp_path / "reference").mkdir()
    found = "\n".join(leaks(tmp_path))
    assert "helpers.py" in found and "reference/_loop.py" in found
    assert "data.json" in found and "reference/moons.py" in found
    assert "reference: named like the reference package" in found


def test_assign_refuses_a_non_empty_folder(tmp_path, capsys):
    (tmp_path / "keep.txt").write_text("mine")
    assert main(["assign", NAME, "--out", str(tmp_path)]) == 2
    assert "not empty" in capsys.readouterr().out
    assert main(["assign", "no_such_exercise", "--out", str(tmp_path / "new")]) == 2


def test_self_check_from_the_installed_bundle(bundle, tmp_path):
    """A student's machine: the bundle copied, its grader pip-installed into a venv,
    `reference` unimportable, `pytest` run in the bundle folder."""
    student = tmp_path / "student"
    shutil.copytree(bundle, student)
    python = make_venv(tmp_path / "venv")
    subprocess.run([str(python), "-m", "pip", "install", "-q", "./.loopgrader"], cwd=student,
                   env=offline_pip_env(), check=True)
    env = {**os.environ, "PYTHONPATH": str(blocker(tmp_path / "block"))}
    env.pop("PYTEST_ADDOPTS", None)
    # the installed grader is the bundle's copy, and it holds no reference package
    probe = subprocess.run([str(python), "-c", (
        "import grader, importlib.metadata as m;"
        "print(grader.__file__);"
        "print(any(str(f).startswith('reference') for f in m.files('loopgrader')))")],
        cwd=tmp_path, env=env, capture_output=True, text=True, check=True).stdout.split()
    assert probe[0].startswith(str(tmp_path / "venv")) and probe[1] == "False"
    assert subprocess.run([str(python), "-c", "import reference"], env=env, cwd=tmp_path,
                          capture_output=True).returncode != 0

    bug = CORPUS / NAME / "bug_zero_grad_missing.py"
    shutil.copyfile(bug, student / "train.py")
    run = subprocess.run([str(python), "-m", "pytest", "-rf"], cwd=student, env=env,
                         capture_output=True, text=True, timeout=600)
    public = {e.check for e in load_exercise(NAME).entries("public")}
    failed = {line.split("::")[1].split()[0] for line in run.stdout.splitlines()
              if line.startswith(f"FAILED {NAME}::")}
    assert run.returncode == 1, run.stdout + run.stderr
    assert expectation(bug) & public <= failed <= public
    assert f"collected {len(public)} items" in run.stdout
    assert "hidden check" in run.stdout

    ok = CORPUS / NAME / "ok_notebook_magics.ipynb"
    shutil.copyfile(ok, student / "mine.ipynb")
    run = subprocess.run([str(python), "-m", "pytest", "--submission=mine.ipynb"], cwd=student,
                         env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    assert f"{len(public)} passed" in run.stdout


def readme_steps(readme: str) -> list[str]:
    """The README's code lines, in order (indented blocks), comments dropped."""
    return [line.strip().split("  #")[0].strip() for line in readme.splitlines()
            if line.startswith("    ") and line.strip() and not line.strip().startswith("|")]


def test_bundle_readme_steps_leave_git_clean(bundle, tmp_path):
    """The student's repository after the README's steps, run in order: nothing they create
    (the venv, pip's in-place build of .loopgrader, caches, Jupyter checkpoints) shows in
    `git status`, so `git add .` stages only the student's work. `python -m venv` is the one
    step simulated (make_venv creates the same folder, seeing this environment's packages);
    pip works offline from this environment; the two `pytest` steps grade for real."""
    student = tmp_path / "student"
    shutil.copytree(bundle, student)
    git = ["git", "-c", "user.name=student", "-c", "user.email=s@example.org", "-c", "init.defaultBranch=main"]
    subprocess.run([*git, "init", "-q"], cwd=student, check=True)
    subprocess.run([*git, "add", "."], cwd=student, check=True)
    subprocess.run([*git, "commit", "-qm", "assignment"], cwd=student, check=True)
    tracked = subprocess.run(["git", "ls-files"], cwd=student, capture_output=True, text=True).stdout.split()
    assert ".gitignore" in tracked and ".loopgrader/pyproject.toml" in tracked
    assert any(t.startswith(".loopgrader/grader/") for t in tracked)   # the grader copy is pushed whole

    env = {**offline_pip_env(), "PYTHONPATH": str(blocker(tmp_path / "block"))}
    env.pop("PYTEST_ADDOPTS", None)
    steps = readme_steps((student / "README.md").read_text())
    ran = []
    for step in steps:
        if step.startswith(("from ", "check(")):     # the Jupyter cell: Jupyter saves checkpoints
            (student / ".ipynb_checkpoints").mkdir(exist_ok=True)
            (student / ".ipynb_checkpoints" / "train-checkpoint.ipynb").write_text("{}")
            (student / "__pycache__").mkdir(exist_ok=True)
            (student / "__pycache__" / "train.cpython-311.pyc").write_bytes(b"\0")
        elif step == "python -m venv .venv":
            make_venv(student / ".venv")
        elif step.startswith("source .venv/bin/activate"):
            env["PATH"] = f"{student / '.venv' / 'bin'}{os.pathsep}{env['PATH']}"
            env["VIRTUAL_ENV"] = str(student / ".venv")
        else:
            proc = subprocess.run(step, shell=True, cwd=student, env=env, capture_output=True,
                                  text=True, timeout=900)
            # the starter does not pass: pytest exits 1 (failed checks), never 2-5
            assert proc.returncode in ((0, 1) if step.startswith("pytest") else (0,)), \
                step + "\n" + proc.stdout + proc.stderr
        ran.append(step)
    assert ran[:4] == ["python -m venv .venv", "source .venv/bin/activate", ran[2], "python -m pip install ./.loopgrader"]
    assert "pytest" in ran and (student / ".venv" / "bin").is_dir()
    assert (student / ".loopgrader" / "build").is_dir() or list((student / ".loopgrader").glob("*.egg-info"))
    status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=student,
                            capture_output=True, text=True, check=True).stdout
    assert status == "", status
