"""hidden-entry: the entry and the steps to it are plainly visible (not behind hover/expand, not tiny,
faint, below the fold, footer-only, icon-only without a name, disabled or covered)."""

from __future__ import annotations

from ...report.model import CheckResult
from .base import AuditContext, Check, finding, result, without_entry

_SEVERITY = {"hover": "high", "collapsed": "high", "icon-only": "high", "occluded": "high", "disabled": "high",
             "small-font": "medium", "low-contrast": "medium", "faint": "medium", "below-fold": "low", "footer": "medium",
             "footer-only": "high"}
_WORDS = {
    "hover": ("只有鼠标悬停才会出现", "appears only on mouse hover"),
    "collapsed": ("藏在折叠区域内，需要先展开", "sits in a collapsed section that must be expanded first"),
    "small-font": ("字号过小", "uses a tiny font"),
    "low-contrast": ("颜色对比度过低", "has low colour contrast"),
    "faint": ("透明度过低", "is faded out"),
    "below-fold": ("位于首屏以下", "is below the fold"),
    "footer": ("只在页脚", "sits in the footer"),
    "footer-only": ("只能从页脚进入", "is reachable only from the footer"),
    "icon-only": ("只有图标、没有名称", "is an icon without a name"),
    "disabled": ("处于禁用状态", "is disabled"),
    "occluded": ("被其他元素遮挡", "is covered by another element"),
}


def run(ctx: AuditContext) -> CheckResult:
    entry = ctx.entry.entry
    if not entry.found:
        return without_entry(ctx, CHECK)
    findings = []
    for step in ctx.hiding.get("steps", []):
        for flag in step["flags"]:
            if flag not in _SEVERITY or (flag == "footer" and step is not ctx.hiding["steps"][-1]):
                continue
            zh, en = _WORDS[flag]
            facts = {k: step.get(k) for k in ("font_size", "median_font_size", "contrast", "color", "background", "rect")}
            findings.append(finding(
                "hidden-entry", _SEVERITY[flag], f"「{step['label']}」{zh}。", f"{step['label']!r} {en}.",
                variant=flag, labels=[step["label"]], evidence=facts,
            ))
    if ctx.hiding.get("footer_only"):
        zh, en = _WORDS["footer-only"]
        findings.append(finding("hidden-entry", _SEVERITY["footer-only"], f"退单入口{zh}。", f"The refund entry {en}.",
                                variant="footer-only", labels=[entry.label or ""]))
    return result(CHECK.id, CHECK.title, CHECK.description, findings, ctx.thresholds,
                  passed_message="entry and steps are plainly visible")


CHECK = Check(
    id="hidden-entry",
    title="Hidden entry · 入口隐藏",
    failure_title="Refund entry is hidden or inconspicuous · 退单入口被隐藏或不显眼",
    description="The entry and every step to it are visible without hover or expanding, legible and prominent.",
    requires=("graph", "crawl"),
    rules=("hidden-entry",),
    run=run,
)
