"""Opening a local HTML file in headless Chromium (Debian's package) through Playwright's client.

Used by the page tests of the reuse reviewer page and the dashboard. Chromium is found at
``$CHROMIUM`` or on PATH; without it the test skips on a user's machine and fails in CI.
"""
from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    """Path of the Chromium binary, or skip/fail the calling test."""
    exe = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not exe:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed: .ci/run must install Debian's chromium package")
        pytest.skip("chromium not installed")
    return exe


@dataclass
class PageVisit:
    """What a visit to a page saw."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    requests_outside: list[str] = field(default_factory=list)
    evaluated: dict = field(default_factory=dict)


def visit(html_path: Path, screenshot: Path, script: str | None = None, actions=None) -> PageVisit:
    """Open ``html_path``, run ``actions(page)`` if given, evaluate ``script`` (a JS expression
    returning JSON), save a full-page screenshot, and return what was seen."""
    from playwright.sync_api import sync_playwright

    exe = chromium_path()
    seen = PageVisit()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, headless=True, args=_FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.on("console", lambda m: seen.console_errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: seen.page_errors.append(str(e)))
            page.on(
                "request",
                lambda r: seen.requests_outside.append(r.url)
                if not r.url.startswith(("file:", "data:", "about:", "blob:"))
                else None,
            )
            page.goto(Path(html_path).resolve().as_uri())
            page.wait_for_load_state("load")
            if actions is not None:
                actions(page)
            if script:
                seen.evaluated = page.evaluate(script)
            screenshot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(screenshot), full_page=True)
        finally:
            browser.close()
    return seen
