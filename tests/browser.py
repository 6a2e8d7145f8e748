"""Headless Chromium for the dashboard tests: Debian's chromium driven by Playwright.

CI installs chromium (`.ci/run`) and sets LEDGER_REQUIRE_BROWSER=1, so a missing browser fails there;
on a developer's machine without it the browser tests are skipped, saying why.
"""

from __future__ import annotations

import os
import shutil

import pytest

# Without the background-networking flags Chromium tries Google's hosts at start; a closed
# network refuses them, and a test that counts requests would see them.
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    """The browser to drive: LEDGER_CHROMIUM, else Debian's chromium."""
    found = os.environ.get("LEDGER_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    return found if os.path.exists(found) else None


@pytest.fixture(scope="module")
def browser():
    """One Chromium for a test module."""
    path = chromium_path()
    if path is None:
        if os.environ.get("LEDGER_REQUIRE_BROWSER") == "1":
            pytest.fail("LEDGER_REQUIRE_BROWSER=1 but no chromium: apt-get install -y chromium")
        pytest.skip("no chromium here (apt-get install -y chromium); CI runs these tests")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=path, args=ARGS)
        try:
            yield launched
        finally:
            launched.close()
