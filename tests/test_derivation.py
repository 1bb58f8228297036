"""Values computed from an unmoved loader batch stay known as unmoved (grader/job/observe/derivation.py):
a target built from the loader's CPU y reaches the loss unmoved, one built from y.to(device) does not."""
from __future__ import annotations

import torch

from grader.job.observe.derivation import plain, served, unmoved


def test_a_served_batch_keeps_its_data_and_is_unmoved():
    x, y = torch.randn(4, 2), torch.randn(4, 1)
    sx, sy = served([x, y])
    assert unmoved(sx) and unmoved(sy) and torch.equal(sx, x) and sx.data_ptr() == x.data_ptr()
    assert type(served((x, y))) is tuple and served({"x": x}) == {"x": x}   # dict batches pass as they are


def test_comparisons_casts_and_arithmetic_on_an_unmoved_tensor_stay_unmoved():
    y = served(torch.tensor([[1.0], [6.0], [7.0]]))
    for derived in ((y > 5.0).float(), torch.where(y > 5.0, 1.0, 0.0), y.view(-1).long(), y * 2 + 1, y[1:],
                    torch.cat([y, y])):
        assert unmoved(derived), derived


def test_a_moved_tensor_and_what_is_computed_from_it_are_plain():
    y = served(torch.tensor([[1.0], [6.0]]))
    moved = plain(y.clone())
    assert type(moved) is torch.Tensor and not unmoved((moved > 5.0).float())
    assert not unmoved(torch.zeros(2))
