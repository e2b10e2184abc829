"""Stopped and crashed runs (no browser): a stop signal becomes Interrupted (exit 130 / 143) and an
interrupted audit is inconclusive whatever it saw; a crash is one line on stderr, its traceback in
OUT/error.log, exit 2."""

from __future__ import annotations

import argparse
import os
import signal
from pathlib import Path

import pytest
from test_analysis import LEX
from test_verdicts import COMPLETE, _artifacts, _no_entry_shop

from auditor import cli
from auditor.audit.model import CrawlStats
from auditor.errors import Interrupted
from auditor.gather.stage import mark_interrupted
from auditor.interrupt import stop_signals
from auditor.profile import Thresholds
from auditor.report.build import build_report


def test_an_interrupted_audit_is_inconclusive_even_where_it_would_fail() -> None:
    graph = _no_entry_shop()
    assert build_report(_artifacts(graph, "complete", COMPLETE), Thresholds(), LEX).verdict == "fail"
    stats = CrawlStats(stop_reason="complete", coverage=dict(COMPLETE))
    mark_interrupted(stats, Interrupted(signal.SIGTERM))
    artifacts = _artifacts(graph, "complete", COMPLETE)
    artifacts.crawl = stats.to_dict()
    report = build_report(artifacts, Thresholds(), LEX)
    assert report.verdict == "inconclusive" and report.passed is False
    assert report.crawl["stop_reason"] == report.coverage["stop_reason"] == "interrupted"
    assert report.coverage["complete"] is False
    coverage_check = next(c for c in report.checks if c.id == "crawl-coverage")
    assert coverage_check.status == "error" and "interrupted (SIGTERM)" in coverage_check.message
    assert any("interrupted (SIGTERM)" in r for r in report.reasons)


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_only_the_first_stop_signal_raises_and_the_old_handlers_come_back(sig: signal.Signals) -> None:
    before = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    with stop_signals() as received:
        with pytest.raises(Interrupted) as stop:
            os.kill(os.getpid(), sig)
        os.kill(os.getpid(), signal.SIGINT)  # during the cleanup: noted, not raised
    assert stop.value.exit_code == 128 + sig and received == [sig, signal.SIGINT]
    assert {s: signal.getsignal(s) for s in before} == before


def _cli_audit(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, command: object) -> int:
    monkeypatch.setattr(cli, "cmd_audit", command)
    return cli.main(["audit", str(tmp_path / "p.yaml"), "--out", str(tmp_path / "out")])


def test_a_signal_exits_128_plus_its_number_with_one_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    def audit(_args: argparse.Namespace) -> int:
        os.kill(os.getpid(), signal.SIGTERM)
        raise AssertionError("SIGTERM did not stop the command")

    assert _cli_audit(monkeypatch, tmp_path, audit) == 143
    assert capsys.readouterr().err.splitlines() == ["refund-audit: interrupted (SIGTERM)"]


def test_a_crash_is_one_line_with_its_traceback_in_error_log(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    def audit(_args: argparse.Namespace) -> int:
        raise RuntimeError("boom\nsecond line")

    assert _cli_audit(monkeypatch, tmp_path, audit) == cli.CRASH_EXIT == 2
    log = tmp_path / "out" / "error.log"
    assert capsys.readouterr().err.splitlines() == [f"refund-audit: crashed: RuntimeError: boom (traceback in {log})"]
    text = log.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in text and "RuntimeError: boom" in text
