"""JSON: a list of objects with a fixed set of keys (see README)."""
from __future__ import annotations

import json
from collections.abc import Sequence

from framing_lint.findings import Finding
from framing_lint.reporters import Context


def render(findings: Sequence[Finding], context: Context) -> str:
    return json.dumps([f.to_json() for f in findings], ensure_ascii=False, indent=2) + "\n"
