"""Humble verdicts: "not found" only from a crawl that could have seen the entry; customer-service-only
only with a real channel; inconclusive otherwise (pure: built from artifacts, no browser)."""

from __future__ import annotations

from typing import Any

from test_analysis import LEX, control, shop_graph

from auditor.audit.artifacts import Artifacts
from auditor.audit.flow_outcome import FlowRecord
from auditor.audit.graph import NavGraph
from auditor.profile import Thresholds
from auditor.report.build import build_report
from auditor.report.model import Report

FRAUD = "【公告】警惕冒充客服的诈骗行为"
INCOMPLETE = {"complete": False, "reasons": ["the crawl stopped on a bound (max-seconds) with 31 controls untried"],
              "entry_depth": None, "entry_depth_proven": False}
COMPLETE = {"complete": True, "reasons": [], "entry_depth": None, "entry_depth_proven": False}


def _artifacts(graph: NavGraph, stop: str, coverage: dict[str, Any], skipped: list[dict[str, Any]] | None = None,
               flow: dict[str, Any] | None = None) -> Artifacts:
    return Artifacts(site="t", base_url="http://h", device="desktop", profile={}, tool_version="0", browser_version="x",
                     started_at="2026-12-03T00:00:00+00:00", graph=graph,
                     crawl={"stop_reason": stop, "coverage": {**coverage, "stop_reason": stop}, "skipped": skipped or []},
                     flow=FlowRecord.from_dict(flow or {}))


def _no_entry_shop(*labels: str, notice: str = FRAUD) -> NavGraph:
    """home (a notice link, the given controls) → the notice page, which talks about 客服 and 退款."""
    g = NavGraph()
    g.add_state("home", url="http://h/home", title="首页", headings=[], forms=[], addressable=True,
                controls=[control(notice), control("我的订单"), *[control(x) for x in labels]])
    g.add_state("notice", url="http://h/notice/90", title=notice, headings=[notice], forms=[], controls=[],
                text="本站客服不会以退款为由索要验证码")
    g.add_state("orders", url="http://h/orders", title="我的订单", headings=[], forms=[], controls=[control("查看详情")])
    g.root = "home"
    edge = {"action": "click", "kind": "click", "why": "link", "url": "http://h/home"}
    g.add_transition("home", "notice", "n", label=notice, control_label=notice, visibility={"names": [notice]}, **edge)
    g.add_transition("home", "orders", "o", label="我的订单", control_label="我的订单", visibility={"names": ["我的订单"]}, **edge)
    return g


def _status(report: Report) -> dict[str, str]:
    return {c.id: c.status for c in report.checks}


def test_a_crawl_that_hit_its_budget_without_an_entry_is_inconclusive_not_an_accusation() -> None:
    report = build_report(_artifacts(_no_entry_shop("在线客服"), "max-seconds", INCOMPLETE), Thresholds(), LEX)
    assert report.verdict == "inconclusive" and report.passed is False
    assert _status(report)["refund-entry"] == "error"
    assert "could not measure" in next(c.message for c in report.checks if c.id == "refund-entry")
    assert not {"no-entry", "customer-service-only"} & {f.rule for f in report.findings}
    assert report.coverage["complete"] is False and "max-seconds" in report.coverage["reasons"][0]


def test_a_flow_that_only_found_customer_service_on_an_incomplete_crawl_is_not_measured() -> None:
    flow = {"attempted": True, "completed": False, "blocker": "customer-service-only", "blocker_detail": "联系我们 → /contact"}
    report = build_report(_artifacts(_no_entry_shop("在线客服"), "max-seconds", INCOMPLETE, flow=flow), Thresholds(), LEX)
    assert report.verdict == "inconclusive"
    assert _status(report)["refund-flow"] == "error"
    assert "flow-blocked" not in {f.rule for f in report.findings}


def test_the_same_shop_crawled_completely_fails_with_no_entry() -> None:
    report = build_report(_artifacts(_no_entry_shop("在线客服"), "complete", COMPLETE), Thresholds(), LEX)
    assert report.verdict == "fail"
    assert {"no-entry", "customer-service-only"} <= {f.rule for f in report.findings}


def test_a_fraud_warning_is_never_the_customer_service_channel_of_a_shop_without_an_entry() -> None:
    report = build_report(_artifacts(_no_entry_shop(), "complete", COMPLETE), Thresholds(), LEX)
    rules = {f.rule for f in report.findings}
    assert "customer-service-only" not in rules
    mention = next(f for f in report.findings if f.rule == "cs-mentions")
    assert FRAUD in mention.message_en  # quoted as evidence
    no_entry = next(f for f in report.findings if f.rule == "no-entry")
    assert no_entry.evidence["customer_service"] == []


def test_with_a_real_channel_the_channel_is_named_and_the_fraud_warning_is_not() -> None:
    report = build_report(_artifacts(_no_entry_shop("在线客服"), "complete", COMPLETE), Thresholds(), LEX)
    cs = next(f for f in report.findings if f.rule == "customer-service-only")
    assert [c["label"] for c in cs.evidence["channels"]] == ["在线客服"]
    assert FRAUD not in cs.message_zh and FRAUD in str(cs.evidence["mentions"])


def test_an_off_site_qq_link_refused_by_the_gate_is_a_channel() -> None:
    qq = {"reason": "off-origin", "label": "QQ咨询", "href": "http://wpa.qq.com/msgrd?uin=1", "url": "http://h/home"}
    report = build_report(_artifacts(_no_entry_shop(), "complete", COMPLETE, [qq]), Thresholds(), LEX)
    cs = next(f for f in report.findings if f.rule == "customer-service-only")
    assert cs.evidence["channels"][0]["kind"] == "contact-link"


def test_a_fraud_warning_on_a_shop_with_an_entry_is_neither_a_route_nor_a_channel() -> None:
    graph = shop_graph("申请退单", extra_on_orders=(FRAUD,))
    report = build_report(_artifacts(graph, "complete", {**COMPLETE, "entry_depth_proven": True}), Thresholds(), LEX)
    assert report.entry.found and report.entry.route_kind == "navigation"
    assert "customer-service-only" not in {f.rule for f in report.findings}
    assert report.verdict == "pass"


def test_too_deep_an_entry_from_an_unfinished_crawl_is_not_failed_on_depth() -> None:
    graph = shop_graph("申请退单")  # depth 2
    unproven = {"complete": False, "reasons": ["the crawl stopped on a bound (max-states) with 9 controls untried"],
                "entry_depth": 2, "entry_depth_proven": False}
    report = build_report(_artifacts(graph, "max-states", unproven), Thresholds(max_depth=1, require_flow=False), LEX)
    assert _status(report)["entry-depth"] == "error" and report.verdict == "inconclusive"
    proven = build_report(_artifacts(graph, "max-states", {**unproven, "entry_depth_proven": True}),
                          Thresholds(max_depth=1, require_flow=False), LEX)
    assert _status(proven)["entry-depth"] == "fail" and proven.verdict == "fail"


def test_ambiguity_is_not_scored_without_an_entry() -> None:
    report = build_report(_artifacts(_no_entry_shop("在线客服"), "complete", COMPLETE), Thresholds(), LEX)
    assert report.ambiguity.score is None
    assert _status(report)["label-ambiguity"] == "n/a"


def test_an_old_artifact_without_coverage_counts_as_complete_only_when_the_crawl_ended_by_itself() -> None:
    art = _artifacts(_no_entry_shop("在线客服"), "max-seconds", COMPLETE)
    art.crawl.pop("coverage")
    assert build_report(art, Thresholds(), LEX).verdict == "inconclusive"


def test_a_required_flow_that_was_never_run_is_not_measured_never_passed() -> None:
    """--no-flow (or an audit stopped before the flow) on a profile with require_flow: the refund-flow check
    cannot pass on a flow that did not happen; without require_flow there is nothing to say."""
    artifacts = _artifacts(shop_graph("申请退单"), "complete", {**COMPLETE, "entry_depth_proven": True})
    artifacts.flow = None
    required = build_report(artifacts, Thresholds(require_flow=True), LEX)
    assert required.entry.found
    assert _status(required)["refund-flow"] == "error" and required.verdict == "inconclusive", required.reasons
    optional = build_report(artifacts, Thresholds(require_flow=False), LEX)
    assert _status(optional)["refund-flow"] == "n/a" and optional.verdict != "inconclusive"
