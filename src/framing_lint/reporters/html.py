"""A self-contained HTML report for people who review a folder: compliance, CX leads, writers.

One file, no network requests (a Content-Security-Policy forbids them), so it opens offline
from an e-mail attachment: the summary as inline SVG charts and numbers, folders and files
ranked worst first (clean ones too), one section per rule with why it matters, what to
write instead and each finding in its sentence, the run's settings, and filters that work
in the page. Built with Jinja2 templates (``templates/``), imported only for this format.
"""
from __future__ import annotations

import posixpath
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any

from framing_lint import __version__
from framing_lint.findings import Finding
from framing_lint.reporters import Context, path_text, relative_posix
from framing_lint.severity import SEVERITIES, SEVERITY_RANK

ORDER = tuple(reversed(SEVERITIES))  # error, warning, info
COLORS = {"error": "#b42318", "warning": "#b54708", "info": "#175cd3"}
PALETTE = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac")


def _folder(path: str) -> str:
    return posixpath.dirname(path) or "."


def _counts(findings: Sequence[Finding]) -> dict[str, int]:
    c = Counter(f.severity for f in findings)
    return {s: c[s] for s in ORDER} | {"total": len(findings)}


def _rank_key(item: tuple[str, dict[str, int]]) -> tuple[Any, ...]:
    name, c = item
    return (-c["total"], *(-c[s] for s in ORDER), name)


def _bars(counts: Counter[str], colors: dict[str, str] | None = None) -> list[dict[str, Any]]:
    top = max(counts.values(), default=0) or 1
    items = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return [{"label": k, "count": v, "share": v / top,
             "color": (colors or {}).get(k) or PALETTE[i % len(PALETTE)]} for i, (k, v) in enumerate(items)]


def _config_text(config: Any) -> str:
    if config is None:
        return ""
    import yaml  # a dependency already; the config is shown the way it is written

    data = {k: list(v) if isinstance(v, tuple) else v for k, v in config._asdict().items() if v not in (None, "", (), {})}
    return str(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=None)).strip()


def build(findings: Sequence[Finding], context: Context) -> dict[str, Any]:
    """Everything the template shows, computed here so the template only lays it out."""
    paths = {f.path: path_text(relative_posix(f.path)) for f in findings}
    by_file: dict[str, list[Finding]] = {path_text(relative_posix(p)): [] for p in context.checked}
    for f in findings:
        by_file.setdefault(paths[f.path], []).append(f)
    files = sorted(((p, _counts(fs)) for p, fs in by_file.items()), key=_rank_key)
    folder_files: dict[str, list[str]] = defaultdict(list)
    for p in by_file:
        folder_files[_folder(p)].append(p)
    folders = sorted(((d, _counts([f for p in ps for f in by_file[p]])) for d, ps in folder_files.items()), key=_rank_key)
    folder_sizes = {d: len(ps) for d, ps in folder_files.items()}

    rules: dict[str, Any] = context.rules
    per_rule: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        per_rule[f.rule].append(f)
    sections = []
    for rule_id, found in sorted(per_rule.items(), key=lambda kv: (-max(SEVERITY_RANK.get(f.severity, 0) for f in kv[1]),
                                                                     -len(kv[1]), kv[0])):
        rule = rules.get(rule_id)
        sections.append({
            "id": rule_id,
            "category": found[0].category,
            "severity": rule.severity if rule else found[0].severity,
            "pack": f"{rule.pack} ({rule.language})" if rule else "",
            "finds": rule.message.replace("{match}", "…") if rule else found[0].message,
            "rationale": rule.rationale if rule else "",
            "alternatives": list(rule.alternatives) if rule else list(found[0].suggestions),
            "findings": [{
                "path": paths[f.path], "folder": _folder(paths[f.path]), "line": f.line, "column": f.column,
                "severity": f.severity, "category": f.category, "message": f.message,
                "before": f.sentence[0], "match": f.sentence[1] or " ".join(f.text.split()), "after": f.sentence[2],
            } for f in sorted(found, key=lambda f: (paths[f.path], f.line, f.column))],
        })
    pack_of = {r.id: f"{r.pack} ({r.language})" for r in rules.values()}
    quiet_rules = sorted(r for r in rules if r not in per_rule)
    total_files = len(by_file)
    return {
        "version": __version__,
        "started": context.started,
        "counts": _counts(findings),
        "severity_bars": [b for b in _bars(Counter({s: 0 for s in ORDER}) + Counter(f.severity for f in findings), COLORS)],
        "severities": [(s, sum(1 for f in findings if f.severity == s)) for s in ORDER],
        "category_bars": _bars(Counter(f.category for f in findings)),
        "pack_bars": _bars(Counter(pack_of.get(f.rule, "other") for f in findings)),
        "categories": sorted({f.category for f in findings}),
        "folders": folders,
        "folder_sizes": folder_sizes,
        "folder_choices": sorted({d for d in folder_files} | {a for d in folder_files for a in _ancestors(d)}),
        "files": [item for item in files if item[1]["total"]],
        "clean_files": [p for p, c in files if not c["total"]],
        "total_files": total_files,
        "files_with_findings": sum(1 for _, c in files if c["total"]),
        "rules": sections,
        "quiet_rules": quiet_rules,
        "errors": [{"path": path_text(relative_posix(getattr(e, "path", str(e)))), "message": getattr(e, "message", str(e)),
                    "line": getattr(e, "line", 0)} for e in context.errors],
        "config": _config_text(context.config),
        "baselined": context.baselined,
        "colors": COLORS,
    }


def _ancestors(folder: str) -> list[str]:
    parts = folder.split("/")
    return ["/".join(parts[:i]) for i in range(1, len(parts))] if folder not in (".", "") else []


def render(findings: Sequence[Finding], context: Context) -> str:
    import jinja2  # only for this format: ~20 ms of imports no other run should pay

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("framing_lint.reporters", "templates"),
        autoescape=True, trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined,
    )
    env.filters["dirname"] = _folder
    return env.get_template("report.html.j2").render(**build(findings, context))
