"""Every registered check declares its meta (id, titles, why it matters, what it requires, the rules it
can raise), and the runner turns a required artifact whose stage failed into an ``error``, never n/a or
pass. Also the helpers the per-check tests (test_check_*.py) build their audits with: small hand-built
artifacts run through the real metrics (report.build.audit_context) and the real runner."""

from __future__ import annotations

from typing import Any, cast

import pytest
from test_analysis import LEX, control, shop_graph

from auditor.audit.analysis.coverage import coverage_of
from auditor.audit.artifacts import Artifacts
from auditor.audit.checks import REGISTRY, run_checks
from auditor.audit.checks.base import ARTIFACTS, LAWS, Check
from auditor.audit.flow_outcome import FlowRecord
from auditor.audit.graph import NavGraph
from auditor.gather.evidence import capture_path
from auditor.gather.flow import refund_flow
from auditor.profile import Profile, Thresholds
from auditor.report.build import audit_context, build_report
from auditor.report.model import CheckResult

COMPLETED_FLOW: dict[str, Any] = {"attempted": True, "completed": True, "submitted": False, "steps": [],
                                  "fields": [], "effort": {"actions": 3, "required_fields": 2}}


def artifacts_of(graph: NavGraph, *, flow: dict[str, Any] | None = None, stop: str = "complete",
                 complete: bool = True, depth_proven: bool = True, reasons: tuple[str, ...] = (),
                 stage_errors: tuple[dict[str, str], ...] = (), **crawl: Any) -> Artifacts:
    """One site's artifacts around ``graph``: a crawl that ended by ``stop`` with the given coverage."""
    coverage = {"complete": complete, "reasons": list(reasons), "entry_depth_proven": depth_proven, "stop_reason": stop}
    return Artifacts(site="t", base_url="http://h", device="desktop", profile={}, tool_version="0",
                     browser_version="x", started_at="2026-12-03T00:00:00+00:00", graph=graph,
                     crawl={"stop_reason": stop, "coverage": coverage, **crawl},
                     flow=FlowRecord.from_dict(flow) if flow is not None else None,
                     stage_errors=list(stage_errors))


def check_of(check_id: str) -> Check:
    return next(c for c in REGISTRY if c.id == check_id)


def run_one(check_id: str, artifacts: Artifacts, thresholds: Thresholds | None = None) -> CheckResult:
    """The registered check's result on these artifacts, through the metrics and the runner."""
    ctx = audit_context(artifacts, thresholds or Thresholds(), LEX)
    (result,) = run_checks(ctx, (check_of(check_id),))
    return result


def rules_of(result: CheckResult) -> list[str]:
    return sorted(f.rule for f in result.findings)


def no_entry_shop(*labels: str) -> NavGraph:
    """home (我的订单 and the given controls) → orders, with no refund application anywhere."""
    g = NavGraph()
    g.add_state("home", url="http://h/home", title="首页", headings=[], forms=[], addressable=True,
                controls=[control("我的订单"), *[control(x) for x in labels]])
    g.add_state("orders", url="http://h/orders", title="我的订单", headings=["我的订单"], forms=[], addressable=True,
                controls=[control("查看详情")])
    g.root = "home"
    g.add_transition("home", "orders", "o", label="我的订单", control_label="我的订单", action="click", kind="click",
                     why="link", url="http://h/home", visibility={"names": ["我的订单"]})
    return g


def passing_shop() -> Artifacts:
    """A shop every check passes on (or has nothing to say about): entry 申请退单 two actions deep, a
    complete crawl, a completed dry-run flow."""
    return artifacts_of(shop_graph("申请退单"), flow=dict(COMPLETED_FLOW))


# -- the meta ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("check", REGISTRY, ids=lambda c: c.id)
def test_every_check_declares_its_meta(check: Check) -> None:
    assert check.id and check.title and check.failure_title and check.description
    assert " · " in check.title and " · " in check.failure_title  # English · 中文, like the report shows
    assert check.failure_title != check.title
    assert set(check.requires) <= set(ARTIFACTS), check.requires
    assert len(set(check.requires)) == len(check.requires)
    assert set(check.rules) <= set(LAWS), check.rules
    assert callable(check.run)


def test_check_ids_are_unique() -> None:
    ids = [c.id for c in REGISTRY]
    assert len(ids) == len(set(ids))


def test_every_rule_with_a_legal_basis_is_raised_by_some_check() -> None:
    assert set(LAWS) == {rule for c in REGISTRY for rule in c.rules}


def test_the_checks_that_read_the_refund_flow_and_its_evidence_require_them() -> None:
    assert "path_evidence" in check_of("refund-entry").requires
    assert "flow" in check_of("refund-flow").requires and "flow" in check_of("flow-effort").requires


def test_the_stage_names_are_the_ones_the_gather_side_records() -> None:
    """The after-crawl gatherers are recorded under their function names; gather's own stages "session"
    and "crawl" are the ones coverage already reads."""
    stages = {stage for _what, produced_by in ARTIFACTS.values() for stage in produced_by}
    assert capture_path(LEX).__name__ in stages
    assert refund_flow(cast(Profile, None), LEX).__name__ in stages  # the profile is read only when it runs
    for stage in ARTIFACTS["graph"][1]:
        assert coverage_of({"stop_reason": "complete"}, [{"stage": stage, "error": "x"}]).complete is False


# -- the runner ----------------------------------------------------------------------------------------
REQUIRED = [pytest.param(check.id, artifact, stage, id=f"{check.id}-{artifact}-{stage}")
            for check in REGISTRY for artifact in check.requires for stage in ARTIFACTS[artifact][1]]


@pytest.mark.parametrize(("check_id", "artifact", "stage"), REQUIRED)
def test_a_required_artifact_whose_stage_failed_is_an_error_with_the_reason(check_id: str, artifact: str,
                                                                            stage: str) -> None:
    artifacts = passing_shop()
    assert run_one(check_id, artifacts).status in ("pass", "n/a", "warn")  # fine without the failure
    artifacts.stage_errors.append({"stage": stage, "error": "TimeoutError: page.click: Timeout 30000ms exceeded"})
    result = run_one(check_id, artifacts)
    assert result.status == "error"
    lost, _, why = result.message.partition(f": the {stage} stage failed: ")
    assert lost.startswith("could not measure ") and ARTIFACTS[artifact][0] in lost, result.message
    assert why == "TimeoutError: page.click: Timeout 30000ms exceeded"
    assert result.findings == ()


@pytest.mark.parametrize("check", [c for c in REGISTRY if "flow" not in c.requires], ids=lambda c: c.id)
def test_a_failed_stage_the_check_does_not_require_leaves_it_measured(check: Check) -> None:
    artifacts = passing_shop()
    before = run_one(check.id, artifacts)
    artifacts.stage_errors.append({"stage": "try_refund", "error": "boom"})
    assert run_one(check.id, artifacts) == before


def test_an_unknown_stage_is_nobody_s_artifact() -> None:
    artifacts = passing_shop()
    artifacts.stage_errors.append({"stage": "some_other_gatherer", "error": "boom"})
    assert all(r.status != "error" for r in run_checks(audit_context(artifacts, Thresholds(), LEX)))


def test_two_failed_stages_are_both_named() -> None:
    artifacts = passing_shop()
    artifacts.stage_errors += [{"stage": "capture_entry_path", "error": "first"}, {"stage": "crawl", "error": "second"}]
    message = run_one("refund-entry", artifacts).message
    assert message == ("could not measure the refund entry's path evidence: the capture_entry_path stage failed: "
                       "first; the navigation graph and the crawl: the crawl stage failed: second")


def test_the_audit_with_a_failed_required_stage_does_not_pass() -> None:
    artifacts = passing_shop()
    assert build_report(artifacts, Thresholds(), LEX).verdict == "pass"
    artifacts.stage_errors.append({"stage": "try_refund", "error": "boom"})
    report = build_report(artifacts, Thresholds(), LEX)
    assert report.verdict == "inconclusive" and not report.passed
    assert {c.id for c in report.checks if c.status == "error"} == {"refund-flow", "flow-effort"}
