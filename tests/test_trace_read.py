"""grader.trace.read's epoch and sweep split: the fast implementations (binary search, running
sums) give exactly what their definitions give, on random traces with repeats, partial sweeps,
overshoots and records outside any epoch."""
from __future__ import annotations

import random

from grader.trace import read
from grader.trace.records import Forward, LoaderPass, Run, Step


def _epoch_index_by_definition(starts, train_pass):
    """The latest epoch pass at or before train_pass, by a linear scan (the definition)."""
    if train_pass is None:
        return None
    found = None
    for i, p in enumerate(starts):
        if p <= train_pass:
            found = i
    return found


def _sweeps_by_definition(forwards, indices, n_rows):
    """Full sweeps, the row sums recomputed from scratch at every forward (the definition)."""
    if not n_rows:
        return []
    full = read._full(n_rows)
    out, current, seen = [], [], set()
    for i in indices:
        key = read._rows_key(forwards[i])
        if key in seen:
            continue
        seen.add(key)
        current.append(i)
        rows = tuple(sum(read._rows_key(forwards[j])[k] for j in current) for k in range(3))
        if rows == full:
            out.append(current)
            current, seen = [], set()
        elif rows[0] > n_rows:
            current, seen = [], set()
    return out


def _forward(rows: range, role: str, train_pass) -> Forward:
    return Forward(role=role, n=len(rows), isum=sum(rows), isq=sum(r * r for r in rows), training=role == "train",
                   any_training=role == "train", grad=role == "train", inference=False, moved=True, device="cpu",
                   train_pass=train_pass)


def _random_run(rng: random.Random, n_val: int = 10) -> Run:
    passes, forwards, steps = [], [], []
    for p in range(rng.randint(0, 6)):
        passes.append(LoaderPass(role="train", batches=[4, 4], complete=True))
        for _ in range(rng.randint(0, 3)):
            forwards.append(_forward(range(0, 4), "train", p))
            if rng.random() < 0.8:
                steps.append(Step(train_pass=p, backwards=1, grad_norm=1.0, fresh_norm=1.0, scale=1.0, residual=0.0))
        start = 0
        while start < n_val and rng.random() < 0.9:   # a sweep in batches, some repeated, some cut short
            size = rng.choice([3, 5, 10, 12])
            forwards.append(_forward(range(start, min(start + size, n_val + 2)), "val", rng.choice([p, p, None, p + 9])))
            if rng.random() < 0.2:
                forwards.append(forwards[-1])
            start += size
    if rng.random() < 0.3:
        steps.append(Step(train_pass=None, backwards=1, grad_norm=1.0, fresh_norm=1.0, scale=1.0, residual=0.0))
    return Run(scenario="main", status="ok", passes=passes, forwards=forwards, steps=steps,
               sizes={"train": 8, "val": n_val})


def test_epoch_index_is_the_latest_epoch_pass_at_or_before():
    for starts in ([], [0], [0, 2, 5], [1, 3, 4, 9]):
        for train_pass in (None, -1, 0, 1, 2, 3, 4, 5, 8, 9, 10, 2.5):
            assert read._epoch_index(starts, train_pass) == _epoch_index_by_definition(starts, train_pass)


def test_sweeps_and_epochs_match_their_definitions_on_random_traces():
    rng = random.Random(7)
    for _ in range(300):
        run = _random_run(rng)
        val = [i for i, f in enumerate(run.forwards) if f.role == "val"]
        assert read.sweeps(run.forwards, val, 10) == _sweeps_by_definition(run.forwards, val, 10)
        starts = read.epoch_passes(run)
        for e in read.epochs(run):
            assert e.train_pass == starts[e.number - 1]
            assert e.val_groups == _sweeps_by_definition(run.forwards, e.val, 10)
            assert all(_epoch_index_by_definition(starts, run.forwards[i].train_pass) == e.number - 1
                       for i in e.train + e.val)
            assert all(_epoch_index_by_definition(starts, run.steps[i].train_pass) == e.number - 1 for i in e.steps)


def test_a_sweep_with_a_repeated_batch_counts_it_once():
    forwards = [_forward(range(0, 5), "val", 0), _forward(range(0, 5), "val", 0), _forward(range(5, 10), "val", 0)]
    assert read.sweeps(forwards, [0, 1, 2], 10) == [[0, 2]]
    assert read.sweeps(forwards, [0, 1], 10) == []
