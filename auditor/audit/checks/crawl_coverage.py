"""crawl-coverage: how the crawl ended; traps cut off and dialogs seen are reported, never hidden.

An audit cut short (stop reason ``interrupted`` by a signal, ``time-limit`` by its hard bound,
``login-expired`` when the site ended the session for good) could not measure: this check is then an
error, so the verdict is inconclusive whatever the partial crawl showed.
"""

from __future__ import annotations

from ...report.model import CheckResult
from ..model import CUT_SHORT
from .base import AuditContext, Check, finding, result

# Stop reasons of an audit cut short (audit/model.py): SIGINT / SIGTERM and the hard time limit
# (gather/stage.mark_stopped), a session the site ended that could not be renewed (the explorer).


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
    # Errors count against coverage: a control that failed twice, or a page that stopped answering, left
    # whatever lies behind it unseen, even when the crawl ended by itself.
    failed = int(ctx.coverage.details.get("failed_controls") or 0)
    stuck = int(ctx.coverage.details.get("stuck_pages") or 0)
    if failed or stuck:
        where = [e.get("at") or e.get("where", "") for e in crawl.get("errors", [])
                 if e.get("label") and not e.get("retried")][:5]
        findings.append(finding(
            "crawl-errors", "low", f"{failed} 个控件未能操作，{stuck} 个页面停止响应；其后的内容未被探索。",
            f"{failed} controls failed to activate and {stuck} pages stopped answering; what lies behind them "
            "was not explored.", evidence={"failed_controls": failed, "stuck_pages": stuck, "where": where},
            needs_review=True,
        ))
    dialogs = crawl.get("dialogs", [])
    if dialogs:
        kinds = sorted({d["type"] for d in dialogs})
        findings.append(finding(
            "dialogs", "info", f"页面弹出了 {len(dialogs)} 个对话框，均已取消。",
            f"Pages opened {len(dialogs)} dialog(s) ({', '.join(kinds)}); each was dismissed.",
            evidence={"dialogs": dialogs[:10]},
        ))
    if stop in CUT_SHORT:
        why = ctx.coverage.reasons[0] if ctx.coverage.reasons else f"the audit was cut short ({stop})"
        return CheckResult(CHECK.id, CHECK.title, "error", f"could not measure: {why}", CHECK.description,
                           tuple(findings))
    return result(CHECK.id, CHECK.title, CHECK.description, findings, ctx.thresholds,
                  passed_message=f"complete: {ctx.artifacts.graph.state_count} states")


CHECK = Check(
    id="crawl-coverage",
    title="Crawl coverage · 探索覆盖",
    failure_title="Site not fully explored · 站点未完整探索",
    description="Why exploration stopped; traps cut off; dialogs dismissed.",
    requires=("graph", "crawl"),
    rules=(),
    run=run,
)
