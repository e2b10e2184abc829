"""refund-vs-purchase: the refund entry takes no more actions than the purchase control; a purchase one
action away beside a refund two actions deep warns; no purchase control, nothing to compare."""

from __future__ import annotations

from test_analysis import control, shop_graph
from test_check_registry import artifacts_of, no_entry_shop, rules_of, run_one

from auditor.audit.graph import NavGraph
from auditor.profile import Thresholds

BUY = control("立即购买", why="button", href="")


def _buy_on(graph: NavGraph, state: str) -> NavGraph:
    attrs = graph.state(state)
    graph.add_state(state, controls=[*attrs["controls"], BUY])
    return graph


def test_refund_vs_purchase_passes_when_the_refund_is_as_near_as_the_purchase() -> None:
    result = run_one("refund-vs-purchase", artifacts_of(_buy_on(shop_graph("申请退单"), "orders")))
    assert result.status == "pass" and rules_of(result) == []
    assert result.message == "refund entry 2 ≤ purchase 2 actions"


def test_refund_vs_purchase_warns_when_buying_takes_fewer_actions_than_the_refund_entry() -> None:
    result = run_one("refund-vs-purchase", artifacts_of(_buy_on(shop_graph("申请退单"), "home")))
    assert result.status == "warn" and rules_of(result) == ["refund-harder-than-purchase"]
    evidence = result.findings[0].evidence
    assert (evidence["purchase_depth"], evidence["refund_entry_depth"]) == (1, 2)


def test_refund_vs_purchase_fails_when_the_profile_fails_on_medium_findings() -> None:
    result = run_one("refund-vs-purchase", artifacts_of(_buy_on(shop_graph("申请退单"), "home")),
                     Thresholds(fail_on=["critical", "high", "medium"]))
    assert result.status == "fail" and rules_of(result) == ["refund-harder-than-purchase"]


def test_a_shop_that_sells_but_has_no_refund_entry_is_harder_to_leave() -> None:
    result = run_one("refund-vs-purchase", artifacts_of(_buy_on(no_entry_shop(), "home")))
    assert result.status == "warn" and rules_of(result) == ["refund-harder-than-purchase"]
    assert "no reachable path" in result.message


def test_refund_vs_purchase_is_not_applicable_without_a_purchase_control() -> None:
    result = run_one("refund-vs-purchase", artifacts_of(shop_graph("申请退单")))
    assert result.status == "n/a" and result.message == "no purchase control seen" and rules_of(result) == []
