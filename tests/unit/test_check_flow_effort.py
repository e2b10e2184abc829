"""flow-effort: an application asking only for the order and a reason passes; a mandatory upload or
identity data (extra-gates) and interstitials (flow-interstitials) warn; no attempt, nothing to weigh."""

from __future__ import annotations

from typing import Any

from test_analysis import shop_graph
from test_check_registry import COMPLETED_FLOW, artifacts_of, rules_of, run_one

from auditor.profile import Thresholds

REASON = {"label": "退单原因", "type": "select", "required": True}
DESCRIBE = {"label": "问题描述", "type": "textarea", "required": False}


def _flow(*fields: dict[str, Any], **effort: Any) -> dict[str, Any]:
    return {**COMPLETED_FLOW, "fields": [REASON, DESCRIBE, *fields],
            "effort": {**COMPLETED_FLOW["effort"], "required_fields": 1, **effort}}


def _result(flow: dict[str, Any] | None, thresholds: Thresholds | None = None) -> Any:
    return run_one("flow-effort", artifacts_of(shop_graph("申请退单"), flow=flow), thresholds)


def test_flow_effort_passes_when_only_the_order_and_a_reason_are_asked() -> None:
    result = _result(_flow())
    assert result.status == "pass" and rules_of(result) == []
    assert result.message == "1 required field(s), no extra gates"


def test_an_optional_upload_is_no_gate() -> None:
    result = _result(_flow({"label": "上传凭证", "type": "file", "required": False}))
    assert result.status == "pass" and rules_of(result) == []


def test_flow_effort_warns_on_a_mandatory_upload() -> None:
    result = _result(_flow({"label": "上传凭证", "type": "file", "required": True}))
    assert result.status == "warn" and rules_of(result) == ["extra-gates"]
    assert result.findings[0].id == "extra-gates/mandatory-upload/上传凭证"


def test_flow_effort_warns_on_identity_data() -> None:
    result = _result(_flow({"label": "身份证号码", "type": "text", "required": True}))
    assert result.status == "warn" and rules_of(result) == ["extra-gates"]
    assert result.findings[0].id == "extra-gates/identity/身份证号码"


def test_flow_effort_warns_on_interstitials() -> None:
    result = _result(_flow(interstitials=[{"kind": "retention", "label": "确定要退单吗？"}]))
    assert result.status == "warn" and rules_of(result) == ["flow-interstitials"]


def test_flow_effort_fails_when_the_profile_fails_on_medium_findings() -> None:
    result = _result(_flow({"label": "上传凭证", "type": "file", "required": True}),
                     Thresholds(fail_on=["critical", "high", "medium"]))
    assert result.status == "fail" and rules_of(result) == ["extra-gates"]


def test_flow_effort_is_not_applicable_when_the_flow_was_not_attempted() -> None:
    for flow in (None, {"attempted": False, "skipped_reason": "no refund application to try"}):
        result = _result(flow)
        assert result.status == "n/a" and result.message == "refund flow not attempted" and rules_of(result) == []


def test_flow_effort_whose_flow_stage_failed_is_an_error_not_n_a() -> None:
    art = artifacts_of(shop_graph("申请退单"), flow=None, stage_errors=({"stage": "try_refund", "error": "boom"},))
    result = run_one("flow-effort", art)
    assert result.status == "error"
    assert result.message == "could not measure the refund flow: the try_refund stage failed: boom"
