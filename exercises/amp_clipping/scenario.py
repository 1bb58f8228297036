"""amp_clipping: seed 000's regression loop under autocast with a GradScaler the grader builds for
the device (`scaler=`), gradient clipping at `max_norm=`, and the autocast dtype to use
(`amp_dtype=`: bfloat16 on CPU, float16 on CUDA). The observation makes one backward's gradient
overflow (grader/job/observe/production.py), as fp16 does now and then: the scaler must skip it."""
import torch

from exercises.regression import regression_setup

PRIMARY = "main"


def main(device, variant=0):
    setup = regression_setup(device, variant=variant, epochs=30, seed=9, lr=0.05)
    device_type = torch.device(device).type
    # GradScaler("cpu") really scales on CPU (a CUDA GradScaler() disables itself without a GPU,
    # which would make every scaler check pass trivially)
    setup.kwargs = {"scaler": torch.amp.GradScaler(device_type), "max_norm": 1.0,
                    "amp_dtype": torch.float16 if device_type == "cuda" else torch.bfloat16}
    return setup


SCENARIOS = {"main": main}
