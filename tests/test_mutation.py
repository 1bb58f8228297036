"""The mutation harness (tests/mutation.py): each operator makes its one mistake in a correct
loop's text, behaviour-preserving mutants are told apart in plain torch, and (slow) every killed
mutant of a small deterministic subset is failed by the check that names its mistake."""
from __future__ import annotations

from pathlib import Path

import pytest

from mutation import BY_NAME, OPERATORS, equivalent, judge_mutant

CORPUS = Path(__file__).parent / "corpus"
LOOP = '''import torch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    history = {"train_loss": [], "val_loss": []}
    for epoch in range(epochs):
        model.train()
        total = 0.0
        for x, y in train_loader:
            x, y = x.to(device), y.to(device)
            optimizer.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            optimizer.step()
            total += loss.item() * len(x)
        history["train_loss"].append(total / len(train_loader.dataset))
        model.eval()
        total = 0.0
        with torch.no_grad():
            for x, y in val_loader:
                x, y = x.to(device), y.to(device)
                total += loss_fn(model(x), y).item() * len(x)
        history["val_loss"].append(total / len(val_loader.dataset))
    return history
'''


def mutate(name: str, source: str = LOOP, exercise: str = "training_loop") -> str:
    out = BY_NAME[name].apply(source, exercise)
    assert out is not None and out != source, name
    compile(out, name, "exec")   # every mutant is still Python
    return out


def test_every_operator_applies_to_a_plain_loop_and_keeps_it_python():
    for op in OPERATORS:
        mutate(op.name)


def test_operators_make_the_mistake_they_are_named_for():
    assert "model.eval()" not in mutate("delete_eval")
    assert "range(epochs - 1)" in mutate("range_epochs_minus_one")
    assert mutate("drop_batch_weight").count("* len(x)") == 1          # one phase, one place
    assert mutate("functional_loss").count("loss_fn(") == 1 and "mse_loss(" in mutate("functional_loss")
    assert ".detach().requires_grad_().backward()" in mutate("detach_before_backward")
    assert mutate("double_step").count("optimizer.step()") == 2
    assert "x, y = x.to(device), y\n" in mutate("target_not_moved")
    assert "in val_loader" not in mutate("swap_loaders")
    moved = mutate("step_outside_loop").split("\n")
    step = next(i for i, line in enumerate(moved) if "optimizer.step()" in line)
    assert moved[step] == "        optimizer.step()" and "total +=" in moved[step - 1]


@pytest.mark.slow
def test_a_behaviour_preserving_rewrite_is_set_aside_and_a_mistake_is_not():
    source = (CORPUS / "training_loop" / "ok_cat_of_moved_batches.py").read_text()
    renamed = source.replace("best_state", "kept_state")
    assert equivalent(source, renamed, "training_loop")
    assert not equivalent(source, mutate("double_step", source), "training_loop")
    # the same numbers as loss_fn here, but not under a course's weighted loss: not equivalent
    assert not equivalent(source, mutate("functional_loss", source), "training_loop")


# the CI subset: one correct file, the operators the named checks were built for
SUBSET = ["range_epochs_minus_one", "functional_loss", "detach_before_backward", "double_step",
          "step_outside_loop", "drop_batch_weight"]


@pytest.mark.slow
@pytest.mark.parametrize("operator", SUBSET)
def test_a_killed_mutant_is_failed_by_the_check_that_names_its_mistake(operator, tmp_path):
    path = CORPUS / "training_loop" / "ok_cat_of_moved_batches.py"
    outcome = judge_mutant(path, "training_loop", BY_NAME[operator], tmp_path)
    assert outcome.status in ("named", "equivalent", "crashed"), outcome
