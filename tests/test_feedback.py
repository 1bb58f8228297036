"""Feedback that fixes (issue 21), in milliseconds: the source pointers a diagnosis names resolve to
the lines a student has to change (the value's computation, not only where it was stored), each
check's diagnosis says the one cause the trace shows and no cause it rules out, and every failed
verdict names a line. The sandboxed corpus test of the same promise is tests/test_report_lines.py."""
from __future__ import annotations

import dataclasses
import textwrap

from grader import checks
from grader.checks import CheckContext, Verdict
from grader.checks import pointers as P
from grader.exercise import load_exercise
from grader.load.program import Cell, Program
from grader.result import FAILED, CheckResult, GradeResult
from grader.reporters.terminal import summary
from grader.trace import LossCall
from grader.trace.envelope import Load
from trace_builders import history, two_epoch_run


def program(*sources: str) -> Program:
    cells = [Cell(code=textwrap.dedent(s).lstrip("\n"), filename=f"hw.ipynb[cell {i + 2}]", label=f"cell {i + 2}, line")
             for i, s in enumerate(sources)]
    return Program(path="hw.ipynb", cells=cells)


def lines(prog: Program, *points) -> list[tuple[int, str]]:
    return [(n, role) for _, n, role in P.resolve(prog, list(points))]


def judge(check_id: str, run, exercise="bce_conversion") -> Verdict:
    ctx = CheckContext(exercise=load_exercise(exercise), params={}, load=Load(train_found=True),
                       runs={"main": run}, refs={"main": two_epoch_run()}, scenarios=["main"])
    return checks.get(check_id).check(ctx)


ACCURACY_LOOP = """
def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    history = {"val_acc": []}
    for epoch in range(epochs):
        correct = 0
        for xb, yb in val_loader:
            logits = model(xb)
            preds = (logits > 0.5).float()
            correct += (preds == yb).sum().item()
        history["val_acc"].append(correct / len(val_loader.dataset))
    return history
"""


def test_a_history_value_is_followed_back_to_the_lines_that_computed_it():
    found = lines(program(ACCURACY_LOOP), P.history("val_acc"))
    assert [n for n, _ in found] == [9, 8, 7, 6]     # the append, the count, the prediction, the logits
    assert found[0][1] == "stores history['val_acc']" and found[2][1] == "computes preds"
    # the empty list the history starts with is not where a value is computed
    assert 2 not in [n for n, _ in found]


def test_values_from_helpers_and_appended_lists_are_followed_into_them():
    prog = program("""
        def evaluate(model, loader):
            accs = []
            for x, y in loader:
                accs.append((model(x).argmax(1) == y).float().mean().item())
            return sum(accs) / len(accs)

        def train(model, train_loader, val_loader, loss_fn, optimizer, epochs):
            history = {"val_acc": []}
            acc = evaluate(model, val_loader)
            history["val_acc"].append(acc)
            return history
        """)
    assert [n for n, _ in lines(prog, P.history("val_acc"))] == [10, 9, 5, 4]


def test_a_comparison_comes_with_every_line_setting_the_counter_it_reads():
    prog = program("""
        def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, patience=5):
            strikes, best = 0, 1e9
            for epoch in range(epochs):
                val = 1.0
                if val < best:
                    best = val
                else:
                    strikes += 1
                if strikes == patience:
                    break
        """)
    assert lines(prog, P.compare("patience", role="decides the stop")) == [
        (9, "decides the stop"), (2, "sets strikes"), (8, "sets strikes")]


def test_what_keeps_a_connection_open_is_named_where_the_source_shows_it():
    prog = program("""
        import functools, sqlite3

        @functools.lru_cache(maxsize=None)
        def connect(path):
            return sqlite3.connect(path)

        def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, tracker=None):
            con = connect(tracker)
            return {}
        """)
    found = dict(lines(prog, P.holder("hw.ipynb[cell 2]", 5)))
    assert found[5] == "opens the connection"
    assert "lru_cache keeps every value connect() returns" in found[3]
    assert "gets the connection from connect()" in found[8]
    assert found[9].startswith("train() returns here with the connection still open")


def test_a_dropped_to_is_pointed_at_but_a_module_moved_in_place_is_not():
    prog = program("""
        def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
            model.to(device)
            for xb, yb in train_loader:
                xb.to(device)
        """)
    assert lines(prog, P.dropped("to", "cuda")) == [(4, "")]


def test_globals_of_the_notebook_are_found_in_another_cell():
    prog = program("""
        model = None
        val_loader = []
        """, """
        def evaluate():
            model.eval()
            return [model(x) for x in val_loader]
        """, """
        def train(model, train_loader, val_loader, loss_fn, optimizer, epochs):
            return {"val_acc": evaluate()}
        """)
    found = P.resolve(prog, [P.Pointer("globals", ("model", "val_loader"), "reads a global")])
    assert [(f.rsplit("[", 1)[1], n) for f, n, _ in found] == [("cell 3]", 2), ("cell 3]", 3)]
    assert prog.where(found[0][0], found[0][1]) == "cell 3, line 2"


def test_a_failed_verdict_without_any_line_names_train():
    prog = program(ACCURACY_LOOP)
    out = P.report_lines(prog, Verdict(False, "x"))
    assert [(l["lineno"], l["role"]) for l in out] == [(1, "train() starts here")]
    assert P.report_lines(prog, Verdict(True, "x")) == []
    # the diagnosis's lines come first, then where the trace saw the effect
    out = P.report_lines(prog, Verdict(False, "x", lines=[["hw.ipynb[cell 2]", 6]], points=[P.history("val_acc")]))
    assert [l["lineno"] for l in out][:1] == [9] and 6 in [l["lineno"] for l in out]
    assert {l["role"] for l in out if l["lineno"] == 6} <= {"computes logits", "where the run showed it"}


def test_pointers_never_raise_on_code_that_does_not_parse():
    prog = Program(path="x.py", cells=[Cell(code="def train(:\n", filename="x.py", label="line")])
    assert P.resolve(prog, [P.history("val_acc"), P.returns(), P.holder("x.py", 1)]) == []


# ---- diagnoses: one cause, the one the trace shows -------------------------------------

def _binary(run):
    calls = [dataclasses.replace(c, fn="binary_cross_entropy_with_logits") for c in run.loss_calls]
    return dataclasses.replace(run, loss_calls=calls)


def test_accuracy_counted_another_way_says_so_for_this_models_kind_and_nothing_else():
    run = _binary(two_epoch_run())
    # epoch 1: 2 of 4 right by the student's count, 3 of 4 by the model's logits
    run = dataclasses.replace(run, history=history(train_loss=[2.0, 0.5], val_loss=[3.0, 1.5], val_acc=[0.25, 1.0]))
    verdict = judge("accuracy", run)
    assert not verdict.passed and "1 of 4 correct" in verdict.observed and "give 3" in verdict.observed
    assert "logits > 0" in verdict.fix and "argmax" not in verdict.fix + verdict.observed
    assert "per-batch" not in verdict.observed and "percentage" not in verdict.observed
    ce = dataclasses.replace(run, loss_calls=[dataclasses.replace(c, fn="cross_entropy") for c in run.loss_calls])
    assert "argmax" in judge("accuracy", ce).fix and "logits > 0" not in judge("accuracy", ce).fix


def test_accuracy_as_a_percentage_is_said_and_pointed_at_the_multiplication():
    run = dataclasses.replace(two_epoch_run(), history=history(train_loss=[2.0, 0.5], val_loss=[3.0, 1.5],
                                                                 val_acc=[75.0, 100.0]))
    verdict = judge("accuracy", run)
    assert "a percentage" in verdict.observed and "per-batch" not in verdict.observed
    assert verdict.points[0].kind == "number" and 100 in verdict.points[0].names


def test_best_epoch_set_at_the_end_names_the_last_epoch_not_an_off_by_one():
    run = _three_epochs(two_epoch_run(val_losses=(1.0, 1.0, 2.0, 6.0)))
    run = dataclasses.replace(run, history=history(train_loss=[2.0, 0.5, 0.5], val_loss=[1.0, 3.0, 3.0], best_epoch=3))
    verdict = judge("best_epoch", run)
    assert not verdict.passed and "the last epoch run" in verdict.observed
    assert "one less" not in verdict.observed and "range(1, epochs + 1)" not in verdict.fix
    assert verdict.points == [P.history("best_epoch", role="stores history['best_epoch']")]


def test_early_stopping_one_epoch_late_blames_the_comparison():
    run = dataclasses.replace(two_epoch_run(val_losses=(1.0, 1.0, 2.0, 6.0)), kwargs={"patience": 1}, epochs=5)
    # one worse epoch after the best: the stop is due at 2; a loop that stopped at 3 is one late
    late = _three_epochs(run)
    verdict = judge("early_stopping", late, exercise="early_stopping")
    assert not verdict.passed and "one epoch later" in verdict.observed and ">= patience" in verdict.fix
    assert "never stopped" not in verdict.observed and "not reset" not in verdict.observed
    assert verdict.points[0].kind == "compare"


def _three_epochs(run):
    """run with a third epoch appended (a copy of the second, its val loss worse again)."""
    from grader.trace import LoaderPass
    forwards, steps, passes = list(run.forwards), list(run.steps), list(run.passes)
    tp = len(passes)
    passes += [LoaderPass(role="train", batches=[4, 2], complete=True), LoaderPass(role="val", batches=[3, 1], complete=True)]
    for f in run.forwards[6:]:
        forwards.append(dataclasses.replace(f, train_pass=tp, loader_pass=tp if f.role == "train" else tp + 1))
    steps += [dataclasses.replace(s, train_pass=tp) for s in run.steps[2:]]
    calls = list(run.loss_calls) + [dataclasses.replace(c, forward=c.forward + 6) for c in run.loss_calls[6:]]
    return dataclasses.replace(run, forwards=forwards, steps=steps, passes=passes, loss_calls=calls,
                               history=history(train_loss=[2.0, 0.5, 0.5], val_loss=[1.0, 3.0, 3.0]))


def test_the_terminal_shows_each_line_with_its_role():
    result = GradeResult(exercise="x", submission="hw.py", submission_hash="", grader_version="", device="cpu",
                         score=0, max_score=1, checks=[CheckResult(
                             id="accuracy", title="t", status=FAILED, score=0, max_score=1, observed="seen",
                             lines=[{"file": "line 9", "lineno": 9, "text": "x = 1", "role": "computes x"}])])
    assert "at line 9: x = 1   <- computes x" in summary(result)


def test_reference_match_with_every_training_loss_matching_blames_validation_not_the_updates():
    run = two_epoch_run(val_losses=(2.5, 6.0, 1.5, 3.0))   # the same training, validation measured otherwise
    ctx = CheckContext(exercise=load_exercise("training_loop"), params={}, load=Load(train_found=True),
                       runs={"main": run}, refs={"main": two_epoch_run()}, scenarios=["main"])
    verdict = checks.get("reference_match").check(ctx)
    assert not verdict.passed and "training loss matches" in verdict.observed
    assert "updates differ" not in verdict.observed and "autocast" in verdict.fix
    ref = two_epoch_run(train_losses=(1.0, 4.0, 0.7, 0.5))   # the updates differ from epoch 2 on
    ctx = dataclasses.replace(ctx, refs={"main": ref}, runs={"main": two_epoch_run()})
    verdict = checks.get("reference_match").check(ctx)
    assert "updates differ from epoch 2" in verdict.observed and "training loss matches" not in verdict.observed


def test_a_notebook_line_names_its_cell():
    prog = program("x = 1\n", ACCURACY_LOOP)
    out = P.report_lines(prog, Verdict(False, "x", points=[P.history("val_acc")]))
    assert out[0]["file"] == "cell 3, line 9" and out[0]["cell"] == 3 and out[0]["lineno"] == 9


def test_train_mode_says_where_in_each_epoch_the_eval_mode_batches_fell():
    run = two_epoch_run()
    forwards = [dataclasses.replace(f, training=False, any_training=False)
                if f.role == "train" and f.train_pass > 0 else f for f in run.forwards]
    verdict = judge("train_mode", dataclasses.replace(run, forwards=forwards))
    assert "every later epoch in eval mode" in verdict.observed and "inside the epoch loop" in verdict.fix
    forwards = [dataclasses.replace(f, training=False, any_training=False)
                if f.role == "train" and f.batch == 1 else f for f in run.forwards]
    verdict = judge("train_mode", dataclasses.replace(run, forwards=forwards))
    assert "inside the batch loop" in verdict.observed and "every later epoch" not in verdict.observed


def test_a_loss_calls_target_is_followed_to_where_it_was_computed_not_past_the_loop_variable():
    prog = program("""
        def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", threshold=5.0):
            for xb, yb in train_loader:
                labels = (yb > threshold).float()
                xb = xb.to(device)
                loss = loss_fn(model(xb), labels)
            for xb, yb in val_loader:
                xb, yb = xb.to(device), yb.to(device)
        """)
    assert lines(prog, P.Pointer("argument", ("hw.ipynb[cell 2]", 5, 1), "")) == [(3, "computes labels")]
