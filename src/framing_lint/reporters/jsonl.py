"""JSON Lines: one finding per line, the same object as ``--format json`` has in its list.

The command writes each file's findings as soon as that file is done, so a long run can be
read (``| jq``, a log shipper, a dashboard) while it goes on.
"""
from __future__ import annotations

import json
from collections.abc import Sequence

from framing_lint.findings import Finding
from framing_lint.reporters import Context, path_text


def render(findings: Sequence[Finding], context: Context | None) -> str:
    return "".join(json.dumps(_item(f), ensure_ascii=False) + "\n" for f in findings)


def _item(f: Finding) -> dict[str, object]:
    item = f.to_json()
    item["path"] = path_text(f.path)  # a byte not valid in a file name's encoding becomes \xNN
    return item
