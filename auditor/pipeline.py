"""One audit end to end: gather (browser) → checks (pure) → Report → writers → evidence manifest.

``run_audit`` is the library entry point; the CLI's ``audit`` command and the demo call it. The browser-free
half (building and writing a report from artifacts, ``reaudit``) is :mod:`auditor.report.publish`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .audit.artifacts import Artifacts
from .audit.lexicon import load_lexicon
from .errors import Interrupted
from .gather.evidence import capture_path
from .gather.flow import refund_flow
from .gather.stage import gather, gather_again
from .profile import Profile
from .report.model import Report
from .report.publish import DEFAULT_FORMATS, write_report

if TYPE_CHECKING:
    from playwright.sync_api import Playwright

Progress = Callable[[dict[str, Any]], None]


def run_audit(profile: Profile, out_dir: str | Path, *, quick: bool | None = None, run_flow: bool = True,
              screenshots: bool | None = None, formats: Sequence[str] = DEFAULT_FORMATS,
              progress: Progress | None = None, playwright: Playwright | None = None) -> Report:
    """Crawl, check and report one site; returns the Report (also written to ``out_dir``).

    Raises an :class:`~auditor.errors.AuditError` when the audit cannot run (whatever was measured
    before is still in ``out_dir/artifacts.json``), and :class:`~auditor.errors.Interrupted` on SIGINT
    or SIGTERM once the partial report (stop reason ``interrupted``, verdict inconclusive) is written.
    """
    out = Path(out_dir)
    lexicon = load_lexicon(profile.lexicon)
    gatherers = [capture_path(lexicon)]
    if run_flow:
        gatherers.append(refund_flow(profile, lexicon))
    try:
        artifacts = gather(profile, lexicon, out, quick=quick, screenshots=screenshots, progress=progress,
                           after_crawl=tuple(gatherers), playwright=playwright)
    except Interrupted:
        # gather() saved what it measured, marked interrupted: report that much, then stop as asked.
        if (out / "artifacts.json").is_file():
            write_report(Artifacts.load(out / "artifacts.json"), profile.thresholds, lexicon, out, formats)
        raise
    return write_report(artifacts, profile.thresholds, lexicon, out, formats)


def rerun_flow(profile: Profile, out_dir: str | Path, formats: Sequence[str] = DEFAULT_FORMATS,
               playwright: Playwright | None = None) -> Report:
    """Try the refund flow again on the crawl saved in ``out_dir`` (no new exploration), e.g. with
    ``flow.submit`` switched on after a dry run; rewrites the report."""
    out = Path(out_dir)
    lexicon = load_lexicon(profile.lexicon)
    artifacts = Artifacts.load(out / "artifacts.json")
    gather_again(profile, lexicon, artifacts, out, (refund_flow(profile, lexicon),), playwright=playwright)
    return write_report(artifacts, profile.thresholds, lexicon, out, formats)
