"""Artifacts hold typed records (login, the entry path's pictures, the refund flow) and write exactly the
JSON they read: a re-audit depends on that round trip."""

from __future__ import annotations

import json

from auditor.audit.artifacts import Artifacts
from auditor.audit.flow_outcome import Blocker, FlowRecord, FlowStep
from auditor.audit.graph import NavGraph
from auditor.audit.model import LoginRecord, PathShot


def _artifacts() -> Artifacts:
    graph = NavGraph()
    graph.add_state("s0", url="http://h/home", title="首页", depth=0)
    flow = FlowRecord(attempted=True, sent=True, order="KM202611270001", blocker=Blocker.UPLOAD_REJECTED,
                      blocker_detail="上传失败：仅支持 PDF 文件",
                      steps=[FlowStep("walk", "申请退单", "http://h/refund", "flow/01.png"),
                             FlowStep("submit", "提交申请", "http://h/refund", note="submitted")],
                      fields=[{"label": "退款原因", "type": "select-one", "required": True, "filled_with": "商品未到账"}])
    return Artifacts(site="t", base_url="http://h", device="desktop", profile={"name": "t"}, tool_version="0",
                     browser_version="x", started_at="2026-12-04T00:00:00+00:00",
                     login=LoginRecord("form", "http://h/home"), graph=graph,
                     path_evidence=(PathShot(0, "http://h/home", "steps/01.png", "click", "我的订单"),
                                    PathShot("application", "http://h/refund", "steps/application.png"),
                                    PathShot("error", error="replay failed")),
                     flow=flow, stage_errors=[{"stage": "capture_entry_path", "error": "x"}])


def test_the_records_round_trip_through_the_saved_json() -> None:
    original = _artifacts()
    saved = json.loads(json.dumps(original.to_dict(), ensure_ascii=False))
    loaded = Artifacts.from_dict(saved)
    assert loaded.login == original.login and loaded.path_evidence == original.path_evidence
    assert loaded.flow == original.flow and loaded.flow is not None and loaded.flow.blocker is Blocker.UPLOAD_REJECTED
    assert loaded.to_dict() == saved


def test_the_saved_form_is_the_one_reports_read() -> None:
    saved = _artifacts().to_dict()
    assert saved["login"] == {"method": "form", "landed_url": "http://h/home", "screenshot": ""}
    assert saved["path_evidence"] == [
        {"index": 0, "action": "click", "label": "我的订单", "url": "http://h/home", "screenshot": "steps/01.png"},
        {"index": "application", "url": "http://h/refund", "screenshot": "steps/application.png"},
        {"index": "error", "error": "replay failed"}]
    assert saved["flow"]["blocker"] == "upload-rejected" and saved["flow"]["steps"][1]["note"] == "submitted"
    assert "appeal" not in saved  # never gathered: no field for it


def test_an_older_tools_flow_record_is_read_with_what_it_knows() -> None:
    record = FlowRecord.from_dict({"attempted": True, "blocker": "some-old-blocker", "retired_key": 1,
                                   "steps": [{"action": "walk", "label": "x", "url": "u", "retired": True}]})
    assert record.blocker == "some-old-blocker" and record.steps == [FlowStep("walk", "x", "u")]
