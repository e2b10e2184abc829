"""entry-label: an exact name passes, an after-sales name warns (synonym-label), a vague or unrelated name
fails (vague-label), and without an entry there is nothing to name."""

from __future__ import annotations

from test_analysis import shop_graph
from test_check_registry import artifacts_of, no_entry_shop, rules_of, run_one


def test_entry_label_passes_when_the_entry_says_refund() -> None:
    result = run_one("entry-label", artifacts_of(shop_graph("申请退单")))
    assert result.status == "pass" and rules_of(result) == []
    assert result.message == "'申请退单' names the refund directly"


def test_entry_label_warns_on_an_after_sales_name() -> None:
    result = run_one("entry-label", artifacts_of(shop_graph("申请售后")))
    assert result.status == "warn" and rules_of(result) == ["synonym-label"]
    assert result.findings[0].id == "synonym-label/申请售后"


def test_entry_label_fails_on_a_vague_name() -> None:
    result = run_one("entry-label", artifacts_of(shop_graph("售后维权")))
    assert result.status == "fail" and rules_of(result) == ["vague-label"]
    assert result.findings[0].id == "vague-label/售后维权"


def test_entry_label_fails_on_a_name_that_says_neither_refund_nor_after_sales() -> None:
    result = run_one("entry-label", artifacts_of(shop_graph("订单操作")))
    assert result.status == "fail" and rules_of(result) == ["vague-label"]
    assert result.findings[0].id == "vague-label/unnamed/订单操作"


def test_entry_label_is_not_applicable_without_an_entry() -> None:
    result = run_one("entry-label", artifacts_of(no_entry_shop()))
    assert result.status == "n/a" and rules_of(result) == []
