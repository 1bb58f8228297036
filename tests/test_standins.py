"""The child's stand-in IPython.display: display-only calls a notebook loop makes do nothing."""
from __future__ import annotations

import importlib.util
import os

from grader.job import standins


def _load(name: str):
    spec = standins._StandInFinder().find_spec(name)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_display_calls_do_nothing():
    display = _load("IPython.display")
    assert display.clear_output(wait=True) is None
    assert display.display(object(), display_id=True) is None
    assert display.HTML("<b>x</b>").data == "<b>x</b>" and repr(display.Markdown("*")) == "<Markdown>"
    assert _load("IPython").get_ipython() is None


def test_only_display_modules_are_served():
    finder = standins._StandInFinder()
    assert finder.find_spec("IPython.core") is None and finder.find_spec("pandas") is None


def test_install_points_matplotlib_at_a_private_writable_folder(monkeypatch):
    monkeypatch.setenv("MPLCONFIGDIR", "/nonexistent/unwritable")
    monkeypatch.setattr(standins.sys, "meta_path", list(standins.sys.meta_path))
    standins.install()
    assert os.environ["MPLBACKEND"] == "Agg"
    assert os.access(os.environ["MPLCONFIGDIR"], os.W_OK)
