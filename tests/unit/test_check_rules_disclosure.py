"""rules-disclosure: a refund rule (a time limit, 未使用) shown on the path, the order pages or the
application passes; none warns (rules-not-disclosed). The check always measures: it has no n/a case."""

from __future__ import annotations

from test_analysis import shop_graph
from test_check_registry import artifacts_of, rules_of, run_one

from auditor.audit.graph import NavGraph
from auditor.profile import Thresholds


def _rule_on_orders(text: str) -> NavGraph:
    graph = shop_graph("申请退单")
    graph.add_state("orders", text=text)
    return graph


def test_rules_disclosure_passes_when_the_order_list_states_the_refund_rule() -> None:
    result = run_one("rules-disclosure", artifacts_of(_rule_on_orders("卡密未使用且在 24 小时内可申请退单")))
    assert result.status == "pass" and rules_of(result) == []
    assert result.message == "refund rules shown: 未使用且在 24 小时内可申请退"


def test_rules_disclosure_warns_when_no_rule_is_shown() -> None:
    result = run_one("rules-disclosure", artifacts_of(shop_graph("申请退单")))
    assert result.status == "warn" and rules_of(result) == ["rules-not-disclosed"]


def test_a_bare_status_is_not_a_rule() -> None:
    result = run_one("rules-disclosure", artifacts_of(_rule_on_orders("卡密状态：未使用")))
    assert result.status == "warn" and rules_of(result) == ["rules-not-disclosed"]


def test_rules_disclosure_fails_when_the_profile_fails_on_medium_findings() -> None:
    result = run_one("rules-disclosure", artifacts_of(shop_graph("申请退单")),
                     Thresholds(fail_on=["critical", "high", "medium"]))
    assert result.status == "fail" and rules_of(result) == ["rules-not-disclosed"]
