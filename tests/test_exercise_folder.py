"""An exercise that lives in an instructor's course folder, outside the package: written by
`grader new-exercise`, edited (smaller scenario, looser target, a check of its own), validated
by `grader check-exercise`, then graded, batched, bundled, exported and self-checked.

The unmarked tests are fast (no sandbox); the slow ones run submissions."""
from __future__ import annotations

import argparse
import ast
import csv
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from grader.bundle.vendor import leaks, vendor
from grader.cli import main
from grader.course import CourseConfigError, apply_course, load_course
from grader.exercise import ExerciseError, load_exercise, load_module
from selfcheck_support import CORPUS, blocker, plugin_args

NAME = "tiny"
OK = CORPUS / "training_loop" / "ok_run_epoch_helper.py"
BUG = CORPUS / "training_loop" / "bug_zero_grad_missing.py"

# an exercise-specific check, in the folder's checks/ (the grader.checks module protocol)
OWN_CHECK = '''"""history['val_loss'] has one number per epoch."""
from grader.checks import Verdict
from grader.trace.read import history_values

ID = "val_loss_every_epoch"
TITLE = "history['val_loss'] holds one validation loss per epoch"
WHY = "The plot of the run is drawn from it."
FIX = "Append the epoch's validation loss to history['val_loss'] once per epoch."


def check(ctx):
    values = history_values(ctx.run, "val_loss") or []
    return Verdict(len(values) == ctx.run.epochs, f"{len(values)} values for {ctx.run.epochs} epochs")
'''


def make_course(root: Path) -> Path:
    """A course folder: loopgrader.toml and exercises/tiny, as an instructor would make it."""
    folder = root / "exercises" / NAME
    assert main(["new-exercise", str(folder), "--from", "training_loop"]) == 0
    # the instructor's edits: a shorter run, a target it reaches, a check of their own
    (folder / "scenario.py").write_text((folder / "scenario.py").read_text().replace("epochs=30", "epochs=10"))
    rubric = (folder / "rubric.toml").read_text().replace("max_val_loss = 0.2", "max_val_loss = 1.0")
    rubric = rubric.replace('title = "', 'title = "Tiny: ')
    (folder / "rubric.toml").write_text(
        rubric + '\n[[checks]]\nid = "val_loss_every_epoch"\npoints = 1\nvisibility = "public"\n')
    (folder / "checks").mkdir()
    (folder / "checks" / "val_loss_every_epoch.py").write_text(OWN_CHECK)
    (root / "loopgrader.toml").write_text('exercises = ["exercises"]\n\n[defaults]\ntimeout = 90\n')
    return folder


def own_leaks(folder: Path, reference: Path) -> list[str]:
    """grader.bundle.vendor.leaks of the folder exercise's own reference (the built-ins' are
    test_assign's and test_export's business)."""
    return [line for line in leaks(folder, references=[reference])
            if "lines of reference/reference.py" in line or "named like the reference" in line]


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("course")
    make_course(root)
    return root


# ------------------------------------------------------------------------------------ fast

def test_new_exercise_writes_a_standalone_folder(tmp_path):
    folder = tmp_path / "ex"
    assert main(["new-exercise", str(folder)]) == 0
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        ["statement.md", "scenario.py", "reference.py", "rubric.toml", "starter.py", "starter.ipynb"])
    text = (folder / "reference.py").read_text()
    imported = {n.module for n in ast.walk(ast.parse(text)) if isinstance(n, ast.ImportFrom)}
    imported |= {a.name for n in ast.walk(ast.parse(text)) if isinstance(n, ast.Import) for a in n.names}
    assert not any(m and m.split(".")[0] == "reference" for m in imported)   # helpers inlined
    reference = load_module(folder / "reference.py", "reference")
    assert callable(reference.train) and callable(reference.fit)
    assert main(["new-exercise", str(folder)]) == 2      # never over an existing exercise


def test_exercise_found_by_path_or_name(course):
    folder = course / "exercises" / NAME
    ex = load_exercise(folder)
    assert (ex.name, ex.builtin, ex.folder) == (NAME, False, folder.resolve())
    assert ex.reference_file == folder.resolve() / "reference.py"
    assert ex.scenario_file == folder.resolve() / "scenario.py"
    assert load_exercise(ex.spec) == ex
    assert ex.scenario_module().SCENARIOS["main"]("cpu", 0).epochs == 10
    built_in = load_exercise("training_loop")
    assert built_in.builtin and built_in.spec == "training_loop"
    assert built_in.reference_file.name == "training_loop.py" and built_in.reference_file.parent.name == "reference"


def test_folder_checks_are_registered_and_may_not_replace_built_ins(course, tmp_path):
    from grader import checks

    load_exercise(course / "exercises" / NAME)
    assert checks.get("val_loss_every_epoch").TITLE.startswith("history['val_loss']")
    clone = tmp_path / "clone"
    shutil.copytree(course / "exercises" / NAME, clone)
    (clone / "checks" / "zero_grad.py").write_text(OWN_CHECK.replace('"val_loss_every_epoch"', '"zero_grad"'))
    with pytest.raises(ExerciseError, match="zero_grad.py: ID 'zero_grad' is a built-in"):
        load_exercise(clone)


def test_course_config_resolves_names_and_fills_defaults(course, monkeypatch):
    monkeypatch.chdir(course)
    loaded = load_course()
    assert loaded.exercises() == {NAME: (course / "exercises" / NAME).resolve()}
    args = argparse.Namespace(exercise=NAME, config=None, timeout=None, memory="2G", device=None)
    apply_course(args)
    assert (args.exercise, args.timeout, args.memory, args.device) == (
        str((course / "exercises" / NAME).resolve()), 90.0, "2G", "cpu")
    args = argparse.Namespace(exercise="training_loop", config=None)
    apply_course(args)
    assert args.exercise == "training_loop"


def test_course_config_problems_are_named(tmp_path):
    bad = tmp_path / "course.toml"
    bad.write_text('exercises = ["missing"]\ncolour = 1\n[defaults]\ndevice = "tpu"\ntimeout = -1\n')
    with pytest.raises(CourseConfigError) as err:
        load_course(bad)
    for part in ("unknown key 'colour'", "does not exist", "defaults.device", "defaults.timeout"):
        assert part in str(err.value)
    with pytest.raises(CourseConfigError, match="no course config"):
        load_course(tmp_path / "nope.toml")


def test_grader_exercises_lists_the_course_own(course, capsys):
    assert main(["exercises", "--config", str(course / "loopgrader.toml")]) == 0
    out = capsys.readouterr().out
    assert "training_loop" in out
    assert f"{NAME} " in out and "Tiny: " in out and str((course / "exercises" / NAME).resolve()) in out


def test_check_exercise_names_static_problems(course, tmp_path, capsys):
    broken = tmp_path / "broken"
    shutil.copytree(course / "exercises" / NAME, broken)
    (broken / "rubric.toml").write_text((broken / "rubric.toml").read_text()
                                        + '\n[[checks]]\nid = "no_such_check"\npoints = 1\n')
    (broken / "statement.md").unlink()
    assert main(["check-exercise", str(broken)]) == 1
    out = capsys.readouterr().out
    assert "PROBLEM statement.md: missing" in out
    assert "PROBLEM rubric.toml: check 'no_such_check' is neither a built-in check" in out


def test_check_exercise_catches_a_nondeterministic_scenario(course, tmp_path, capsys):
    drifting = tmp_path / "drifting"
    shutil.copytree(course / "exercises" / NAME, drifting)
    (drifting / "scenario.py").write_text(
        "import os\nimport torch\nfrom exercises.regression import regression_setup\n\nPRIMARY = 'main'\n\n\n"
        "def main(device, variant=0):\n    setup = regression_setup(device, variant=variant, epochs=10)\n"
        "    noise = torch.Generator().manual_seed(int.from_bytes(os.urandom(4), 'little'))\n"
        "    with torch.no_grad():\n        setup.model[0].weight.add_(torch.randn(setup.model[0].weight.shape, generator=noise))\n"
        "    return setup\n\n\nSCENARIOS = {'main': main}\n")
    assert main(["check-exercise", str(drifting)]) == 1
    out = capsys.readouterr().out
    assert "PROBLEM scenario.py: scenario 'main' (variant 0) is not deterministic" in out
    assert "weights" in out


def test_check_exercise_compares_path_arguments_by_content(tmp_path):
    """A scenario that hands train() a fresh temporary tracker and checkpoint folder per build
    (experiment_tracking) builds identically: the paths differ, what they hold does not. A
    tracker whose rows differ between two builds, or a folder whose files do, is caught."""
    import sqlite3

    from grader.commands.check_exercise import _snapshot, _same, determinism_problems, path_content

    assert determinism_problems(load_exercise("experiment_tracking")) == []
    setups = [load_exercise("experiment_tracking").scenario_module().main("cpu", 0) for _ in range(2)]
    assert setups[0].kwargs["tracker"] != setups[1].kwargs["tracker"]
    first, second = (_snapshot(s) for s in setups)
    assert [k for k in first if not _same(first[k], second.get(k))] == []
    assert first["kwargs tracker"][1][0] == "sqlite" and any("CREATE TABLE training_history" in line
                                                           for line in first["kwargs tracker"][1][1])

    def tracker(name, rows):
        path = tmp_path / name
        con = sqlite3.connect(path)
        con.execute("CREATE TABLE t (x)")
        con.executemany("INSERT INTO t VALUES (?)", [(r,) for r in rows])
        con.commit()
        con.close()
        return str(path)

    assert path_content(tracker("a.db", [1, 2])) == path_content(tracker("b.db", [1, 2]))
    assert path_content(tracker("c.db", [1, 2])) != path_content(tracker("d.db", [2, 1]))
    for name, text in (("e", "same"), ("f", "same"), ("g", "other")):
        (tmp_path / name).mkdir()
        (tmp_path / name / "last.pt").write_text(text)
    assert path_content(str(tmp_path / "e")) == path_content(str(tmp_path / "f")) != path_content(str(tmp_path / "g"))
    # what names nothing, or names it relatively, is compared as written
    assert path_content(str(tmp_path / "absent")) is None and path_content("e") is None


def test_check_exercise_on_a_folder_that_is_not_one(tmp_path, capsys):
    assert main(["check-exercise", str(tmp_path / "nothing")]) == 2
    (tmp_path / "empty").mkdir()
    assert main(["check-exercise", str(tmp_path / "empty")]) == 1
    assert "no rubric.toml" in capsys.readouterr().out


def test_vendored_folder_leaves_its_reference_behind(course, tmp_path):
    ex = load_exercise(course / "exercises" / NAME)
    dest = vendor(ex, tmp_path / "vendored")
    copied = dest / "exercises" / NAME
    assert (copied / "scenario.py").is_file() and (copied / "checks" / "val_loss_every_epoch.py").is_file()
    assert not (copied / "reference.py").exists()
    assert own_leaks(dest, ex.reference_file) == []
    # the folder's reference is fingerprinted: a renamed copy is caught
    shutil.copyfile(ex.reference_file, copied / "solution.py")
    assert any(line.startswith(f"exercises/{NAME}/solution.py: ") for line in own_leaks(dest, ex.reference_file))


# ------------------------------------------------------------------------------------ slow

@pytest.mark.slow
def test_check_exercise_accepts_the_edited_folder(course, capsys):
    assert main(["check-exercise", str(course / "exercises" / NAME)]) == 0, capsys.readouterr().out
    out = capsys.readouterr().out
    assert "the reference earns full marks" in out and "the starter does not pass" in out


@pytest.mark.slow
def test_grade_by_course_name(course, monkeypatch, capsys, tmp_path):
    monkeypatch.chdir(course)
    results = tmp_path / "results.json"
    assert main(["grade", str(OK), "--exercise", NAME, "--results", str(results)]) == 0
    data = json.loads(results.read_text())
    ex = load_exercise(course / "exercises" / NAME)
    assert data["score"] == ex.max_score
    assert any(t["name"].startswith("val_loss_every_epoch") for t in data["tests"])
    assert main(["grade", str(BUG), "--exercise", NAME, "--results", str(results)]) == 0
    failed = {t["name"].split(":")[0] for t in json.loads(results.read_text())["tests"] if t["score"] < t["max_score"]}
    assert "zero_grad" in failed and "val_loss_every_epoch" not in failed


@pytest.mark.slow
def test_a_submission_cannot_read_the_folder_reference(course, tmp_path):
    from grader.engine import grade

    reference = (course / "exercises" / NAME / "reference.py").resolve()
    peek = tmp_path / "peek.py"
    peek.write_text(f"try:\n    print('LEAK', len(open({str(reference)!r}).read()))\nexcept OSError as e:\n"
                    f"    print('DENIED', type(e).__name__)\n\n" + OK.read_text())
    result = grade(str(peek), str(course / "exercises" / NAME), variant=0)
    assert "DENIED" in result.output and "LEAK" not in result.output


@pytest.mark.slow
def test_batch_on_a_folder_exercise(course, tmp_path, capsys):
    subs = tmp_path / "subs"
    for student, source in (("alice", OK), ("bob", BUG)):
        (subs / student).mkdir(parents=True)
        shutil.copyfile(source, subs / student / "train.py")
    out = tmp_path / "out"
    argv = ["batch", str(subs), "--exercise", str(course / "exercises" / NAME), "--out", str(out), "--jobs", "1"]
    assert main(argv) == 0
    rows = {r["student"]: r for r in csv.DictReader((out / "grades.csv").open())}
    max_score = load_exercise(course / "exercises" / NAME).max_score
    assert float(rows["alice"][NAME]) == max_score and float(rows["bob"][NAME]) < max_score
    capsys.readouterr()
    assert main(argv) == 0     # a rerun reuses both grades: the resume key holds for a folder
    assert "(2 unchanged since the last run)" in capsys.readouterr().out


@pytest.mark.slow
def test_assign_bundle_grades_from_its_traces(course, tmp_path, monkeypatch):
    from grader.engine import grade

    monkeypatch.chdir(course)
    bundle = tmp_path / "bundle"
    assert main(["assign", NAME, "--out", str(bundle)]) == 0
    package = bundle / ".loopgrader"
    vendored = package / "exercises" / NAME
    assert not list(bundle.rglob("reference.py"))
    assert own_leaks(bundle, course / "exercises" / NAME / "reference.py") == []
    assert NAME in (bundle / "pytest.ini").read_text()
    # graded the bundle's way: its copy of the folder, the recorded traces, no reference at all
    result = grade(str(OK), str(vendored), reference_dir=package / "traces", visibility="public")
    assert result.score == result.max_score > 0


@pytest.mark.slow
def test_export_gradescope_runs_the_folder_exercise(course, tmp_path, monkeypatch):
    monkeypatch.chdir(course)
    out = tmp_path / "autograder.zip"
    assert main(["export", "gradescope", NAME, "--out", str(out)]) == 0
    root = tmp_path / "autograder"
    with zipfile.ZipFile(out) as zf:
        names = zf.namelist()
        zf.extractall(root / "source")
    assert not any(n.endswith("reference.py") for n in names)
    assert f"loopgrader/exercises/{NAME}/checks/val_loss_every_epoch.py" in names
    assert own_leaks(root / "source", course / "exercises" / NAME / "reference.py") == []
    (root / "submission").mkdir()
    (root / "results").mkdir()
    shutil.copyfile(OK, root / "submission" / "train.py")
    # run_autograder's way: the vendored package first on the path, the reference package blocked
    env = {**os.environ, "PYTHONPATH": f"{root / 'source' / 'loopgrader'}{os.pathsep}{blocker(tmp_path / 'block')}"}
    proc = subprocess.run([sys.executable, "-m", "grader.bundle.gradescope_run", "--root", str(root),
                           "--config", str(root / "source" / "autograder.json")],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    results = json.loads((root / "results" / "results.json").read_text())
    assert results["score"] == load_exercise(course / "exercises" / NAME).max_score
    assert any(t["name"].startswith("val_loss_every_epoch") for t in results["tests"])


@pytest.mark.slow
def test_pytest_plugin_self_checks_a_folder_exercise(course, tmp_path):
    work = tmp_path / "student"
    work.mkdir()
    shutil.copyfile(BUG, work / "train.py")
    proc = subprocess.run([sys.executable, "-m", "pytest", *plugin_args(), "-p", "no:cacheprovider", "-v",
                           "--exercise", str(course / "exercises" / NAME), "--submission", "train.py"],
                          cwd=work, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "::val_loss_every_epoch PASSED" in proc.stdout, proc.stdout   # the folder's own check
    failed = {ln.split("::")[1].split()[0] for ln in proc.stdout.splitlines() if ln.startswith("FAILED")}
    assert "zero_grad" in failed and "val_loss_every_epoch" not in failed, proc.stdout
