"""crawl-coverage: how the crawl ended; traps cut off and dialogs seen are reported, never hidden.

An audit stopped by a signal (stop reason ``interrupted``) could not measure: this check is then an
error, so the verdict is inconclusive whatever the partial crawl showed.
"""

from __future__ import annotations

from ..report.model import CheckResult
from .base import AuditContext, Check, finding, result

INTERRUPTED = "interrupted"  # the stop reason of an audit ended by SIGINT or SIGTERM (gather.mark_interrupted)


def run(ctx: AuditContext) -> CheckResult:
    crawl = ctx.crawl
    findings = []
    stop = crawl.get("stop_reason", "")
    if stop not in ("complete", "quick:application-found"):
        findings.append(finding(
            "crawl-incomplete", "info", f"探索因「{stop}」停止，站点可能未被完整覆盖。",
            f"Exploration stopped ({stop}); parts of the site may be unexplored.", variant=stop,
            evidence={"stop_reason": stop, "actions": crawl.get("action_total")}, needs_review=True,
        ))
    for trap in crawl.get("traps", []):
        findings.append(finding(
            "crawl-trap", "info", f"在 {trap['template']} 发现「{trap['kind']}」陷阱（{trap['label']}），已截断。",
            f"{trap['kind']} trap at {trap['template']} ({trap['label']!r}) cut off.",
            variant=trap["kind"], labels=[trap.get("label", "")], evidence=trap,
        ))
    dialogs = crawl.get("dialogs", [])
    if dialogs:
        kinds = sorted({d["type"] for d in dialogs})
        findings.append(finding(
            "dialogs", "info", f"页面弹出了 {len(dialogs)} 个对话框，均已取消。",
            f"Pages opened {len(dialogs)} dialog(s) ({', '.join(kinds)}); each was dismissed.",
            evidence={"dialogs": dialogs[:10]},
        ))
    if stop == INTERRUPTED:
        why = ctx.coverage.reasons[0] if ctx.coverage.reasons else "the audit was interrupted"
        return CheckResult(CHECK.id, CHECK.title, "error", f"could not measure: {why}", CHECK.description,
                           tuple(findings))
    return result(CHECK.id, CHECK.title, CHECK.description, findings, ctx.thresholds,
                  passed_message=f"complete: {ctx.artifacts.graph.state_count} states")


CHECK = Check("crawl-coverage", "Crawl coverage · 探索覆盖",
              "Why exploration stopped; traps cut off; dialogs dismissed.", run)
