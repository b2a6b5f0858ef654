"""JUnit XML for CI dashboards: one test suite, one test case per file, a failure per finding."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from framing_lint.findings import Finding
from framing_lint.reporters import Context, path_text

# Characters XML 1.0 cannot carry at all, even escaped.
_INVALID_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _clean(text: str) -> str:
    return _INVALID_XML.sub("\ufffd", text)


def render(findings: Sequence[Finding], context: Context) -> str:
    by_path: dict[str, list[Finding]] = {p: [] for p in context.checked}
    for f in findings:
        by_path.setdefault(f.path, []).append(f)
    counts = {"tests": str(len(by_path)), "failures": str(len(findings)), "errors": "0", "skipped": "0"}
    root = ET.Element("testsuites", {"name": "framing-lint", **counts})
    suite = ET.SubElement(root, "testsuite", {"name": "framing-lint", **counts})
    for path, found in by_path.items():
        shown = _clean(path_text(path))
        case = ET.SubElement(suite, "testcase", {"classname": "framing-lint", "name": shown, "file": shown})
        for f in found:
            failure = ET.SubElement(case, "failure", {
                "type": f.rule,
                "message": _clean(f"{f.line}:{f.column}: {f.message}"),
            })
            details = [f"{path_text(f.path)}:{f.line}:{f.column}: {f.severity} {f.rule} {f.message}"]
            if f.suggestions:
                details.append("instead: " + " | ".join(f.suggestions))
            failure.text = _clean("\n".join(details))
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
