"""Severity levels, lowest first: shared by rules, config and reporters.

Kept apart from :mod:`framing_lint.rules.model` so reading the config or sorting findings
does not import the rule model (a clean one-paragraph run never needs it).
"""
from __future__ import annotations

SEVERITIES = ("info", "warning", "error")
SEVERITY_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}
