"""summary.md: the Markdown job summary (``cat summary.md >> "$GITHUB_STEP_SUMMARY"``).

Verdict first, then the key numbers, what failed and the findings; the pictures stay in report.html.
Site text is escaped for both Markdown and the HTML GitHub allows inside Markdown: ``< > &`` become
entities, Markdown punctuation gets a backslash, newlines become spaces (a table row is one line).
Long lists are cut so the summary stays far below GitHub's 1 MiB per step.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..atomic import write_text
from .metrics import STATUS_ZH, TIER_ZH, key_metrics
from .model import Report

FILENAME = "summary.md"
MAX_FINDINGS = 30
MAX_CELL = 300
# ( ) and ! only matter next to [ ], which are escaped; # matters at a line start ("- # x" is a heading).
_MD_SPECIAL = re.compile(r"([\\`*_\[\]#|~])")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def md(text: object, limit: int = MAX_CELL) -> str:
    """Escape site text for a Markdown table cell or paragraph.

    >>> md("<img src=x> | `a` [b](c)")
    '&lt;img src=x&gt; \\\\| \\\\`a\\\\` \\\\[b\\\\](c)'
    >>> md("两行\\n文本")
    '两行 文本'
    """
    value = " ".join(str(text).split())
    if len(value) > limit:
        value = value[: limit - 1] + "…"
    value = "".join(_ENTITIES.get(ch, ch) for ch in value)
    return _MD_SPECIAL.sub(r"\\\1", value)


def _num(value: object, digits: int = 2) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def _mark(ok: bool | None) -> str:
    return "" if ok is None else (" ✅" if ok else " ❌")


def markdown_summary(report: Report, *, heading_level: int = 2) -> str:
    """The summary text; ``heading_level`` lets a multi-site summary nest one site per section."""
    m = key_metrics(report)
    h = "#" * heading_level
    verdict = {"pass": "✅", "fail": "❌"}.get(m.verdict, "❔") + f" {m.verdict_zh} {m.verdict_en}"
    lines = [f"{h} {verdict} · {md(m.title or m.site)}", ""]
    if m.url:
        lines += [f"退单入口审计 Refund-entry audit of {md(m.url)} · {md(report.generated_at)}", ""]
    lines += [f"- {md(reason)}" for reason in report.reasons]
    lines.append("")

    tier = f"{TIER_ZH.get(m.tier or '', '')} {m.tier}".strip() if m.tier else "–"
    flow_ok = None if m.flow.outcome == "not-attempted" else m.flow.completes
    effort_ok = (None if m.purchase_actions is None or m.refund_actions is None
                 else m.refund_actions <= m.purchase_actions)
    rows = [
        ("退单入口 Entry", md(m.entry_label) if m.entry_found else "**未找到 not found**", "", _mark(m.entry_found)),
        ("词级 Tier", md(tier), "exact", _mark(None if not m.entry_found else m.tier == "exact")),
        ("点击深度 Depth", _num(m.depth), f"≤ {_num(m.max_depth)}", _mark(m.depth_ok)),
        ("歧义 Ambiguity", _num(m.ambiguity), f"≤ {_num(m.max_ambiguity)}", _mark(m.ambiguity_ok)),
        ("隐藏 Hiding", md(", ".join(m.hiding)) or "–", "none", _mark(not m.hiding if m.entry_found else None)),
        ("流程 Flow", md(f"{m.flow.text_zh} · {m.flow.text}"), "completes", _mark(flow_ok)),
        ("成本 Effort (buy → refund)", f"{_num(m.purchase_actions)} → {_num(m.refund_actions)}", "refund ≤ buy",
         _mark(effort_ok)),
    ]
    lines += ["| 指标 Metric | 值 Value | 阈值 Threshold | |", "|---|---|---|---|"]
    lines += [f"| {a} | {b} | {c} |{d} |" for a, b, c, d in rows]
    lines.append("")

    bad = [c for c in report.checks if c.status in ("fail", "error", "warn")]
    if bad:
        lines += [f"{h}# 未通过的检查 Checks not passing", "", "| 结果 Status | 检查 Check | 说明 Message |", "|---|---|---|"]
        lines += [f"| {STATUS_ZH.get(c.status, c.status)} {c.status} | {md(c.title)} ({md(c.id, 80)}) | {md(c.message)} |"
                  for c in bad]
        lines.append("")
    passed = sum(c.status == "pass" for c in report.checks)
    lines += [f"{passed}/{len(report.checks)} checks pass.", ""]

    if report.findings:
        lines += [f"{h}# 问题 Findings ({len(report.findings)})", "",
                  "| 严重度 Severity | 问题 Finding | 说明 Message |", "|---|---|---|"]
        for f in report.findings[:MAX_FINDINGS]:
            review = " (needs review)" if f.needs_review else ""
            lines.append(f"| {md(f.severity)}{review} | {md(f.title)} | {md(f.message_zh)}<br>{md(f.message_en)} |")
        if len(report.findings) > MAX_FINDINGS:
            lines.append(f"\n… {len(report.findings) - MAX_FINDINGS} more in report.html")
        lines.append("")
    lines += ["Screenshots, the path and the navigation graph: `report.html` in the report artifact.", ""]
    return "\n".join(lines)


def write_markdown(report: Report, out_dir: Path) -> Path:
    """Write ``out_dir/summary.md`` and return its path."""
    return write_text(Path(out_dir) / FILENAME, markdown_summary(report))
