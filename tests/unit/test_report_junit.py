"""junit.xml: one suite per site, one case per check, statuses mapped, hostile text escaped and intact."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from report_samples import HOSTILE, sample_report

from auditor.report import write_junit
from auditor.report.junit_report import write_junit_many


def _suite(kind: str, tmp_path: Path) -> ET.Element:
    root = ET.parse(write_junit(sample_report(kind, tmp_path), tmp_path)).getroot()
    assert root.tag == "testsuites"
    (suite,) = root.findall("testsuite")
    return suite


def test_one_testcase_per_check_with_statuses_mapped(tmp_path: Path) -> None:
    suite = _suite("hidden", tmp_path)
    cases = {c.get("name"): c for c in suite.findall("testcase")}
    assert list(cases) == ["refund-entry", "entry-depth", "hidden-entry", "label-ambiguity", "refund-flow", "asymmetry"]
    assert {c.get("classname") for c in cases.values()} == {"refund-audit.hidden"}
    assert cases["entry-depth"].find("failure") is not None
    assert "4 actions" in (cases["entry-depth"].find("failure").get("message") or "")  # type: ignore[union-attr]
    assert cases["asymmetry"].find("error") is not None
    assert "vague" in (cases["label-ambiguity"].findtext("system-out") or "")
    assert len(cases["refund-entry"]) == 0  # a pass is an empty testcase
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("6", "3", "1")


def test_not_applicable_checks_are_skipped(tmp_path: Path) -> None:
    suite = _suite("no-entry", tmp_path)
    skipped = [c.get("name") for c in suite.findall("testcase") if c.find("skipped") is not None]
    assert skipped == ["entry-depth", "refund-flow"] and suite.get("skipped") == "2"


def test_hostile_text_parses_and_round_trips(tmp_path: Path) -> None:
    suite = _suite("hostile", tmp_path)
    case = next(c for c in suite.findall("testcase") if c.get("name") == "label-ambiguity")
    failure = case.find("failure")
    assert failure is not None and failure.get("message") == HOSTILE
    assert HOSTILE in (failure.text or "")
    props = {p.get("name"): p.get("value") for p in suite.iter("property")}
    assert props["entry"] == HOSTILE and props["verdict"] == "fail"


def test_control_characters_cannot_break_the_xml(tmp_path: Path) -> None:
    import dataclasses

    report = sample_report("clean", tmp_path)
    check = dataclasses.replace(report.checks[0], status="fail", message="bad\x00\x1b\ud800 label")
    report = dataclasses.replace(report, checks=(check,))
    root = ET.parse(write_junit(report, tmp_path)).getroot()
    assert root.find(".//failure").get("message") == "bad\ufffd\ufffd\ufffd label"  # type: ignore[union-attr]


def test_many_sites_in_one_file(tmp_path: Path) -> None:
    reports = [sample_report(k, tmp_path / k) for k in ("clean", "hidden")]
    root = ET.parse(write_junit_many(reports, tmp_path / "all.xml")).getroot()
    assert [s.get("name") for s in root] == ["refund-audit clean", "refund-audit hidden"]
    assert root.get("tests") == str(len(reports[0].checks) + len(reports[1].checks))
