from __future__ import annotations

from framing_lint.documents import Directive, parse
from framing_lint.documents.emit import PLACEHOLDER

SOURCE = """\
Claims handbook
===============

.. note:: Never call a person a claim file.
   :class: tip

   Body of the note about **target** customers.

.. code-block:: python
   :linenos:

   target_customers = load()

A paragraph with ``literal code``, a :ref:`nice text <claims-label>`, :doc:`path/page`,
a `link <https://example.com/leads>`_, |substitution| and *emphasis* across
lines. Example::

    literal block: the insured

.. framing-lint: disable-next-line=claim-file
.. _claims-label: https://example.com/target

.. a comment about leads
   continued

- item one with claim
  file continued
- item two

=====  ================
Col    Text
=====  ================
a      target customers
=====  ================

+------+--------------+
| cell | the claimant |
+------+--------------+

Term
   Definition of the insured.

.. [1] A footnote about leads.

>>> print("target customers")
target customers
"""


def test_prose_and_non_prose() -> None:
    doc = parse(SOURCE, "rst")
    assert doc.check() == []
    blocks = [b.strip() for b in doc.prose.text.split("\n\n") if b.strip()]
    assert blocks == [
        "Claims handbook",
        "Never call a person a claim file.",
        "Body of the note about target customers.",
        f"A paragraph with {PLACEHOLDER}, a nice text, {PLACEHOLDER},\na link, {PLACEHOLDER} and emphasis across\nlines. Example:",
        "item one with claim\n  file continued",
        "item two",
        "Col", "Text", "a", "target customers",
        "cell", "the claimant",
        "Term", "Definition of the insured.",
        "A footnote about leads.",
    ]
    assert doc.directives == [Directive("disable-next-line", frozenset({"claim-file"}), 20)]
    for leak in ("target_customers", "linenos", "claims-label", "example.com", "literal block", "comment about", "print"):
        assert leak not in doc.prose.text


def test_crlf_keeps_lines() -> None:
    doc = parse(SOURCE.replace("\n", "\r\n"), "rst")
    assert doc.check() == []
    assert doc.directives == [Directive("disable-next-line", frozenset({"claim-file"}), 20)]
    assert "the claimant" in doc.prose.text
