"""The docs' screenshots of the workshop page, taken by Playwright in headless Chromium (offline).

    .venv/bin/python -m workshop.screenshots      # writes docs/img/workshop-overview.png and -fr.png (~2 min)

Eastern DRC, seed 0, a demilitarised zone of 40 sites from week 28: played to week 80, then "How sure are
we?" over 8 seeds; the same page in French.
"""

from __future__ import annotations

from workshop.serve import CHROMIUM, CHROMIUM_ARGS, ROOT, Page, served

IMG = ROOT / "docs" / "img"


def main() -> None:
    from playwright.sync_api import sync_playwright

    with open("/dev/null", "w") as log, served(log) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        page = Page(browser, url)
        page.page.set_viewport_size({"width": 1440, "height": 1900})
        page.slider("Demilitarised sites", 8)                    # 40 sites
        page.slider("Demilitarised zone: start week", 7)         # week 28
        page.reset_to("DMZ 40 sites from week 28")
        page.slider("Pause between weeks", 0)
        page.click("▶")
        page.wait_week(80, timeout=120)
        page.pause()
        page.page.locator(".seeds-button").click()
        page.page.locator(".seeds-result").wait_for(timeout=300_000)
        page.page.screenshot(path=str(IMG / "workshop-overview.png"))
        page.click("FR")
        page.page.get_by_text("D'où vient l'argent des groupes armés").first.wait_for(timeout=30_000)
        page.page.get_by_text("Where the armed groups' money comes from").first.wait_for(state="detached")
        page.page.screenshot(path=str(IMG / "workshop-overview-fr.png"))
        page.assert_clean()
        browser.close()
    print(f"wrote {IMG / 'workshop-overview.png'} and {IMG / 'workshop-overview-fr.png'}")


if __name__ == "__main__":
    main()
