"""Text a submission brings (its exception message, a file or folder name, a history key, a
source line) made inert for each sink it can reach. Every reporter builds its output from these,
so escaping is a property of the sink, not of the text someone thought to check:

  terminal   terminal_text: control and bidi characters -> '?'; later lines indented
  Markdown   md_code_span / md_fenced: inside a code span or a fence longer than any backtick
             run it holds, where GitHub renders no HTML, no link, no heading
  CSV        csv_cell: a cell a spreadsheet would run as a formula (=, +, -, @, tab, CR first,
             as OWASP's CSV-injection guidance lists) gets a leading apostrophe
  XML        xml_text: characters XML 1.0 cannot hold removed (ElementTree escapes the rest)
  HTML       jinja2 autoescape (grader/reporters/html.py); JSON: json.dumps
"""
from __future__ import annotations

import re

# C0 and C1 controls (escape sequences, carriage returns, backspaces), and the characters that
# reorder or hide text: bidi embeddings, overrides and isolates, marks, line/paragraph separators
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")
# what XML 1.0 cannot carry at all, escaped or not (ElementTree would write it, unreadable)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_NUMBER = re.compile(r"-?\d+(\.\d+)?(e[+-]?\d+)?")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def terminal_text(text, indent: int = 8) -> str:
    """Each control or bidi character as '?', so nothing can move the cursor, clear the screen
    or retitle the window, and every line after the first indented by `indent`, so none can pass
    for a line of the grader's own."""
    return _CONTROL.sub("?", str(text).replace("\r\n", "\n")).replace("\n", "\n" + " " * indent)


def terminal_line(text) -> str:
    """One terminal line: as terminal_text, with line breaks shown as ' | '."""
    return _CONTROL.sub("?", " | ".join(str(text).splitlines()) if text else "")


def xml_text(text) -> str:
    """Text an XML document may hold: controls other than tab and line breaks become '?'."""
    return _NOT_XML.sub("?", "" if text is None else str(text))


def csv_cell(value) -> str:
    """A cell no spreadsheet evaluates or splits: text starting like a formula gets a leading
    apostrophe (a plain number, a score or "-1.5", is kept as it is), and line breaks are "\n"."""
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_START) and not _NUMBER.fullmatch(text):
        text = "'" + text
    # a bare CR is no line break to the csv module (it would not quote the cell) but is one to a
    # spreadsheet: every line break becomes "\n", which the writer quotes
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _longest_backtick_run(text: str) -> int:
    return max((len(run) for run in re.findall(r"`+", text)), default=0)


def md_code_span(text) -> str:
    """Inline code GitHub shows literally: delimited by more backticks than any run inside, on
    one line, with no control characters; never empty."""
    text = terminal_line(text) or " "
    fence = "`" * (_longest_backtick_run(text) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or text.startswith(" ") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def md_fenced(text, info: str = "text") -> str:
    """A fenced block GitHub shows literally: the fence is longer than any backtick run inside
    (CommonMark closes a fence only on a run at least as long)."""
    body = "\n".join(_CONTROL.sub("?", line) for line in str(text).replace("\r\n", "\n").split("\n"))
    fence = "`" * max(3, _longest_backtick_run(body) + 1)
    return f"{fence}{info}\n{body}\n{fence}"
