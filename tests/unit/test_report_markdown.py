"""summary.md: verdict first, a metrics table, failing checks, findings; site text cannot inject markup."""

from __future__ import annotations

from pathlib import Path

from report_samples import sample_report

from auditor.report import write_markdown
from auditor.report.markdown_report import md


def _summary(kind: str, tmp_path: Path) -> str:
    return write_markdown(sample_report(kind, tmp_path), tmp_path).read_text(encoding="utf-8")


def test_verdict_comes_first_then_metrics_then_failures(tmp_path: Path) -> None:
    text = _summary("hidden", tmp_path)
    assert text.startswith("## ❌ 未通过 FAIL · 暗影卡盟")
    assert text.index("| 点击深度 Depth | 4 | ≤ 3 | ❌ |") < text.index("Checks not passing") < text.index("Findings (3)")
    assert "| 未通过 fail | Entry within 3 actions (entry\\-depth) |" not in text  # ids are escaped, not code
    assert "Entry within 3 actions" in text


def test_clean_pass(tmp_path: Path) -> None:
    text = _summary("clean", tmp_path)
    assert text.startswith("## ✅ 通过 PASS") and "Checks not passing" not in text


def test_hostile_text_is_inert(tmp_path: Path) -> None:
    text = _summary("hostile", tmp_path)
    assert "<img" not in text and "<script" not in text and "</script" not in text
    assert "&lt;img src=x onerror=alert(1)&gt;" in text
    assert "[l](javascript" not in text  # no link syntax survives
    for line in text.splitlines():
        if line.startswith("|"):
            # Every table row keeps its column count: site pipes are escaped.
            cells = line.replace("\\|", "").count("|")
            assert cells in (4, 5), line


def test_md_escapes_markdown_and_html() -> None:
    assert md("a|b") == "a\\|b"
    assert md("`x` *y* _z_ [l](u) <b> & ~s~ #h !i") == (
        "\\`x\\` \\*y\\* \\_z\\_ \\[l\\](u) &lt;b&gt; &amp; \\~s\\~ \\#h !i")
    assert md("x" * 400).endswith("…") and len(md("x" * 400)) == 300
