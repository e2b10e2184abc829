"""SIGINT and SIGTERM stop an audit cleanly: exit 130 / 143, artifacts.json and a partial report marked
interrupted (inconclusive, never pass or fail), one line on stderr, and no Chromium or Playwright
driver left running, whether the signal goes to the process or to its whole process group (a Ctrl-C in
a terminal, a CI runner cancelling the job).

The command runs as a real process (``python -m auditor``) against a slow fixture shop, so the crawl is
still going when the signal arrives."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest
from e2e_support import REPO
from shopserver import FixtureServer, Latency, discover_sites

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SITE = "hidden-entry"
PROGRESS = f"[{SITE}] states"


@pytest.fixture(scope="module")
def slow_shop() -> Iterator[FixtureServer]:
    """One shop, 150-300 ms per request: a crawl of it takes far longer than the test waits."""
    spec = next(s for s in discover_sites() if s.id == SITE)
    with FixtureServer([spec], ports="free", latency=Latency.parse("150-300", seed=1)) as server:
        yield server


class Audit:
    """``python -m auditor audit`` in a session of its own, its stderr read as it comes."""

    def __init__(self, profile: Path, out: Path) -> None:
        self.out = out
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "auditor", "audit", str(profile), "--out", str(out), "--no-flow",
             "--max-seconds", "300"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
        )
        self.stderr: list[str] = []
        self.descendants: set[psutil.Process] = set()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.stderr.append(line.rstrip("\n"))

    def _note_descendants(self) -> None:
        with contextlib.suppress(psutil.NoSuchProcess):
            self.descendants.update(psutil.Process(self.proc.pid).children(recursive=True))

    def wait_crawling(self, timeout: float = 60) -> None:
        """Until the explorer reports progress (its first step is done), noting every process started."""
        deadline = time.monotonic() + timeout
        while not any(line.startswith(PROGRESS) for line in self.stderr):
            assert self.proc.poll() is None, f"exited {self.proc.returncode} before crawling: {self.stderr}"
            assert time.monotonic() < deadline, f"no progress after {timeout}s: {self.stderr}"
            self._note_descendants()
            time.sleep(0.1)
        self._note_descendants()
        names = {p.name() for p in self.descendants if p.is_running()}
        assert any("chrom" in n for n in names) and any("node" in n for n in names), names  # browser, driver

    def finish(self, timeout: float = 60) -> int:
        """The exit code; a stopped audit that still runs after ``timeout`` seconds fails the test."""
        code = self.proc.wait(timeout=timeout)
        self._reader.join(timeout=10)
        return code

    def messages(self) -> list[str]:
        """stderr without the progress lines."""
        return [line for line in self.stderr if line.strip() and not line.startswith(PROGRESS)]

    def survivors(self) -> list[str]:
        """Processes the audit started that still run (psutil tells a reused pid from the original)."""
        deadline = time.monotonic() + 5  # a renderer may take a moment to notice its browser is gone
        while True:
            alive = [p for p in self.descendants if _alive(p)]
            if not alive or time.monotonic() > deadline:
                return [f"{p.pid} {' '.join(p.cmdline())[:120]}" for p in alive if _alive(p)]
            time.sleep(0.1)


def _alive(process: psutil.Process) -> bool:
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _profile(tmp_path: Path, server: FixtureServer) -> Path:
    text = server.rebind((REPO / "site_profiles" / f"{SITE}.yaml").read_text(encoding="utf-8"))
    path = tmp_path / f"{SITE}.yaml"
    path.write_text(text, encoding="utf-8")
    if not (tmp_path / "evidence").exists():  # the profiles' flow.evidence is relative to the profile
        shutil.copytree(REPO / "site_profiles" / "evidence", tmp_path / "evidence")
    return path


def _assert_stopped_cleanly(audit: Audit, code: int, sig: signal.Signals) -> None:
    assert code == 128 + sig, (code, audit.stderr)
    messages = audit.messages()
    assert len(messages) == 1, audit.stderr
    assert messages[0].startswith(f"refund-audit: interrupted ({sig.name})"), messages
    assert not any("Traceback" in line for line in audit.stderr)
    artifacts = json.loads((audit.out / "artifacts.json").read_text(encoding="utf-8"))
    assert artifacts["crawl"]["stop_reason"] == "interrupted"
    assert artifacts["graph"]["nodes"], "the partial crawl is kept"
    report = json.loads((audit.out / "report.json").read_text(encoding="utf-8"))
    assert report["verdict"] == "inconclusive" and report["pass"] is False
    assert report["crawl"]["stop_reason"] == "interrupted" == report["coverage"]["stop_reason"]
    assert report["coverage"]["complete"] is False
    assert f"interrupted ({sig.name})" in " ".join(report["reasons"])
    for name in ("report.html", "junit.xml", "manifest.json"):
        assert (audit.out / name).is_file(), name
    assert audit.survivors() == []


def test_sigterm_to_the_process_writes_a_partial_report(tmp_path: Path, slow_shop: FixtureServer) -> None:
    slow_shop.reset(SITE)
    audit = Audit(_profile(tmp_path, slow_shop), tmp_path / "out")
    try:
        audit.wait_crawling()
        audit.proc.send_signal(signal.SIGTERM)
        _assert_stopped_cleanly(audit, audit.finish(), signal.SIGTERM)
    finally:
        _kill(audit)


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_signal_to_the_process_group_stops_the_audit_cleanly(tmp_path: Path, slow_shop: FixtureServer,
                                                                sig: signal.Signals) -> None:
    """Ctrl-C in a terminal signals the whole group, the Playwright driver included: it must not die
    before the browser is closed and the report written."""
    slow_shop.reset(SITE)
    audit = Audit(_profile(tmp_path, slow_shop), tmp_path / "out")
    try:
        audit.wait_crawling()
        os.killpg(audit.proc.pid, sig)
        _assert_stopped_cleanly(audit, audit.finish(), sig)
    finally:
        _kill(audit)


def _kill(audit: Audit) -> None:
    """Leave nothing behind when an assertion failed while the audit still ran."""
    if audit.proc.poll() is None:
        audit._note_descendants()
        audit.proc.kill()
        audit.proc.wait(timeout=10)
    for process in audit.descendants:
        if _alive(process):
            process.kill()
