from exercises.regression import regression_setup

PRIMARY = "fires"


def fires(device, variant=0):
    """A budget long enough that validation plateaus and the stop fires."""
    return regression_setup(device, variant=variant, epochs=80, seed=2, kwargs={"patience": 5})


def budget(device, variant=0):
    """A budget that ends before the stop is due (best epoch 27, then 3 worse ones): every
    epoch runs, and the best weights must still be restored. On a secret variant the budget is
    one epoch short of where `fires` (the same data, weights and draws) stopped (EPOCHS_FROM)."""
    return regression_setup(device, variant=variant, epochs=30, seed=2, kwargs={"patience": 5})


SCENARIOS = {"fires": fires, "budget": budget}


def one_short_of_the_stop(epochs_run: int) -> int | None:
    """`fires` stopped at epoch S: its best epoch was S - patience, so a budget of S - 1 epochs
    ends before the stop is due, 1..patience-1 epochs after the best one, whatever the variant."""
    return epochs_run - 1 if epochs_run > 2 else None


# secret variants: scenario -> (the scenario whose reference run sets its epochs, how); the parent
# sends the result with the variant's tensors (grader.reference_runs.derived_epochs)
EPOCHS_FROM = {"budget": ("fires", one_short_of_the_stop)}

# what each scenario must show on any variant it is graded on (exercises.common.variant_problems)
REQUIRES = {"fires": {"stops_early": True}, "budget": {"stops_early": False}}
