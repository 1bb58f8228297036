"""The bundle's GitHub Actions workflow, run as a runner runs it.

The generated YAML is parsed and each step's `run:` script goes to bash in a copy of the bundle
laid out like a runner's disk: the workspace at work/repo/repo, RUNNER_TEMP at work/_temp, and
before each step the runner's environment files (GITHUB_STEP_SUMMARY, GITHUB_OUTPUT, GITHUB_ENV,
GITHUB_PATH, GITHUB_STATE) created under work/_temp/_runner_file_commands/, as a real runner
does (their existence is what once made pytest root itself above the repository).

Simulated, since they need the network: actions/checkout (the bundle copied into the
workspace), actions/setup-python (a fresh venv seeing this environment's packages), pip's
downloads (PIP_NO_INDEX: the packages come from this environment), and
classroom-resources/autograding-grading-reporter (its reading of `LOOPGRADER_RESULTS` replayed:
"Points <sum of test scores>/<max_score>", nothing posted when the output is not valid JSON).

The student's repository is data (issue 18): a conftest.py, pytest.ini/pyproject.toml/tox.ini/
setup.cfg, a plugin, a `grader/` package, a sitecustomize.py or an edited `.loopgrader/` must
change nothing, which each attack below checks against the same submission without it."""
from __future__ import annotations

import base64
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from grader.bundle.digest import copy_verified, folder_digest
from grader.bundle.repository import find_submission
from grader.cli import main
from grader.exercise import load_exercise
from selfcheck_support import CORPUS
from test_assign import make_venv, offline_pip_env

yaml = pytest.importorskip("yaml")
NAME = "training_loop"
CORRECT = CORPUS / NAME / "ok_run_epoch_helper.py"
BUGGY = CORPUS / NAME / "bug_zero_grad_missing.py"
EXPR = re.compile(r"\$\{\{\s*steps\.([\w-]+)\.outputs\.(\w+)\s*\}\}")
FILE_COMMANDS = {"GITHUB_STEP_SUMMARY": "step_summary", "GITHUB_OUTPUT": "set_output",
                 "GITHUB_ENV": "set_env", "GITHUB_PATH": "add_path", "GITHUB_STATE": "save_state"}


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("workflow") / "bundle"
    assert main(["assign", NAME, "--out", str(out)]) == 0
    return out


def read_outputs(path: Path) -> dict:
    lines = path.read_text().splitlines() if path.exists() else []
    return dict(line.split("=", 1) for line in lines if "=" in line)


def decode_results(value: str) -> dict | None:
    """What the reporter makes of `<RUNNER>_RESULTS`: None where it fails (empty, not JSON)."""
    try:
        return json.loads(base64.b64decode(value))
    except ValueError:
        return None


class Runner:
    """One workflow run on a fresh runner disk under `root`."""

    def __init__(self, root: Path, bundle: Path):
        self.work = root / "work"
        self.workspace = self.work / "repo" / "repo"          # what actions/checkout leaves
        self.temp = self.work / "_temp"
        self.commands = self.temp / "_runner_file_commands"
        self.commands.mkdir(parents=True)
        shutil.copytree(bundle, self.workspace)
        self.root = root
        self.python = None
        self.outputs: dict[str, dict] = {}
        self.logs: list[str] = []
        self.summary = ""
        self.failed_steps: list[str] = []
        self.reported: list[dict | None] | None = None

    def env(self, step_files: dict[str, Path]) -> dict:
        env = {**offline_pip_env(), "GITHUB_WORKSPACE": str(self.workspace), "RUNNER_TEMP": str(self.temp),
               "CI": "true", "GITHUB_ACTIONS": "true",
               "PATH": f"{self.python.parent}{os.pathsep}{os.environ['PATH']}"}
        for name in ("PYTEST_ADDOPTS", "PYTHONPATH", "PYTEST_DISABLE_PLUGIN_AUTOLOAD"):
            env.pop(name, None)
        return {**env, **{k: str(v) for k, v in step_files.items()}}

    def run(self, workflow: dict) -> "Runner":
        (job,) = workflow["jobs"].values()
        for i, step in enumerate(job["steps"]):
            if self.failed_steps and "always()" not in str(step.get("if", "")):
                continue
            # the runner creates each file-command file, empty, before the step starts
            files = {var: self.commands / f"{stem}_{i}" for var, stem in FILE_COMMANDS.items()}
            for path in files.values():
                path.touch()
            if "uses" in step:
                self.use(step)
            else:
                proc = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
                                      cwd=self.workspace, env=self.env(files),
                                      capture_output=True, text=True, timeout=900)
                self.logs.append(f"--- {step.get('name')}: exit {proc.returncode}\n{proc.stdout}{proc.stderr}")
                if proc.returncode != 0:
                    self.failed_steps.append(step.get("name"))
            self.outputs[step.get("id") or f"step{i}"] = read_outputs(files["GITHUB_OUTPUT"])
            self.summary += files["GITHUB_STEP_SUMMARY"].read_text()
        return self

    def use(self, step: dict) -> None:
        action = step["uses"].split("@")[0]
        if action == "actions/checkout":
            return                                       # done in __init__
        if action == "actions/setup-python":
            assert tuple(map(int, str(step["with"]["python-version"]).split("."))) >= (3, 11)
            self.python = make_venv(self.root / "hostedtoolcache")
            return
        assert action == "classroom-resources/autograding-grading-reporter", action
        values = {k: EXPR.sub(lambda m: self.outputs.get(m[1], {}).get(m[2], ""), v)
                  for k, v in step["env"].items()}
        self.reported = [decode_results(values.get(f"{r.strip().upper()}_RESULTS", ""))
                         for r in step["with"]["runners"].split(",")]

    @property
    def points(self) -> tuple[float, float] | None:
        """What the reporter posts as "Points X/Y"; None when it posts nothing."""
        assert self.reported is not None, "the reporter step never ran"
        (results,) = self.reported
        if results is None:
            return None
        return sum(t["score"] for t in results["tests"]), results["max_score"]

    def log(self) -> str:
        return "\n".join(self.logs)


def workflow_of(bundle: Path) -> dict:
    workflow = yaml.safe_load((bundle / ".github/workflows/classroom.yml").read_text())
    assert {"push"} <= set(workflow["on"])
    return workflow


def run_with(bundle: Path, root: Path, submission: Path | None, plant=None) -> Runner:
    runner = Runner(root, bundle)
    if submission is not None:
        shutil.copyfile(submission, runner.workspace / "train.py")
    if plant:
        plant(runner)
    return runner.run(workflow_of(bundle))


@pytest.mark.slow
@pytest.mark.parametrize("case", ["correct", "buggy", "starter"])
def test_workflow_posts_the_points(bundle, tmp_path, case):
    submission = {"correct": CORRECT, "buggy": BUGGY, "starter": None}[case]
    runner = run_with(bundle, tmp_path, submission)
    points = runner.points
    assert points is not None, runner.log()
    score, max_score = points
    assert max_score == load_exercise(NAME).max_score
    if case == "correct":
        assert score == max_score, runner.log()
        assert not runner.failed_steps
    else:
        assert score < max_score, runner.log()
        assert runner.failed_steps == ["Grade"]   # losing points fails the step, as Classroom shows
    assert runner.summary.startswith(f"## {NAME}: {score:g} / {max_score:g} points")
    if case == "buggy":   # no hidden check's name anywhere the student reads
        (results,) = runner.reported
        student_facing = runner.summary + runner.log() + json.dumps(results)
        assert "Hidden checks (" in runner.summary
        for entry in load_exercise(NAME).entries("hidden"):
            assert entry.check not in student_facing


# -- the student's repository is data ---------------------------------------------------------
MARKER = "import os, pathlib; pathlib.Path(os.environ.get('RUNNER_TEMP', '/tmp'), 'planted-{name}').touch()\n"
FULL_MARKS = """
import base64, json, os
def _forge():
    payload = {"version": 1, "status": "pass", "max_score": 14,
               "tests": [{"name": "all", "status": "pass", "score": 14, "message": ""}]}
    with open(os.environ["GITHUB_OUTPUT"], "a") as f:
        f.write("result=" + base64.b64encode(json.dumps(payload).encode()).decode() + "\\n")
"""
PLUGIN = MARKER.format(name="plugin") + FULL_MARKS + """
import pytest
@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    outcome.get_result().outcome = "passed"
def pytest_sessionfinish(session, exitstatus):
    _forge()
    session.exitstatus = 0
"""


def plant_configuration(runner: Runner) -> None:
    """Everything a student can add to configure pytest or Python in their repository."""
    ws = runner.workspace
    (ws / "conftest.py").write_text(PLUGIN.replace("planted-plugin", "planted-conftest"))
    (ws / "evil_plugin.py").write_text(PLUGIN)
    (ws / "pytest.ini").write_text(
        "[pytest]\nloopgrader_exercise = no_such_exercise\nloopgrader_submission = train.py\n"
        "loopgrader_reference_dir = .\naddopts = -p evil_plugin --visibility public\n"
        "pythonpath = .\ntimeout = 1\n")
    (ws / "pyproject.toml").write_text('[tool.pytest.ini_options]\naddopts = "-p evil_plugin"\npythonpath = ["."]\n')
    (ws / "tox.ini").write_text("[pytest]\naddopts = -p evil_plugin\n")
    (ws / "setup.cfg").write_text("[tool:pytest]\naddopts = -p evil_plugin\n")
    (ws / "sitecustomize.py").write_text(MARKER.format(name="sitecustomize"))
    (ws / "pytest_timeout.py").write_text(MARKER.format(name="pytest_timeout"))
    (ws / "grader").mkdir()
    (ws / "grader" / "__init__.py").write_text(MARKER.format(name="grader"))


@pytest.mark.slow
def test_student_configuration_changes_nothing(bundle, tmp_path):
    baseline = run_with(bundle, tmp_path / "clean", BUGGY)
    attacked = run_with(bundle, tmp_path / "attacked", BUGGY, plant_configuration)
    assert baseline.points is not None and baseline.points[0] < baseline.points[1], baseline.log()
    assert attacked.points == baseline.points, attacked.log()
    assert [p.name for p in attacked.temp.glob("planted-*")] == []   # none of it was even imported
    (results,) = attacked.reported
    assert [t["name"] for t in results["tests"]] == [t["name"] for t in baseline.reported[0]["tests"]]


@pytest.mark.slow
def test_edited_vendored_grader_is_refused(bundle, tmp_path):
    """An edited check in `.loopgrader/` never grades: the install step stops on the digest."""
    def edit(runner: Runner) -> None:
        check = runner.workspace / ".loopgrader" / "grader" / "checks" / "zero_grad.py"
        check.write_text(check.read_text() + "\ncheck = lambda ctx: None\n")

    runner = run_with(bundle, tmp_path, BUGGY, edit)
    assert runner.failed_steps == ["Install the grader"], runner.log()
    assert runner.points is None                     # nothing posted: the run shows as failed
    assert "not the grader this assignment was made with" in runner.log()
    assert not (runner.temp / "loopgrader" / "grader").exists()


@pytest.mark.slow
def test_old_argument_form_is_what_the_runner_broke(bundle, tmp_path):
    """The harness reproduces the reported failure: with the runner's files present,
    `--step-summary FILE` as two arguments makes pytest root itself above the repository."""
    runner = Runner(tmp_path, bundle)
    for path in (runner.commands / "step_summary_1", runner.commands / "set_output_1"):
        path.touch()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTEST_ADDOPTS",)}
    proc = subprocess.run(["python", "-m", "pytest", "--visibility", "all", "--step-summary",
                           str(runner.commands / "step_summary_1"), "--classroom-output",
                           str(runner.commands / "set_output_1")],
                          cwd=runner.workspace, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 5, proc.stdout + proc.stderr      # no tests collected
    assert f"rootdir: {runner.work}" in proc.stdout


# -- fast: the pieces the workflow relies on ----------------------------------------------------
def test_digest_sees_every_change(tmp_path):
    tree = tmp_path / "tree"
    (tree / "grader").mkdir(parents=True)
    (tree / "grader" / "a.py").write_text("x = 1\n")
    (tree / "traces.json").write_text("{}")
    pristine = folder_digest(tree)
    copy_verified(tree, tmp_path / "copy", pristine)
    assert folder_digest(tmp_path / "copy") == pristine

    def changed(mutate) -> str:
        work = tmp_path / f"w{len(list(tmp_path.iterdir()))}"
        shutil.copytree(tree, work)
        mutate(work)
        return folder_digest(work)

    assert changed(lambda w: (w / "grader" / "a.py").write_text("x = 2\n")) != pristine
    assert changed(lambda w: (w / "grader" / "evil.pth").write_text("import os\n")) != pristine
    assert changed(lambda w: (w / "grader" / "a.py").rename(w / "grader" / "b.py")) != pristine
    assert changed(lambda w: (w / "traces.json").write_text("{} ")) != pristine
    work = tmp_path / "linked"
    shutil.copytree(tree, work)
    (work / "grader" / "link.py").symlink_to(tmp_path / "tree" / "grader" / "a.py")
    with pytest.raises(ValueError, match="symbolic link"):
        copy_verified(work, tmp_path / "never", pristine)
    assert not (tmp_path / "never").exists()


def test_repository_choice_is_read_as_data(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "train.py").write_text("def train(): ...\n")
    (repo / "train.ipynb").write_text("{}")
    assert find_submission(repo) == repo / "train.py"
    ini = repo / "pytest.ini"
    ini.write_text("[pytest]\nloopgrader_submission = train.ipynb\n")
    assert find_submission(repo) == repo / "train.ipynb"
    outside = tmp_path / "secret.py"
    outside.write_text("x = 1\n")
    for bad in ("../secret.py", str(outside), "missing.py", "pytest.ini", "%(here)s/train.ipynb"):
        ini.write_text(f"[pytest]\nloopgrader_submission = {bad}\n")
        assert find_submission(repo) == repo / "train.py", bad
    (repo / "linked.py").symlink_to(outside)
    ini.write_text("[pytest]\nloopgrader_submission = linked.py\n")
    assert find_submission(repo) == repo / "train.py"
    ini.write_text("not an ini file [[[")
    assert find_submission(repo) == repo / "train.py"


def test_ci_arguments_are_single_and_pinned(tmp_path):
    from grader.selfcheck.ci import pytest_args

    args = pytest_args(ini=tmp_path / "pytest.ini", rootdir=tmp_path, exercise=NAME,
                       submission=tmp_path / "train.py", reference_dir=tmp_path / "traces",
                       grade_timeout=120, step_summary=str(tmp_path / "s"), classroom_output=str(tmp_path / "o"))
    # no value stands alone, where pytest could take it for a path to collect
    values = [a for i, a in enumerate(args) if not a.startswith("-") and args[i - 1] != "-p"]
    assert values == []
    assert {"--noconftest", f"--config-file={tmp_path / 'pytest.ini'}", f"--rootdir={tmp_path}"} <= set(args)
    assert args[args.index("no:cacheprovider") - 1] == "-p"




# -- the grade of record: `grader batch` over the collected repositories -------------------------
def clone_layout(root: Path, bundle_files: dict[str, str]) -> Path:
    """What `gh classroom clone student-repos` leaves: <assignment>-submissions/ holding one
    <assignment>-<login>/ clone per student, each a copy of the bundle (with .git/, .github/,
    .loopgrader/ and the starters) plus the student's work."""
    submissions = root / "training-loop-submissions"
    for login, files in bundle_files.items():
        repo = submissions / f"training-loop-{login}"
        (repo / ".git").mkdir(parents=True)
        (repo / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
        (repo / ".github" / "workflows").mkdir(parents=True)
        (repo / ".github" / "workflows" / "classroom.yml").write_text("name: Autograding Tests\n")
        (repo / ".loopgrader" / "grader").mkdir(parents=True)
        (repo / ".loopgrader" / "grader" / "engine.py").write_text("def train(): ...\n")
        for name, text in files.items():
            (repo / name).write_text(text)
    return submissions


def test_cloned_repositories_are_one_student_each(tmp_path):
    """A folder of cloned repositories (gh classroom clone) is one student per repository, and
    the file graded is the one the student's pytest.ini names (as CI graded it), not a guess
    between their train.py and the bundle's other starter."""
    from grader.batch.discover import discover

    exercise = load_exercise(NAME)
    starter_py, starter_nb = exercise.starter_py.read_text(), exercise.starter_ipynb.read_text()
    ini = "[pytest]\nloopgrader_exercise = training_loop\nloopgrader_submission = {}\n"
    submissions = clone_layout(tmp_path, {
        "alice": {"train.py": CORRECT.read_text(), "train.ipynb": starter_nb, "pytest.ini": ini.format("train.py")},
        "bob": {"train.py": starter_py, "train.ipynb": (CORPUS / NAME / "ok_notebook_magics.ipynb").read_text(),
                "pytest.ini": ini.format("train.ipynb")},
        "carol": {"train.py": starter_py, "train.ipynb": starter_nb, "pytest.ini": ini.format("train.py")},
        "Dave-Smith": {"train.py": BUGGY.read_text(), "train.ipynb": starter_nb, "pytest.ini": ini.format("train.py"),
                       "notes.py": "print('scratch')\n"},
    })
    found = discover(submissions)
    assert len(found) == 4 and len({s.student for s in found}) == 4
    by_login = {next(login for login in ("alice", "bob", "carol", "Dave-Smith") if login in s.student): s
                for s in found}
    assert by_login["alice"].path.name == "train.py"
    assert by_login["bob"].path.name == "train.ipynb"
    assert by_login["carol"].path.name == "train.py"
    assert by_login["Dave-Smith"].path.name == "train.py"
    for sub in found:    # the choice was the student's own, not a guess: no input problem
        assert sub.problem == "", sub.problem
        assert ".loopgrader" not in sub.path.parts and ".git" not in sub.path.parts
