"""What statements tell students about the grading environment agrees with what it provides
(grader/load/provided.py), in every exercise's statement and docs/contract.md: the bold list is
exactly PROVIDED, and no package named as missing ("no pandas or scikit-learn") is provided."""
import re
from pathlib import Path

import pytest

from grader.load.provided import PROVIDED, provided_text

ROOT = Path(__file__).resolve().parents[1]
DOCS = sorted((ROOT / "exercises").glob("*/statement.md")) + [ROOT / "docs" / "contract.md"]


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.parent.name if p.name == "statement.md" else p.name)
def test_the_provided_list_is_the_environments_and_nothing_provided_is_called_missing(path):
    text = _flat(path.read_text(encoding="utf-8"))
    bold = re.findall(r"\*\*(torch[^*]*)\*\*", text)
    assert bold, f"{path} names no provided packages"
    for listed in bold:
        assert listed == provided_text(), (path, listed)
    for missing in re.findall(r"\(no ([^)]*)\)", text):
        named = {n.strip() for n in re.split(r",|\bor\b|\band\b", missing) if n.strip()}
        assert not named & set(PROVIDED), (path, missing)
