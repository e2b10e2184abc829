"""The CI gates as a pipeline meets them: the exit codes of `compare --baseline` and `verify`."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from report_samples import sample_report

from auditor.cli import main
from auditor.report import write_json


def _saved_report(kind: str, folder: Path, *, site: str | None = None) -> Path:
    report = sample_report(kind, folder)
    if site is not None:
        report = dataclasses.replace(report, site=site)
    write_json(report, folder)
    return folder


def test_compare_baseline_exits_1_on_a_worse_report_and_lists_why(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = _saved_report("clean", tmp_path / "old")
    new = _saved_report("hidden", tmp_path / "new", site=sample_report("clean", tmp_path / "x").site)
    assert main(["compare", str(new), "--baseline", str(old), "--out", str(tmp_path / "c.html")]) == 1
    out = capsys.readouterr().out
    assert "entry depth: 2 → 4" in out and (tmp_path / "c.html").is_file()


def test_compare_baseline_exits_0_on_an_equal_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = _saved_report("hidden", tmp_path / "old")
    new = _saved_report("hidden", tmp_path / "new")
    assert main(["compare", str(new / "report.json"), "--baseline", str(old)]) == 0
    assert "(0 worse, 0 improved)" in capsys.readouterr().out


def test_verify_exits_0_on_a_fresh_bundle_and_1_once_a_file_changes(bundle: Path) -> None:
    assert main(["verify", str(bundle)]) == 0
    (bundle / "summary.md").write_text("edited", encoding="utf-8")
    assert main(["verify", str(bundle)]) == 1


def test_compare_of_something_that_is_not_a_report_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "junk.json").write_text("{}", encoding="utf-8")
    assert main(["compare", str(tmp_path / "junk.json"), "--baseline", str(tmp_path / "junk.json")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("refund-audit: error:") and "\n" not in err
