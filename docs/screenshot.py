"""Make docs/img/dashboard.png and dashboard-phone.png, the README's pictures of `ledger site`
(on a desk and on a 390 px phone), from the demo ledger.

Run from the repository root with Debian's chromium installed:
    .venv/bin/python docs/screenshot.py
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from browser import ARGS, chromium_path  # noqa: E402


def main() -> None:
    ledger = str(Path(sys.executable).parent / "ledger")
    with tempfile.TemporaryDirectory() as folder:
        demo, site = Path(folder) / "演示台账", Path(folder) / "看板"
        subprocess.run([ledger, "demo", str(demo)], check=True, capture_output=True)
        env = {**os.environ, "LEDGER_TODAY": "2025-06-30", "LEDGER_ROOT": str(demo)}
        subprocess.run([ledger, "site", str(site)], check=True, env=env, capture_output=True)
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium_path(), args=ARGS)
            page = browser.new_page(viewport={"width": 1100, "height": 1500})
            page.goto((site / "index.html").as_uri())
            page.screenshot(path=str(ROOT / "docs" / "img" / "dashboard.png"))
            phone = browser.new_page(viewport={"width": 390, "height": 760})
            phone.goto((site / "index.html").as_uri())
            # The measures as cards, under the filter bar that stays at the top.
            phone.evaluate("document.querySelector('#measures h2').scrollIntoView()")
            phone.evaluate("window.scrollBy(0, -110)")
            phone.screenshot(path=str(ROOT / "docs" / "img" / "dashboard-phone.png"))
            browser.close()


if __name__ == "__main__":
    main()
