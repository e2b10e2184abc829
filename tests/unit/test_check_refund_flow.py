"""refund-flow: a flow carried to the final submit passes; a blocked one fails (flow-blocked), as does one
over max_flow_actions (flow-interstitials); a flow not run is n/a unless the profile requires it; a flow
the auditor could not carry through, or whose stage failed, could not be measured."""

from __future__ import annotations

from typing import Any

from test_analysis import shop_graph
from test_check_registry import COMPLETED_FLOW, artifacts_of, no_entry_shop, rules_of, run_one

from auditor.profile import Thresholds


def _flow(**changes: Any) -> dict[str, Any]:
    return {**COMPLETED_FLOW, **changes}


def test_refund_flow_passes_when_the_dry_run_reaches_the_final_submit() -> None:
    result = run_one("refund-flow", artifacts_of(shop_graph("申请退单"), flow=_flow()))
    assert result.status == "pass" and rules_of(result) == []
    assert result.message == "completed (dry run stopped before the final submit)"


def test_refund_flow_fails_when_a_captcha_blocks_it() -> None:
    flow = _flow(completed=False, blocker="captcha", blocker_detail="图形验证码")
    result = run_one("refund-flow", artifacts_of(shop_graph("申请退单"), flow=flow))
    assert result.status == "fail" and rules_of(result) == ["flow-blocked"]
    assert result.findings[0].id == "flow-blocked/captcha"


def test_refund_flow_fails_when_it_takes_more_actions_than_allowed() -> None:
    result = run_one("refund-flow", artifacts_of(shop_graph("申请退单"), flow=_flow()), Thresholds(max_flow_actions=2))
    assert result.status == "fail" and rules_of(result) == ["flow-interstitials"]


def test_refund_flow_not_run_is_not_applicable_when_the_profile_does_not_require_it() -> None:
    result = run_one("refund-flow", artifacts_of(shop_graph("申请退单"), flow=None), Thresholds(require_flow=False))
    assert result.status == "n/a" and rules_of(result) == []
    assert result.message.startswith("the refund flow was not run")


def test_refund_flow_not_run_could_not_be_measured_when_the_profile_requires_it() -> None:
    result = run_one("refund-flow", artifacts_of(shop_graph("申请退单"), flow=None), Thresholds(require_flow=True))
    assert result.status == "error" and result.message.startswith("could not measure")


def test_refund_flow_is_not_applicable_on_a_shop_without_an_application_to_try() -> None:
    flow = {"attempted": False, "skipped_reason": "no refund application to try"}
    result = run_one("refund-flow", artifacts_of(no_entry_shop(), flow=flow), Thresholds(require_flow=False))
    assert result.status == "n/a" and result.message == "no refund application to try"


def test_refund_flow_the_auditor_could_not_fill_is_not_measured() -> None:
    flow = _flow(completed=False, blocker="fill-failed", blocker_detail="退单原因 would not open")
    result = run_one("refund-flow", artifacts_of(shop_graph("申请退单"), flow=flow))
    assert result.status == "error" and rules_of(result) == []
    assert "fill-failed" in result.message


def test_refund_flow_whose_stage_failed_is_an_error_never_a_pass_or_n_a() -> None:
    failed = ({"stage": "try_refund", "error": "TargetClosedError: the page closed"},)
    for flow in (None, _flow()):  # the failure left nothing, or a record from before it
        for require in (True, False):
            art = artifacts_of(shop_graph("申请退单"), flow=flow, stage_errors=failed)
            result = run_one("refund-flow", art, Thresholds(require_flow=require))
            assert result.status == "error" and rules_of(result) == []
            assert result.message == ("could not measure the refund flow: the try_refund stage failed: "
                                      "TargetClosedError: the page closed")
