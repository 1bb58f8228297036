"""Why a submission defined no train(): one line for the report's headline, from what the
file's top-level code left behind (run in the child, after the file was executed)."""
from __future__ import annotations

import ast
import types

BASE = "no function named train() was defined by the submission"


def why_no_train(namespace: dict, module_name: str, cells: list[dict]) -> str:
    """The headline when `namespace` holds no callable `train`: an empty file, the name used
    for data, or the loop under another name are each said as such."""
    if not any(_statements(c["code"]) for c in cells):
        return f"{BASE}: the file holds no code (only comments or blank lines)"
    if "train" in namespace:
        return f"{BASE}: the name `train` holds a {type(namespace['train']).__name__}, not a function"
    defined = [name for name, value in namespace.items()
               if isinstance(value, types.FunctionType) and value.__module__ == module_name
               and not name.startswith("_")]
    if defined:
        shown = ", ".join(f"{name}()" for name in defined[:6]) + (", ..." if len(defined) > 6 else "")
        return f"{BASE}; it defines {shown}: the grader calls the function named train"
    return BASE


def _statements(code: str) -> int:
    try:
        return len(ast.parse(code).body)
    except (SyntaxError, ValueError):
        return 1          # a cell that does not parse was code (its note says why it was skipped)
