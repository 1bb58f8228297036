"""Inert stand-ins for display-only modules a notebook's train() may call, in the grading child.

Loops written in Jupyter call `IPython.display.clear_output()` / `display()` to redraw a live
plot. Those calls never change what is trained, so where IPython is not installed the child
provides a stand-in `IPython` package whose display functions do nothing, rather than failing a
correct loop. matplotlib (a declared dependency) is real: it draws off-screen (Agg) and keeps its
font cache in a private folder, never in a shared HOME.
"""
from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
import os
import sys
import tempfile
import types


class _DisplayObject:
    """HTML(...), Markdown(...), Image(...): holds its data, shows nothing."""

    def __init__(self, data=None, *args, **kwargs):
        self.data = data

    def __repr__(self) -> str:
        return f"<{type(self).__name__}>"


def _nothing(*args, **kwargs):
    return None


def _display_module() -> types.ModuleType:
    module = types.ModuleType("IPython.display", "grader stand-in: display calls do nothing")
    for name in ("display", "clear_output", "update_display", "publish_display_data"):
        setattr(module, name, _nothing)
    for name in ("HTML", "Markdown", "Image", "JSON", "Latex", "Math", "SVG", "Javascript",
                 "Audio", "Video", "IFrame", "Pretty", "DisplayHandle"):
        setattr(module, name, type(name, (_DisplayObject,), {}))
    return module


class _StandInFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Serves `IPython` and `IPython.display` when the real IPython is absent."""

    NAMES = ("IPython", "IPython.display")

    def find_spec(self, name, path=None, target=None):
        if name in self.NAMES:
            return importlib.machinery.ModuleSpec(name, self, is_package=(name == "IPython"))
        return None

    def create_module(self, spec):
        if spec.name == "IPython.display":
            return _display_module()
        module = types.ModuleType("IPython", "grader stand-in (IPython is not installed)")
        module.get_ipython = _nothing
        module.__path__ = []
        return module

    def exec_module(self, module):
        if module.__name__ == "IPython":
            module.display = importlib.import_module("IPython.display")


def notebook_names() -> dict:
    """Names IPython puts in every notebook's builtins, which loops call without importing:
    display() (inert, as above) and get_ipython() (None, as outside a running IPython)."""
    return {"display": _nothing, "get_ipython": _nothing}


def install() -> None:
    """Call in the child before student code runs."""
    os.environ["MPLBACKEND"] = "Agg"        # plt.show() must not wait for a window
    config = os.environ.get("MPLCONFIGDIR")
    if not config or not os.access(config, os.W_OK):
        os.environ["MPLCONFIGDIR"] = tempfile.mkdtemp(prefix="mpl-")
    if importlib.util.find_spec("IPython") is None:
        sys.meta_path.append(_StandInFinder())   # last: a real IPython always wins
