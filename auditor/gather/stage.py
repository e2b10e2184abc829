"""The gather stage: the only stage that drives the browser. Profile in, :class:`Artifacts` out.

Log in once, explore the site into a graph, then (when asked) walk the entry path for evidence and try
the refund flow. Whatever was measured is written to ``DIR/artifacts.json`` even when a later step
fails, so a crash never loses a crawl.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Playwright

from .. import __version__
from ..audit.artifacts import Artifacts
from ..audit.lexicon import Lexicon
from ..audit.model import CrawlStats, StopReason
from ..errors import AuditError, Interrupted
from ..profile import Profile
from .crawl.explorer import ExploreOptions, Explorer
from .session import Session, open_session
from .watchdog import TimeLimit, deadline

log = logging.getLogger(__name__)

Progress = Callable[[dict[str, Any]], None]
# Extra gatherers that run after exploration (evidence of the path, the refund flow); each may fail
# on its own without losing the crawl.
AfterCrawl = Callable[[Session, Artifacts, Path], None]
# The whole gather (login, crawl, evidence, flow) ends by crawl.max_seconds plus this: the crawl stops
# itself at max_seconds between actions; the grace is for the path evidence and the refund flow after it
# (5-10 s on the fixtures, several times that on a slow shop).
AUDIT_GRACE_S = 120.0


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def explore_options(profile: Profile, out_dir: Path | None, *, quick: bool | None = None,
                    screenshots: bool | None = None, relogin: Callable[[], bool] | None = None) -> ExploreOptions:
    """The explorer's bounds from the profile (flags given here win); ``relogin`` renews a dropped session."""
    crawl = profile.crawl
    shots = crawl.screenshots if screenshots is None else screenshots
    shots_dir = None
    if shots and out_dir is not None:
        shots_dir = out_dir / "states"
        shots_dir.mkdir(parents=True, exist_ok=True)
    return ExploreOptions(
        max_depth=crawl.max_depth, max_states=crawl.max_states, max_seconds=crawl.max_seconds,
        max_actions=crawl.max_actions, quick=crawl.quick if quick is None else quick,
        search_terms=tuple(crawl.search_terms), screenshots_dir=shots_dir,
        logged_in=profile.login is not None, login_url=profile.login_url,
        relogin=relogin,
    )


def gather(profile: Profile, lexicon: Lexicon, out_dir: Path, *, quick: bool | None = None,
           screenshots: bool | None = None, progress: Progress | None = None,
           after_crawl: tuple[AfterCrawl, ...] = (), playwright: Playwright | None = None) -> Artifacts:
    """Crawl the site (and run ``after_crawl`` gatherers); always writes ``out_dir/artifacts.json``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    stats = CrawlStats()
    artifacts = Artifacts(site=profile.name, base_url=profile.base_url, device=profile.device,
                          profile=profile.redacted(), tool_version=__version__, browser_version="",
                          started_at=now_iso())
    explorer: Explorer | None = None
    clock = (time.monotonic(), 0)
    limit = profile.crawl.max_seconds + AUDIT_GRACE_S
    try:
        # Evidence screenshots should show the images a person sees; a map-only crawl skips them.
        shots = profile.crawl.screenshots if screenshots is None else screenshots
        block = False if shots else profile.crawl.block_resources
        with deadline(limit, "the audit", TimeLimit), \
                open_session(profile, lexicon, stats, evidence_dir=out_dir, block_resources=block,
                             playwright=playwright) as session:
            artifacts.browser_version = session.browser_version
            artifacts.login = session.login
            clock = _lap(artifacts, "session", clock, stats)
            options = explore_options(profile, out_dir, quick=quick, screenshots=screenshots,
                                      relogin=session.log_in_again)
            explorer = Explorer(session.driver, lexicon, options, progress=progress)
            start = profile.url(profile.start) if profile.start else (session.login.landed_url or profile.base_url)
            result = explorer.run(start)
            artifacts.graph = result.graph
            clock = _lap(artifacts, "crawl", clock, stats)
            session.driver.block_resources = False  # evidence pictures show what a person sees
            for step in after_crawl:
                _run_gatherer(step, session, artifacts, out_dir)
                clock = _lap(artifacts, _stage_name(step), clock, stats)
    except AuditError:
        stats.stop_reason = stats.stop_reason if stats.stop_reason not in (StopReason.RUNNING, StopReason.NOT_STARTED) \
            else StopReason.ABORTED
        raise
    except Interrupted as stop:
        mark_interrupted(stats, stop)
        raise
    except TimeLimit:
        if explorer is not None and not stats.coverage:  # cut short mid-crawl: what it had seen so far
            stats.stop_reason = StopReason.TIME_LIMIT
            stats.coverage = explorer.coverage()
        mark_stopped(stats, StopReason.TIME_LIMIT, f"the audit hit its hard time limit ({limit:g} s: crawl.max_seconds "
                                          f"+ {AUDIT_GRACE_S:g} s for evidence and the refund flow)")
    finally:
        if explorer is not None:
            artifacts.graph = explorer.graph
            stats.elapsed_s = stats.elapsed_s or round(_elapsed(explorer), 3)
        artifacts.crawl = stats.to_dict()
        artifacts.finished_at = now_iso()
        artifacts.save(out_dir / "artifacts.json")
    return artifacts


def mark_interrupted(stats: CrawlStats, stop: Interrupted) -> None:
    """Record a stop signal as the crawl's stop reason, even when exploration had ended (the signal came
    during a later gatherer): what follows it was not measured, so nothing may be concluded."""
    mark_stopped(stats, StopReason.INTERRUPTED, f"the audit was interrupted ({stop.signal_name})")


def mark_stopped(stats: CrawlStats, reason: StopReason, why: str) -> None:
    """Record why the audit stopped before it was done as the stop reason, first among the coverage
    reasons; the crawl-coverage check then cannot pass and the verdict is inconclusive."""
    stats.stop_reason = reason
    coverage = dict(stats.coverage or {})
    coverage.update(complete=False, stop_reason=reason, reasons=[why, *coverage.get("reasons", [])])
    stats.coverage = coverage


def gather_again(profile: Profile, lexicon: Lexicon, artifacts: Artifacts, out_dir: Path,
                 steps: tuple[AfterCrawl, ...], playwright: Playwright | None = None) -> Artifacts:
    """Run after-crawl gatherers (the refund flow, the path evidence) on an earlier crawl, without
    exploring again: log in, act on the saved graph, save the updated artifacts."""
    stats = CrawlStats()
    try:
        with deadline(AUDIT_GRACE_S * 2, "the refund flow again", TimeLimit), \
                open_session(profile, lexicon, stats, evidence_dir=out_dir, block_resources=False,
                             playwright=playwright) as session:
            artifacts.browser_version = session.browser_version
            for step in list(steps):
                _run_gatherer(step, session, artifacts, out_dir)
                steps = steps[1:]
    except TimeLimit as stop:  # what did not finish is an error of its stage (its old record is stale)
        artifacts.stage_errors.extend({"stage": _stage_name(step), "error": f"cut short: {stop}"} for step in steps)
    finally:
        artifacts.finished_at = now_iso()
        artifacts.save(out_dir / "artifacts.json")
    return artifacts


def _run_gatherer(step: AfterCrawl, session: Session, artifacts: Artifacts, out_dir: Path) -> None:
    try:
        step(session, artifacts, out_dir)
    except AuditError:
        raise
    except Exception as exc:  # a failing gatherer is recorded, the crawl is kept
        log.exception("gatherer %s failed", _stage_name(step))
        artifacts.stage_errors.append({"stage": _stage_name(step), "error": str(exc).splitlines()[0][:300]})


def _stage_name(step: AfterCrawl) -> str:
    return getattr(step, "__name__", str(step))


def _lap(artifacts: Artifacts, stage: str, since: tuple[float, int], stats: CrawlStats) -> tuple[float, int]:
    """Record the seconds and browser actions ``stage`` took (since the last lap); start the next lap."""
    now, actions = time.monotonic(), stats.action_total
    artifacts.stages[stage] = {"seconds": round(now - since[0], 3), "actions": actions - since[1]}
    return now, actions


def _elapsed(explorer: Explorer) -> float:
    return time.monotonic() - explorer.started
