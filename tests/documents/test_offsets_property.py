"""Property: for random documents of every format, planted phrases come out as prose that
maps back to exactly their source characters, and nothing from non-prose leaks.

Each generator assembles a document from parts and records where it planted phrases
("claim file", "l'assuré"...) and which parts are non-prose.  Every non-prose part
(code, tag attributes, template variables, comments, URLs) carries the marker "zqx",
which no prose word contains, so "nothing leaks" is simply ``"zqx" not in prose``.

Generators read their choices from one Hypothesis byte string (``Choices``) instead of
one ``draw`` per choice: a draw costs about half a millisecond, a byte almost nothing, and
Hypothesis still shrinks the bytes towards zero, i.e. towards the first option of every
choice (the simplest document).

Examples per test: FRAMING_LINT_HYPOTHESIS_EXAMPLES (default 100; CI sets 500).
"""
from __future__ import annotations

import io
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from framing_lint.documents import Document, parse, parse_bytes

EXAMPLES = int(os.environ.get("FRAMING_LINT_HYPOTHESIS_EXAMPLES", "100"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])

WORDS = ["we", "call", "you", "today", "your", "home", "policy", "team", "helps", "café", "naïve", "Straße", "garçon",
         "été", "über", "日本語", "😀", "Ωmega", "déjà", "cœur", "Zürich", "reçu", "a", "the", "and"]
PHRASES = ["claim file", "target customers", "l'assuré", "dossier sinistre", "the insured", "cœur de cible"]
SECRET = "zqx"

NEWLINES = ["\n", "\r\n", "\r"]
T = TypeVar("T")


class Choices:
    """Choices read from bytes; past the end every choice is the first option."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def byte(self) -> int:
        self.pos += 1
        return self.data[self.pos - 1] if self.pos <= len(self.data) else 0

    def int(self, lo: int, hi: int) -> int:
        return lo + self.byte() % (hi - lo + 1)

    def bool(self) -> bool:
        return self.byte() % 2 == 1

    def pick(self, options: Sequence[T]) -> T:
        return options[self.byte() % len(options)]

    def words(self) -> str:
        return " ".join(self.pick(WORDS) for _ in range(self.int(1, 6)))

    def secret(self) -> str:
        return f"{SECRET}{self.byte()}"

    def newline(self) -> str:
        return self.pick(NEWLINES)


# At least 48 bytes: shorter strings (Hypothesis's favourite) make one-line documents.
documents = st.binary(min_size=48, max_size=512).map(Choices)


@dataclass
class Builder:
    """Accumulates source text and the offsets of planted phrases."""

    c: Choices
    nl: str = "\n"
    parts: list[str] = field(default_factory=list)
    length: int = 0
    planted: list[tuple[str, int]] = field(default_factory=list)

    def add(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)

    def plant(self, phrase: str | None = None) -> None:
        phrase = phrase or self.c.pick(PHRASES)
        self.planted.append((phrase, self.length))
        self.add(phrase)

    def blank_line(self) -> None:
        """Two line breaks that stay two ("\\r" then "\\n" would read as one "\\r\\n")."""
        first, second = self.c.newline(), self.c.newline()
        self.add(first + ("\r" if first == "\r" and second.startswith("\n") else second))

    def source(self) -> str:
        return "".join(self.parts)


Extra = Callable[[Builder], None]


def check(doc: Document, planted: list[tuple[str, int]]) -> None:
    assert doc.check() == []
    prose = doc.prose
    text = prose.text
    assert SECRET not in text, text
    for phrase, offset in planted:
        assert doc.source[offset : offset + len(phrase)] == phrase
        spans = []
        i = text.find(phrase)
        while i >= 0:
            spans.append(prose.source_span(i, i + len(phrase)))
            i = text.find(phrase, i + 1)
        assert (offset, offset + len(phrase)) in spans, (phrase, offset, text)


def prose_line(b: Builder, extra: Extra | None = None) -> None:
    """Words with, maybe, a planted phrase and non-prose extras between them."""
    for _ in range(b.c.int(1, 4)):
        choice = b.c.int(0, 5)
        if choice == 0:
            b.plant()
        elif choice == 1 and extra is not None:
            extra(b)
        else:
            b.add(b.c.words())
        b.add(" ")


# -- text ---------------------------------------------------------------------------------
def text_extra(b: Builder) -> None:
    b.add(b.c.pick(["{{ %s }}", "{{%s.name}}", "{%% if %s %%}", "https://%s.example.com/a"]) % b.c.secret())


def text_doc(c: Choices) -> Builder:
    b = Builder(c, c.newline())
    for _ in range(c.int(1, 8)):
        if c.bool():
            prose_line(b, text_extra)
        b.add(c.newline() if c.bool() else b.nl)
    return b


# -- markdown -----------------------------------------------------------------------------
def md_extra(b: Builder) -> None:
    c = b.c
    s = c.secret()
    kind = c.int(0, 9)
    if kind == 0:
        b.add(f"`{s} code`")
    elif kind == 1:
        b.add("[")
        b.plant()
        b.add(f'](https://{s}.example.com/{s} "{s} title")')
    elif kind == 2:
        b.add(f"![{c.words()}]({s}.png)")
    elif kind == 3:
        b.add(f'<span class="{s}">{c.words()}</span>')
    elif kind == 4:
        b.add(f"**{c.words()}**")
    elif kind == 5:
        b.add(f"*{c.words()}*")
    elif kind == 6:
        b.add(f"<https://{s}.example.com>")
    elif kind == 7:
        b.add(f"{{{{ {s}.name }}}}")
    elif kind == 8:
        b.add(f"<!-- {s} -->")
    else:
        b.add("&amp;")


def markdown_doc(c: Choices) -> Builder:
    b = Builder(c, c.newline())
    nl = b.nl
    if c.bool():
        b.add(f'---{nl}title: "')
        prose_line(b)
        b.add(f'"{nl}{SECRET}key: {c.secret()}{nl}---{nl}{nl}')
    previous = ""
    for _ in range(c.int(1, 8)):
        kind = c.pick(["para", "heading", "list", "quote", "fence", "indented", "table", "html", "ref"])
        if kind == "indented" and previous in ("list", "quote", ""):
            kind = "para"  # an indented block after a list item continues the item
        if kind == "para":
            # a word first: a line starting with "<!--" would be a raw HTML block, whose
            # text (backticks included) is shown as is
            b.add(c.words() + " ")
            prose_line(b, md_extra)
            if c.bool():  # a soft line break inside the paragraph
                b.add(c.newline() + c.words() + " ")
                prose_line(b, md_extra)
        elif kind == "heading":
            b.add("#" * c.int(1, 4) + " ")
            prose_line(b, md_extra)
        elif kind == "list":
            for _ in range(c.int(1, 3)):
                b.add(c.pick(["- ", "* ", "1. "]) + c.words() + " ")
                prose_line(b, md_extra)
                b.add(nl)
        elif kind == "quote":
            b.add("> " + c.words() + " ")
            prose_line(b, md_extra)
        elif kind == "fence":
            b.add(f"```{c.secret()}{nl}{c.secret()} claim file{nl}```")
        elif kind == "indented":
            b.add(f"    {c.secret()} target customers")
        elif kind == "table":
            b.add("| ")
            prose_line(b)
            b.add(f"| {c.words()} |{nl}|---|---|{nl}| ")
            prose_line(b, md_extra)
            b.add(f"| `{c.secret()}` |")
        elif kind == "html":
            b.add(f'<div class="{c.secret()}">{nl}')
            prose_line(b)
            b.add(f"{nl}</div>")
        else:
            b.add(f"[{c.words()}][{SECRET}ref]{nl}{nl}[{SECRET}ref]: https://{c.secret()}.example.com")
        previous = kind
        b.blank_line()
    return b


# -- html ---------------------------------------------------------------------------------
BLOCKS = ["p", "div", "li", "td", "h2", "section", "blockquote"]
INLINES = ["b", "em", "span", "strong", "i", "a"]


def attributes(b: Builder, prose_attr: bool) -> None:
    s = b.c.secret()
    items = [f'class="{s}"', f"data-x='{s}'", f"id={s}", 'target="_blank"', f'href="https://{s}.example.com/?a=1&amp;b=2"']
    for _ in range(b.c.int(0, 3)):
        b.add(" " + b.c.pick(items))
    if prose_attr:
        b.add(f' {b.c.pick(["title", "alt", "aria-label", "placeholder"])}="')  # planted phrases hold apostrophes
        prose_line(b)
        b.add('"')


def html_extra(b: Builder) -> None:
    s = b.c.secret()
    b.add(b.c.pick([f"<code>{s}</code>", f"<!-- {s} -->", "&amp;", "&nbsp;", "<br>", f'<img src="{s}.png">', f"<kbd>{s}</kbd>"]))


def html_fragment(b: Builder, template: Extra | None, depth: int = 0) -> None:
    c = b.c

    def extra(bb: Builder) -> None:
        if template is not None and c.bool():
            template(bb)
        else:
            html_extra(bb)

    for _ in range(c.int(1, 4)):
        kind = c.int(0, 7)
        if kind <= 1 or depth >= 4:
            prose_line(b, extra)
        elif kind == 2:
            tag = c.pick(BLOCKS + INLINES)
            b.add(f"<{tag}")
            attributes(b, c.bool())
            b.add(">")
            html_fragment(b, template, depth + 1)
            b.add(f"</{tag}>")
        elif kind == 3:
            s = c.secret()
            b.add(c.pick([f'<script>var {s} = "<b>{s}</b>";</script>', f"<style>.{s} {{ color: red }}</style>",
                          f"<pre>{s} claim file</pre>", f"<textarea>{s}</textarea>"]))
        elif kind == 4:
            b.add("<img")
            attributes(b, True)
            b.add(c.pick([">", "/>", " />"]))
        elif kind == 5:
            b.add(c.newline() + "  ")
        elif kind == 6 and template is not None:
            template(b)
        else:
            b.add(f"<!--{b.nl} {c.secret()} {b.nl}-->")


def html_doc(c: Choices, template: Extra | None = None) -> Builder:
    b = Builder(c, c.newline())
    if c.bool():
        b.add(f'<!DOCTYPE html>{b.nl}<html lang="en"><head><title>')
        prose_line(b)
        b.add(f"</title></head>{b.nl}<body>")
    html_fragment(b, template)
    return b


# -- templates ----------------------------------------------------------------------------
def jinja_tag(b: Builder) -> None:
    s = b.c.secret()
    b.add(b.c.pick([f"{{{{ {s}.name }}}}", f"{{{{- {s} | upper -}}}}", f"{{% if {s} %}}", "{% endif %}",
                    f"{{# {s} note #}}", f"{{% for x in {s} %}}", "{% endfor %}", f"{{% set {s} = 1 %}}"]))


def handlebars_tag(b: Builder) -> None:
    s = b.c.secret()
    b.add(b.c.pick([f"{{{{{s}}}}}", f"{{{{{{{s}_raw}}}}}}", f"{{{{#if {s}}}}}", "{{/if}}", f"{{{{!-- {s} --}}}}",
                    f"{{{{! {s} }}}}", f"{{{{> {s}_partial}}}}", "{{else}}", f"{{{{#each {s}}}}}", "{{/each}}"]))


def liquid_tag(b: Builder) -> None:
    s = b.c.secret()
    b.add(b.c.pick([f"{{{{ {s} | escape }}}}", f"{{% if {s} %}}", "{% endif %}", f"{{% comment %}} {s} {{% endcomment %}}",
                    f"{{% assign {s} = 1 %}}", f'{{% capture {s} %}}<a href="{s}">{s}</a>{{% endcapture %}}']))


def text_template_doc(c: Choices, template: Extra) -> Builder:
    b = Builder(c, c.newline())
    for _ in range(c.int(1, 8)):
        kind = c.int(0, 3)
        if kind == 0:
            template(b)  # alone on its line
        elif kind <= 2:
            prose_line(b, template)
        b.add(c.newline())
    return b


# -- reStructuredText ----------------------------------------------------------------------
def rst_extra(b: Builder) -> None:
    c = b.c
    s = c.secret()
    kind = c.int(0, 5)
    if kind == 0:
        b.add(f"``{s} code``")
    elif kind == 1:
        b.add(":ref:`")
        b.plant()
        b.add(f" <{s}-label>`")
    elif kind == 2:
        b.add(f":doc:`{s}/page`")
    elif kind == 3:
        b.add(f"**{c.words()}**")
    elif kind == 4:
        b.add(f"`{c.words()} <https://{s}.example.com>`_")
    else:
        b.add(f"|{s}|")


def rst_doc(c: Choices) -> Builder:
    b = Builder(c, c.newline())
    nl = b.nl
    for _ in range(c.int(1, 8)):
        kind = c.pick(["para", "title", "list", "literal", "directive", "comment", "note"])
        if kind == "para":
            prose_line(b, rst_extra)
        elif kind == "title":
            start = b.length
            prose_line(b)
            b.add(nl + "=" * max(3, b.length - start))
        elif kind == "list":
            for _ in range(c.int(1, 3)):
                b.add("- ")
                prose_line(b, rst_extra)
                b.add(nl)
        elif kind == "literal":
            prose_line(b)
            b.add(f"::{nl}{nl}    {c.secret()} claim file{nl}    {c.secret()}")
        elif kind == "directive":
            b.add(f".. code-block:: {c.secret()}{nl}   :linenos:{nl}{nl}   {c.secret()} target customers")
        elif kind == "comment":
            b.add(f".. {c.secret()} the insured{nl}   {c.secret()}")
        else:
            b.add(f".. note::{nl}   :class: {c.secret()}{nl}{nl}   ")
            prose_line(b, rst_extra)
        b.blank_line()
    return b


# -- the properties -------------------------------------------------------------------------
@SETTINGS
@given(documents)
def test_text(c: Choices) -> None:
    b = text_doc(c)
    check(parse(b.source(), "text"), b.planted)


@SETTINGS
@given(documents)
def test_markdown(c: Choices) -> None:
    b = markdown_doc(c)
    check(parse(b.source(), "markdown"), b.planted)


@SETTINGS
@given(documents)
def test_html(c: Choices) -> None:
    b = html_doc(c)
    check(parse(b.source(), "html"), b.planted)


@pytest.mark.parametrize(
    ("fmt", "tag"),
    [("jinja-html", jinja_tag), ("handlebars-html", handlebars_tag), ("liquid-html", liquid_tag), ("mustache-html", handlebars_tag)],
    ids=["jinja", "handlebars", "liquid", "mustache"],
)
@SETTINGS
@given(c=documents)
def test_templates_over_html(fmt: str, tag: Extra, c: Choices) -> None:
    b = html_doc(c, tag)
    check(parse(b.source(), fmt), b.planted)


@pytest.mark.parametrize(
    ("fmt", "tag"),
    [("jinja-text", jinja_tag), ("handlebars-text", handlebars_tag), ("liquid-markdown", liquid_tag)],
    ids=["jinja", "handlebars", "liquid-markdown"],
)
@SETTINGS
@given(c=documents)
def test_templates_over_text(fmt: str, tag: Extra, c: Choices) -> None:
    b = text_template_doc(c, tag)
    check(parse(b.source(), fmt), b.planted)


@SETTINGS
@given(documents)
def test_rst(c: Choices) -> None:
    b = rst_doc(c)
    check(parse(b.source(), "rst"), b.planted)


@settings(max_examples=max(5, EXAMPLES // 10), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_docx(c: Choices) -> None:
    """Word files are slow to build: a tenth of the examples, paragraphs and table cells."""
    import docx

    document = docx.Document()
    table = None
    texts = []
    for _ in range(c.int(1, 8)):
        text = " ".join(c.pick(WORDS + PHRASES) for _ in range(c.int(1, 6)))
        texts.append(text)
        if c.bool():
            table = table or document.add_table(rows=0, cols=1)
            table.add_row().cells[0].text = text
        else:
            document.add_paragraph(text)
    data = io.BytesIO()
    document.save(data)
    doc = parse_bytes(data.getvalue(), "docx")
    assert doc.check() == []
    lines = doc.source.split("\n")
    assert all(text in lines for text in texts)
    for text in texts:  # every paragraph is prose, mapped to its own line
        i = doc.prose.text.find(text)
        span = doc.prose.source_span(i, i + len(text))
        assert i >= 0 and span is not None and doc.source[span[0] : span[1]] == text
