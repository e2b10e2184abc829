"""The refund flow end to end on the fixture shops: submit when the profile says so, dry run otherwise,
and the right blocker when a customer cannot get through."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path
from typing import Any

import pytest
from e2e_support import REPO, fixture_profile
from playwright.sync_api import Playwright
from shopserver import FixtureServer, discover_sites

from auditor.pipeline import rerun_flow

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SITES = discover_sites()
SUBMITTABLE = [s.id for s in SITES if s.expected.entry.tier is not None and s.expected.flow_blocker is None]
EVIDENCE = REPO / "site_profiles" / "evidence" / "order-screenshot.png"


def _again(run: Any, tmp_path: Path, shop_server: FixtureServer, playwright: Playwright, **flow: Any) -> Any:
    """The flow once more on the session's crawl of the site, in a copy of its folder, on a reset shop."""
    out = tmp_path / run.spec.id
    shutil.copytree(run.out, out)
    shop_server.reset(run.spec.id)
    profile = fixture_profile(shop_server, run.spec.id, **flow)
    return rerun_flow(profile, out, playwright=playwright)


@pytest.mark.parametrize("site_id", SUBMITTABLE)
def test_submit_records_exactly_one_application_with_reason_description_and_file(
        site_id: str, audited: Any, shop_server: FixtureServer, tmp_path: Path, playwright: Playwright) -> None:
    run = audited(site_id)
    report = _again(run, tmp_path, shop_server, playwright, submit=True)
    state = shop_server.state(site_id)
    flow = report.flow
    assert flow["completed"] is True and flow["submitted"] is True, (flow["blocker"], flow["blocker_detail"])
    assert flow["confirmation"]
    assert len(state["submissions"]) == 1, state["submissions"]
    submission = state["submissions"][0]
    spec = run.spec
    assert spec.form is not None and spec.expected.application is not None
    one_click = bool(spec.expected.application.dialog)  # the confirm() is the whole application
    assert submission["order_id"] == spec.form.order_id
    assert submission["reason"] == (spec.form.reason_value if one_click else "商品未到账")
    assert submission["description"] == ("" if one_click else run.profile.flow.description)
    digest = hashlib.sha256(EVIDENCE.read_bytes()).hexdigest()
    assert [f["sha256"] for f in submission["files"]] == ([digest] if spec.form.evidence else [])
    assert flow["status_changed"] is True, flow["status_after"]
    assert (tmp_path / site_id / "flow-trace.zip").stat().st_size > 0


@pytest.mark.parametrize("site_id", SUBMITTABLE)
def test_dry_run_records_nothing(site_id: str, audited: Any) -> None:
    run = audited(site_id)
    assert run.profile.flow.submit is False  # the profiles keep the safe default
    assert run.state["submissions"] == []
    assert run.report.flow["completed"] is True and run.report.flow["submitted"] is False


def test_rejected_upload_is_reported_as_the_blocker(audited: Any, shop_server: FixtureServer, tmp_path: Path,
                                                   playwright: Playwright) -> None:
    run = audited("strict-upload")
    report = _again(run, tmp_path, shop_server, playwright, submit=True)
    # Sent, but rejected: never summarised as submitted.
    assert report.flow["sent"] is True and report.flow["submitted"] is False and report.flow["completed"] is False
    assert report.flow["blocker"] == "upload-rejected", report.flow["blocker_detail"]
    assert len(report.flow["blocker_detail"]) < 120, "the error the page shows, not the whole form's text"
    assert shop_server.state("strict-upload")["submissions"] == []
    assert any(f.rule == "flow-blocked" for f in report.findings)


def test_ineligible_order_is_reported_as_the_blocker(audited: Any, shop_server: FixtureServer, tmp_path: Path,
                                                    playwright: Playwright) -> None:
    run = audited("indie-store")
    used = "KM202611260001"  # 卡密已使用 in the fixture's seed
    report = _again(run, tmp_path, shop_server, playwright, order=used)
    assert report.flow["blocker"] == "order-ineligible", report.flow
    assert "已使用" in report.flow["blocker_detail"]
    assert shop_server.state("indie-store")["submissions"] == []


def test_customer_service_only_site_reports_that_blocker(audited: Any) -> None:
    flow = audited("cs-only").report.flow
    assert flow["attempted"] is True and flow["completed"] is False
    assert flow["blocker"] == "customer-service-only"
