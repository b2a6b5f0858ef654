"""Templates: Jinja, Handlebars, Mustache and Liquid over HTML, Markdown or text.

Template tags, expressions, variables and comments are never prose; the text around them
is, parsed by the outer format.  How: the tags are blanked out of a same-length copy of
the source (see :mod:`~framing_lint.documents.template_syntax`), the outer format parses
that copy, and each tag met inside prose becomes synthetic text: a placeholder word for a
printed value (``Dear {{ name }},`` reads "Dear X,"), nothing for control tags and
comments (``claim{% if many %}s{% endif %}`` reads "claims").

The outer format comes from the inner extension (``letter.html.j2`` -> HTML,
``notice.txt.j2`` -> text, ``page.md.liquid`` -> Markdown); without one (``welcome.hbs``)
it is sniffed: HTML if the file contains common HTML tags, else text.

Known limits: Mustache delimiter changes (``{{=<% %>=}}``) are not followed; Jinja line
statements (``# for x in y``) are not recognised; a ``}}`` inside a string literal in an
expression ends the tag early.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from types import ModuleType

from framing_lint.documents import html, markdown, text
from framing_lint.documents.base import Document
from framing_lint.documents.template_syntax import prepare

DIALECTS = ("jinja", "handlebars", "mustache", "liquid")
OUTERS: dict[str, ModuleType] = {"html": html, "markdown": markdown, "text": text}

_HTML_TAG = re.compile(
    r"<(?:!doctype|html|head|body|p|div|span|table|tr|td|th|tbody|thead|br|hr|a|h[1-6]|ul|ol|li|img|"
    r"strong|em|b|i|u|section|header|footer|main|article|style|meta|link|center|font|button|form)\b[^<>]*>",
    re.IGNORECASE,
)


def sniff_outer(source: str) -> str:
    """'html' when the template contains common HTML tags, else 'text'."""
    return "html" if _HTML_TAG.search(source) else "text"


def parse_template(source: str, dialect: str, outer: str | None = None) -> Document:
    module = OUTERS[outer or sniff_outer(source)]
    ctx = prepare(source, fill=module.FILL, dialect=dialect)
    module.extract(ctx)
    return ctx.document()


def _parser(dialect: str, outer: str | None) -> Callable[[str], Document]:
    def parse(source: str) -> Document:
        return parse_template(source, dialect, outer)

    parse.__name__ = f"parse_{dialect}" + (f"_{outer}" if outer else "")
    return parse


# One entry point per registered format name ("jinja-html" -> parse_jinja_html).
parse_jinja = _parser("jinja", None)
parse_jinja_html = _parser("jinja", "html")
parse_jinja_markdown = _parser("jinja", "markdown")
parse_jinja_text = _parser("jinja", "text")
parse_handlebars = _parser("handlebars", None)
parse_handlebars_html = _parser("handlebars", "html")
parse_handlebars_markdown = _parser("handlebars", "markdown")
parse_handlebars_text = _parser("handlebars", "text")
parse_mustache = _parser("mustache", None)
parse_mustache_html = _parser("mustache", "html")
parse_mustache_markdown = _parser("mustache", "markdown")
parse_mustache_text = _parser("mustache", "text")
parse_liquid = _parser("liquid", None)
parse_liquid_html = _parser("liquid", "html")
parse_liquid_markdown = _parser("liquid", "markdown")
parse_liquid_text = _parser("liquid", "text")
