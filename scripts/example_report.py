"""Make the example HTML report of the Sourcegraph handbook and its screenshot in docs/.

    python scripts/example_report.py                       # ../shared/corpus/sourcegraph-handbook
    python scripts/example_report.py --corpus DIR --out report.html --screenshot shot.png

The report is made by the command a user types (``framing-lint check FOLDER --format html
-o FILE``, run from the folder's parent so paths read ``sourcegraph-handbook/...``); the
screenshot is taken in Debian's Chromium through Playwright, as the report's test does.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus" / "sourcegraph-handbook"))
    parser.add_argument("--out", default=str(ROOT / "docs" / "example-report.html"))
    parser.add_argument("--screenshot", default=str(ROOT / "docs" / "example-report.png"))
    parser.add_argument("--chromium", default=shutil.which("chromium") or shutil.which("chromium-browser"))
    args = parser.parse_args()

    corpus, out = Path(args.corpus).resolve(), Path(args.out).resolve()
    if not corpus.is_dir():
        sys.exit(f"{corpus}: no such folder (pass --corpus DIR)")
    cmd = [sys.executable, "-m", "framing_lint", "check", corpus.name, "--format", "html", "-o", str(out), "--no-progress"]
    print("+ (cd", corpus.parent, "&&", " ".join(["framing-lint", *cmd[3:]]) + ")", file=sys.stderr)
    result = subprocess.run(cmd, cwd=corpus.parent)
    if result.returncode not in (0, 1):
        return result.returncode
    if not args.chromium:
        sys.exit("no Chromium found: apt-get install chromium, or pass --chromium PATH")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=args.chromium, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 1700}, device_scale_factor=1)
        page.goto(out.as_uri())
        # The top of the page: the summary, its charts, the filters and the worst folders.
        page.screenshot(path=args.screenshot)
        browser.close()
    print(f"wrote {out} and {args.screenshot}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
