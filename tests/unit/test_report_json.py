"""report.json: UTF-8 with Chinese as is, stable bytes, round-trips through Report.from_dict, and matches
report.schema.json (for hand-built reports and for one built by auditor.report.build)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from report_samples import KINDS, sample_report

from auditor.report import WRITERS, Report, write_json
from auditor.report.json_report import dumps_report
from auditor.report.model import Ambiguity, Candidate, CheckResult, Entry, Finding, Route, Step

SCHEMA = json.loads((Path(__file__).parents[2] / "auditor" / "report" / "report.schema.json").read_text("utf-8"))


def _validate(data: dict[str, Any]) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in Draft202012Validator(SCHEMA).iter_errors(data)]


def test_schema_is_valid_draft_2020_12() -> None:
    Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("kind", KINDS)
def test_sample_reports_validate_against_the_schema(kind: str, tmp_path: Path) -> None:
    path = write_json(sample_report(kind, tmp_path), tmp_path)
    assert _validate(json.loads(path.read_text(encoding="utf-8"))) == []


def test_a_report_built_by_the_pipeline_validates(tmp_path: Path) -> None:
    from auditor.audit.artifacts import Artifacts
    from auditor.audit.lexicon import load_lexicon
    from auditor.profile import Thresholds
    from auditor.report.build import build_report

    artifacts = Artifacts(site="empty", base_url="http://127.0.0.1:1/", device="desktop", profile={},
                          tool_version="0", browser_version="test", started_at="2025-01-01T00:00:00+00:00")
    report = build_report(artifacts, Thresholds(), load_lexicon(None))
    assert _validate(json.loads(dumps_report(report))) == []
    for write in WRITERS.values():  # and every writer copes with what the pipeline builds
        assert write(report, tmp_path).is_file()


def test_schema_objects_mirror_the_model_fields() -> None:
    """A field added to model.py without the schema (or the reverse) fails here, not in a user's CI."""
    pairs = {"step": Step, "entry": Entry, "route": Route, "candidate": Candidate, "ambiguity": Ambiguity,
             "finding": Finding, "check": CheckResult}
    for name, cls in pairs.items():
        assert set(SCHEMA["$defs"][name]["properties"]) == {f.name for f in dataclasses.fields(cls)}, name
    top = {f.name for f in dataclasses.fields(Report)} - {"passed"} | {"pass"}
    assert set(SCHEMA["properties"]) == top


def test_json_round_trips_and_keeps_chinese(tmp_path: Path) -> None:
    report = sample_report("hostile", tmp_path)
    text = write_json(report, tmp_path).read_text(encoding="utf-8")
    assert "中文" in text and "\\u4e2d" not in text
    assert Report.from_dict(json.loads(text)) == report
    assert text.startswith('{\n  "schema_version": "1.0"')


def test_free_form_dicts_are_key_sorted_so_bytes_are_stable(tmp_path: Path) -> None:
    report = sample_report("clean", tmp_path)
    shuffled = dataclasses.replace(report, crawl=dict(reversed(list(report.crawl.items()))),
                                   site=dict(reversed(list(report.site.items()))))
    assert dumps_report(shuffled) == dumps_report(report)
