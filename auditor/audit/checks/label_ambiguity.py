"""label-ambiguity: naming ambiguity stays within the threshold and the first click is right."""

from __future__ import annotations

from typing import Any

from ...report.model import CheckResult
from .base import AuditContext, Check, finding, result, without_entry


def run(ctx: AuditContext) -> CheckResult:
    amb = ctx.ambiguity
    limit = ctx.thresholds.max_ambiguity
    if not ctx.entry.entry.found or amb.score is None:
        return without_entry(ctx, CHECK)
    findings = []
    over = amb.score > limit
    if over:
        worst: dict[str, Any] = min(amb.steps, key=lambda s: s["p_correct"]) if amb.steps else {"label": "", "competitors": []}
        findings.append(finding(
            "ambiguous-naming", "high",
            f"命名易混淆度 {amb.score:.2f}（阈值 {limit:.2f}）；在「{worst['label']}」处，与之竞争的有：{'、'.join(worst['competitors'][:5])}。",
            f"Naming ambiguity {amb.score:.2f} (threshold {limit:.2f}); at {worst['label']!r} it competes with "
            f"{', '.join(worst['competitors'][:5]) or 'nothing'}.",
            labels=[ctx.entry.entry.label or ""], evidence={"score": amb.score, "steps": list(amb.steps)},
        ))
    if amb.first_click_correct is False:
        first: dict[str, Any] = amb.steps[0] if amb.steps else {"label": "", "competitors": []}
        findings.append(finding(
            "ambiguous-naming", "medium",
            f"第一步最可能点错：「{'、'.join(first['competitors'][:3])}」比「{first['label']}」更像退款入口。",
            f"The first click is likely wrong: {', '.join(first['competitors'][:3])} look more like the refund "
            f"than {first['label']!r}.",
            variant="first-click", labels=[first["label"]],
        ))
    return result(CHECK.id, CHECK.title, CHECK.description, findings, ctx.thresholds, threshold_failed=over,
                  passed_message=f"ambiguity {amb.score:.2f} ≤ {limit:.2f}")


CHECK = Check(
    id="label-ambiguity",
    title="Naming ambiguity · 命名混淆度",
    failure_title="Naming is ambiguous · 命名易混淆",
    description="How likely a person following the words picks wrong (tier, competing labels, decoys).",
    requires=("graph", "crawl"),
    rules=("ambiguous-naming",),
    run=run,
)
