"""The sample files in examples/ read as intended: jargon is prose, markup is not."""
from __future__ import annotations

from pathlib import Path

import pytest

from framing_lint.documents import detect_format
from framing_lint.sourcefile import read_document

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.mark.parametrize(
    ("name", "fmt", "prose", "not_prose"),
    [
        (
            "brief.md",
            "markdown",
            ["Q3 campaign brief: reaching our target customers", "Our target customers are small landlords",
             "claim file opened\nin the last two years", "the insured with a renewal due", "demanding customers by phone",
             "Chart of target customers by region", '"the insured must be told within 30 days"'],
            ["target_customers", "Indented code", "intranet.example.com", "marketing-ops", "_blank", "framing-lint"],
        ),
        (
            "letter.html",
            "html",
            ["Your claim file reference", "Please be advised that the insured must provide", "claim file",
             "Upload documents to your claim file", "Signature of the claims handler", "The repair estimate & invoice"],
            ["claim-file", "targetCustomers", "claim_file_id", "_blank", "signature.png", "framing-lint"],
        ),
        (
            "claim-email.html.j2",
            "jinja-html",
            ["Dear X X,", "We have opened a claim file", "As a new claimant", "The insured party will be contacted"],
            ["insured.first_name", "claimant.is_new", "upload_url", "{{", "{%", "{#", "_blank", "Thank you"],
        ),
        (
            "welcome.hbs",
            "handlebars",
            ["Welcome, X X!", "As one of our target customers", "The subscriber named on the", "your account lead"],
            ["POLICYHOLDER1", "prospect}}", "policy_link", "email-body", "_blank", "{{"],
        ),
    ],
)
def test_example(name: str, fmt: str, prose: list[str], not_prose: list[str]) -> None:
    path = EXAMPLES / name
    assert detect_format(name) == fmt
    doc, _ = read_document(path, fmt)
    assert doc.check() == []
    for text in prose:
        assert text in doc.prose.text, text
    for text in not_prose:
        assert text not in doc.prose.text, text
    assert doc.directives, "every example shows a suppression comment"
