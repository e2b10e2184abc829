"""entry-depth: passes within max_depth, fails beyond it when the depth is proven, cannot measure an
unproven excess, and has nothing to say without an entry."""

from __future__ import annotations

from test_analysis import shop_graph
from test_check_registry import artifacts_of, no_entry_shop, rules_of, run_one

from auditor.profile import Thresholds


def test_entry_depth_passes_within_the_threshold() -> None:
    result = run_one("entry-depth", artifacts_of(shop_graph("申请退单")), Thresholds(max_depth=2))
    assert result.status == "pass" and result.message == "depth 2 ≤ 2" and rules_of(result) == []


def test_entry_depth_fails_when_deeper_than_the_threshold() -> None:
    result = run_one("entry-depth", artifacts_of(shop_graph("申请退单")), Thresholds(max_depth=1))
    assert result.status == "fail" and rules_of(result) == ["deep-entry"]
    assert result.findings[0].evidence["path"] == ["我的订单", "申请退单"]


def test_entry_depth_cannot_measure_an_excess_a_shorter_untried_way_might_undo() -> None:
    art = artifacts_of(shop_graph("申请退单"), stop="max-seconds", complete=False, depth_proven=False,
                       reasons=("the crawl stopped on a bound (max-seconds) with 5 controls untried",))
    result = run_one("entry-depth", art, Thresholds(max_depth=1))
    assert result.status == "error" and rules_of(result) == []
    assert result.message.startswith("could not measure")


def test_entry_depth_is_not_applicable_without_an_entry_on_a_complete_crawl() -> None:
    result = run_one("entry-depth", artifacts_of(no_entry_shop()))
    assert result.status == "n/a" and rules_of(result) == []
