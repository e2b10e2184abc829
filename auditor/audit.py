"""One audit end to end: gather (browser) → checks (pure) → Report → writers → evidence manifest.

``run_audit`` is the library entry point; the CLI's ``audit`` command and the demo call it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .artifacts import Artifacts
from .atomic import write_text
from .bundle import write_manifest
from .errors import InputError, Interrupted
from .evidence import capture_path
from .flow import refund_flow
from .gather import gather, gather_again
from .lexicon import Lexicon, load_lexicon
from .profile import Profile, Thresholds, profile_from_dict
from .report import WRITERS
from .report.build import build_report
from .report.model import Report

if TYPE_CHECKING:
    from playwright.sync_api import Playwright

Progress = Callable[[dict[str, Any]], None]
DEFAULT_FORMATS = ("json", "html", "junit", "markdown")


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


def write_report(artifacts: Artifacts, thresholds: Thresholds, lexicon: Lexicon, out: Path,
                 formats: Sequence[str] = DEFAULT_FORMATS) -> Report:
    """Build the report from artifacts and write every requested format plus the evidence manifest."""
    # The report is a function of what artifacts.json holds, in its saved form (the graph sorted, lists
    # for tuples), so that `reaudit` on the folder gives the same report, tie-breaks included.
    saved = Artifacts.from_dict(json.loads(json.dumps(artifacts.to_dict(), ensure_ascii=False)))
    report = build_report(saved, thresholds, lexicon)
    write_text(out / "graph.json", json.dumps(artifacts.graph.to_dict(), ensure_ascii=False, indent=1))
    for name in formats:
        WRITERS[name](report, out)
    write_manifest(out, report, browser_version=artifacts.browser_version, started_at=artifacts.started_at,
                   finished_at=artifacts.finished_at)
    return report


def rerun_flow(profile: Profile, out_dir: str | Path, formats: Sequence[str] = DEFAULT_FORMATS,
               playwright: Playwright | None = None) -> Report:
    """Try the refund flow again on the crawl saved in ``out_dir`` (no new exploration), e.g. with
    ``flow.submit`` switched on after a dry run; rewrites the report."""
    out = Path(out_dir)
    lexicon = load_lexicon(profile.lexicon)
    artifacts = Artifacts.load(out / "artifacts.json")
    gather_again(profile, lexicon, artifacts, out, (refund_flow(profile, lexicon),), playwright=playwright)
    return write_report(artifacts, profile.thresholds, lexicon, out, formats)


def reaudit(out_dir: str | Path, profile: Profile | None = None, formats: Sequence[str] = DEFAULT_FORMATS) -> Report:
    """Re-run the checks and the writers on ``out_dir/artifacts.json`` without a browser (milliseconds:
    the way to tune thresholds or the lexicon without crawling again), and refresh the manifest.

    With ``profile``, its thresholds and lexicon extension are used; otherwise the profile saved with the
    crawl. Raises :class:`~auditor.errors.InputError` when the folder holds no audit.
    """
    out = Path(out_dir)
    path = out / "artifacts.json"
    if not path.is_file():
        raise InputError(f"{out}: no artifacts.json here (not an audit folder)")
    artifacts = Artifacts.load(path)
    used = profile or profile_from_dict(artifacts.profile, source=str(path))
    return write_report(artifacts, used.thresholds, load_lexicon(used.lexicon), out, formats)
