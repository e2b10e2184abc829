"""appeal-entry: an appeal (申诉) application reachable from the start page is reported as information
(the check passes with it); without one the check is n/a. It never fails: an appeal entry is optional."""

from __future__ import annotations

from dataclasses import asdict

from test_analysis import APPEAL_FORM, control, shop_graph
from test_check_registry import artifacts_of, rules_of, run_one

from auditor.audit.graph import NavGraph
from auditor.profile import Thresholds


def _with_appeal(graph: NavGraph) -> NavGraph:
    """The order list also offers 我要申诉, which opens an appeal form."""
    graph.add_state("orders", controls=[*graph.state("orders")["controls"], control("我要申诉")])
    graph.add_state("appeal", url="http://h/appeal/1", title="提交申诉", headings=["提交申诉"], controls=[],
                    addressable=True, forms=[asdict(APPEAL_FORM)])
    graph.add_transition("orders", "appeal", "a", label="我要申诉", control_label="我要申诉", action="click",
                         kind="click", why="link", url="http://h/orders", visibility={"names": ["我要申诉"]})
    return graph


def test_appeal_entry_reports_a_reachable_appeal_application_and_passes() -> None:
    result = run_one("appeal-entry", artifacts_of(_with_appeal(shop_graph("申请退单"))))
    assert result.status == "pass" and rules_of(result) == ["appeal-entry"]
    (found,) = result.findings
    assert found.severity == "info" and found.evidence["label"] == "我要申诉" and found.evidence["depth"] == 2


def test_appeal_entry_does_not_fail_even_when_the_profile_fails_on_everything() -> None:
    result = run_one("appeal-entry", artifacts_of(_with_appeal(shop_graph("申请退单"))),
                     Thresholds(fail_on=["critical", "high", "medium", "low"]))
    assert result.status == "pass"


def test_appeal_entry_is_not_applicable_without_an_appeal_application() -> None:
    result = run_one("appeal-entry", artifacts_of(shop_graph("申请退单")))
    assert result.status == "n/a" and rules_of(result) == []
