"""decoy-labels: refund-looking controls that do not lead to the application."""

from __future__ import annotations

from ...report.model import CheckResult
from .base import AuditContext, Check, finding, result


def run(ctx: AuditContext) -> CheckResult:
    decoys = [c for c in ctx.entry.candidates if c.role == "decoy"]
    findings = [
        finding("decoy-label", "low" if ctx.entry.entry.found else "medium",
                f"「{c.label}」看起来像退款入口，但不会打开退单申请（{c.url}）。",
                f"{c.label!r} looks like a refund entry but does not open the refund application ({c.url}).",
                labels=[c.label], evidence={"label": c.label, "url": c.url, "depth": c.depth})
        for c in decoys
    ]
    return result(CHECK.id, CHECK.title, CHECK.description, findings, ctx.thresholds,
                  passed_message="no decoys")


CHECK = Check(
    id="decoy-labels",
    title="Decoys · 诱饵标签",
    failure_title="Refund-looking controls that are not the entry · 有退款字样但不是入口",
    description="Controls that say refund (退款说明, 退款进度 …) but lead to policy text, lists or status.",
    requires=("graph", "crawl"),
    rules=("decoy-label",),
    run=run,
)
