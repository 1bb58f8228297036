from exercises.regression import regression_setup

PRIMARY = "fires"


def fires(device, variant=0):
    """A budget long enough that validation plateaus and the stop fires."""
    return regression_setup(device, variant=variant, epochs=80, seed=2, kwargs={"patience": 5})


def budget(device, variant=0):
    """A budget that ends before the stop is due (best epoch 27, then 3 worse ones): every
    epoch runs, and the best weights must still be restored."""
    return regression_setup(device, variant=variant, epochs=30, seed=2, kwargs={"patience": 5})


SCENARIOS = {"fires": fires, "budget": budget}

# what each scenario must show on any variant it is graded on (exercises.common.variant_problems)
REQUIRES = {"fires": {"stops_early": True}, "budget": {"stops_early": False}}
