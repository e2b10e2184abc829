"""Helpers the end-to-end tests share: the fixture profiles and what one audit run produced."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from shopserver import FixtureServer, SiteSpec

from auditor.profile import Profile, profile_from_dict
from auditor.report.model import Report

REPO = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class AuditRun:
    """One site's audit: the report, its folder, what the shop recorded, the truth and the profile."""

    report: Report
    out: Path
    state: dict[str, Any]
    spec: SiteSpec
    profile: Profile


def fixture_profile(server: FixtureServer, site_id: str, **flow: Any) -> Profile:
    """The site's profile from site_profiles/, rebound to the test server's ports, flow overrides applied."""
    path = REPO / "site_profiles" / f"{site_id}.yaml"
    profile = profile_from_dict(yaml.safe_load(server.rebind(path.read_text(encoding="utf-8"))), source=str(path))
    if flow:
        profile = dataclasses.replace(profile, flow=dataclasses.replace(profile.flow, **flow))
    return profile
