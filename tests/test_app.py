"""The workshop page (workshop/app.py): its model wrapper, its drawings, and the page itself in headless Chromium.

Browser tests start `solara run workshop/app.py --production` on a free port, drive Debian's Chromium with
Playwright, and save screenshots and the measured play speed under test-artifacts/ (git-ignored).
They fail, rather than skip, when /usr/bin/chromium is missing (`make browser` installs it).
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from sim.metrics import METRIC_INDEX
from sim.model import ConflictMineralsModel
from workshop.model import WorkshopModel

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
SMALL_SITES = 40


# ------------------------------------------------------------------------------------------ no browser
def test_workshop_model_is_the_sim_model_with_levers():
    m = WorkshopModel(seed=2, ddr_capacity=3000, inspection_sites=100, buyer_compliance=0.5, dmz_sites=5,
                      border_seizure=0.4, shock_mineral="tantalum", shock_factor=2.0)
    assert isinstance(m, ConflictMineralsModel)
    p = m.cfg.policies
    assert (p.ddr.enabled, p.ddr.capacity_per_year, p.ddr.start) == (True, 3000, 0)
    assert (p.certification.sites_per_year, p.certification.buyer_compliance) == (100, 0.5)
    assert (p.dmz.n_sites, p.border.seizure_rate) == (5, 0.4)
    assert (m.cfg.shock.kind, m.cfg.shock.mineral, m.cfg.shock.factor, m.cfg.shock.start) == ("price", "tantalum", 2.0, 0)
    off = WorkshopModel().cfg.policies
    assert not any(getattr(off, k).enabled for k in ("ddr", "certification", "dmz", "border"))


def test_baseline_twin_is_the_plain_run_with_the_same_seed():
    cmp = WorkshopModel(seed=1, compare=True, dmz_sites=10)
    plain = WorkshopModel(seed=1)
    for _ in range(12):
        cmp.step()
        plain.step()
    np.testing.assert_array_equal(cmp.baseline.metrics[:12], plain.metrics[:12])
    i = METRIC_INDEX["sites_armed_share"]
    assert not np.array_equal(cmp.metrics[:12, i], plain.metrics[:12, i])   # the lever acts from week 0


def test_drawings_show_every_site_and_the_levers():
    from workshop import app

    m = WorkshopModel(compare=True, dmz_sites=5)
    for _ in range(5):
        m.step()
    svg = app.map_svg(m, "Policy mix")
    assert svg.count("<circle") == m.sites.open.sum() == m.world.n_ipis    # prospects open later
    assert svg.count("<rect") == len(m.cfg.world.hubs) and svg.count("<path") == len(m.cfg.world.crossings)
    charts = app.charts_html(m)
    assert all(f'data-chart="{metric}"' in charts for metric, *_ in app.CHARTS)
    assert charts.count("<polyline") == 2 * len(app.CHARTS)
    assert "DMZ 5 sites" in app.summary_html(m)


# -------------------------------------------------------------------------------------------- browser
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server():
    """The page served by `solara run` on a free port (its own process group, stopped by its id)."""
    if not CHROMIUM.exists():
        pytest.fail("browser tests need Debian's Chromium at /usr/bin/chromium: run `make browser` "
                    "(apt-get install -y chromium)", pytrace=False)
    port = _free_port()
    env = {**os.environ, "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False"}
    ARTIFACTS.mkdir(exist_ok=True)
    log = open(ARTIFACTS / f"solara-server-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}.log", "w")
    cmd = [str(Path(sys.executable).with_name("solara")), "run", "workshop/app.py", "--production", "--no-open",
           "--no-check-version", "--host", "127.0.0.1", "--port", str(port)]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 90
        while True:
            if proc.poll() is not None:
                pytest.fail(f"solara exited with {proc.returncode}; see its log in test-artifacts/")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("solara did not answer within 90 s")
                time.sleep(0.3)
        yield f"http://127.0.0.1:{port}/"
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                              args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                                    "--disable-component-update"])
        yield b
        b.close()


class Page:
    """A fresh page on the workshop app, recording console errors, failed and non-local requests."""

    def __init__(self, browser, url: str) -> None:
        self.url = url
        self.ctx = browser.new_context(viewport={"width": 1440, "height": 960})
        self.page = self.ctx.new_page()
        self.errors: list[str] = []
        self.failed: list[str] = []
        self.foreign: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("requestfailed", lambda r: self.failed.append(f"{r.url} ({r.failure})"))
        self.page.on("request", lambda r: None if r.url.startswith((url, "data:", "blob:"))
                     else self.foreign.append(r.url))
        self.page.goto(url, wait_until="networkidle")
        self.page.get_by_text("Time: 0").wait_for(timeout=60_000)

    def time(self) -> float:
        """Mesa's step counter ("Time: N" in the sidebar)."""
        return float(re.search(r"Time: ([\d.]+)", self.page.inner_text("body")).group(1))

    def wait_time(self, at_least: float, timeout: float = 30.0) -> float:
        end = time.monotonic() + timeout
        while (t := self.time()) < at_least:
            assert time.monotonic() < end, f"step counter stuck at {t}"
            time.sleep(0.05)
        return t

    def click(self, name: str) -> None:
        self.page.get_by_role("button", name=name).click()

    def assert_clean(self) -> None:
        assert self.errors == [], f"console errors: {self.errors}"
        assert self.failed == [], f"failed requests: {self.failed}"
        assert self.foreign == [], f"requests leaving the machine: {self.foreign}"


@pytest.fixture
def page(server, browser):
    p = Page(browser, server)
    yield p
    p.ctx.close()


@pytest.mark.browser
@pytest.mark.slow
def test_page_loads_offline_with_map_charts_and_levers(page):
    pg = page.page
    assert pg.locator("svg.site-map circle").count() == SMALL_SITES
    assert pg.locator("[data-chart]").count() == 5
    for label in ("DDR capacity", "Site inspections", "Buyers requiring certified", "Demilitarised sites",
                  "Border seizure rate", "Price shock: mineral", "World", "Side by side"):
        assert pg.get_by_text(label).count() >= 1, label
    for name in ("Reset", "▶", "Step"):
        assert pg.get_by_role("button", name=name).count() == 1
    pg.screenshot(path=str(ARTIFACTS / "workshop-page.png"))
    page.assert_clean()


@pytest.mark.browser
@pytest.mark.slow
def test_play_advances_the_step_counter_and_redraws_the_charts(page):
    chart = page.page.locator('[data-chart="armed_revenue_usd"]')
    before = chart.inner_html()
    page.click("▶")
    t0, c0 = time.monotonic(), page.wait_time(3)
    c1 = page.wait_time(c0 + 20)
    rate = (c1 - c0) / (time.monotonic() - t0)
    page.click("❚❚")
    assert chart.inner_html() != before
    ARTIFACTS.joinpath("workshop-speed-small.txt").write_text(f"small world, play: {rate:.1f} steps/s\n")
    print(f"workshop page, small world: {rate:.1f} steps/s")
    page.page.screenshot(path=str(ARTIFACTS / "workshop-playing.png"))
    page.assert_clean()


@pytest.mark.browser
@pytest.mark.slow
def test_a_lever_changes_the_model_parameter_and_the_outcome(page):
    pg = page.page
    slider = pg.locator(".v-input", has_text="Demilitarised sites").get_by_role("slider")
    slider.focus()
    for _ in range(2):
        slider.press("ArrowRight")                       # 0 -> 10 sites (step 5)
    assert slider.get_attribute("aria-valuenow") == "10"
    pg.get_by_text("Side by side: baseline vs policy mix").click()
    page.click("Reset")                                   # rebuilds the model with the levers
    pg.locator(".levers", has_text="DMZ 10 sites").first.wait_for(timeout=30_000)
    for _ in range(8):
        page.click("Step")
    page.wait_time(8)
    pg.locator("b.week", has_text="8").wait_for()
    dmz_sites = 'g[data-kind="dmz"] circle'
    assert pg.locator("svg.site-map").nth(1).locator(dmz_sites).count() > 0   # the policy map shows them
    assert pg.locator("svg.site-map").nth(0).locator(dmz_sites).count() == 0  # the baseline has none
    cells = pg.locator('td[data-metric="armed_revenue_usd"]')
    values = {c.get_attribute("data-run"): float(c.get_attribute("data-value")) for c in cells.all()}
    assert values["policy"] < values["baseline"], values
    pg.screenshot(path=str(ARTIFACTS / "workshop-compare.png"))
    page.assert_clean()


@pytest.mark.browser
@pytest.mark.slow
def test_full_world_plays_without_stalling_the_page(page):
    """On eastern_drc (2,428 sites) the map redraws every week while the page stays responsive."""
    pg = page.page
    pg.locator(".v-select").filter(has=pg.get_by_text("World", exact=True)).click()
    pg.get_by_role("option", name="eastern_drc").click()
    page.click("Reset")
    pg.locator(".levers", has_text="World eastern_drc").first.wait_for(timeout=90_000)
    assert pg.locator("svg.site-map circle").count() == 2428
    page.click("▶")
    t0, c0 = time.monotonic(), page.wait_time(2, timeout=60)
    c1 = page.wait_time(c0 + 10, timeout=60)
    rate = (c1 - c0) / (time.monotonic() - t0)
    page.click("❚❚")
    # responsive while playing: the sidebar and the map answered within the wait above; the map is fully drawn
    # (every open site: deposits open and close as the weeks pass, so near the 2,428 of the start)
    assert 0.9 * 2428 <= pg.locator("svg.site-map circle").count() <= 1.2 * 2428
    ARTIFACTS.joinpath("workshop-speed-eastern_drc.txt").write_text(f"eastern_drc, play: {rate:.1f} steps/s\n")
    print(f"workshop page, eastern_drc: {rate:.1f} steps/s")
    pg.screenshot(path=str(ARTIFACTS / "workshop-eastern-drc.png"))
    page.assert_clean()
