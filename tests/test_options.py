"""Each grading default is defined once, in grader/options.py (issue 22): the command line, a
course's loopgrader.toml, the batch, the self-check and the exports all read it from there.

The package's source is parsed (never run) for a second definition of one: a parameter, an
option's `default=`, a `.get(name, default)` or a constant named for it, holding the value itself."""
from __future__ import annotations

import argparse
import ast
from pathlib import Path

from grader.course import apply_course, load_course
from grader.options import DEFAULTS, SELF_CHECK, GradingOptions

ROOT = Path(__file__).resolve().parents[1]
HOME = ROOT / "grader" / "options.py"
NAMES = GradingOptions.names()
VALUES = {name: {getattr(DEFAULTS, name), getattr(SELF_CHECK, name)} for name in NAMES}


def _value(node) -> object:
    return node.value if isinstance(node, ast.Constant) else None


def _named(text: object, value) -> str | None:
    """The option `text` names (a parameter, a flag, a key), where `value` is its default."""
    if not isinstance(text, str):
        return None
    for name in NAMES:
        if name in text.lower() and value in VALUES[name] and type(value) is not bool:
            return name
    return None


def second_definitions(source: str) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            args = node.args
            positional = args.posonlyargs + args.args
            pairs = list(zip(positional[len(positional) - len(args.defaults):], args.defaults))
            pairs += [(a, d) for a, d in zip(args.kwonlyargs, args.kw_defaults) if d is not None]
            grading = {a.arg for a, _ in pairs} & {"timeout", "memory", "device"}
            # `visibility` alone also filters a rubric's entries ("all": no filter): a grading
            # function is one that also takes a timeout, a memory limit or a device
            found += [(d.lineno, f"parameter {a.arg}") for a, d in pairs if _named(a.arg, _value(d))
                      and (a.arg != "visibility" or grading)]
        elif isinstance(node, ast.Call):
            flags = [_value(a) for a in node.args if isinstance(_value(a), str)]
            for kw in node.keywords:
                if kw.arg == "default" and any(_named(f, _value(kw.value)) for f in flags):
                    found.append((node.lineno, f"option {flags[0]}"))
            if (isinstance(node.func, ast.Attribute) and node.func.attr == "get" and len(node.args) == 2
                    and _named(_value(node.args[0]), _value(node.args[1])) in ("timeout", "memory", "device")):
                found.append((node.lineno, f".get({_value(node.args[0])!r}, ...)"))
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                name = target.id if isinstance(target, ast.Name) else None
                # the option's own name, or DEFAULT_/GRADE_ before it; `device` and `visibility`
                # fields also name other things (the device a trace was recorded on, an entry's)
                option = _named(name, _value(node.value)) if name and node.value is not None else None
                if option in ("timeout", "memory") and name.lower() in (option, f"default_{option}",
                                                                        f"grade_{option}"):
                    found.append((node.lineno, f"constant {name}"))
    return sorted(found)


def test_no_grading_default_is_defined_twice():
    found = [f"{path.relative_to(ROOT)}:{line}: {what}"
             for path in sorted((ROOT / "grader").rglob("*.py")) if path != HOME
             for line, what in second_definitions(path.read_text(encoding="utf-8"))]
    assert not found, "grading defaults defined outside grader/options.py:\n  " + "\n  ".join(found)


def test_the_scan_sees_each_kind_of_second_definition():
    source = '''
DEFAULT_TIMEOUT = 120.0
def grade(sub, *, timeout=120.0, memory="4G", device="cpu", visibility="all"):
    parser.add_argument("--grade-timeout", type=float, default=120.0)
    config.get("device", "cpu")
class Settings:
    memory: str = "4G"
'''
    assert [what for _, what in second_definitions(source)] == [
        "constant DEFAULT_TIMEOUT", "parameter device", "parameter memory", "parameter timeout",
        "parameter visibility", "option --grade-timeout", ".get('device', ...)", "constant memory"]
    assert second_definitions("def grade(*, timeout=DEFAULTS.timeout, retries=3): pass\n") == []


def test_a_course_default_comes_first_then_the_graders(tmp_path):
    (tmp_path / "loopgrader.toml").write_text("[defaults]\ntimeout = 90\n")
    args = argparse.Namespace(exercise=None, config=str(tmp_path / "loopgrader.toml"),
                              timeout=None, memory="2G", device=None)
    apply_course(args)
    assert (args.timeout, args.memory, args.device) == (90.0, "2G", DEFAULTS.device)
    assert not hasattr(args, "visibility")     # a command without the option gets none
    assert load_course(cwd=tmp_path / "nowhere").defaults.timeout is None


def test_the_self_check_differs_only_in_visibility():
    assert SELF_CHECK.visibility == "public"
    assert {n: getattr(SELF_CHECK, n) for n in NAMES if n != "visibility"} == {
        n: getattr(DEFAULTS, n) for n in NAMES if n != "visibility"}
