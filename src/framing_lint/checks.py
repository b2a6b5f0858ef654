"""Problems in a document itself (not jargon), reported as findings so that every output
format carries them, with an id that ``ignore``, ``severity`` and directives accept.

A broken suppression must be visible: a misspelt directive would otherwise look as if it
worked.
"""
from __future__ import annotations

DOCUMENT_CATEGORY = "document"

# id -> what it reports (for `rules list` and SARIF)
DOCUMENT_CHECKS: dict[str, str] = {
    "unknown-rule-in-directive": "A framing-lint directive names a rule id or category that does not exist.",
    "bad-directive": "A comment that looks like a framing-lint directive but is not one (a typo such as 'disabel').",
    "front-matter": "Front matter that is not valid YAML: the document is linted as text from the top.",
    "template-syntax": "A template tag that is not closed: the rest of the file is linted as text.",
    "document": "Another problem in the document that may make framing-lint miss or misplace findings.",
}


# What the format modules write in Document.warnings, by the start of the message.
_PREFIXES = (
    ("unrecognised framing-lint directive", "bad-directive"),
    ("framing-lint directive:", "bad-directive"),
    ("front matter", "front-matter"),
    ("unclosed template tag", "template-syntax"),
)


def classify(message: str) -> str:
    """The check id of a document warning."""
    for prefix, check in _PREFIXES:
        if message.startswith(prefix):
            return check
    return "document"


DIRECTIVES = ("disable", "enable", "disable-next-line", "disable-line", "disable-file")


def with_advice(check: str, message: str) -> str:
    """The message, with the closest directive when a directive is misspelt."""
    if check != "bad-directive" or "framing-lint:" not in message:
        return message
    import difflib
    import re

    m = re.search(r"framing-lint:\s*([A-Za-z-]+)", message)
    if not m or m.group(1) in DIRECTIVES:
        return message
    close = difflib.get_close_matches(m.group(1).lower(), DIRECTIVES, n=1)
    return f"{message}; did you mean {close[0]!r}?" if close else message
