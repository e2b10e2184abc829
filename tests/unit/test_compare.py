"""Loading reports, the side-by-side page, the demo index and the baseline gate."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from report_samples import KINDS, sample_report

from auditor.errors import InputError
from auditor.report import write_json
from auditor.report.compare import (
    compare_to_baseline,
    load_reports,
    report_folder,
    write_compare_html,
)
from auditor.report.index_page import write_index
from auditor.report.model import Finding, Report


def _saved(kind: str, root: Path) -> tuple[Report, Path]:
    folder = root / kind
    report = sample_report(kind, folder)
    write_json(report, folder)
    return report, folder


def test_load_reports_accepts_folders_and_files(tmp_path: Path) -> None:
    clean, folder = _saved("clean", tmp_path)
    loaded = load_reports([folder, folder / "report.json"])
    assert loaded == [clean, clean]
    assert report_folder(folder / "report.json") == folder == report_folder(folder)


@pytest.mark.parametrize("content", [None, "not json", "[1, 2]", '{"schema_version": "1.0"}',
                                     '{"schema_version": "9.0", "pass": true}', '{"schema_version": "1.0", "pass": true}'])
def test_load_reports_rejects_what_is_not_a_report(tmp_path: Path, content: str | None) -> None:
    path = tmp_path / "report.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError):
        load_reports([path])


def test_compare_page_puts_sites_side_by_side_with_linked_pictures(tmp_path: Path) -> None:
    saved = [_saved(k, tmp_path) for k in KINDS]
    out = write_compare_html([r for r, _ in saved], tmp_path / "compare.html", folders=[f for _, f in saved])
    html = out.read_text(encoding="utf-8")
    for title in ("晴天卡盟", "暗影卡盟", "无门卡盟"):
        assert title in html
    assert 'src="hidden/steps/04.png"' in html and 'href="clean/report.html"' in html
    assert "<img src=x" not in html and "&lt;img src=x" in html
    assert 'src="data:' not in html


def test_compare_page_can_embed_pictures(tmp_path: Path) -> None:
    report, folder = _saved("clean", tmp_path)
    html = write_compare_html([report], tmp_path / "one.html", folders=[folder], embed_images=True).read_text("utf-8")
    assert html.count('src="data:image/png;base64,') == 3  # two steps and the application


def test_index_lists_each_site_and_links_reports(tmp_path: Path) -> None:
    saved = [_saved(k, tmp_path / "demo") for k in KINDS]
    html = write_index(saved, tmp_path / "demo" / "index.html").read_text(encoding="utf-8")
    assert html.count("report.html</a>") == len(KINDS)
    assert 'href="hostile/report.html"' in html and 'href="compare.html"' in html
    assert "1 通过 pass" in html and "<img src=x" not in html


def test_baseline_equal_is_not_worse(tmp_path: Path) -> None:
    report = sample_report("hidden", tmp_path)
    result = compare_to_baseline(report, report)
    assert not result.worse and result.worsened == () and result.improved == ()


def test_baseline_worse_when_the_site_got_harder(tmp_path: Path) -> None:
    old = sample_report("clean", tmp_path / "old")
    new = sample_report("hidden", tmp_path / "new")
    new = dataclasses.replace(new, site=old.site)  # same site, a later release
    result = compare_to_baseline(new, old)
    keys = {c.key for c in result.worsened}
    assert result.worse
    assert {"verdict", "entry.depth", "entry.tier", "entry.hiding", "ambiguity", "flow.completes",
            "flow.effort.actions", "flow.effort.required_uploads", "check:entry-depth"} <= keys
    assert any(k.startswith("finding:") for k in keys)
    # ... and the reverse direction is all improvements.
    back = compare_to_baseline(old, dataclasses.replace(new))
    assert not back.worse and {"entry.depth", "verdict"} <= {c.key for c in back.improved}
    assert result.to_markdown().startswith("### ❌ worse than the baseline · clean")
    assert any(line.startswith("  worse     entry depth: 2 → 4") for line in result.lines())


def test_baseline_lost_entry_and_ambiguity_epsilon(tmp_path: Path) -> None:
    old = sample_report("clean", tmp_path)
    lost = dataclasses.replace(old, entry=dataclasses.replace(old.entry, found=False))
    assert "entry.found" in {c.key for c in compare_to_baseline(lost, old).worsened}
    nudged = dataclasses.replace(old, ambiguity=dataclasses.replace(old.ambiguity, score=old.ambiguity.score + 0.01))
    assert not compare_to_baseline(nudged, old).worse


def test_new_info_finding_is_a_note_not_a_regression(tmp_path: Path) -> None:
    old = sample_report("clean", tmp_path)
    info = Finding("crawl-coverage:x", "crawl-coverage", "info", "t", "中", "en")
    result = compare_to_baseline(dataclasses.replace(old, findings=(info,)), old)
    assert not result.worse and [c.key for c in result.notes] == ["finding:crawl-coverage:x"]
    assert json.loads(json.dumps(result.to_dict()))["worse"] is False


def test_baseline_of_another_site_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="baseline is for site"):
        compare_to_baseline(sample_report("clean", tmp_path / "a"), sample_report("hidden", tmp_path / "b"))
