"""A course exercise on SGD with momentum (the seed 000 regression data): a loop that never
clears its gradients diverges to inf/NaN within a few epochs, an honest mistake the grader must
charge to its checks, never take for tampering (tests/test_no_false_flags.py)."""
import torch

from exercises.regression import regression_setup

PRIMARY = "main"


def main(device, variant=0):
    setup = regression_setup(device, variant=variant, epochs=30)
    setup.optimizer = torch.optim.SGD(setup.model.parameters(), lr=0.01, momentum=0.9)
    return setup


SCENARIOS = {"main": main}
