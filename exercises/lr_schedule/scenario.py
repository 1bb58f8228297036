"""lr_schedule: seed 000's regression loop with a learning-rate scheduler the grader builds on its
optimizer and passes in (`scheduler=`), with `interval=` saying when it is stepped: an epoch
schedule (StepLR), a per-step warm-up (LinearLR) and ReduceLROnPlateau fed the validation loss."""
from torch.optim.lr_scheduler import LinearLR, ReduceLROnPlateau, StepLR

from exercises.regression import regression_setup

PRIMARY = "epoch"


def epoch(device, variant=0):
    """StepLR halving every 8 epochs: stepped once per epoch."""
    setup = regression_setup(device, variant=variant, epochs=40, seed=7, lr=0.05)
    setup.kwargs = {"scheduler": StepLR(setup.optimizer, step_size=12, gamma=0.5), "interval": "epoch"}
    return setup


def step(device, variant=0):
    """A linear warm-up over the first 50 optimizer steps (7 per epoch): stepped after every step."""
    setup = regression_setup(device, variant=variant, epochs=40, seed=7, lr=0.05)
    setup.kwargs = {"scheduler": LinearLR(setup.optimizer, start_factor=0.1, total_iters=50), "interval": "step"}
    return setup


def plateau(device, variant=0):
    """ReduceLROnPlateau on the validation loss: stepped once per epoch with that epoch's val_loss."""
    setup = regression_setup(device, variant=variant, epochs=40, seed=7, lr=0.05)
    setup.kwargs = {"scheduler": ReduceLROnPlateau(setup.optimizer, mode="min", factor=0.5, patience=2),
                    "interval": "epoch"}
    return setup


SCENARIOS = {"epoch": epoch, "step": step, "plateau": plateau}
