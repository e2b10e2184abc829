"""The demo and the reports people open: index, per-site report and comparison render in Chromium with
Chinese labels, screenshots and the graph; the hostile shop's markup stays text in every output."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Dialog, Page, Playwright

from auditor.demo import run_demo
from auditor.gather.browser import new_context

pytestmark = [pytest.mark.browser, pytest.mark.slow]

HOSTILE_MARKUP = "<img src=x onerror=alert(1)>"


def _open(browser: Browser, playwright: Playwright, path: Path) -> tuple[Page, list[str]]:
    context = new_context(browser, playwright, "desktop")
    page = context.new_page()
    dialogs: list[str] = []

    def on_dialog(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.goto(path.as_uri(), wait_until="load")
    return page, dialogs


def _loaded_images(page: Page) -> list[int]:
    """Natural widths of the path strip's pictures (0 for one that did not load)."""
    return page.locator(".strip img").evaluate_all("imgs => imgs.map(i => i.complete ? i.naturalWidth : 0)")


def test_demo_writes_an_index_reports_and_a_comparison_that_render(tmp_path: Path, browser: Browser,
                                                                 playwright: Playwright) -> None:
    out = tmp_path / "demo"
    results = run_demo(out, site_ids=["indie-store", "cs-only"], submit=False, ports="free", playwright=playwright)
    assert [r.error for r in results] == ["", ""]
    for name in ("index.html", "compare.html", "junit.xml", "indie-store/report.html", "cs-only/report.html"):
        assert (out / name).is_file(), name

    index, dialogs = _open(browser, playwright, out / "index.html")
    links = index.locator("a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
    assert any("indie-store/report.html" in (h or "") for h in links)
    assert any("cs-only/report.html" in (h or "") for h in links)
    assert "申请退单" in index.inner_text("body")

    report, dialogs = _open(browser, playwright, out / "indie-store" / "report.html")
    body = report.inner_text("body")
    assert "申请退单" in body and "我的订单" in body
    widths = _loaded_images(report)
    assert len(widths) >= 3 and all(w > 0 for w in widths), widths  # the path strip
    assert report.locator("svg circle, svg rect").count() > 5  # the graph as a picture
    compare, _ = _open(browser, playwright, out / "compare.html")
    assert "申请退单" in compare.inner_text("body") and "cs-only" in compare.inner_text("body")
    assert dialogs == []


def test_hostile_shop_markup_stays_text_in_html_junit_and_markdown(audited: Any, browser: Browser,
                                                                  playwright: Playwright) -> None:
    run = audited("hostile")
    data = (run.out / "report.json").read_text(encoding="utf-8")
    # The label reached the report (json escapes "<" as \u003c), otherwise this test would prove nothing.
    assert HOSTILE_MARKUP in json.dumps(json.loads(data), ensure_ascii=False)
    html = (run.out / "report.html").read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=alert(1)&gt;" in html or "\\u003cimg src=x onerror=alert(1)\\u003e" in html
    for name in ("report.html", "junit.xml", "summary.md"):
        text = (run.out / name).read_text(encoding="utf-8")
        assert "<img src=x" not in text and "<svg onload" not in text and "<script>alert" not in text, name
    page, dialogs = _open(browser, playwright, run.out / "report.html")
    page.wait_for_timeout(300)  # give an injected onerror the chance it must not have
    assert dialogs == []
    assert page.locator("img[src='x']").count() == 0
