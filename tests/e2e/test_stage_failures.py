"""A failure injected into each stage of a real audit (a real `python -m auditor audit` on a fixture
shop): an internal exception in login, crawl or the report writers exits 2 with one line on stderr, its
traceback in OUT/error.log and what was measured before it in OUT/artifacts.json; a failing after-crawl
gatherer (the path evidence, the refund flow) becomes an error result that keeps the audit from passing.

The shop (indie-store) passes when nothing is injected, so every non-pass here is the injection's."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from e2e_support import REPO
from shopserver import FixtureServer

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SITE = "indie-store"

# Runs the CLI in-process after replacing one stage's function with one that raises.
INJECT = '''
import sys
stage, argv = sys.argv[1], sys.argv[2:]
why = f"injected failure in {stage}"

def boom(*args, **kwargs):
    raise RuntimeError(why)

if stage == "login":
    import auditor.gather.session as target
    target.log_in = boom
elif stage == "crawl":  # mid-crawl: the third activation raises, after states were seen
    from auditor.gather.crawl.driver import Driver
    real, calls = Driver.activate, []
    def activate(self, *args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            boom()
        return real(self, *args, **kwargs)
    Driver.activate = activate
elif stage == "evidence":
    import auditor.gather.evidence as target
    def capture_path(lexicon):
        def capture_entry_path(session, artifacts, out_dir):
            boom()
        return capture_entry_path
    target.capture_path = capture_path
elif stage == "flow":
    import auditor.gather.flow as target
    def refund_flow(profile, lexicon):
        def try_refund(session, artifacts, out_dir):
            boom()
        return try_refund
    target.refund_flow = refund_flow
elif stage == "report":
    from auditor.report import WRITERS
    WRITERS["html"] = boom
from auditor.cli import main
sys.exit(main(argv))
'''


def _audit(stage: str, shop_server: FixtureServer, tmp_path: Path) -> tuple[subprocess.CompletedProcess[str], Path]:
    profile = tmp_path / f"{SITE}.yaml"
    profile.write_text(shop_server.rebind((REPO / "site_profiles" / f"{SITE}.yaml").read_text(encoding="utf-8")),
                       encoding="utf-8")
    shutil.copytree(REPO / "site_profiles" / "evidence", tmp_path / "evidence")  # flow.evidence is relative
    out = tmp_path / "out"
    shop_server.reset(SITE)
    done = subprocess.run([sys.executable, "-c", INJECT, stage, "audit", str(profile), "--out", str(out), "-q"],
                          cwd=REPO, capture_output=True, text=True, timeout=240, check=False)
    return done, out


def _json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("stage", ["login", "crawl", "report"])
def test_an_internal_error_in_a_stage_exits_2_with_one_line_and_keeps_what_was_measured(
        stage: str, shop_server: FixtureServer, tmp_path: Path) -> None:
    done, out = _audit(stage, shop_server, tmp_path)
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert done.stderr.splitlines() == [
        f"refund-audit: crashed: RuntimeError: injected failure in {stage} (traceback in {out / 'error.log'})"]
    assert f"injected failure in {stage}" in (out / "error.log").read_text(encoding="utf-8")
    artifacts = _json(out / "artifacts.json")  # written even though the stage crashed
    if stage == "crawl":
        assert artifacts["graph"]["nodes"], "the states seen before the failure are kept"
    if stage == "report":
        assert _json(out / "report.json")["verdict"] == "pass"  # the writer before the failing one finished
        assert not (out / "report.html").exists()


@pytest.mark.parametrize(("stage", "check"), [("evidence", "refund-entry"), ("flow", "refund-flow")])
def test_a_failed_gatherer_is_an_error_result_and_the_audit_does_not_pass(
        stage: str, check: str, shop_server: FixtureServer, tmp_path: Path) -> None:
    done, out = _audit(stage, shop_server, tmp_path)
    report = _json(out / "report.json")
    assert done.returncode == 3 and report["verdict"] == "inconclusive" and report["pass"] is False, done.stderr
    result = next(c for c in report["checks"] if c["id"] == check)
    assert result["status"] == "error"
    assert result["message"].startswith("could not measure") and f"injected failure in {stage}" in result["message"]
    assert report["entry"]["found"] is True  # the crawl's own findings stand
