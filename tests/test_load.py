"""Loading .py files and notebooks into executable cells."""
import nbformat
import pytest

from grader.load import LoadError, load_in_process as load_submission   # the pipeline itself; the bounded helper: tests below


def _notebook(path, *sources):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Homework")] + [nbformat.v4.new_code_cell(s) for s in sources]
    nbformat.write(nb, str(path))
    return path


def test_magics_and_shell_lines_are_blanked_keeping_line_numbers(tmp_path):
    path = _notebook(tmp_path / "hw.ipynb", "%matplotlib inline\nimport math\n!pip install tqdm\nx = 1",
                     "%%bash\necho cell magic", "for i in range(2):\n    !echo hi\n")
    program = load_submission(path)
    assert [c.code.splitlines() for c in program.cells] == [
        ["", "import math", "", "x = 1"], ["for i in range(2):", "    pass"]]
    assert program.cells[0].filename.endswith("hw.ipynb[cell 2]")
    assert any("%%bash" in w for w in program.warnings)


def test_invalid_cell_is_reported_and_dropped_not_fatal(tmp_path):
    path = _notebook(tmp_path / "hw.ipynb", "def train(:\n    pass", "def train(*a):\n    return {}")
    program = load_submission(path)
    assert len(program.cells) == 1 and "def train(*a)" in program.cells[0].code
    assert len(program.warnings) == 1
    assert program.warnings[0].startswith("cell 2, line 1: not valid Python")


def test_broken_notebook_json_is_a_load_error(tmp_path):
    path = tmp_path / "hw.ipynb"
    path.write_text('{"cells": [ {"cell_type": "code", "source": "x"')
    with pytest.raises(LoadError, match="not a readable Jupyter notebook"):
        load_submission(path)


def test_other_file_types_are_refused(tmp_path):
    path = tmp_path / "hw.txt"
    path.write_text("def train(): pass")
    with pytest.raises(LoadError, match="expected a .py file"):
        load_submission(path)


def test_source_lines_map_back_for_reports(tmp_path):
    path = tmp_path / "sub.py"
    path.write_text("import torch\n\ndef train():\n    return model(x)\n")
    program = load_submission(path)
    assert program.where(str(path), 4) == "line 4"
    assert program.source_line(str(path), 4).strip() == "return model(x)"


# ---- IPython syntax, treated as IPython treats it ------------------------------------------

def _codes(tmp_path, *sources):
    program = load_submission(_notebook(tmp_path / "nb.ipynb", *sources))
    return {int(c.filename.rsplit("cell ", 1)[1].split("]")[0]): c.code for c in program.cells}, program


@pytest.mark.parametrize("magic", ["%%time", "%%capture", "%%capture captured --no-stderr", "%%prun -q",
                                   "%%debug"])
def test_python_cell_magics_run_their_body_in_place(tmp_path, magic):
    codes, program = _codes(tmp_path, f"{magic}\nimport math\nx = math.pi\n")
    assert codes[2].splitlines() == ["", "import math", "x = math.pi"]   # line numbers kept
    ns = {}
    exec(codes[2], ns)
    assert ns["x"] > 3
    assert not any("skipped" in w for w in program.warnings), program.warnings


@pytest.mark.parametrize("magic", ["%%bash", "%%sh", "%%html", "%%javascript", "%%js", "%%writefile notes.txt",
                                   "%%file data/helpers.py", "%%markdown", "%%latex", "%%svg", "%%script python",
                                   "%%python3", "%%perl", "%%ruby", "%%sx", "%%system", "%%cython",
                                   "%%sql sqlite://", "%%timeit -n 1", "%%nosuchmagic"])
def test_other_cell_magics_are_not_run_and_say_so(tmp_path, magic):
    codes, program = _codes(tmp_path, f"{magic}\ntrain = None\n", "y = 2")
    assert 2 not in codes and codes[3] == "y = 2"
    name = magic.split()[0]
    [note] = [w for w in program.warnings if name in w]
    assert note.startswith("cell 2: ") and "not run" in note


def test_cell_magic_after_blank_lines_and_nested(tmp_path):
    codes, _ = _codes(tmp_path, "\n\n%%capture\n%%time\nz = 3\n")
    assert codes[2].splitlines()[-1] == "z = 3" and len(codes[2].splitlines()) == 5
    ns = {}
    exec(codes[2], ns)
    assert ns["z"] == 3


def test_cell_magic_not_on_the_first_line_is_blanked_with_a_note(tmp_path):
    codes, program = _codes(tmp_path, "a = 1\n%%time\nb = 2\n")
    assert codes[2].splitlines() == ["a = 1", "", "b = 2"]
    assert any("cell 2, line 2" in w and "%%time" in w for w in program.warnings)


def test_line_magics_help_and_shell_in_blocks_and_continuations(tmp_path):
    source = "\n".join([
        "import torch",
        "if True:",
        "    %env CUDA_LAUNCH_BLOCKING=1",
        "    !nvidia-smi",
        "torch.nn.Linear?",
        "?torch.nn.Linear",
        "torch.nn.Linear??",
        "%pinfo torch",
        "!pip install \\",
        "    tqdm \\",
        "    numpy",
        "files = !ls",
        "out = %sx ls",
        "%time t = 7",
        "%timeit t = 8",
        "u = 9",
    ])
    codes, program = _codes(tmp_path, source)
    lines = codes[2].splitlines()
    assert len(lines) == 16 and lines[0] == "import torch" and lines[15] == "u = 9"
    assert lines[2:4] == ["    pass", "    pass"]
    assert lines[8:11] == ["", "", ""]
    ns = {}
    exec(codes[2], ns)
    assert ns["t"] == 7 and ns["u"] == 9            # %time runs its statement, %timeit does not bind
    assert ns["files"] == [] and ns["out"] == []     # shell output is not available while grading


def test_valid_python_is_never_touched(tmp_path):
    # lines that look like magics but are continuation lines or string content
    source = ('x = (1\n     % 2)\nok = (x\n      != 3)\ndoc = """\n!important\n%d percent\nWhy?\n"""\n'
              'y = 4 if x else 5')
    codes, program = _codes(tmp_path, source)
    assert codes[2] == source and not program.warnings


def test_magic_lookalikes_inside_brackets_survive_in_a_cell_with_magics(tmp_path):
    source = "%matplotlib inline\nx = (10\n     % 3)\nmsg = '''\n!not shell\n'''\n"
    codes, _ = _codes(tmp_path, source)
    ns = {}
    exec(codes[2], ns)
    assert ns["x"] == 1 and "!not shell" in ns["msg"]


def test_get_ipython_calls_are_treated_as_the_magics_they_stand_for(tmp_path):
    path = tmp_path / "exported.py"
    path.write_text(
        "get_ipython().run_line_magic('matplotlib', 'inline')\n"
        "get_ipython().system('pip install tqdm')\n"
        "for i in range(2):\n"
        "    get_ipython().system('echo hi')\n"
        "get_ipython().run_cell_magic('time', '', 'def helper():\\n    return 42\\n')\n"
        "get_ipython().run_cell_magic('writefile', 'x.py', 'helper = None\\n')\n"
        "value = helper()\n")
    program = load_submission(path)
    ns = {}
    for cell in program.cells:
        if not cell.writes:
            exec(compile(cell.code, cell.filename, "exec"), ns)
    assert ns["value"] == 42 and ns["helper"] is not None
    assert any("%%writefile x.py: not run here; `import x` gives its code" in w for w in program.warnings)
    # the body is its own cell, named after where it came from; the file keeps its line numbers
    assert [c.label for c in program.cells] == ["line", "line 5 (%%time body), line",
                                                "line 6 (%%writefile body), line", "line"]
    assert program.cells[2].writes == "x.py" and program.cells[2].code == "helper = None\n"
    assert program.cells[3].code.splitlines()[6] == "value = helper()"


def test_merge_conflict_markers_are_named(tmp_path):
    path = tmp_path / "hw.ipynb"
    path.write_text('{\n "cells": [\n<<<<<<< HEAD\n  {"cell_type": "code"}\n=======\n  {}\n>>>>>>> main\n ]\n}\n')
    with pytest.raises(LoadError) as info:
        load_submission(path)
    message = str(info.value)
    assert "merge-conflict markers" in message and "line 3" in message and "<<<<<<<" in message


def test_invalid_notebook_json_gives_line_and_column(tmp_path):
    path = tmp_path / "hw.ipynb"
    path.write_text('{\n "cells": [\n  {"cell_type": "code" "source": "x"}\n ]\n}\n')
    with pytest.raises(LoadError) as info:
        load_submission(path)
    assert "hw.ipynb is not valid JSON" in str(info.value) and "line 3, column 24" in str(info.value)
    assert "\n" not in str(info.value)


def test_merge_conflict_in_a_python_file_is_named(tmp_path):
    path = tmp_path / "sub.py"
    path.write_text("x = 1\n<<<<<<< HEAD\ny = 2\n=======\ny = 3\n>>>>>>> other\n")
    program = load_submission(path)
    assert program.cells == []
    [note] = program.warnings
    assert "merge-conflict markers" in note and "line 2" in note


def test_source_lines_of_a_file_split_around_a_cell_magic(tmp_path):
    path = tmp_path / "exported.py"
    path.write_text("a = 1\nget_ipython().run_cell_magic('capture', '', 'b = 2\\n')\nc = 3\n")
    program = load_submission(path)
    assert len(program.cells) == 3
    assert program.source_line(str(path), 1) == "a = 1" and program.source_line(str(path), 3) == "c = 3"


# ---- the grading environment: what a submission may import (runs the sandbox) --------------

@pytest.mark.slow
def test_failed_import_is_the_headline_not_the_name_error_after_it():
    import importlib.util

    from corpus_index import CORPUS
    from grader.engine import grade
    from grader.load.provided import provided_text

    if importlib.util.find_spec("pandas") is not None:
        pytest.skip("pandas is installed here: the submission's import succeeds")
    result = grade(CORPUS / "broken" / "load_missing_package.py", "training_loop", timeout=60)
    message = result.runtime["message"]
    assert result.runtime["status"] == "crash"
    assert message.startswith("line 3: `import pandas as pd` failed: No module named 'pandas'; "
                              f"the grading environment provides: {provided_text()}"), message
    assert "NameError: name 'pd' is not defined" in message     # the consequence, after the cause


@pytest.mark.slow
def test_cell_magic_notebook_with_notebook_progress_bars_passes_quietly():
    from corpus_index import CORPUS
    from grader.engine import grade
    from grader.result import PASSED

    result = grade(CORPUS / "training_loop" / "ok_notebook_cell_magics.ipynb", "training_loop", timeout=90)
    assert all(c.status == PASSED for c in result.checks), [(c.id, c.observed) for c in result.checks
                                                           if c.status != PASSED] + result.warnings
    # every non-Python cell magic is named once, and progress bars print nothing
    for magic in ("%%bash", "%%writefile", "%%script", "%%timeit", "%%html"):
        assert sum(magic in w for w in result.warnings) == 1, (magic, result.warnings)
    assert "it/s" not in result.output and len(result.output) < 4000, result.output[-2000:]


def test_every_statement_and_the_contract_list_what_submissions_may_import():
    from pathlib import Path

    from grader.load.provided import PROVIDED, provided_text

    root = Path(__file__).resolve().parents[1]
    docs = sorted(root.glob("exercises/*/statement.md")) + [root / "docs" / "contract.md"]
    assert len(docs) >= 6
    for doc in docs:
        assert provided_text() in doc.read_text(), doc
    pyproject = (root / "pyproject.toml").read_text()
    for package in PROVIDED:                     # provided means declared, not merely installed
        assert f'"{package}' in pyproject, package


@pytest.mark.slow
def test_a_python_file_saved_mid_merge_is_named_in_the_headline(tmp_path):
    from grader.engine import grade

    path = tmp_path / "sub.py"
    path.write_text("import torch\n<<<<<<< HEAD\ndef train(*a, **k):\n    return {}\n=======\n"
                    "def train(*args, **kwargs):\n    return {}\n>>>>>>> feature\n")
    result = grade(path, "training_loop", timeout=60)
    assert result.runtime["status"] == "load_error"
    assert result.runtime["message"].startswith("line 2: unresolved git merge-conflict markers"), result.runtime


# ---- submission shapes: how train() is found and called (runs the sandbox) -------------------

@pytest.mark.slow
def test_a_train_with_the_wrong_parameters_is_named_and_never_flagged():
    """A train() the contract cannot call is not called; its run record is still the grader's
    own (trace version, seal), so it is never mistaken for a forged record."""
    from corpus_index import CORPUS
    from grader.engine import grade
    from grader.result import FAILED

    result = grade(CORPUS / "broken" / "load_train_extra_positional.py", "training_loop", variant=0, timeout=60)
    assert not result.flagged, result.flag_reasons
    contract = result.check("contract")
    assert contract.status == FAILED
    assert "missing a required argument: 'epochs'" in contract.observed, contract.observed
    assert "scheduler, epochs" in contract.observed and "is called as train(model, train_loader" in contract.observed
    assert result.score == 0


# ---- how a file's bytes become text, and what decides .py vs notebook ------------------------

def _only_cell(program):
    assert len(program.cells) == 1
    return program.cells[0].code


def test_py_is_decoded_as_python_decodes_it_bom_cookie_crlf(tmp_path):
    body = 'def train(*a, **k):\n    return {"m": "époque"}\n'
    (tmp_path / "bom.py").write_bytes(b"\xef\xbb\xbf" + body.encode())
    (tmp_path / "latin.py").write_bytes(("# -*- coding: latin-1 -*-\n" + body).encode("latin-1"))
    (tmp_path / "crlf.py").write_bytes(body.replace("\n", "\r\n").encode())
    for name in ("bom.py", "latin.py", "crlf.py"):
        program = load_submission(tmp_path / name)
        namespace = {}
        exec(compile(_only_cell(program), name, "exec"), namespace)
        assert namespace["train"]() == {"m": "époque"}, name
        assert program.warnings == [], (name, program.warnings)


def test_bytes_python_would_refuse_are_replaced_with_a_note(tmp_path):
    (tmp_path / "cp1252.py").write_bytes(b"# r\xe9sum\xe9 of the loop\ndef train(*a, **k):\n    return {}\n")
    program = load_submission(tmp_path / "cp1252.py")
    assert "def train" in _only_cell(program)
    assert program.warnings == ["line 1: bytes that are not valid UTF-8 were replaced (Python would "
                                "refuse the file: save it as UTF-8)"]
    (tmp_path / "utf16.py").write_bytes("def train(*a, **k):\n    return {}\n".encode("utf-16"))
    program = load_submission(tmp_path / "utf16.py")
    assert _only_cell(program).startswith("def train") and "UTF-16" in program.warnings[0]


def test_binary_data_is_a_load_error_naming_it(tmp_path):
    (tmp_path / "blob.py").write_bytes(b"# hw\n\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(LoadError, match=r"blob.py is not a text file: it holds binary data \(a NUL byte at offset 13\)"):
        load_submission(tmp_path / "blob.py")


def test_what_the_file_holds_decides_script_or_notebook(tmp_path):
    script = tmp_path / "hw.ipynb"
    script.write_text("import torch\n\ndef train(*a, **k):\n    return {}\n")
    program = load_submission(script)
    assert "def train" in _only_cell(program) and program.cells[0].label == "line"
    assert program.warnings == ["hw.ipynb holds a Python script, not what its name says; it was read as one"]

    notebook = _notebook(tmp_path / "nb.ipynb", "%matplotlib inline\ndef train(*a, **k):\n    return {}")
    renamed = tmp_path / "hw.py"
    renamed.write_bytes(notebook.read_bytes())
    program = load_submission(renamed)
    assert [c.label for c in program.cells] == ["cell 2, line"] and "def train" in program.cells[0].code
    assert program.warnings[0] == "hw.py holds a Jupyter notebook, not what its name says; it was read as one"

    # a broken notebook stays a notebook (its error names the JSON), not a Python syntax error
    broken = tmp_path / "cut.ipynb"
    broken.write_text(notebook.read_text()[:200])
    with pytest.raises(LoadError, match=r"cut.ipynb is not valid JSON \(line \d+, column \d+"):
        load_submission(broken)


# ---- executing the file: which `train` is found (in process, no sandbox) ---------------------

def _execute(code: str):
    import builtins

    from grader.job.execute import execute_program

    namespace = {"__name__": "__submission__", "__builtins__": builtins}
    notes = execute_program([{"code": code, "filename": "sub.py", "label": "line"}], namespace,
                            statement_budget=5, total_budget=10)
    return namespace, notes


def test_train_wrapped_after_its_definition_calls_the_function_not_the_loading_stand_in():
    import inspect

    namespace, notes = _execute(
        "import functools\n"
        "def train(model, loader, epochs=1):\n    return ['trained', model, epochs]\n"
        "def timer(fn):\n    @functools.wraps(fn)\n"
        "    def wrapper(*a, **k):\n        return ['timed'] + fn(*a, **k)\n    return wrapper\n"
        "train = timer(train)\n"
        "train = functools.partial(train, epochs=5)\n"
        "history = train('demo', None)\n")
    train = namespace["train"]
    assert train("m", None) == ["timed", "trained", "m", 5]
    assert str(inspect.signature(train)) == "(model, loader, *, epochs=5)"
    assert notes == ["line 11: a call to train() at top level was skipped while loading (the grader calls train() itself)"]


def test_any_callable_bound_to_train_is_found_and_its_demo_call_skipped():
    namespace, notes = _execute(
        "class Trainer:\n    def fit(self, model, epochs):\n        return ['fit', model, epochs]\n"
        "    def __call__(self, model, epochs):\n        return ['call', model, epochs]\n"
        "train = Trainer().fit\ntrain('demo', 1000)\n")
    assert namespace["train"]("m", 3) == ["fit", "m", 3] and len(notes) == 1
    namespace, notes = _execute("class Trainer:\n    def __call__(self, model, epochs):\n        return [model]\n"
                                "train = Trainer()\ntrain('demo', 1000)\n")
    assert namespace["train"]("m", 3) == ["m"] and "skipped while loading" in notes[0]


def test_the_last_definition_wins_and_a_function_shadowed_by_data_is_graded_with_a_note():
    namespace, notes = _execute("def train():\n    return 1\ndef train():\n    return 2\n")
    assert namespace["train"]() == 2 and notes == []
    namespace, notes = _execute("def train():\n    return 1\ntrain, val = [1, 2], [3]\n")
    assert namespace["train"]() == 1
    assert notes == ["line 1: train() defined here was graded, although the name `train` later was rebound "
                     "to a list (after Run All in Jupyter, train would not be this function)"]


def test_future_imports_are_the_students_own_and_stay_in_force():
    # the grader's own modules use `from __future__ import annotations`; student code must not inherit it
    namespace, notes = _execute("def train() -> Undefined:\n    return 1\n")
    assert "train" not in namespace and "NameError: name 'Undefined' is not defined" in notes[0]
    namespace, notes = _execute("from __future__ import annotations\n"
                                "def train(model: nn.Module) -> History:\n    return 1\n"
                                "class History(dict):\n    pass\n")
    assert notes == [] and namespace["train"].__annotations__ == {"model": "nn.Module", "return": "History"}


def test_why_no_train_names_the_likely_cause():
    import types

    from grader.load.missing_train import why_no_train

    def cells(code):
        return [{"code": code, "filename": "sub.py", "label": "line"}]

    assert why_no_train({}, "m", cells("# TODO\n\n")).endswith("the file holds no code (only comments or blank lines)")
    assert why_no_train({"train": [1]}, "m", cells("train = [1]")).endswith("the name `train` holds a list, not a function")
    fit = types.FunctionType((lambda: 0).__code__, {"__name__": "m"}, "fit")
    helper = types.FunctionType((lambda: 0).__code__, {"__name__": "m"}, "_helper")
    message = why_no_train({"fit": fit, "_helper": helper, "print": print}, "m", cells("def fit(): pass"))
    assert message.endswith("; it defines fit(): the grader calls the function named train"), message
    assert why_no_train({}, "m", cells("x = 1")) == "no function named train() was defined by the submission"


def test_notebook_builtins_are_inert_stand_ins():
    from grader.job.standins import notebook_names

    names = notebook_names()
    assert set(names) == {"display", "get_ipython"}
    assert names["display"]({"epoch": 1}) is None and names["get_ipython"]() is None


def test_input_at_top_level_is_skipped_with_a_note_saying_why(monkeypatch):
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO(""))     # the child's stdin is /dev/null
    namespace, notes = _execute("name = input('Your name: ')\ndef train():\n    return 1\n")
    assert namespace["train"]() == 1
    assert notes[0].startswith("line 1: raised while loading and was skipped (nobody can type an answer "
                               "to input() while grading):") and "EOFError" in notes[0]


def test_notebooks_are_read_as_jupyter_shows_them_whatever_their_version_or_missing_keys(tmp_path):
    import json

    code = "def train(*a, **k):\n    return {}\n"
    cell = {"cell_type": "code", "source": code, "metadata": {}, "outputs": [], "execution_count": None}
    shapes = {
        "v40_no_ids": {"nbformat": 4, "nbformat_minor": 0, "metadata": {}, "cells": [cell]},
        "v45_ids": {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [{**cell, "id": "a1"}]},
        "future_minor": {"nbformat": 4, "nbformat_minor": 99, "metadata": {}, "cells": [{**cell, "id": "a"}]},
        "no_outputs_no_metadata": {"nbformat": 4, "nbformat_minor": 4, "cells": [{"cell_type": "code", "source": code}]},
        "no_version": {"metadata": {}, "cells": [cell]},
        "odd_cells": {"nbformat": 4, "nbformat_minor": 4, "metadata": {},
                      "cells": [{"cell_type": "widget", "source": "x"}, {**cell, "source": None}, "junk", cell]},
        "v3_worksheets": {"nbformat": 3, "nbformat_minor": 0, "metadata": {"name": ""}, "worksheets": [
            {"cells": [{"cell_type": "code", "input": code, "language": "python", "metadata": {}, "outputs": []}]}]},
    }
    for name, nb in shapes.items():
        path = tmp_path / f"{name}.ipynb"
        path.write_text(json.dumps(nb))
        program = load_submission(path)
        assert [c.code for c in program.cells if c.code] == [code], name
        assert program.warnings == [], (name, program.warnings)


def test_json_that_is_not_a_notebook_says_so(tmp_path):
    for name, text in (("list.ipynb", "[1, 2]"), ("obj.ipynb", '{"name": "hw6"}')):
        (tmp_path / name).write_text(text)
        with pytest.raises(LoadError, match=rf"{name} is JSON but not a Jupyter notebook"):
            load_submission(tmp_path / name)


@pytest.mark.slow
def test_a_five_megabyte_file_is_graded_like_any_other(tmp_path):
    """Size alone costs nothing: a correct loop followed by 5 MB of pasted data in a string."""
    import time

    from corpus_index import CORPUS
    from grader.engine import grade
    from grader.result import PASSED

    loop = (CORPUS / "training_loop" / "ok_shape_toplevel_input.py").read_text()
    path = tmp_path / "big.py"
    path.write_text(loop + "\nPASTED = '''\n" + ("0.123456789, " * 8 + "\n") * 48_000 + "'''\n")
    assert path.stat().st_size > 5_000_000
    started = time.monotonic()
    result = grade(path, "training_loop", timeout=90)
    assert all(c.status == PASSED for c in result.checks), [(c.id, c.observed) for c in result.checks]
    assert time.monotonic() - started < 60


def test_any_exception_at_top_level_skips_only_its_statement():
    namespace, notes = _execute("raise KeyboardInterrupt\nimport sys\nsys.exit(3)\ndef train():\n    return 1\n")
    assert namespace["train"]() == 1
    assert [n.split(":")[0] for n in notes] == ["line 1", "line 3"]
    assert "KeyboardInterrupt" in notes[0] and "SystemExit: 3" in notes[1]


def test_a_module_written_with_writefile_is_importable_later(tmp_path, monkeypatch):
    import sys

    codes, program = _codes(tmp_path, "%%writefile loops.py\nimport math\ndef train(epochs):\n    return math.sqrt(epochs)\n",
                            "%%writefile -a loops.py\nHELPER = 2\n", "from loops import train, HELPER\n")
    assert any(w.startswith("cell 2: %%writefile loops.py: not run here; `import loops` gives its code") for w in program.warnings)
    job = program.to_job()
    assert [c.get("writes") for c in job] == ["loops.py", "loops.py", None] and job[1]["append"] is True
    monkeypatch.setattr(sys, "meta_path", list(sys.meta_path))
    monkeypatch.delitem(sys.modules, "loops", raising=False)
    import builtins

    from grader.job.execute import execute_program

    namespace = {"__name__": "__submission__", "__builtins__": builtins}
    notes = execute_program(job, namespace, statement_budget=5, total_budget=10)
    assert notes == [] and namespace["train"](16) == 4.0 and namespace["HELPER"] == 2
    # the student's cell is what tracebacks and the recorder see
    assert namespace["train"].__code__.co_filename == job[0]["filename"] and namespace["train"].__code__.co_firstlineno == 3


def test_an_empty_notebook_file_says_it_is_empty(tmp_path):
    (tmp_path / "hw.ipynb").write_text("")
    with pytest.raises(LoadError, match=r"hw.ipynb is empty \(0 bytes\): was the notebook saved"):
        load_submission(tmp_path / "hw.ipynb")


def test_run_and_load_of_another_file_are_named_in_a_note(tmp_path):
    codes, program = _codes(tmp_path, "%run helpers.py\n%load utils.py\nx = 1\n")
    assert codes[2].splitlines() == ["", "", "x = 1"]
    assert program.warnings == [
        "cell 2, line 1: `%run helpers.py` was not run: the grader runs only the submitted file (paste that code into it)",
        "cell 2, line 2: `%load utils.py` was not run: the grader runs only the submitted file (paste that code into it)"]


# ------------------------------------------------------------------ a bounded grading process (issue 18)

import ast as _ast  # noqa: E402
import resource  # noqa: E402

from grader.load import LoadBudget, file_hash, load_submission as load_bounded  # noqa: E402
import importlib  # noqa: E402
_strip_magics_module = importlib.import_module("grader.load.strip_magics")
from grader.load.limits import MAX_CODE_BYTES, MAX_FILE_BYTES, MAX_PROGRAM_BYTES  # noqa: E402
from corpus_index import CORPUS  # noqa: E402

TRAIN_SRC = "def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device='cpu'):\n    return {}\n"


def test_the_bounded_loader_gives_the_pipelines_program(tmp_path):
    path = CORPUS / "training_loop" / "ok_notebook_magics.ipynb"
    here, there = load_submission(path), load_bounded(path)
    assert [c.code for c in there.cells] == [c.code for c in here.cells]
    assert there.warnings == here.warnings and there.train_digest == here.train_digest is not None


def test_a_file_over_the_size_cap_is_refused_with_a_clear_message_before_it_is_read(tmp_path):
    big = tmp_path / "big.ipynb"
    with open(big, "wb") as f:
        f.truncate(MAX_FILE_BYTES + 1)      # sparse: the cap is checked on the size, not by reading
    with pytest.raises(LoadError, match=r"too large to grade: its file is 16\.0 MiB.*clear the notebook's outputs"):
        load_bounded(big)
    code = tmp_path / "code.py"
    code.write_text(TRAIN_SRC + "x = 1\n" * (MAX_CODE_BYTES // 6 + 10))
    with pytest.raises(LoadError, match=rf"too large to grade: its code is {MAX_CODE_BYTES / 2**20:.1f} MiB"):
        load_bounded(code)


def test_a_submission_that_exceeds_the_loading_budget_is_a_load_error_not_a_grader_crash(tmp_path):
    """A 2 MB expression parses into an AST of ~1 GB: made the grader itself use 1.5 GB. In the
    helper it meets the budget's memory and becomes this student's load error."""
    deep = tmp_path / "deep.py"
    deep.write_text(TRAIN_SRC + "x = [" + "0," * 500_000 + "]\n")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(LoadError, match="within the memory the grader allows for reading a submission"):
        load_bounded(deep, LoadBudget(seconds=30, memory_bytes=48 * 2**20))
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 32 * 1024   # KiB: not here


def test_a_long_plus_chain_in_a_valid_train_is_read_without_recursion(tmp_path):
    """ast.dump recursed past the limit in discovery and the whole batch died. 2500 terms is
    Python that compiles and runs; 6000 is past what CPython can parse: a skipped cell."""
    def chain(n):
        return ("def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device='cpu'):\n"
                "    scale = (" + " + ".join(["1"] * n) + f") / {n}\n    return {{}}\n")
    path, other, deeper = tmp_path / "chain.py", tmp_path / "other.py", tmp_path / "deeper.py"
    path.write_text(chain(2500))
    other.write_text(chain(2501))
    deeper.write_text(chain(6000))
    program = load_bounded(path)
    assert program.train_digest and not program.syntax_error
    assert load_bounded(other).train_digest not in (None, program.train_digest)
    skipped = load_bounded(deeper)
    assert skipped.train_digest is None and skipped.cells == []
    assert any("nested too deeply" in w for w in skipped.warnings), skipped.warnings


def test_magic_stripping_scans_each_line_once(tmp_path, monkeypatch):
    """Tokenizing the whole prefix again for every magic line made a notebook with many magic
    lines cost a minute of the grader's CPU; the scanner now sees each line once."""
    scanned = []
    real = _strip_magics_module._Open.scan
    monkeypatch.setattr(_strip_magics_module._Open, "scan", lambda self, line: (scanned.append(1), real(self, line)))
    lines = [TRAIN_SRC] + ["%time x = 1", "!echo hi", "y = (1,", "%notamagic", ")", "z = 2"] * 2000
    cell = _strip_magics_module.Cell(code="\n".join(lines), filename="magics.py", label="line")
    code = _strip_magics_module.strip_cell(cell, []).code
    assert len(scanned) <= len(code.split("\n"))
    assert code.count("x = 1") == 2000 and "!echo" not in code and code.count("%notamagic") == 2000


def test_many_get_ipython_cell_magics_split_in_one_pass(tmp_path):
    body = "get_ipython().run_cell_magic('time', '', 'a = 1\\n')\nb = 2\n"
    path = tmp_path / "export.py"
    path.write_text(TRAIN_SRC + body * 500)
    program = load_submission(path)
    assert len(program.cells) == 1001 and program.train_digest
    with pytest.raises(LoadError, match="run_cell_magic calls make more than"):
        # 600 calls, each padded to its place below twice MAX_PROGRAM_BYTES / 600 lines
        (tmp_path / "long.py").write_text(TRAIN_SRC + "x = 1\n" * (2 * MAX_PROGRAM_BYTES // 600) + body * 600)
        load_submission(tmp_path / "long.py")


def test_stacked_cell_magics_are_peeled_without_recursion(tmp_path):
    path = _notebook(tmp_path / "stack.ipynb", "%%time\n" * 5000 + "%ls\n" + TRAIN_SRC)
    program = load_submission(path)
    assert program.train_digest and "def train" in program.cells[0].code


def test_file_hash_reads_in_blocks(tmp_path):
    path = tmp_path / "f.py"
    path.write_bytes(b"x" * (3 * 2**20 + 5))
    import hashlib
    assert file_hash(path) == hashlib.sha256(path.read_bytes()).hexdigest()


def test_get_ipython_calls_beside_a_conditional_expression_or_lambda(tmp_path):
    """A file holding get_ipython() and `a if c else b` (whose `body` is an expression) raised
    TypeError while its statements were walked."""
    path = tmp_path / "export.py"
    path.write_text(TRAIN_SRC + "ctx = 1 if True else 2\nf = lambda: 3\nget_ipython().run_line_magic('matplotlib', 'inline')\n")
    program = load_submission(path)
    assert "get_ipython" not in program.cells[0].code and "ctx = 1 if True else 2" in program.cells[0].code
