"""End-to-end fixtures: every fixture shop audited once per session (real Chromium, real servers).

``audited(site_id)`` runs the full audit (crawl, evidence, dry-run flow, reports) against a freshly
reset shop the first time it is asked for a site and returns the same :class:`AuditRun` afterwards, so
the many assertions about one site share one crawl.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from e2e_support import AuditRun, fixture_profile
from oscar_fixture import oscar_clean, oscar_profile, oscar_site  # noqa: F401  (shared oscar server)
from playwright.sync_api import Playwright
from shopserver import FixtureServer, SiteSpec

from auditor.pipeline import run_audit


@pytest.fixture(scope="session")
def audits_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("audits")


@pytest.fixture(scope="session")
def audited(shop_server: FixtureServer, sites: list[SiteSpec], audits_dir: Path,
            playwright: Playwright) -> Iterator[Callable[[str], AuditRun]]:
    """``audited(site_id)``: the session's dry-run audit of one fixture shop (run on first use)."""
    cache: dict[str, AuditRun] = {}
    specs = {s.id: s for s in sites}

    def get(site_id: str) -> AuditRun:
        if site_id not in cache:
            shop_server.reset(site_id)
            profile = fixture_profile(shop_server, site_id)
            out = audits_dir / site_id
            report = run_audit(profile, out, playwright=playwright)
            cache[site_id] = AuditRun(report, out, shop_server.state(site_id), specs[site_id], profile)
        return cache[site_id]

    yield get


# The harness's hang guard (pytest-timeout, 300 s) must sit above what the auditor's own deadline allows
# one audit (crawl.max_seconds, 300 for the slowest fixture shops, + AUDIT_GRACE_S) plus a flow re-run:
# a test that is the first to ask for a site's audit pays for that audit. The auditor's deadline, not
# this guard, is what bounds an audit; the guard only catches a hang.
AUDIT_BOUND_S = 300 + 120 + 2 * 120


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "audited" in getattr(item, "fixturenames", ()) and item.get_closest_marker("timeout") is None:
            item.add_marker(pytest.mark.timeout(AUDIT_BOUND_S))
