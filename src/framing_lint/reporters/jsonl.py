"""JSON Lines: one finding per line, the same object as ``--format json`` has in its list.

The command writes each file's findings as soon as that file is done, so a long run can be
read (``| jq``, a log shipper, a dashboard) while it goes on.
"""
from __future__ import annotations

import json
from collections.abc import Sequence

from framing_lint.findings import Finding
from framing_lint.reporters import Context


def render(findings: Sequence[Finding], context: Context | None) -> str:
    return "".join(json.dumps(f.to_json(), ensure_ascii=False) + "\n" for f in findings)
