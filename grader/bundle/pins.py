"""What a bundle installs, in one place: the grader's own runtime requirements (read from its
installed metadata, so they cannot drift from pyproject.toml) with torch pinned to the version
the shipped reference traces were recorded with, and the CPU-only torch build installed first.

A bare `torch` requirement on Linux resolves to the CUDA build (several GB of CUDA packages);
students and CI runners grade on CPU, so every install line a bundle shows (README, setup.sh,
the Classroom workflow) installs torch from PyTorch's CPU index before the grader."""
from __future__ import annotations

import re
from importlib import metadata

TORCH_CPU_INDEX = "https://download.pytorch.org/whl/cpu"


def torch_version() -> str:
    """The installed torch's release (no local build tag such as +cpu)."""
    import torch

    return torch.__version__.split("+")[0]


def _name(requirement: str) -> str:
    return re.split(r"[\s<>=!~;\[(]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def bundle_dependencies(torch: str | None = None) -> list[str]:
    """The grader's runtime requirements (extras left out), torch pinned to `torch`."""
    pinned = torch or torch_version()
    out = []
    for req in metadata.requires("loopgrader") or []:
        if "extra ==" in req.replace('"', "").replace("'", ""):
            continue
        out.append(f"torch=={pinned}" if _name(req) == "torch" else req)
    return out


def bundle_extra(extra: str) -> list[str]:
    """The requirements of one of the grader's extras (e.g. "notebook": a Jupyter kernel), as
    pyproject.toml lists them, without their `extra == ...` marker."""
    out = []
    for req in metadata.requires("loopgrader") or []:
        requirement, _, marker = req.partition(";")
        if marker.replace('"', "'").replace(" ", "") == f"extra=='{extra}'":
            out.append(requirement.strip())
    return out


def torch_install_command(python: str = "python", torch: str | None = None) -> str:
    """The shell line that installs the CPU-only torch build the traces were recorded with."""
    return f'{python} -m pip install "torch=={torch or torch_version()}" --index-url {TORCH_CPU_INDEX}'
