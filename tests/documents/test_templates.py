from __future__ import annotations

import pytest

from framing_lint.documents import Directive, Document, detect_format, parse
from framing_lint.documents.emit import PLACEHOLDER


def tpl(source: str, fmt: str) -> Document:
    doc = parse(source, fmt)
    assert doc.check() == []
    return doc


def blocks(doc: Document) -> list[str]:
    return [" ".join(b.split()) for b in doc.prose.text.split("\n\n") if b.strip()]


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("letter.html.j2", "jinja-html"),
        ("notice.txt.j2", "jinja-text"),
        ("page.md.jinja2", "jinja-markdown"),
        ("mail.j2", "jinja"),
        ("mail.jinja", "jinja"),
        ("welcome.hbs", "handlebars"),
        ("welcome.html.hbs", "handlebars-html"),
        ("welcome.handlebars", "handlebars"),
        ("a.mustache", "mustache"),
        ("a.txt.mustache", "mustache-text"),
        ("page.liquid", "liquid"),
        ("page.html.liquid", "liquid-html"),
        ("welcome.jinja.html", "jinja-html"),
        ("LETTER.HTML.J2", "jinja-html"),
        ("dir/brief.md", "markdown"),
        ("a.mdx", "mdx"),
        ("a.htm", "html"),
        ("a.rst", "rst"),
        ("a.docx", "docx"),
        ("a.odt", "odt"),
        ("README", "text"),
        (None, "text"),
    ],
)
def test_detect_format(name: str | None, fmt: str) -> None:
    assert detect_format(name) == fmt


def test_config_globs_override_the_extension() -> None:
    assert detect_format("mail/welcome.email", {"*.email": "html"}) == "html"
    assert detect_format("templates/a.tpl", {"templates/*.tpl": "jinja-html"}) == "jinja-html"


def test_jinja_over_html() -> None:
    source = """{# framing-lint: disable=procedure-jargon -- approved wording #}
<html lang="{{ locale }}"><body>
  <p>Dear {{ insured.first_name }} {{ insured.last_name }},</p>
  <p>We opened a claim file on {{ claim.date|date("d/m") }}.
  {% if claimant.is_new %}As a new claimant, you get a welcome pack.{% endif %}</p>
  {#- framing-lint: enable=procedure-jargon -#}
  <p>Your case number is <code>{{ claim.id }}</code>; {%- set x = 1 -%} see <a href="{{ url }}" target="_blank">the page</a>.</p>
</body></html>"""
    doc = tpl(source, "jinja-html")
    assert doc.directives == [
        Directive("disable", frozenset({"procedure-jargon"}), 1),
        Directive("enable", frozenset({"procedure-jargon"}), 6),
    ]
    assert blocks(doc) == [
        f"Dear {PLACEHOLDER} {PLACEHOLDER},",
        f"We opened a claim file on {PLACEHOLDER}. As a new claimant, you get a welcome pack.",
        f"Your case number is {PLACEHOLDER}; see the page.",
    ]
    assert doc.language is None  # lang="{{ locale }}" is not a language


def test_a_variable_does_not_split_the_sentence_and_maps_around() -> None:
    doc = tpl("<p>Dear {{ name }}, your claim file is ready.</p>", "jinja-html")
    prose = doc.prose
    assert blocks(doc) == [f"Dear {PLACEHOLDER}, your claim file is ready."]
    x = prose.text.index(PLACEHOLDER)
    assert prose.source_offset(x) is None
    i = prose.text.index("claim file")
    assert prose.source_span(i, i + 10) == (doc.source.index("claim file"), doc.source.index("claim file") + 10)


def test_control_tags_add_nothing() -> None:
    doc = tpl("You have {{ n }} claim{% if n > 1 %}s{% endif %} open.\n", "jinja-text")
    assert blocks(doc) == [f"You have {PLACEHOLDER} claims open."]


def test_handlebars() -> None:
    source = """{{!-- Welcome mail --}}
<h1>Welcome, {{POLICYHOLDER1_FIRSTNAME}}!</h1>
{{#if prospect}}
<p>As one of our target customers you qualify.</p>
{{else}}
<p>Your policy {{{policy_link}}} is active. {{> footer_partial}}</p>
{{/if}}
{{! framing-lint: disable-next-line=lead-people }}
<p>Your account lead will answer.</p>
{{!-- framing-lint: disable-file --}}"""
    doc = tpl(source, "handlebars")
    assert blocks(doc) == [
        f"Welcome, {PLACEHOLDER}!",
        "As one of our target customers you qualify.",
        f"Your policy {PLACEHOLDER} is active.",
        "Your account lead will answer.",
    ]
    assert doc.directives == [
        Directive("disable-next-line", frozenset({"lead-people"}), 8),
        Directive("disable-file", frozenset(), 10),
    ]


def test_mustache_over_text_with_standalone_sections() -> None:
    source = "Hi {{name}},\r\n{{#items}}\r\n- {{title}}: the claim file\r\n{{/items}}\r\n{{^items}}\r\nNothing due.\r\n{{/items}}\r\n"
    doc = tpl(source, "mustache")
    assert blocks(doc) == [f"Hi {PLACEHOLDER},", f"- {PLACEHOLDER}: the claim file", "Nothing due."]


def test_liquid_blocks() -> None:
    source = """{% comment %} framing-lint: disable-next-line {% endcomment %}
<p>Dear {{ customer.name | escape }},</p>
{% capture link %}<a href="{{ url }}">the claim file</a>{% endcapture %}
{% # framing-lint: disable=claim-file %}
<p>{% raw %}Literal {{ braces }} shown{% endraw %} here.</p>
{%- assign n = 1 -%}"""
    doc = tpl(source, "liquid-html")
    assert blocks(doc) == [f"Dear {PLACEHOLDER},", "Literal {{ braces }} shown here."]
    assert doc.directives == [
        Directive("disable-next-line", frozenset(), 1),
        Directive("disable", frozenset({"claim-file"}), 4),
    ]


def test_jinja_comments_only_in_jinja() -> None:
    assert blocks(tpl("Text {# note #} end\n", "jinja-text")) == ["Text end"]
    # In Markdown "{#id}" is a heading anchor, and "{# ... #}" is just text there.
    assert "{#" in tpl("# Title {#anchor}\n\nText {# kept #}\n", "markdown").prose.text


def test_outer_format_is_sniffed() -> None:
    assert blocks(tpl("<p>Dear {{ name }},</p><p>bye</p>", "jinja")) == [f"Dear {PLACEHOLDER},", "bye"]
    assert blocks(tpl("Dear {{ name }}, <not a tag\nbye", "jinja")) == [f"Dear {PLACEHOLDER}, <not a tag bye"]


def test_unclosed_tag_is_a_warning_in_a_template_only() -> None:
    doc = tpl("line one\nDear {{ name,\nthe claim file\n", "jinja-text")
    assert doc.warnings == [(2, "unclosed template tag '{{'; the rest is linted as text")]
    assert "the claim file" in doc.prose.text
    assert parse("Cost: {{ see below\n", "text").warnings == []


def test_template_over_markdown() -> None:
    doc = tpl("# {{ title }}\n\n{% if x %}\nDear **{{ name }}**, your claim file.\n{% endif %}\n", "jinja-markdown")
    assert blocks(doc) == [PLACEHOLDER, f"Dear {PLACEHOLDER}, your claim file."]


@pytest.mark.parametrize("unit", ["{{", "{% raw %}", "{% comment %}", "{{!--", "a{{x}}b ", "{%", "{#"])
def test_pathological_templates_are_linear(unit: str) -> None:
    import time

    start = time.perf_counter()
    parse(unit * 100_000, "jinja-html")
    assert time.perf_counter() - start < 10
