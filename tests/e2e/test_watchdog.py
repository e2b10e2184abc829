"""A shop whose pages never answer: the audit goes on past them, and never outlives its hard bound.

Two pages run ``while (true) {}``: one at load (its DOM never arrives), one a moment after load (the page
looks fine, then every evaluate hangs). Playwright's sync calls have no deadline for an evaluate, so
before the watchdog the audit waited forever and wrote nothing. The refund application sits behind a
third link: it must still be found, with the stuck pages recorded as errors (so the crawl is not called
complete), and a whole audit stuck inside one action must end at its hard time limit with artifacts and
an inconclusive report. The deadlines are shortened here so the test is quick; the mechanism is the
production one.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest
from pageserver import PageHandler, serving
from playwright.sync_api import Playwright

from auditor.gather import stage as gather
from auditor.gather.crawl import driver
from auditor.pipeline import run_audit
from auditor.profile import profile_from_dict

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PAGES = {
    "/home": """<h1>首页</h1><nav><a href="/news">最新活动</a> <a href="/promo">限时优惠</a>
<a href="/orders">我的订单</a></nav>""",
    "/news": """<h1>最新活动</h1><script>while (true) {}</script><a href="/home">返回</a>""",
    "/promo": """<h1>限时优惠</h1><a href="/home">返回</a>
<script>setTimeout(() => { while (true) {} }, 200);</script>""",
    "/orders": """<h1>我的订单</h1><p>KM202611270001 王者荣耀点券 卡密已发放</p><a href="/refund?o=KM202611270001">申请退款</a>""",
    "/refund": """<h1>申请退款</h1><form method="post" action="/refund">
<label>退款原因 <select name="reason" required><option value="">请选择</option><option>卡密未到账</option></select></label>
<label>问题描述 <textarea name="description"></textarea></label><button type="submit">提交申请</button></form>""",
}


@pytest.fixture(scope="module")
def stuck_shop() -> Iterator[str]:
    class Handler(PageHandler):
        def do_GET(self) -> None:
            self.send_page(PAGES.get(self.path.split("?")[0], "<p>ok</p>"))

    with serving(Handler) as origin:
        yield origin


def _profile(site: str, max_seconds: int, start: str = "/home") -> object:
    return profile_from_dict({"name": "stuck", "base_url": site + "/", "start": start,
                              "crawl": {"max_seconds": max_seconds, "max_depth": 3}})


def _chromes() -> set[int]:
    """Our own Chromium processes (children of this test process's Playwright drivers), not the machine's."""
    mine = psutil.Process().children(recursive=True)
    return {p.pid for p in mine if "chrom" in p.name().lower()}


def _left_running(before: set[int]) -> list[int]:
    """Chromium processes started since ``before`` that do not exit (a closed browser's children take a
    moment to go: waited for, bounded)."""
    started = []
    for pid in _chromes() - before:
        with contextlib.suppress(psutil.NoSuchProcess):
            started.append(psutil.Process(pid))
    _gone, alive = psutil.wait_procs(started, timeout=10)
    return [p.pid for p in alive]


def test_a_page_that_never_answers_costs_one_deadline_and_the_entry_is_still_found(
        stuck_shop: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, playwright: Playwright) -> None:
    monkeypatch.setattr(driver, "ANSWER_DEADLINE_S", 4.0)
    before = _chromes()
    started = time.monotonic()
    report = run_audit(_profile(stuck_shop, 90), tmp_path, run_flow=False,  # type: ignore[arg-type]
                       playwright=playwright)
    took = time.monotonic() - started
    assert report.entry.found and report.entry.label == "申请退款", report.entry
    crawl = json.loads((tmp_path / "artifacts.json").read_text(encoding="utf-8"))["crawl"]
    stuck = [e for e in crawl["errors"] if e.get("stuck")]
    assert {e["at"].rsplit("/", 1)[-1] for e in stuck} == {"news", "promo"}, crawl["errors"]
    assert report.coverage["stuck_pages"] == 2 and report.coverage["failed_controls"] == 0, report.coverage
    assert report.coverage["complete"] is False, "a crawl with pages it could not read is not complete"
    # Each stuck page costs one deadline at most: the one at load its navigation timeout (15 s, then it is
    # abandoned), the late one the 4 s deadline of its next call; never retried, never the whole budget.
    assert took < 15 + 4 + 20, f"{took:.0f} s"
    assert not _left_running(before), "Chromium left running"


def test_an_audit_stuck_inside_one_action_ends_at_its_hard_limit_with_a_report(
        stuck_shop: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, playwright: Playwright) -> None:
    # One action may take 60 s here, the audit only 4 + 4: the hard limit must cut in mid-action.
    monkeypatch.setattr(driver, "ANSWER_DEADLINE_S", 60.0)
    monkeypatch.setattr(gather, "AUDIT_GRACE_S", 4.0)
    before = _chromes()
    started = time.monotonic()
    # It starts on the page that hangs a moment after load: the first snapshot never returns.
    report = run_audit(_profile(stuck_shop, 4, "/promo"), tmp_path, run_flow=False,  # type: ignore[arg-type]
                       playwright=playwright)
    took = time.monotonic() - started
    assert took < 8 + 10, f"the audit outlived max_seconds + grace: {took:.0f} s"
    assert report.verdict == "inconclusive", report.reasons
    assert report.coverage["stop_reason"] == "time-limit"
    assert "hard time limit" in report.coverage["reasons"][0]
    for name in ("artifacts.json", "report.json", "report.html", "junit.xml", "manifest.json"):
        assert (tmp_path / name).is_file(), name
    assert not _left_running(before), "Chromium left running"
