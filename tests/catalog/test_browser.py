"""Opt-in: the example app's catalog in headless Chromium, searched and filtered as a person would.

Runs when ``REDACTLINT_BROWSER_TESTS=1`` (``.ci/run`` sets it once Debian's
``chromium`` and ``chromium-driver`` are installed) and skips otherwise, or when
Chromium, its driver or the ``selenium`` package is missing. Nothing is
installed or imported at import time. The screenshot is saved under the test's
temporary directory; with ``REDACTLINT_CATALOG_SCREENSHOT=docs/catalog.png`` it
is also copied there (that is how the README's picture is made).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from redactlint.adoption.baseline import Baseline
from redactlint.adoption.fingerprints import fingerprints
from redactlint.analysis.check import check_paths
from redactlint.analysis.config import Config, parse_config_file
from redactlint.catalog import collect_catalog, write_catalog

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "examples" / "app"
TITLE = "Telemetry data catalog: notebook_search"
CHROMIUM_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
    "--window-size=1200,1000",
)
SCREENSHOT_WIDTH = 1200


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Any]:
    if os.environ.get("REDACTLINT_BROWSER_TESTS") != "1":
        pytest.skip("browser test: set REDACTLINT_BROWSER_TESTS=1 (.ci/run does)")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver")
    if chromium is None or driver_path is None:
        pytest.skip("browser test: Debian's chromium and chromium-driver are not installed")
    webdriver = pytest.importorskip("selenium.webdriver")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in (*CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}"):
        options.add_argument(flag)
    service = webdriver.ChromeService(executable_path=driver_path)
    driver = webdriver.Chrome(options=options, service=service)
    driver.set_page_load_timeout(15)
    try:
        yield driver
    finally:
        driver.quit()


def shown_events(driver: Any) -> list[str]:
    from selenium.webdriver.common.by import By

    return [
        card.get_attribute("data-event")
        for card in driver.find_elements(By.CSS_SELECTOR, "article.event")
        if card.is_displayed()
    ]


def accepting(config: Config, code: str, path: Path) -> Path:
    """A baseline at ``path`` that accepts the project's findings of rule ``code``."""
    findings, _ = check_paths([], config, cache_directory=None)
    prints = fingerprints(findings, config.root)
    chosen = [index for index, finding in enumerate(findings) if finding.code == code]
    Baseline.from_findings(
        [findings[index] for index in chosen], [prints[index] for index in chosen], config.root
    ).write(path)
    return path


def test_catalog_search_and_filters(browser: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    out = tmp_path / "catalog"
    config = parse_config_file(APP / "pyproject.toml")
    # The tour's RL002 is accepted in a baseline, its RL001 is new.
    baseline = accepting(config, "RL002", tmp_path / "baseline.json")
    catalog = collect_catalog(config, baseline_file=baseline)
    assert catalog.title == TITLE
    write_catalog(catalog, out, config.root)

    browser.get((out / "index.html").as_uri())
    WebDriverWait(browser, 10).until(
        lambda d: len(d.find_elements(By.CSS_SELECTOR, "#chart-sensitivities rect")) == 4
    )
    # The summary charts are drawn from the data: one bar per feature, per sensitivity.
    bars = browser.find_elements(By.CSS_SELECTOR, "#chart-features rect")
    assert len(bars) == 3
    labels = browser.find_elements(By.CSS_SELECTOR, "#chart-sensitivities rect")
    assert [bar.get_attribute("data-label") for bar in labels] == [
        "sensitive",
        "hashed",
        "safe",
        "not-text",
    ]
    count = browser.find_element(By.ID, "shown-count")
    assert count.text == "3 of 3 events shown"
    assert shown_events(browser) == [
        "codeIntel.goToDefinition",
        "notebook.pageViewed",
        "search.submitted",
    ]

    search = browser.find_element(By.ID, "search")
    search.send_keys("symbol")
    assert shown_events(browser) == ["codeIntel.goToDefinition"]
    assert count.text == "1 of 3 events shown"
    # The exported-data view follows the same search.
    samples = browser.find_elements(By.CSS_SELECTOR, "div.sample")
    assert [s.get_attribute("data-event") for s in samples if s.is_displayed()] == [
        "codeIntel.goToDefinition"
    ]

    search.clear()
    search.send_keys("no such thing")
    assert shown_events(browser) == []
    assert browser.find_element(By.ID, "no-match").is_displayed()

    search.clear()
    Select(browser.find_element(By.ID, "filter-sensitivity")).select_by_value("hashed")
    assert shown_events(browser) == ["notebook.pageViewed", "search.submitted"]
    Select(browser.find_element(By.ID, "filter-owner")).select_by_value("search-team")
    assert shown_events(browser) == ["search.submitted"]
    assert count.text == "1 of 3 events shown"

    # What the reviewer sees for that event: its call site, its finding, what leaves.
    card = browser.find_element(By.ID, "event-search.submitted")
    assert "notebook_search/search.py:36" in card.text
    assert "RL002" in card.text
    sample = browser.find_element(By.ID, "sample-search.submitted")
    assert "‹×›" in sample.text
    assert "query.alice@example.com" in sample.text  # in keep mode only

    Select(browser.find_element(By.ID, "filter-owner")).select_by_value("")
    Select(browser.find_element(By.ID, "filter-sensitivity")).select_by_value("")
    assert count.text == "3 of 3 events shown"

    # The reviewer's sections: what escapes the marking, and with which reason.
    hatches = browser.find_element(By.ID, "escape-hatches")
    assert hatches.is_displayed()
    safe_types = browser.find_element(By.ID, "hatches-safe-type").text
    assert "notebook_search.codeintel.CodeLocation" in safe_types
    assert "prints only the language and the line number in clear" in safe_types
    assert "no justification" in browser.find_element(By.ID, "hatches-safe").text
    assert "Suppressions (0)" in hatches.text
    # Findings new or accepted in the baseline, on their call sites.
    header = browser.find_element(By.TAG_NAME, "header").text
    assert "2 open findings (1 new, 1 accepted in the baseline" in header
    card = browser.find_element(By.ID, "event-search.submitted")
    assert "accepted in the baseline" in card.find_element(By.CSS_SELECTOR, ".finding").text
    jump = browser.find_element(By.ID, "event-codeIntel.goToDefinition")
    status = jump.find_element(By.CSS_SELECTOR, ".finding .status-new")
    assert status.is_displayed() and status.text == "new"
    # Calls written over several lines are shown whole.
    calls = [call.text for call in jump.find_elements(By.CSS_SELECTOR, "pre.call")]
    assert len(calls) == 2 and all(call.startswith("track(") for call in calls)
    assert '"symbol": unsafe(symbol),' in calls[0] and calls[0].endswith(")")
    # Numbers and booleans that leave in clear by policy, marked for review.
    marks = jump.find_elements(By.CSS_SELECTOR, "table.fields .review")
    assert [mark.text for mark in marks] == ["in clear by policy — review"] * 2
    # The governance facts of each event.
    facts = jump.find_element(By.CSS_SELECTOR, "dl.governance").text
    assert "retention\n90 days" in facts and "data-category\nusage" in facts

    # The picture runs from the header to the end of the first event's call sites: the
    # charts, the escape hatches, the index, governance facts, fields and whole calls.
    browser.execute_script("document.activeElement.blur(); window.scrollTo(0, 0)")
    bottom = browser.execute_script(
        "var sites = document.querySelector('article.event ul.sites');"
        "return Math.ceil(sites.getBoundingClientRect().bottom + window.scrollY) + 16;"
    )
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": SCREENSHOT_WIDTH, "height": bottom, "deviceScaleFactor": 1, "mobile": False},
    )
    screenshot = tmp_path / "catalog.png"
    assert browser.save_screenshot(str(screenshot))
    assert screenshot.stat().st_size > 10_000
    target = os.environ.get("REDACTLINT_CATALOG_SCREENSHOT")
    if target:
        shutil.copyfile(screenshot, target)


def test_a_suppressed_call_site_is_marked(browser: Any, tmp_path: Path) -> None:
    """A call whose finding is suppressed shows the suppression and its reason."""
    from selenium.webdriver.common.by import By

    from .test_review import build_reviewed

    root = build_reviewed(tmp_path / "shop")
    config = parse_config_file(root / "pyproject.toml")
    out = tmp_path / "catalog"
    write_catalog(collect_catalog(config, baseline_file=root / "baseline.json"), out, root)
    browser.get((out / "index.html").as_uri())
    card = browser.find_element(By.ID, "event-search.run")
    marks = [mark.text for mark in card.find_elements(By.CSS_SELECTOR, "li.suppressed")]
    assert marks == [
        "suppressed: RL001 — the query is a product id",
        "suppressed: # noqa: RL001 — no reason given",
    ]
    index = browser.find_element(By.ID, "event-index").text
    assert "+2 suppressed" in index
    rows = browser.find_elements(By.CSS_SELECTOR, "#hatches-suppression tr")
    assert len(rows) == 3  # the header and the two suppressions
