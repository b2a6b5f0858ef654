"""JSON: a list of objects with a fixed set of keys (see README)."""
from __future__ import annotations

import json
from collections.abc import Sequence

from framing_lint.findings import Finding
from framing_lint.reporters import Context, path_text


def render(findings: Sequence[Finding], context: Context) -> str:
    out = []
    for f in findings:
        item = f.to_json()
        item["path"] = path_text(f.path)  # JSON escapes a newline; a stray byte becomes \\xNN
        out.append(item)
    return json.dumps(out, ensure_ascii=False, indent=2) + "\n"
