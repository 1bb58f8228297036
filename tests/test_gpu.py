"""The CUDA path: reference and submission on the GPU. Skips cleanly without one (CI has none)."""
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")
pytestmark = pytest.mark.skipif(not torch.cuda.is_available(), reason="no CUDA GPU on this machine")

from grader.engine import grade  # noqa: E402
from grader.result import PASSED  # noqa: E402

CORPUS = Path(__file__).parent / "corpus"


@pytest.mark.parametrize("exercise", ["training_loop", "moons"])
def test_correct_solutions_pass_every_check_on_cuda(exercise):
    for path in sorted((CORPUS / exercise).glob("ok_*")):
        result = grade(path, exercise, device="cuda")
        assert result.device == "cuda"
        failing = [(c.id, c.observed) for c in result.checks if c.status != PASSED]
        assert not failing, (path.name, failing)


def test_unmoved_batches_fail_on_cuda():
    result = grade(CORPUS / "training_loop" / "bug_device_not_moved.py", "training_loop", device="cuda")
    assert result.check("device").status != PASSED
