"""junit.xml: one ``<testsuite>`` per site, one ``<testcase>`` per check, for any CI's test tab.

Mapping (what GitLab, Jenkins, Bitbucket and GitHub test reporters understand): ``fail`` →
``<failure>``, ``error`` → ``<error>`` (the check could not measure, type could-not-measure, or crashed,
type check-error: the audit is inconclusive, not failed),
``n/a`` → ``<skipped>``, ``warn`` → a passing case whose ``<system-out>`` says why. Built with
xml.etree, which escapes markup; characters XML 1.0 cannot carry at all (most control characters)
are replaced, since a site can put them in a label.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path

from ..atomic import write_text
from .metrics import key_metrics
from .model import CheckResult, Finding, Report

FILENAME = "junit.xml"
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: object) -> str:
    """``text`` with characters XML 1.0 forbids replaced by U+FFFD (escaping is ElementTree's job).

    >>> xml_text("ok\\x00\\x1b<")
    'ok\\ufffd\\ufffd<'
    """
    return _NOT_XML.sub("\ufffd", str(text))


def suite_element(report: Report) -> ET.Element:
    """The ``<testsuite>`` element of one site's report."""
    m = key_metrics(report)
    counts = {s: sum(c.status == s for c in report.checks) for s in ("fail", "error", "n/a")}
    suite = ET.Element("testsuite", {
        "name": xml_text(f"refund-audit {m.site}"),
        "tests": str(len(report.checks)),
        "failures": str(counts["fail"]),
        "errors": str(counts["error"]),
        "skipped": str(counts["n/a"]),
        "timestamp": xml_text(report.generated_at),
        "time": _seconds(report),
    })
    props = ET.SubElement(suite, "properties")
    for name, value in (("site", m.site), ("url", m.url), ("verdict", m.verdict),
                        ("entry", m.entry_label or ""), ("tier", m.tier or ""), ("depth", _text(m.depth)),
                        ("ambiguity", "–" if m.ambiguity is None else f"{m.ambiguity:.3f}"), ("flow", m.flow.text),
                        ("schema_version", report.schema_version)):
        ET.SubElement(props, "property", {"name": name, "value": xml_text(value)})
    classname = xml_text(f"refund-audit.{m.site}")
    for check in report.checks:
        suite.append(_testcase(check, classname))
    if report.reasons:
        ET.SubElement(suite, "system-out").text = xml_text("\n".join(report.reasons))
    return suite


def _testcase(check: CheckResult, classname: str) -> ET.Element:
    case = ET.Element("testcase", {"classname": classname, "name": xml_text(check.id), "time": "0"})
    details = "\n".join([check.title, check.message, *(_finding_text(f) for f in check.findings)])
    if check.status == "fail":
        ET.SubElement(case, "failure", {"message": xml_text(check.message), "type": "threshold"}).text = xml_text(details)
    elif check.status == "error":
        kind = "could-not-measure" if check.message.startswith("could not measure") else "check-error"
        ET.SubElement(case, "error", {"message": xml_text(check.message), "type": kind}).text = xml_text(details)
    elif check.status == "n/a":
        ET.SubElement(case, "skipped", {"message": xml_text(check.message)})
    elif check.status == "warn":
        ET.SubElement(case, "system-out").text = xml_text("warning: " + details)
    return case


def _finding_text(f: Finding) -> str:
    laws = f"\n  laws: {'; '.join(f.laws)}" if f.laws else ""
    return f"[{f.severity}] {f.id}\n  {f.message_zh}\n  {f.message_en}{laws}"


def _seconds(report: Report) -> str:
    elapsed = (report.crawl or {}).get("elapsed_s")
    return f"{float(elapsed):.3f}" if isinstance(elapsed, int | float) else "0"


def _text(value: object) -> str:
    return "" if value is None else str(value)


def junit_document(reports: Sequence[Report]) -> str:
    """The junit.xml text for one or several sites (a ``<testsuites>`` root)."""
    root = ET.Element("testsuites", {"name": "refund-audit"})
    for report in reports:
        root.append(suite_element(report))
    for attr in ("tests", "failures", "errors", "skipped"):
        root.set(attr, str(sum(int(s.get(attr, "0")) for s in root)))
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def write_junit(report: Report, out_dir: Path) -> Path:
    """Write ``out_dir/junit.xml`` for one site and return its path."""
    return write_text(Path(out_dir) / FILENAME, junit_document([report]))


def write_junit_many(reports: Sequence[Report], out_path: Path) -> Path:
    """Write one junit file with a ``<testsuite>`` per site (the demo's or a matrix job's aggregate)."""
    return write_text(Path(out_path), junit_document(reports))
