"""A real open-source shop nobody here wrote (django-oscar, zh-hans), audited from login.

Oscar has order history and order detail pages but no refund or after-sales entry for customers, so the
honest verdict is ``found: false`` with the no-entry finding, and the audit must leave the shop as it was:
same language, still logged in, basket untouched.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Playwright

from auditor.audit.analysis.pages import page_kind
from auditor.audit.artifacts import Artifacts
from auditor.pipeline import run_audit

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_oscar_audit_finds_no_entry_maps_orders_and_does_no_harm(oscar_profile: Any, oscar_clean: Any,
                                                                tmp_path: Path, playwright: Playwright) -> None:
    report = run_audit(oscar_profile, tmp_path / "oscar", playwright=playwright)
    graph = Artifacts.load(tmp_path / "oscar" / "artifacts.json").graph
    kinds = {page_kind(attrs) for _sid, attrs in graph.states()}
    urls = [attrs["url"] for _sid, attrs in graph.states()]
    assert {"order-list", "order-detail"} <= kinds, kinds
    assert any(oscar_clean.order_number in u for u in urls), "the placed order's detail page is in the graph"
    assert report.entry.found is False
    assert any(f.rule == "no-entry" for f in report.findings)
    assert report.passed is False

    state = oscar_clean.state()
    assert state["logouts"] == 0 and state["logout_requests"] == 0
    assert state["language_switch_requests"] == 0 and state["english_requests"] == 0
    assert state["basket_requests"] == 0 and state["customer"]["basket_lines"] == 0
    assert state["checkout_requests"] == 0
    assert [r for r in state["non_get"] if "/accounts/login/" not in r["path"]] == []
    assert state["customer"]["active_sessions"] >= 1
