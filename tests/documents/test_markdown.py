from __future__ import annotations

import pytest

from framing_lint.documents import Directive, Document, parse
from framing_lint.documents.emit import PLACEHOLDER


def md(source: str, fmt: str = "markdown") -> Document:
    doc = parse(source, fmt)
    assert doc.check() == []
    return doc


def blocks(doc: Document) -> list[str]:
    return [b.strip() for b in doc.prose.text.split("\n\n") if b.strip()]


def span_of(doc: Document, phrase: str) -> str:
    """The source text a prose phrase maps back to."""
    i = doc.prose.text.index(phrase)
    span = doc.prose.source_span(i, i + len(phrase))
    assert span is not None
    return doc.source[span[0] : span[1]]


@pytest.mark.parametrize(
    "source",
    [
        "**target** customers",
        "*target* customers",
        "_target_ __customers__",
        "~~target~~ customers",
        '<span class="x">target</span> customers',
        "[target](https://example.com) customers",
    ],
)
def test_inline_markup_does_not_break_prose(source: str) -> None:
    doc = md(f"Our {source} are landlords.\n")
    assert blocks(doc) == ["Our target customers are landlords."]
    for word in ("target", "customers"):
        i = doc.prose.text.index(word)
        start = doc.prose.source_offset(i)
        assert start is not None and doc.source[start : start + len(word)] == word


@pytest.mark.parametrize(("nl", "prose_nl"), [("\n", "\n"), ("\r\n", "\n"), ("\r", "\r")], ids=["lf", "crlf", "cr"])
def test_soft_break_stays_as_the_files_own_character(nl: str, prose_nl: str) -> None:
    doc = md(f"We opened a claim{nl}file for you.{nl}")
    assert blocks(doc) == [f"We opened a claim{prose_nl}file for you."]
    assert span_of(doc, f"claim{prose_nl}file") == f"claim{nl}file"


def test_blocks_headings_lists_tables_quotes() -> None:
    source = (
        "# The claim file\n\nIntro paragraph.\n\n- first item\n- second item\n\n"
        "| Channel | Owner |\n|---|---|\n| the insured | tech lead |\n\n> A quoted block\n> on two lines.\n"
    )
    doc = md(source)
    assert blocks(doc) == [
        "The claim file", "Intro paragraph.", "first item", "second item",
        "Channel", "Owner", "the insured", "tech lead", "A quoted block\non two lines.",
    ]


def test_code_is_not_prose() -> None:
    source = (
        "Run `target_customers()` now.\n\n```python\nclaim_file = 1\n```\n\n~~~\nthe insured\n~~~\n\n"
        "Paragraph.\n\n    indented claim file\n"
    )
    doc = md(source)
    assert blocks(doc) == [f"Run {PLACEHOLDER} now.", "Paragraph."]


def test_links_images_and_urls() -> None:
    source = (
        "See [the claim file](https://example.com/claim-file \"Claim file title\"), "
        "![Chart of target customers](chart.png \"t\"), <https://example.com/leads> and [ref][r] [r].\n\n"
        "[r]: https://example.com/r \"ref title\"\n"
    )
    doc = md(source)
    assert blocks(doc) == [f"See the claim file, Chart of target customers, {PLACEHOLDER} and ref r."]
    assert "example" not in doc.prose.text and "title" not in doc.prose.text


def test_html_blocks_and_inline_html() -> None:
    source = (
        '<div class="callout" title="Note about leads">\nThe insured <b>must</b> call us.\n</div>\n\n'
        'Text with <code>claim_file</code>, <abbr title="the insured">TI</abbr> and a<br>break.\n'
    )
    doc = md(source)
    # an attribute waits for the end of its block (here the <br>) so it never cuts a sentence
    assert blocks(doc) == ["Note about leads", "The insured must call us.", f"Text with {PLACEHOLDER}, TI and a", "the insured", "break."]
    assert "callout" not in doc.prose.text and "claim_file" not in doc.prose.text


def test_entities_and_escapes_are_synthetic() -> None:
    doc = md("Claims &amp; files \\*not emphasis\\* here.\n")
    assert blocks(doc) == ["Claims & files *not emphasis* here."]
    amp = doc.prose.text.index("&")
    assert doc.prose.source_offset(amp) is None
    assert span_of(doc, "files") == "files"


@pytest.mark.parametrize("nl", ["\n", "\r\n", "\r"], ids=["lf", "crlf", "cr"])
def test_directives_in_comments_with_line_numbers(nl: str) -> None:
    source = nl.join([
        "# Title",
        "",
        "<!-- framing-lint: disable-next-line=claim-file -->",
        "The claim file.",
        "",
        "<!--",
        "  framing-lint: disable=lead-people, target-people",
        "-->",
        "Text <!-- framing-lint: disable-line --> inline.",
        "",
        "```html",
        "<!-- framing-lint: disable-file -->",
        "```",
        "",
    ])
    doc = md(source)
    assert doc.directives == [
        Directive("disable-next-line", frozenset({"claim-file"}), 3),
        Directive("disable", frozenset({"lead-people", "target-people"}), 6, 8),
        Directive("disable-line", frozenset(), 9),
    ]
    assert "framing-lint" not in doc.prose.text


def test_front_matter() -> None:
    source = (
        "---\n"
        'title: "Reaching our target customers"\n'
        "description: >\n  How we convert leads\n  before the target date.\n"
        "slug: target-customers\nlang: fr-FR\ntags: [claim file]\n"
        "---\n\nBody.\n"
    )
    doc = md(source)
    assert doc.language == "fr"
    assert blocks(doc) == ["Reaching our target customers", "How we convert leads\nbefore the target date.", "Body."]
    assert span_of(doc, "How we convert leads") == "How we convert leads"


def test_plain_title_with_comment() -> None:
    doc = md("---\ntitle: Claims handbook  # internal\nlayout: page\n---\nBody\n")
    assert blocks(doc) == ["Claims handbook", "Body"]


def test_broken_front_matter_is_a_warning_and_read_as_text() -> None:
    doc = md("---\ntitle: [unclosed\nowner: claims\n---\n\nBody.\n")
    assert doc.warnings and doc.warnings[0][1].startswith("front matter is not valid YAML")
    assert doc.warnings[0][1].endswith("linted as text")
    assert blocks(doc)[-1] == "Body."
    assert "title: [unclosed" in doc.prose.text


def test_a_lone_rule_is_not_front_matter() -> None:
    doc = md("---\n\nSome text\n\n---\n")
    assert blocks(doc) == ["Some text"]


def test_jekyll_liquid_is_not_prose() -> None:
    source = "{% include icon.html username=\"claims\" %} /\n\nWelcome to {{ site.title }}, dear customer.\n"
    doc = md(source)
    assert blocks(doc) == ["/", f"Welcome to {PLACEHOLDER}, dear customer."]


def test_a_stray_double_brace_does_not_hide_prose() -> None:
    doc = md("Use {{ in your notes.\n\nThe claim file is here. }} end\n")
    assert blocks(doc) == ["Use {{ in your notes.", "The claim file is here. }} end"]


def test_template_variable_at_line_start_is_not_code() -> None:
    doc = md("Intro.\n\n{{ greeting }} dear customer,\n")
    assert blocks(doc) == ["Intro.", f"{PLACEHOLDER} dear customer,"]


def test_mdx_import_and_export_lines() -> None:
    source = "import Chart from './chart'\nexport const meta = {title: 'x'}\n\n# Target customers\n\n<Chart data={x} />\n"
    doc = md(source, "mdx")
    assert blocks(doc) == ["Target customers"]


def test_nul_and_odd_characters_do_not_shift_offsets() -> None:
    doc = md("a\0b claim file\ttab and é\u2028x\n")
    assert span_of(doc, "claim file") == "claim file"


@pytest.mark.parametrize(
    "prefix",
    ["", "Élodie — café ", "😀 emoji 😀 ", "日本語のテキスト ", "é" * 300 + " "],
    ids=["ascii", "latin", "astral", "cjk", "long-run"],
)
def test_offsets_after_multibyte_characters(prefix: str) -> None:
    # The parser reports UTF-8 byte ranges; every prose word must still map to its characters.
    doc = md(f"# {prefix}Titre\n\n{prefix}**the** claim file, *{prefix}*the insured.\n\n- {prefix}lead\n")
    for phrase in ("claim file", "the insured", "lead", "Titre"):
        assert span_of(doc, phrase) == phrase


def test_lone_cr_line_endings_keep_fences_and_html_blocks() -> None:
    source = "Intro.\r\r```\rthe claim file\r```\r\r<div>\rOur leads.\r</div>\r\rEnd.\r"
    doc = md(source)
    assert blocks(doc) == ["Intro.", "Our leads.", "End."]
    assert span_of(doc, "leads") == "leads"


def test_html_block_inside_a_quote_leaves_the_markers_out() -> None:
    doc = md("> <div>\n> the claim file\n> </div>\n")
    assert blocks(doc) == ["the claim file"]


def test_undecodable_bytes_kept_as_surrogates_do_not_stop_the_parse() -> None:
    doc = md("Bad byte \udce9 here, then the claim file.\n")
    assert span_of(doc, "claim file") == "claim file"


def test_link_text_that_is_a_title_is_a_mention() -> None:
    from framing_lint import lint_text
    from framing_lint.config import Config

    cfg = Config(language="en", models={"en": "none"})
    text = "See the [Key Accounts List](https://x.org/a).\n\nWe review [our key accounts](https://x.org) weekly.\n"
    found = [(f.rule, f.line) for f in lint_text(text, filename="a.md", config=cfg)]
    assert found == [("key-accounts", 3)]


def test_a_link_that_is_a_whole_line_or_cell_is_a_label_not_prose() -> None:
    # A table of contents, a list of links or a table cell holding one link names a page;
    # the same words in a sentence around a link are still prose.
    from framing_lint import lint_text
    from framing_lint.config import Config

    cfg = Config(language="en", models={"en": "none"})
    text = (
        "- [Prospect](#prospect)\n"
        "- [Importing Contacts or Leads to your CRM](https://help.example.com/a)\n\n"
        "| Metric | Where |\n|---|---|\n| [Product qualified lead (PQL)](pql.md) | Looker |\n\n"
        "Sales should call [every inbound lead](lead.md) within a day.\n"
    )
    found = [(f.rule, f.line) for f in lint_text(text, filename="a.md", config=cfg)]
    assert found == [("leads-in-sales-text", 8)]


def test_whole_line_check_looks_only_at_the_line_ends() -> None:
    from framing_lint.documents.emit import is_whole_line

    text = "intro\n- prospect list:\nwe call the prospect daily"
    a = text.index("prospect list")
    assert is_whole_line(text, a, a + len("prospect list"))
    b = text.index("prospect daily")
    assert not is_whole_line(text, b, b + len("prospect"))
    # A very long line: the check stays bounded and says no.
    long = "x" * 100_000 + " the lead " + "y" * 100_000
    c = long.index("the lead")
    assert not is_whole_line(long, c, c + 8)
