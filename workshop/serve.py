"""Serve the workshop page offline on a free local port (for the browser tests and the docs' screenshots).

`served(log)` starts `solara run workshop/app.py --production` in its own process group, waits until the port
answers, yields the page's URL and stops the server by its process id. `Page` drives it in Playwright (a fresh
page that records console errors, failed and off-machine requests), for the browser tests and the screenshots.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def served(log: IO, timeout_s: float = 90.0) -> Iterator[str]:
    """The page served by `solara run --production` on a free port; yields its URL."""
    port = free_port()
    env = {**os.environ, "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False"}
    cmd = [str(Path(sys.executable).with_name("solara")), "run", "workshop/app.py", "--production", "--no-open",
           "--no-check-version", "--host", "127.0.0.1", "--port", str(port)]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + timeout_s
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"solara exited with {proc.returncode}; see its log")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"solara did not answer within {timeout_s:.0f} s") from None
                time.sleep(0.3)
        yield f"http://127.0.0.1:{port}/"
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


class Page:
    """A fresh page on the workshop app, recording console errors, failed and non-local requests.

    `open_s`: seconds from navigation until the eastern_drc map is drawn (the page opens on eastern_drc)."""

    def __init__(self, browser, url: str) -> None:
        self.url = url
        self.ctx = browser.new_context(viewport={"width": 1440, "height": 960}, accept_downloads=True)
        self.page = self.ctx.new_page()
        self.errors: list[str] = []
        self.failed: list[str] = []
        self.foreign: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("requestfailed", lambda r: self.failed.append(f"{r.url} ({r.failure})"))
        self.page.on("request", lambda r: None if r.url.startswith((url, "data:", "blob:"))
                     else self.foreign.append(r.url))
        t0 = time.monotonic()
        self.page.goto(url, wait_until="networkidle")
        self.page.locator("svg.site-map").first.wait_for(timeout=60_000)
        self.page.locator(".week-counter[data-week='0']").wait_for(timeout=60_000)
        self.open_s = time.monotonic() - t0

    def week(self) -> int:
        """The week counter in the sidebar."""
        return int(self.page.locator(".week-counter").first.get_attribute("data-week"))

    def wait_week(self, at_least: int, timeout: float = 30.0) -> int:
        end = time.monotonic() + timeout
        while (w := self.week()) < at_least:
            assert time.monotonic() < end, f"week counter stuck at {w}"
            time.sleep(0.05)
        return w

    def click(self, name: str) -> None:
        self.page.get_by_role("button", name=name, exact=True).click()

    def step(self, n: int = 1, timeout: float = 30.0) -> int:
        """Click Step `n` times and wait until the week counter shows them all; the new week."""
        target = self.week() + n
        for _ in range(n):
            self.click("Step")
        return self.wait_week(target, timeout)

    def pause(self) -> None:
        """Pause a playing page and wait until it has stopped (the play button is back)."""
        self.click("❚❚")
        self.page.get_by_role("button", name="▶", exact=True).wait_for()

    def slider(self, label: str, presses: int) -> str:
        """Move the slider labelled `label` right by `presses` steps; its new value."""
        s = self.page.locator(".v-input", has_text=label).get_by_role("slider").first
        s.focus()
        for _ in range(presses):
            s.press("ArrowRight")
        return s.get_attribute("aria-valuenow")

    def slider_to(self, label: str, value: str, presses: int = 100) -> None:
        """Move the slider labelled `label` to `value` (as shown in aria-valuenow), from its minimum."""
        s = self.page.locator(".v-input", has_text=label).get_by_role("slider").first
        s.focus()
        s.press("Home")
        for _ in range(presses):
            if s.get_attribute("aria-valuenow") == value:
                return
            s.press("ArrowRight")
        raise AssertionError(f"slider {label!r} never showed {value}")

    def choose_world(self, option: str) -> None:
        pg = self.page
        pg.locator(".v-select").filter(has=pg.get_by_text("World", exact=True)).click()
        pg.get_by_role("option", name=option).click()

    def reset_to(self, text: str, timeout: float = 90_000) -> None:
        """Reset until the policy-mix line shows `text` (ms); Reset is clicked again every 10 s.

        Why again: the browser batches a slider's key presses while the server has not yet answered the
        previous one (ipywidgets' message throttle), but sends a button click at once, so on a loaded machine a
        Reset right after the keys can reach the server before the slider's last value. A person does not
        click within milliseconds of a slider; a second Reset then applies the value the sidebar shows."""
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        line = self.page.locator(".levers", has_text=text).first
        end = time.monotonic() + timeout / 1000
        while True:
            self.click("Reset")
            try:
                line.wait_for(timeout=min(10_000, max(1.0, (end - time.monotonic()) * 1000)))
                return
            except PlaywrightTimeout:
                if time.monotonic() >= end:
                    raise

    def visible_text(self) -> str:
        """Text a person sees: the page's text and the SVG drawings' text."""
        svg = self.page.eval_on_selector_all("svg text", "els => els.map(e => e.textContent).join(' ')")
        return self.page.inner_text("body") + " " + svg

    def assert_clean(self) -> None:
        assert self.errors == [], f"console errors: {self.errors}"
        assert self.failed == [], f"failed requests: {self.failed}"
        assert self.foreign == [], f"requests leaving the machine: {self.foreign}"
