"""The CLI's exit codes end to end: 0 when every threshold holds, 1 when one fails, 2 when the audit
cannot run (site unreachable, login refused), 3 when it ran but cannot conclude (the crawl could not see
enough), each with its files or a one-line reason.

The command runs as a real process (``python -m auditor``), as CI would run it."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from e2e_support import REPO
from shopserver import FixtureServer


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "auditor", *args], capture_output=True, text=True, timeout=600,
                          check=False)

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _profile(tmp_path: Path, shop_server: FixtureServer, site: str, **replace: str) -> Path:
    text = shop_server.rebind((REPO / "site_profiles" / f"{site}.yaml").read_text(encoding="utf-8"))
    for old, new in replace.items():
        text = text.replace(old, new)
    path = tmp_path / f"{site}.yaml"
    path.write_text(text, encoding="utf-8")
    if not (tmp_path / "evidence").exists():  # the profiles' flow.evidence is relative to the profile
        shutil.copytree(REPO / "site_profiles" / "evidence", tmp_path / "evidence")
    return path


def test_exit_0_when_every_threshold_holds(tmp_path: Path, shop_server: FixtureServer) -> None:
    shop_server.reset("indie-store")
    out = tmp_path / "out"
    done = cli("audit", str(_profile(tmp_path, shop_server, "indie-store")), "--out", str(out), "-q")
    assert done.returncode == 0, done.stderr
    for name in ("report.json", "report.html", "junit.xml", "summary.md", "manifest.json", "artifacts.json"):
        assert (out / name).is_file(), name
    assert cli("verify", str(out)).returncode == 0


def test_exit_1_when_a_threshold_fails(tmp_path: Path, shop_server: FixtureServer) -> None:
    shop_server.reset("hidden-entry")
    done = cli("audit", str(_profile(tmp_path, shop_server, "hidden-entry")), "--out", str(tmp_path / "o"), "-q",
               "--no-flow")
    assert done.returncode == 1, done.stderr
    report = json.loads((tmp_path / "o" / "report.json").read_text(encoding="utf-8"))
    assert report["pass"] is False and any(c["status"] == "fail" for c in report["checks"])
    assert done.stdout.startswith("FAIL hidden-entry")


def test_exit_3_inconclusive_when_the_budget_is_too_small_to_see_the_entry(tmp_path: Path,
                                                                           shop_server: FixtureServer) -> None:
    """hidden-entry's entry is four actions deep: a crawl of six states cannot have seen it. The audit
    must not say "no self-service refund"; it says it could not tell, why, and exits 3."""
    shop_server.reset("hidden-entry")
    out = tmp_path / "o"
    done = cli("audit", str(_profile(tmp_path, shop_server, "hidden-entry")), "--out", str(out), "-q", "--max-states", "6")
    assert done.returncode == 3, (done.stdout, done.stderr)
    assert done.stdout.startswith("INCONCLUSIVE hidden-entry")
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["verdict"] == "inconclusive" and report["entry"]["found"] is False
    assert not {"no-entry", "customer-service-only"} & {f["rule"] for f in report["findings"]}
    assert report["coverage"]["complete"] is False and "max-states" in " ".join(report["coverage"]["reasons"])
    entry_check = next(c for c in report["checks"] if c["id"] == "refund-entry")
    assert entry_check["status"] == "error" and entry_check["message"].startswith("could not measure")
    junit = (out / "junit.xml").read_text(encoding="utf-8")
    assert 'type="could-not-measure"' in junit and 'value="inconclusive"' in junit
    assert "无法判定" in (out / "report.html").read_text(encoding="utf-8")


def test_exit_2_with_one_line_when_the_site_is_unreachable(tmp_path: Path, shop_server: FixtureServer) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{s.getsockname()[1]}"
    profile = _profile(tmp_path, shop_server, "indie-store", **{shop_server.url("indie-store"): closed})
    done = cli("audit", str(profile), "--out", str(tmp_path / "o"), "-q")
    err = done.stderr.strip().splitlines()
    assert done.returncode == 2
    assert len(err) == 1 and "did not load" in err[0], err
    assert (tmp_path / "o" / "artifacts.json").is_file()  # nothing lost: what was gathered is written


def test_exit_2_with_a_masked_screenshot_when_login_fails(tmp_path: Path, shop_server: FixtureServer) -> None:
    profile = _profile(tmp_path, shop_server, "indie-store", **{"${SHOP_PASS:-secret}": "wrong-password"})
    done = cli("audit", str(profile), "--out", str(tmp_path / "o"), "-q")
    assert done.returncode == 2 and "login failed" in done.stderr and "wrong-password" not in done.stderr
    assert (tmp_path / "o" / "login-failed.png").stat().st_size > 1000


@pytest.mark.parametrize(("kind", "old", "new", "selector"), [
    ("field", '"#username":', '"#no-such-user":', "#no-such-user"),
    ("submit", 'submit: "#login-btn"', 'submit: "#no-such-button"', "#no-such-button"),
])
def test_exit_2_naming_a_login_selector_that_matches_nothing(tmp_path: Path, shop_server: FixtureServer, kind: str,
                                                             old: str, new: str, selector: str) -> None:
    """A typo in the profile's login selectors is named, with the page it was looked for on; Playwright's
    bare "Timeout 8000ms exceeded" would read as a slow site."""
    shop_server.reset("indie-store")
    profile = _profile(tmp_path, shop_server, "indie-store", **{old: new})
    done = cli("audit", str(profile), "--out", str(tmp_path / "o"), "-q")
    err = done.stderr.strip().splitlines()
    assert done.returncode == 2, done.stderr
    assert len(err) == 1, err
    login_url = shop_server.url("indie-store", "/login")
    assert f"{kind} selector '{selector}' matches nothing on {login_url}" in err[0], err[0]
