"""`refund-audit reaudit DIR`: the checks and reports again from a saved audit, without a browser.

A regulator re-reads the evidence, a QA engineer tunes thresholds: neither should have to crawl the shop
again. The report must be the audit's own, byte for byte in content (it is built from what
artifacts.json holds), the bundle must verify afterwards, and another profile's thresholds must change
the verdict.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from no_playwright import run_without_playwright
from shopserver import discover_sites

from auditor.audit.artifacts import Artifacts

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "auditor", *args], capture_output=True, text=True, timeout=120,
                          check=False)


def test_a_reaudit_gives_the_audits_own_report_and_a_bundle_that_verifies(audited: Any, tmp_path: Path) -> None:
    run = audited("indie-store")
    folder = tmp_path / "again"
    shutil.copytree(run.out, folder)
    before = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    done = _cli("reaudit", str(folder))
    assert done.returncode == {"pass": 0, "fail": 1, "inconclusive": 3}[before["verdict"]], done.stderr
    assert done.stdout.startswith(f"{before['verdict'].upper()} indie-store")
    after = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    assert after == before
    assert _cli("verify", str(folder)).returncode == 0


REAUDIT = '''
import sys
from auditor.report.publish import reaudit
reaudit(sys.argv[1])
'''


@pytest.mark.parametrize("site_id", [s.id for s in discover_sites()])
def test_every_fixture_audit_is_reproduced_without_playwright(site_id: str, audited: Any, tmp_path: Path) -> None:
    run = audited(site_id)
    folder = tmp_path / site_id
    shutil.copytree(run.out, folder)
    before = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    saved = json.loads((folder / "artifacts.json").read_text(encoding="utf-8"))
    assert Artifacts.from_dict(saved).to_dict() == saved  # the typed records round-trip what gather wrote
    (folder / "report.json").unlink()
    done = run_without_playwright(REAUDIT, str(folder))
    assert done.returncode == 0, done.stderr
    assert json.loads((folder / "report.json").read_text(encoding="utf-8")) == before
    assert _cli("verify", str(folder)).returncode == 0


def test_a_reaudit_with_stricter_thresholds_changes_the_verdict_not_the_crawl(audited: Any, tmp_path: Path) -> None:
    run = audited("indie-store")
    folder = tmp_path / "strict"
    shutil.copytree(run.out, folder)
    depth = run.report.entry.depth
    assert depth and depth > 1
    profile = tmp_path / "strict.yaml"
    profile.write_text(f"name: indie-store\nbase_url: {run.profile.base_url}\nthresholds:\n  max_depth: {depth - 1}\n",
                       encoding="utf-8")
    done = _cli("reaudit", str(folder), "--profile", str(profile))
    assert done.returncode == 1, (done.stdout, done.stderr)
    report = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    depth_check = next(c for c in report["checks"] if c["id"] == "entry-depth")
    assert depth_check["status"] == "fail" and report["entry"]["depth"] == depth


def test_a_folder_without_an_audit_is_one_line_and_exit_2(tmp_path: Path) -> None:
    done = _cli("reaudit", str(tmp_path))
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0 and "no artifacts.json" in done.stderr
