"""Fuzz: random bytes and random nestings of the markup of every format, through the
whole linter (decoding, parsing, gate, matching, findings), as standard input would be.

Whatever the input, ``lint_bytes`` returns findings or raises ``SourceError`` (binary,
undecodable, corrupt, over a limit): never anything else, never a hang (a deadline per
example, and an alarm behind it), and it writes nothing to standard output, at the Python
level or the file descriptor level (odfpy printed a broken part's text there).

As in ``documents/test_offsets_property.py``, a document is built from one Hypothesis
byte string read as choices, which is far cheaper than a draw per choice and still
shrinks towards the simplest document.

Examples per test: FRAMING_LINT_HYPOTHESIS_EXAMPLES (default 100; CI sets 500).
"""
from __future__ import annotations

import contextlib
import io
import os
import signal
import tempfile
import zipfile
from collections.abc import Iterator, Sequence
from datetime import timedelta
from functools import cache
from types import FrameType
from typing import TypeVar

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from framing_lint.api import lint_bytes
from framing_lint.config import Config
from framing_lint.findings import Finding
from framing_lint.sourcefile import SourceError

EXAMPLES = int(os.environ.get("FRAMING_LINT_HYPOTHESIS_EXAMPLES", "100"))
# The deadline is generous for a loaded two-core CI machine; the alarm stops a real hang,
# which a deadline alone cannot interrupt.
SETTINGS = settings(max_examples=EXAMPLES, deadline=timedelta(seconds=10),
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
HANG_SECONDS = 60

CONFIG = Config(models={"en": "none", "fr": "none"})
NAMES = ["a.txt", "a.md", "a.mdx", "a.html", "a.rst", "a.j2", "a.html.j2", "a.md.j2", "a.hbs", "a.mustache",
         "a.liquid", "a.docx", "a.odt"]
TEXT_NAMES = [n for n in NAMES if not n.endswith((".docx", ".odt"))]

# Pieces of every syntax the format modules read, prose with jargon, directives, and the
# characters that broke parsers before (NUL, lone CR, BOM, line separator, RTL override).
PIECES = [
    "target customers", "claim file", "l'assuré", "dossier sinistre", "the insured", "leads", "We", "you", ".", "?",
    "…", ",", " ", "  ", "\n", "\n\n", "\r\n", "\r", "\t", "é", "😀", "日本", "\x00", "\ufeff", "\u2028", "\u202e",
    "# ", "## ", "> ", "- ", "* ", "1. ", "```", "`", "**", "_", "[", "](", ")", "|", "---", "===", "***", "\\",
    "<!--", "-->", "<b>", "</b>", "<p>", "</p>", "<", ">", "&amp;", "&#", "&#x1F600;", "&", "<script>", "</script>",
    "<pre>", "</pre>", "<a href='", "'>", "</a>", "title=\"", "\"", "<![CDATA[", "]]>", "<!DOCTYPE html>",
    "{{", "}}", "{%", "%}", "{#", "#}", "{{#", "{{/", "{{!--", "--}}", "{{{", "}}}", "{% raw %}", "{% endraw %}",
    ".. ", "::", "``", ":ref:`", "`_", "`__", "+---+", ".. note::", ".. code::", "   ", ":field: ",
    "---\ntitle: x\nlang: fr\n---\n", "framing-lint: disable", "framing-lint: enable=claim-file",
    "framing-lint: disable-next-line", "<!-- framing-lint: disable-file -->", "{# framing-lint: disabel #}",
    "https://example.org/target-customers", "import x from 'y'\n", "export const a = 1\n",
]
PAIRS = [
    ("<b>", "</b>"), ("<p>", "</p>"), ("<div><p>", "</p></div>"), ("<table><tr><td>", "</td></tr></table>"),
    ("{% if a %}", "{% endif %}"), ("{% for x in y %}", "{% endfor %}"), ("{{#each a}}", "{{/each}}"),
    ("**", "**"), ("*", "*"), ("`", "`"), ("```\n", "\n```\n"), ("> ", "\n"), ("- ", "\n"), ("<!--", "-->"),
    ("[", "](https://x.org)"), ("| ", " |\n|---|\n"), (".. note::\n\n   ", "\n\n"), ("``", "``"), ("(", ")"),
    ("\"", "\""), ("« ", " »"), ("{{", "}}"), ("<w:p>", "</w:p>"),
]
T = TypeVar("T")


class Choices:
    """Choices read from bytes; past the end every choice is the first option."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def byte(self) -> int:
        self.pos += 1
        return self.data[self.pos - 1] if self.pos <= len(self.data) else 0

    def pick(self, options: Sequence[T]) -> T:
        return options[self.byte() % len(options)]

    def more(self) -> bool:
        return self.pos < len(self.data)


def nested(c: Choices, depth: int = 0) -> str:
    """Pieces and pairs nested up to 8 deep; a pair's closing part is sometimes left out,
    or put in twice."""
    parts: list[str] = []
    while c.more() and len(parts) < 40:
        kind = c.byte() % 8
        if kind < 5 or depth >= 8:
            parts.append(c.pick(PIECES))
        elif kind < 7:
            opening, closing = c.pick(PAIRS)
            parts.append(opening + nested(c, depth + 1) + closing * (c.byte() % 3))
        else:
            break
    return "".join(parts)


def encoded(c: Choices, text: str) -> bytes:
    how = c.byte() % 6
    if how == 1:
        return text.encode("utf-16")
    if how == 2:
        return text.encode("utf-16-le", "replace")  # without a byte-order mark
    if how == 3:
        return text.encode("cp1252", "replace")
    if how == 4:  # UTF-8 with a stray byte somewhere
        data = text.encode("utf-8")
        at = c.byte() * len(data) // 256
        return data[:at] + bytes([0x80 | c.byte()]) + data[at:]
    return text.encode("utf-8", "surrogatepass")


@cache
def office_templates() -> dict[str, bytes]:
    import docx
    from odf import text as odf_text
    from odf.opendocument import OpenDocumentText

    word = io.BytesIO()
    d = docx.Document()
    d.add_paragraph("x")
    d.save(word)
    odt = io.BytesIO()
    o = OpenDocumentText()
    o.text.addElement(odf_text.P(text="x"))
    o.write(odt)
    return {"docx": word.getvalue(), "odt": odt.getvalue()}


WORD_TAGS = ["<w:p>", "</w:p>", "<w:r>", "</w:r>", "<w:t>", "</w:t>", "<w:tab/>", "<w:br/>", "<w:tbl><w:tr><w:tc>",
             "</w:tc></w:tr></w:tbl>", "<w:del>", "</w:del>", "<w:instrText>", "</w:instrText>", "<w:noBreakHyphen/>"]
ODF_TAGS = ["<text:p>", "</text:p>", "<text:h>", "</text:h>", "<text:span>", "</text:span>", '<text:s text:c="3"/>',
            '<text:s text:c="999999999"/>', "<text:tab/>", "<text:line-break/>", "<office:annotation>",
            "</office:annotation>", "<text:note><text:note-body>", "</text:note-body></text:note>"]


def office(c: Choices, kind: str) -> bytes:
    """A real Word or OpenDocument file whose body is replaced by random (often broken) XML."""
    template = office_templates()[kind]
    part, opening, closing = (("word/document.xml", "<w:body>", "</w:body>") if kind == "docx"
                              else ("content.xml", "<office:text>", "</office:text>"))
    tags = WORD_TAGS if kind == "docx" else ODF_TAGS
    body = "".join(c.pick(tags) + (c.pick(PIECES) if c.byte() % 2 else "") for _ in range(c.byte() % 60))
    src = zipfile.ZipFile(io.BytesIO(template))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == part:
                xml = data.decode("utf-8")
                head, _, rest = xml.partition(opening)
                tail = rest.partition(closing)[2]
                data = (head + opening + body + closing + tail).encode("utf-8", "surrogatepass")
            z.writestr(info, data)
    data = out.getvalue()
    if c.byte() % 5 == 0:  # and sometimes a cut or damaged archive
        at = c.byte() * len(data) // 256
        data = data[:at] + bytes([c.byte()]) * (c.byte() % 3) + data[at + 1:]
    return data


@contextlib.contextmanager
def stdout_watched() -> Iterator[list[str]]:
    """Collect whatever is written to standard output, by Python or straight to fd 1."""
    got: list[str] = []
    saved = os.dup(1)
    with tempfile.TemporaryFile() as sink, contextlib.redirect_stdout(io.StringIO()) as py:
        os.dup2(sink.fileno(), 1)
        try:
            yield got
        finally:
            os.dup2(saved, 1)
            os.close(saved)
            sink.seek(0)
            got.append(py.getvalue() + sink.read().decode("utf-8", "replace"))


@contextlib.contextmanager
def alarm(seconds: int) -> Iterator[None]:
    def expired(signum: int, frame: FrameType | None) -> None:
        raise AssertionError(f"still linting after {seconds} s: a hang")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def lint_never_fails(data: bytes, name: str) -> None:
    with alarm(HANG_SECONDS), stdout_watched() as out:
        try:
            found = lint_bytes(data, filename=name, config=CONFIG)
        except SourceError:
            found = []
    assert out == [""], f"{name}: wrote to stdout: {out[0][:200]!r}"
    assert all(isinstance(f, Finding) for f in found)
    for f in found:
        assert 1 <= f.line <= f.end_line and f.column >= 1


@SETTINGS
@given(st.binary(max_size=600), st.sampled_from(NAMES))
def test_random_bytes_in_every_format(data: bytes, name: str) -> None:
    lint_never_fails(data, name)


@SETTINGS
@given(st.binary(min_size=16, max_size=400), st.sampled_from(NAMES))
def test_random_nestings_of_every_format(choices: bytes, name: str) -> None:
    c = Choices(choices)
    if name.endswith((".docx", ".odt")):
        data = office(c, name.rsplit(".", 1)[1])
    else:
        data = encoded(c, nested(c))
    lint_never_fails(data, name)
