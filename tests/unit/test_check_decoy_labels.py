"""decoy-labels: refund-looking controls that do not open the application are reported (low beside a
real entry, medium without one); none is a pass. The check always measures: it has no n/a case."""

from __future__ import annotations

from test_analysis import shop_graph
from test_check_registry import artifacts_of, no_entry_shop, rules_of, run_one

from auditor.profile import Thresholds


def test_decoy_labels_passes_without_decoys() -> None:
    result = run_one("decoy-labels", artifacts_of(shop_graph("申请退单")))
    assert result.status == "pass" and result.message == "no decoys" and rules_of(result) == []


def test_decoy_labels_warns_on_a_refund_policy_link_beside_the_entry() -> None:
    result = run_one("decoy-labels", artifacts_of(shop_graph("申请退单", footer=("退款说明",))))
    assert result.status == "warn" and rules_of(result) == ["decoy-label"]
    assert [(f.id, f.severity) for f in result.findings] == [("decoy-label/退款说明", "low")]


def test_decoy_labels_fails_when_the_profile_fails_on_low_findings() -> None:
    result = run_one("decoy-labels", artifacts_of(shop_graph("申请退单", footer=("退款说明",))),
                     Thresholds(fail_on=["critical", "high", "medium", "low"]))
    assert result.status == "fail" and rules_of(result) == ["decoy-label"]


def test_a_decoy_on_a_shop_without_an_entry_is_more_severe() -> None:
    graph = no_entry_shop("退款进度")
    graph.add_state("progress", url="http://h/refunds", title="退款进度", headings=["退款进度"], forms=[], controls=[])
    graph.add_transition("home", "progress", "p", label="退款进度", control_label="退款进度", action="click",
                         kind="click", why="link", url="http://h/home", visibility={"names": ["退款进度"]})
    result = run_one("decoy-labels", artifacts_of(graph))
    assert result.status == "warn" and rules_of(result) == ["decoy-label"]
    assert [f.severity for f in result.findings] == ["medium"]
