"""The HTML report: rendered by the real command, opened in a real headless Chromium."""
from __future__ import annotations

import os
import re
import shutil
import struct
from pathlib import Path

import pytest

from tests.conftest import run_cli


@pytest.fixture
def project(mini_project: Path) -> Path:
    config = mini_project / ".framing-lint.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "severity: {claim-file: info}\n", encoding="utf-8")
    (mini_project / "docs" / "sub").mkdir(parents=True)
    (mini_project / "docs" / "a.txt").write_text(
        "Intro.\nOur target customers are busy. Open a claim file.\nWe will target young families.\n", encoding="utf-8")
    (mini_project / "docs" / "sub" / "b.md").write_text("# B\n\nThe target customers.\n",
                                                       encoding="utf-8")
    (mini_project / "notes").mkdir()
    (mini_project / "notes" / "c.txt").write_text("Please <script>alert(1)</script> open a claim file today.\n", encoding="utf-8")
    (mini_project / "clean.txt").write_text("Nothing to see here.\n", encoding="utf-8")
    (mini_project / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    return mini_project


def _report(project: Path) -> tuple[Path, str]:
    r = run_cli("check", ".", "--format", "html", "-o", "report.html", cwd=project)
    assert r.returncode == 2, r.stderr  # the unreadable file
    assert r.stdout == "" and "broken.docx" in r.stderr
    path = project / "report.html"
    return path, path.read_text(encoding="utf-8")


def test_report_content(project: Path) -> None:
    _, html = _report(project)
    assert html.startswith("<!DOCTYPE html>")
    assert "default-src 'none'" in html  # a Content-Security-Policy: the page can fetch nothing
    assert not re.search(r"""(?:src|href|action)\s*=\s*["']?(?!#)[a-z]+:""", html), "no external resource"
    assert "<link" not in html and "@import" not in html and "url(" not in html
    assert "framing-lint 0.1.0" in html and re.search(r'<time datetime="\d{4}-\d\d-\d\dT', html)
    assert "<dt>Files checked</dt><dd>4</dd>" in html and "4 files checked" in html
    assert "<code>clean.txt</code>" in html and "1 clean file (no findings)" in html
    assert "<code>broken.docx</code>" in html and "Files that could not be read" in html
    # per rule: what it finds, why, what to write instead, the sentence with the match marked
    assert "Calling people targets frames them as quarry." in html
    assert "<li>the customers we serve</li>" in html
    assert "Our <mark>target customers</mark> are busy.</q>" in html
    # the effective config and the charts
    assert "claim-file: info" in html and "rule_files:" in html
    assert html.count("<svg") == 3
    # text from the documents is escaped, never markup
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_folders_and_files_ranked_worst_first(project: Path) -> None:
    _, html = _report(project)
    files_part = html[html.index('<section id="files">'):html.index('<section id="rules">')]
    files = re.findall(r'<tr data-folder="[^"]*"><td><code>([^<]+)</code>', files_part)
    assert files[:3] == ["docs/a.txt", "docs/sub/b.md", "notes/c.txt"]
    folders = re.findall(r'<tr data-folder="([^"]*)"(?: class="clean")?><td><code>', html)
    assert folders[:2] == ["docs", "docs/sub"] and "." in folders


def test_jinja2_is_imported_only_for_html(project: Path) -> None:
    def imported(fmt: str) -> bool:
        r = run_cli("check", "clean.txt", "--format", fmt, cwd=project, env={"PYTHONPROFILEIMPORTTIME": "1"})
        assert "import time:" in r.stderr
        return bool(re.search(r"\|\s+jinja2$", r.stderr, re.M))

    assert not imported("text") and not imported("sarif") and imported("html")


# -- in a real browser ----------------------------------------------------------------------
def _chromium() -> str:
    found = os.environ.get("FRAMING_LINT_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        pytest.fail("the HTML report test needs Chromium: 'apt-get install chromium' (.ci/run installs it), "
                    "or FRAMING_LINT_CHROMIUM=/path/to/chrome")
    return found


def test_report_in_headless_chromium(project: Path, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    path, _ = _report(project)
    url = path.resolve().as_uri()
    problems: list[str] = []
    requests: list[str] = []
    shot = tmp_path / "report.png"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=_chromium(), args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 1600})
            page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None)
            page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
            page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url}"))
            page.on("request", lambda r: requests.append(r.url))
            page.goto(url, wait_until="load")
            page.wait_for_load_state("networkidle")

            findings = page.locator("li.finding")
            shown = page.locator("#shown")

            def visible() -> int:
                return int(page.evaluate("document.querySelectorAll('li.finding:not([hidden])').length"))

            assert findings.count() == 5 and visible() == 5
            assert shown.text_content() == "Showing 5 of 5 findings"
            page.screenshot(path=str(shot), full_page=True)

            # Severity: the two claim-file findings are info.
            page.uncheck("input[name=severity][value=info]")
            assert visible() == 3 and shown.text_content() == "Showing 3 of 5 findings"
            assert page.locator("#rule-claim-file").is_hidden() and page.locator("#rule-target-people").is_visible()
            page.check("input[name=severity][value=info]")
            # Category.
            page.select_option("select[name=category]", "paperwork")
            assert visible() == 2 and page.locator("#rule-target-people").is_hidden()
            assert page.locator("#rule-claim-file .rule-count").text_content() == "2"
            page.select_option("select[name=category]", "")
            # Folder: a folder shows its subfolders too; rows of other folders go.
            page.select_option("select[name=folder]", "docs")
            assert visible() == 4
            assert page.locator('#files tr[data-folder="notes"]').is_hidden()
            assert page.locator('#files tr[data-folder="docs/sub"]').is_visible()
            page.select_option("select[name=folder]", "docs/sub")
            assert visible() == 1 and page.locator("#rule-claim-file").is_hidden()
            page.select_option("select[name=folder]", "notes")
            page.uncheck("input[name=severity][value=info]")
            assert visible() == 0 and page.locator("#nothing-shown").is_visible()
        finally:
            browser.close()
    assert problems == []
    assert requests == [url], "the report made network requests"
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert width == 1280 and height > 1000 and len(data) > 20_000
