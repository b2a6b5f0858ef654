from __future__ import annotations

import time

import pytest

from framing_lint.documents import Directive, Document, parse
from framing_lint.documents.emit import PLACEHOLDER


def html(source: str) -> Document:
    doc = parse(source, "html")
    assert doc.check() == []
    return doc


def blocks(doc: Document) -> list[str]:
    return [" ".join(b.split()) for b in doc.prose.text.split("\n\n") if b.strip()]


def test_letter() -> None:
    source = """<!DOCTYPE html>
<html lang="en-GB">
<head><title>Your claim file</title><style>.claim-file { color: red }</style>
<script>var targetCustomers = "<p>leads</p>";</script></head>
<body>
  <h1>Update on your claim</h1>
  <p>Please be advised that <strong>the insured</strong> must call us
     within 30&nbsp;days &amp; keep the <a href="https://x.example/claim-file" target="_blank"
     class="link" title="Open the claim file">claim file</a> number.</p>
  <ul><li>Photos</li><li>Receipts</li></ul>
  <img src="sig.png" alt="Signature of the claims handler">
  <pre>claim_file = 1</pre><code>the insured</code> <kbd>Ctrl</kbd>
  <table><tr><td>target</td><td>customers</td></tr></table>
  <input type="submit" value="Send to the claim team"> <input type="text" value="zzz" placeholder="Your name">
</body></html>"""
    doc = html(source)
    assert doc.language == "en"
    assert blocks(doc) == [
        "Your claim file",
        "Update on your claim",
        "Please be advised that the insured must call us within 30 days & keep the claim file number.",
        "Open the claim file",
        "Photos",
        "Receipts",
        "Signature of the claims handler",
        f"{PLACEHOLDER} {PLACEHOLDER}",
        "target",
        "customers",
        "Send to the claim team",
        "Your name",
    ]
    for leak in ("href", "_blank", "link", "claim_file", "var", "color", "zzz", "sig.png"):
        assert leak not in doc.prose.text


def test_inline_elements_keep_the_sentence_whole() -> None:
    doc = html("<p>Our <b>target</b> <span class=x>custo</span>mers</p>")
    assert blocks(doc) == ["Our target customers"]
    i = doc.prose.text.index("target")
    assert doc.prose.source_span(i, i + 6) == (doc.source.index("target"), doc.source.index("target") + 6)


@pytest.mark.parametrize("tag", ["p", "div", "li", "td", "h2", "br", "tr", "section", "blockquote", "dt"])
def test_block_elements_end_a_block(tag: str) -> None:
    doc = html(f"claim<{tag}>file")
    assert blocks(doc) == ["claim", "file"]


def test_entities_map_to_nothing() -> None:
    doc = html("<p>Claims &amp; files &#8212; &#x2014; &eacute;t&eacute; AT&T &bogus;</p>")
    assert blocks(doc) == ["Claims & files — — été AT&T &bogus;"]
    amp = doc.prose.text.index("&")
    assert doc.prose.source_offset(amp) is None


@pytest.mark.parametrize("nl", ["\n", "\r\n", "\r"], ids=["lf", "crlf", "cr"])
def test_directives(nl: str) -> None:
    source = nl.join([
        "<p>one</p>",
        "<!-- framing-lint: disable-next-line=claim-file -->",
        "<p>the claim file</p>",
        "<!--",
        " framing-lint: disable -->",
        "<p>x <!-- framing-lint: disable-line=lead-people --> y</p>",
    ])
    doc = html(source)
    assert doc.directives == [
        Directive("disable-next-line", frozenset({"claim-file"}), 2),
        Directive("disable", frozenset(), 4, 5),
        Directive("disable-line", frozenset({"lead-people"}), 6),
    ]


def test_language_normalised() -> None:
    assert html('<html lang="FR_be"><p>x</p></html>').language == "fr"
    assert html("<html><p>x</p></html>").language is None


@pytest.mark.parametrize(
    "source",
    [
        "<p>claim file <!-- unclosed comment",
        "<p>claim file <a href='unterminated",
        "<p>claim file <a",
        "<p>claim file</p></div></span></p>",
        "claim file < 3 and > 2",
        "<p>claim file</p><script>never closed",
        "<![CDATA[x]]><?php echo 1 ?><!doctype html></>claim file",
        "<p title=\"a > b\">claim file</p>",
    ],
)
def test_malformed_html_is_read_without_crashing(source: str) -> None:
    doc = html(source)
    assert "claim file" in doc.prose.text


def test_attribute_containing_greater_than() -> None:
    doc = html('<p data-x="a > b" title="the insured">claim file</p>')
    assert blocks(doc) == ["the insured", "claim file"]


def test_hundred_thousand_nested_elements() -> None:
    doc = html("<div><b>" * 100_000 + "claim file" + "</b></div>" * 100_000)
    assert blocks(doc) == ["claim file"]


@pytest.mark.parametrize("unit", ["<a ", "<!x", "</ x", "<!--", "<a title=\"", "&amp;", "<p>"])
def test_pathological_input_is_linear(unit: str) -> None:
    # html.parser takes minutes on 60 kB of "<a "; ours must stay linear
    start = time.perf_counter()
    parse(unit * 200_000, "html")
    assert time.perf_counter() - start < 10


def test_jekyll_front_matter() -> None:
    doc = html("---\r\nlayout: default\r\ntitle: Claims handbook\r\nlang: fr\r\n---\r\n<h1>{{ page.title }}</h1><p>Bienvenue.</p>\r\n")
    assert doc.language == "fr"
    assert blocks(doc) == ["Claims handbook", PLACEHOLDER, "Bienvenue."]


def test_unicode_space_inside_a_tag_is_part_of_an_attribute_not_a_crash() -> None:
    # Found by tests/test_fuzz.py: U+2028 is whitespace to ``\s`` but not to HTML.
    from framing_lint.documents import parse

    doc = parse("x<a href='<a href='y\u2028 z", "html")
    assert doc.check() == [] and doc.prose.text.strip() == "x"
    doc = parse("<p>Call <b\u2028title=t>the claimant</b>.</p>", "html")
    assert doc.check() == [] and "the claimant" in doc.prose.text
