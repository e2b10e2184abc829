"""report.html: one self-contained page a regulator can file and a designer wants to look at.

Order follows what a reader asks first: the verdict and why, the key numbers, the path as pictures, the
map, then every finding, check and fact. One file: CSS and a tiny script are inline, screenshots are
``data:`` URIs (see :mod:`.images` for the size budget), the whole report.json rides along in a
``<script type="application/json">`` block so the page is also machine-readable.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..atomic import write_text
from .graph_layout import layout_graph
from .images import Embedder, Picture
from .metrics import key_metrics
from .model import SEVERITIES, Finding, Report, Step
from .templating import render

FILENAME = "report.html"
SEVERITY_ORDER = {s: i for i, s in enumerate(SEVERITIES)}
STATUS_ORDER = {s: i for i, s in enumerate(("fail", "error", "warn", "pass", "n/a"))}


@dataclass(frozen=True)
class StripItem:
    """One picture of the path strip: a step, or the application it ends on."""

    number: int | None
    action: str
    label: str
    url: str
    tier: str | None
    hiding: tuple[str, ...]
    picture: Picture | None
    final: bool = False
    new_tab: bool = False


def path_strip(report: Report, pictures: Embedder) -> list[StripItem]:
    """The entry path as pictures, ending on the application screenshot when there is one."""
    items = [_step_item(i, step, pictures) for i, step in enumerate(report.entry.path, start=1)]
    app = report.artifacts.get("application_screenshot")
    if report.entry.found and (app or items):
        items.append(StripItem(None, "application", report.entry.label or "", report.entry.url or "", None, (),
                               pictures.picture(app), final=True))
    return items


def _step_item(number: int, step: Step, pictures: Embedder) -> StripItem:
    return StripItem(number, step.action, step.label, step.url, step.tier, tuple(step.hiding),
                     pictures.picture(step.screenshot), new_tab=step.new_tab)


def main_findings(report: Report, limit: int = 5) -> list[Finding]:
    """The findings of failing checks, worst first: the verdict's reasons in both languages."""
    failing = [f for c in report.checks if c.status == "fail" for f in c.findings]
    unique = {f.id: f for f in failing}.values()
    return sorted(unique, key=lambda f: (SEVERITY_ORDER.get(f.severity, 99), f.id))[:limit]


def html_context(report: Report, out_dir: Path) -> dict[str, Any]:
    """Everything report.html shows, computed here so the template stays declarative."""
    pictures = Embedder(out_dir, out_dir)
    strip = path_strip(report, pictures)
    flow_steps = [
        {**step, "picture": pictures.picture(step.get("screenshot"))}
        for step in (report.flow or {}).get("steps", []) if isinstance(step, dict)
    ]
    crawl = report.crawl or {}
    skipped_by_reason = crawl.get("skips") or dict(Counter(str(s.get("reason", "")) for s in crawl.get("skipped", [])))
    return {
        "r": report,
        "m": key_metrics(report),
        "strip": strip,
        "flow_steps": flow_steps,
        "graph": layout_graph(report.graph or {}),
        "findings": sorted(report.findings, key=lambda f: (SEVERITY_ORDER.get(f.severity, 99), f.id)),
        "checks": sorted(report.checks, key=lambda c: STATUS_ORDER.get(c.status, 99)),
        "failing": [c for c in report.checks if c.status in ("fail", "error")],
        "main_findings": main_findings(report),
        "candidates": sorted(report.candidates, key=lambda c: (c.role != "entry", c.role, c.depth or 0, c.label)),
        "skipped_by_reason": sorted(skipped_by_reason.items(), key=lambda kv: (-int(kv[1]), str(kv[0]))),
        "details": _details(report),
        "linked": pictures.linked,
        "data": report.to_dict(),
    }


def _details(report: Report) -> list[tuple[str, str, Any]]:
    """The free-form sections, shown generically so nothing the lead adds is ever dropped."""
    sections = [
        ("hiding", "隐藏 Hiding", report.hiding),
        ("continuity", "持续可用 Continuity", report.continuity),
        ("effort", "操作成本 Effort", report.effort),
        ("disclosure", "政策披露 Disclosure", report.disclosure),
        ("appeal", "投诉渠道 Appeal", report.appeal),
        ("thresholds", "阈值 Thresholds", report.thresholds),
        ("environment", "环境 Environment", report.environment),
        ("profile", "配置 Profile (redacted)", report.profile),
    ]
    return [(key, title, value) for key, title, value in sections if value]


def write_html(report: Report, out_dir: Path) -> Path:
    """Write ``out_dir/report.html`` (self-contained, opens offline) and return its path."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    html = render("report.html.j2", **html_context(report, out_dir))
    return write_text(out_dir / FILENAME, html)
