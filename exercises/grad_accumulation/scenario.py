"""grad_accumulation: seed 000's regression data in 7 training batches per epoch (six of 32,
the last of 8), accumulated in groups of 3, so every epoch ends with a short group of one."""
from exercises.regression import regression_setup

PRIMARY = "main"
ACCUM_STEPS = 3   # 7 batches per epoch: groups of 3, 3 and 1


def main(device, variant=0):
    return regression_setup(device, variant=variant, epochs=40, seed=5, lr=0.05,
                            kwargs={"accum_steps": ACCUM_STEPS})


SCENARIOS = {"main": main}
