"""Consistent names: a found entry always has a tier, and a control on the entry path is never a decoy."""

from __future__ import annotations

from dataclasses import asdict

from test_analysis import LEX, REFUND_FORM, control

from auditor.audit.artifacts import Artifacts
from auditor.audit.graph import NavGraph
from auditor.profile import Thresholds
from auditor.report.build import build_report
from auditor.report.model import Report

EDGE = {"kind": "click", "why": "link"}


def _search_shop() -> NavGraph:
    """home → search 退单 → results: 如何申请退款? (a help article) → 立即申请 → the form; plus a 退款说明 page."""
    g = NavGraph()
    g.add_state("home", url="http://h/home", title="帮助中心", headings=[], forms=[], addressable=True,
                controls=[control("搜索", kind="search"), control("退款说明")])
    g.add_state("results", url="http://h/help/search?q=退单", title="搜索结果", headings=[], forms=[],
                controls=[control("如何申请退款?")])
    g.add_state("article", url="http://h/help/7", title="如何申请退款?", headings=[], forms=[], controls=[control("立即申请")])
    g.add_state("policy", url="http://h/page/refund", title="退款说明", headings=[], forms=[], controls=[])
    g.add_state("form", url="http://h/refund/apply", title="申请退单", headings=["申请退单"], forms=[asdict(REFUND_FORM)],
                controls=[])
    g.root = "home"
    g.add_transition("home", "results", "s", action="search", term="退单", label="搜索: 退单", control_label="搜索",
                     url="http://h/home", visibility={"names": ["搜索"]}, kind="search", why="search")
    for source, target, label in (("results", "article", "如何申请退款?"), ("article", "form", "立即申请"),
                                  ("home", "policy", "退款说明")):
        g.add_transition(source, target, label, action="click", label=label, control_label=label, url=f"http://h/{source}",
                         visibility={"names": [label]}, **EDGE)
    return g


def _report() -> Report:
    art = Artifacts(site="t", base_url="http://h", device="desktop", profile={}, tool_version="0", browser_version="x",
                    started_at="2026-12-03T00:00:00+00:00", graph=_search_shop(), crawl={"stop_reason": "complete"})
    return build_report(art, Thresholds(require_flow=False), LEX)


def test_an_entry_whose_label_names_nothing_gets_tier_none_and_the_tier_of_its_route() -> None:
    report = _report()
    entry = report.entry
    assert (entry.label, entry.match, entry.route_kind, entry.route_tier) == ("立即申请", "none", "search", "exact")
    finding = next(f for f in report.findings if f.rule == "vague-label")
    assert finding.id == "vague-label/unnamed/立即申请"
    assert "names neither a refund nor after-sales" in finding.message_en and "退单" in finding.message_en


def test_a_control_on_the_entry_path_is_never_also_a_decoy() -> None:
    roles = {c.label: c.role for c in _report().candidates}
    assert roles["如何申请退款?"] == "path"
    assert roles["退款说明"] == "decoy"
    assert "如何申请退款?" not in _report().ambiguity.decoys
