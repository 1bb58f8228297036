"""Loading .py files and notebooks into executable cells."""
import nbformat
import pytest

from grader.load import LoadError, load_submission


def _notebook(path, *sources):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Homework")] + [nbformat.v4.new_code_cell(s) for s in sources]
    nbformat.write(nb, str(path))
    return path


def test_magics_and_shell_lines_are_blanked_keeping_line_numbers(tmp_path):
    path = _notebook(tmp_path / "hw.ipynb", "%matplotlib inline\nimport math\n!pip install tqdm\nx = 1",
                     "%%time\nprint('cell magic')", "for i in range(2):\n    !echo hi\n")
    program = load_submission(path)
    assert [c.code.splitlines() for c in program.cells] == [
        ["pass", "import math", "pass", "x = 1"], ["for i in range(2):", "    pass"]]
    assert program.cells[0].filename.endswith("hw.ipynb[cell 2]")
    assert any("cell magic %%time" in w for w in program.warnings)


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
