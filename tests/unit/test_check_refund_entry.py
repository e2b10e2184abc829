"""refund-entry: passes on a self-service application, fails with no-entry (and customer-service-only when
a real channel exists) on a complete crawl, and cannot measure on an incomplete one or without the path
evidence."""

from __future__ import annotations

from test_analysis import shop_graph
from test_check_registry import artifacts_of, no_entry_shop, rules_of, run_one


def test_refund_entry_passes_when_a_control_opens_the_refund_application() -> None:
    result = run_one("refund-entry", artifacts_of(shop_graph("申请退单")))
    assert result.status == "pass" and rules_of(result) == []
    assert result.message == "entry '申请退单' opens the refund application"


def test_refund_entry_fails_with_no_entry_and_customer_service_only_when_a_chat_link_is_the_only_way() -> None:
    result = run_one("refund-entry", artifacts_of(no_entry_shop("在线客服")))
    assert result.status == "fail"
    assert rules_of(result) == ["customer-service-only", "no-entry"]


def test_refund_entry_fails_with_no_entry_alone_when_there_is_no_channel_either() -> None:
    result = run_one("refund-entry", artifacts_of(no_entry_shop()))
    assert result.status == "fail" and rules_of(result) == ["no-entry"]


def test_refund_entry_cannot_measure_a_missing_entry_on_an_incomplete_crawl() -> None:
    art = artifacts_of(no_entry_shop("在线客服"), stop="max-states", complete=False, depth_proven=False,
                       reasons=("the crawl stopped on a bound (max-states) with 12 controls untried",))
    result = run_one("refund-entry", art)
    assert result.status == "error" and rules_of(result) == []
    assert result.message.startswith("could not measure") and "max-states" in result.message


def test_refund_entry_is_an_error_when_the_path_evidence_stage_failed() -> None:
    art = artifacts_of(shop_graph("申请退单"),
                       stage_errors=({"stage": "capture_entry_path", "error": "ActionFailed: 申请退单 is gone"},))
    result = run_one("refund-entry", art)
    assert result.status == "error"
    assert result.message == ("could not measure the refund entry's path evidence: the capture_entry_path stage "
                              "failed: ActionFailed: 申请退单 is gone")
