"""Run the benchmark: for each N × D, the explorer and the peer side by side (quick, then full), then the
full audit of every fixture site; write ``latest.json`` and ``latest.md``.

Every crawler run is a child process of its own (spawned: a fresh interpreter) with a fresh Chromium
(``auditor.gather.browser.launch`` + a desktop context), so one run's memory does not carry into the next, and a
:class:`~bench.memory.PeakPss` sampler watches that child's tree (its Python, Playwright's node driver, every
Chromium process). The synthetic shop is served from this process, outside the measured tree and outside the
crawler's interpreter, as a real shop would be.
"""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import os
import platform
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import psutil
import yaml
from playwright.sync_api import BrowserContext, sync_playwright

from auditor.audit.lexicon import load_lexicon
from auditor.audit.model import CrawlStats
from auditor.gather.browser import launch, new_context
from auditor.gather.crawl.driver import Driver
from auditor.gather.crawl.explorer import ExploreOptions, Explorer
from auditor.gather.session import make_gate
from auditor.profile import profile_from_dict

from . import metrics
from .memory import PeakPss
from .peer import PeerCrawler
from .synthetic import Site, SyntheticServer, generate, identify

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
Log = Callable[[str], None]


@dataclass(frozen=True)
class Options:
    """What to run. Defaults are the issue's full matrix."""

    sizes: tuple[int, ...] = (50, 200, 1000)
    depths: tuple[int, ...] = (3, 6)
    latencies: tuple[int, ...] = (0,)  # ms the synthetic server waits before every response
    quick_only: bool = False
    peer: bool = True
    seed: int = 7
    explorer_budget_s: float = 1800.0
    peer_budget_s: float = 600.0
    max_depth: int = 12  # the explorer's depth bound: above every generated state (the deepest is about 8)
    fixtures: tuple[str, ...] | None = None  # None: every fixture site; (): none
    out_dir: Path = RESULTS
    notes: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["out_dir"] = str(self.out_dir)
        return data


def run_benchmark(opts: Options, log: Log) -> dict[str, Any]:
    """Everything ``python -m bench`` measures, as one JSON-ready dict (also written to ``opts.out_dir``)."""
    result: dict[str, Any] = {
        "schema": 1, "started_at": _now(), "options": opts.to_dict(), "machine": _machine(),
        "notes": [*_default_notes(opts), *opts.notes], "sites": {}, "runs": [],
    }
    for n in opts.sizes:
        for depth in opts.depths:
            site = generate(n, depth, opts.seed)
            result["sites"][f"{n}x{depth}"] = site.summary()
            for latency in opts.latencies:
                with SyntheticServer(site, latency) as server:
                    modes = ("quick",) if opts.quick_only else ("quick", "full")
                    for mode in modes:
                        crawlers = ("explorer", "peer") if opts.peer else ("explorer",)
                        for crawler in crawlers:
                            run = _one(crawler, mode, site, server, opts, log)
                            run["latency_ms"] = latency
                            result["runs"].append(run)
                            _write(result, opts.out_dir)  # a long benchmark keeps what it measured so far
    if opts.fixtures != ():
        result["fixtures"] = run_fixture_audits(opts.fixtures, opts.out_dir / "fixture-audits", log)
    result["machine"]["load_end"] = _load()
    result["finished_at"] = _now()
    result["ratios"] = metrics.ratios(result["runs"])
    result["targets"] = metrics.targets(result["runs"], result.get("fixtures"))
    result["sanity"] = metrics.sanity(result["runs"])
    result["runs"] = [metrics.derive(r) for r in result["runs"]]
    _write(result, opts.out_dir)
    return result


def _one(crawler: str, mode: str, site: Site, server: SyntheticServer, opts: Options, log: Log) -> dict[str, Any]:
    """One crawl in a child process: its process tree (Python, node driver, Chromium) is what PSS measures,
    and the shop server (in this process) does not share the crawler's interpreter, as a real shop would not."""
    latency = int(server._server.latency_s * 1000)
    label = f"N={site.n} D={site.depth} {crawler} {mode}" + (f" latency {latency} ms" if latency else "")
    log(f"[bench] {label} …")
    budget = opts.peer_budget_s if crawler == "peer" else opts.explorer_budget_s
    posts_before, load_before = len(server.posts), _load()
    spawn = multiprocessing.get_context("spawn")
    receive, send = spawn.Pipe(duplex=False)
    child = spawn.Process(target=_child, args=(send, crawler, site, server.base_url, mode == "quick", budget, opts, label),
                          name=f"bench-{crawler}-{mode}", daemon=False)
    child.start()
    send.close()
    pid = child.pid
    assert pid is not None  # started
    run: dict[str, Any] | None = None
    deadline = time.monotonic() + budget + 300  # a hung child is stopped, not waited for forever
    with PeakPss(pid) as mem:
        while run is None and time.monotonic() < deadline:
            if receive.poll(0.5):
                run = receive.recv()
            elif not child.is_alive():
                break
        child.join(timeout=30)
        if child.is_alive():
            _kill_tree(pid)
    if run is None:
        run = _failed(f"the {crawler} process ended without a result (exit code {child.exitcode})")
    if run.get("error"):
        log(f"[bench] {label}: FAILED: {run['error']}")
    run.update({"n": site.n, "depth": site.depth, "crawler": crawler, "mode": mode, "budget_s": budget,
                "peak_pss_mb": mem.peak_mb, "pss_samples": mem.samples, "posts": len(server.posts) - posts_before,
                "load_before": load_before, "load_after": _load()})
    run["capped"] = run["stop_reason"] == "max-seconds"
    d = metrics.derive(run)
    log(f"[bench] {label}: {run['states']} states ({run['site_states']}/{site.n} of the site's), "
        f"{d['action_total']} actions, {run['seconds']:.1f} s, entry {run['entry'] and run['entry']['actions']} actions, "
        f"{run['peak_pss_mb']:.0f} MB, stop {run['stop_reason']}")
    return run


def _child(conn: Connection, crawler: str, site: Site, base_url: str, quick: bool, budget: float, opts: Options,
           label: str) -> None:
    """The body of a crawl's process: run it, send the run dict back."""
    def log(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    run_fn = _run_explorer if crawler == "explorer" else _run_peer
    try:
        run = run_fn(site, base_url, quick, budget, opts, _Progress(label, log))
    except Exception as exc:  # one broken run is reported; the others still run
        run = _failed((str(exc).strip().splitlines() or [type(exc).__name__])[0][:300])
    conn.send(run)
    conn.close()


def _failed(why: str) -> dict[str, Any]:
    return {"seconds": 0.0, "states": 0, "site_states": 0, "actions": {}, "transitions": 0, "inferred": 0,
            "entry": None, "stop_reason": "error", "error": why}


def _kill_tree(pid: int) -> None:
    try:
        root = psutil.Process(pid)
        procs = [*root.children(recursive=True), root]
    except psutil.Error:
        return
    for proc in procs:
        with suppress(psutil.Error):
            proc.kill()


@contextmanager
def _desktop_context() -> Iterator[tuple[BrowserContext, float]]:
    """The same Chromium launch and desktop context for both crawlers, and the seconds they took."""
    with sync_playwright() as playwright:
        started = time.monotonic()
        browser = launch(playwright)
        try:
            yield new_context(browser, playwright, "desktop"), time.monotonic() - started
        finally:
            browser.close()


def _run_explorer(site: Site, base_url: str, quick: bool, budget: float, opts: Options,
                  progress: _Progress) -> dict[str, Any]:
    lexicon = load_lexicon()
    profile = profile_from_dict({"name": f"synthetic-{site.n}-{site.depth}", "base_url": base_url},
                                source="bench")
    with _desktop_context() as (context, launch_s):
        stats = CrawlStats()
        driver = Driver(context, make_gate(profile, lexicon), stats)
        options = ExploreOptions(quick=quick, max_depth=opts.max_depth, max_states=max(400, 3 * site.n),
                                 max_seconds=budget, max_actions=1_000_000)
        started = time.monotonic()
        crawl = Explorer(driver, lexicon, options, progress=progress).run(base_url + "/")
        seconds = time.monotonic() - started
    seen = {identify(site, data.get("url", ""), data.get("labels", [])) for _, data in crawl.graph.states()}
    first = stats.first_application_at
    entry = None
    if first is not None:  # depth: of the path it was first reached by; shortest: in the graph at the end
        entry = {"actions": first["actions"], "seconds": first["seconds"], "depth": first["depth"],
                 "shortest": crawl.graph.depth_of(first["state"])}
    return {
        "seconds": round(seconds, 3), "launch_seconds": round(launch_s, 3), "states": crawl.graph.state_count,
        "site_states": len(seen - {None}), "actions": dict(stats.actions), "transitions": stats.transitions,
        "inferred": stats.inferred, "restores": stats.restores, "replays": stats.replays,
        "replay_failures": stats.replay_failures, "errors": len(stats.errors), "error_samples": stats.errors[:5],
        "stop_reason": stats.stop_reason, "timings": dict(stats.timings), "entry": entry,
    }


def _run_peer(site: Site, base_url: str, quick: bool, budget: float, opts: Options,
              progress: _Progress) -> dict[str, Any]:
    lexicon = load_lexicon()
    with _desktop_context() as (context, launch_s):
        peer = PeerCrawler(context, lexicon, quick=quick, max_seconds=budget, progress=progress)
        started = time.monotonic()
        crawl = peer.run(base_url + "/")
        seconds = time.monotonic() - started
    stats = crawl.stats
    seen = {identify(site, s.url, s.labels) for s in crawl.states}
    first = stats.first_application_at
    return {
        "seconds": round(seconds, 3), "launch_seconds": round(launch_s, 3), "states": len(crawl.states),
        "site_states": len(seen - {None}), "actions": dict(stats.actions), "transitions": stats.transitions,
        "inferred": 0, "restores": stats.restores, "replays": stats.replays, "replay_failures": stats.replay_failures,
        "errors": len(stats.errors), "error_samples": stats.errors[:5], "stop_reason": crawl.stop_reason,
        "timings": dict(stats.timings), "skipped": crawl.skipped,
        "entry": None if first is None else {"actions": first["actions"], "seconds": first["seconds"], "depth": first["depth"]},
    }


class _Progress:
    """A progress line on stderr every ``every_s`` seconds of a long run."""

    def __init__(self, label: str, log: Log, every_s: float = 30.0) -> None:
        self.label, self.log, self.every_s = label, log, every_s
        self.last = time.monotonic()

    def __call__(self, info: dict[str, Any]) -> None:
        now = time.monotonic()
        if now - self.last >= self.every_s:
            self.last = now
            self.log(f"[bench] {self.label}: {info['states']} states, {info['actions']} actions, {info['elapsed']:.0f} s")


def run_fixture_audits(only: tuple[str, ...] | None, out_dir: Path, log: Log,
                       jobs: tuple[int, ...] = (1, 2)) -> dict[str, Any]:
    """``run_audit`` end to end on every fixture site (tests/fixtures/sites), once per ``jobs`` setting:
    one site at a time, then two at a time in worker processes (does the second core pay?)."""
    sys.path.insert(0, str(ROOT / "tests" / "fixtures"))
    from shopserver import FixtureServer, discover_sites

    from auditor.demo import audit_sites

    specs = discover_sites()
    if only:
        unknown = sorted(set(only) - {s.id for s in specs})
        if unknown:
            raise ValueError(f"unknown fixture site(s): {', '.join(unknown)}")
        specs = [s for s in specs if s.id in only]
    by_jobs: dict[str, Any] = {}
    server = FixtureServer(specs, ports="free")
    server.start()
    try:
        for n in jobs:
            profiles = []
            for spec in specs:
                server.reset(spec.id)
                path = ROOT / "site_profiles" / f"{spec.id}.yaml"
                profiles.append(profile_from_dict(yaml.safe_load(server.rebind(path.read_text(encoding="utf-8"))),
                                                  source=str(path)))
            log(f"[bench] fixture audits, {n} at a time …")
            started = time.monotonic()
            results = audit_sites(profiles, out_dir / f"jobs{n}", jobs=n, announce=lambda line: log(f"[bench]   {line}"))
            total = round(time.monotonic() - started, 3)
            sites = []
            for r in results:
                row: dict[str, Any] = {"site": r.site, "seconds": r.seconds, "error": r.error or None,
                                       **_gathered(r.folder), "reaudit_seconds": _reaudit_seconds(r.folder)}
                if r.report is not None:
                    row.update({"states": len(r.report.graph.get("nodes", [])), "actions": r.report.crawl.get("action_total"),
                                "entry_depth": r.report.entry.depth if r.report.entry.found else None,
                                "verdict": "pass" if r.report.passed else "fail"})
                sites.append(row)
            by_jobs[str(n)] = {"sites": sites, "total_seconds": total}
            log(f"[bench] fixture audits, {n} at a time: {total:.1f} s")
    finally:
        server.stop()
    best = min(by_jobs.values(), key=lambda v: v["total_seconds"])
    return {"sites": best["sites"], "total_seconds": best["total_seconds"], "by_jobs": by_jobs,
            "complete": only is None}


def _reaudit_seconds(folder: Path) -> float | None:
    """Seconds ``reaudit`` takes on the audit's folder in this process (checks and writers again from
    artifacts.json, no browser); None when it fails."""
    from auditor.report.publish import reaudit

    started = time.perf_counter()
    try:
        reaudit(folder)
    except Exception:  # an audit that wrote no artifacts: its row already says why
        return None
    return round(time.perf_counter() - started, 3)


def _gathered(folder: Path) -> dict[str, Any]:
    """Where an audit's time and browser actions went, by stage (``artifacts.json``)."""
    try:
        return {"stages": json.loads((folder / "artifacts.json").read_text(encoding="utf-8")).get("stages") or {}}
    except (OSError, ValueError):
        return {}


def _write(result: dict[str, Any], out_dir: Path) -> tuple[Path, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    json_path, md_path = out_dir / "latest.json", out_dir / "latest.md"
    json_path.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    view = dict(result)
    if "targets" not in view:  # written mid-run: show what is known so far
        view["targets"] = metrics.targets(result["runs"], result.get("fixtures"))
    md_path.write_text(metrics.markdown(view), encoding="utf-8")
    return json_path, md_path


def _default_notes(opts: Options) -> list[str]:
    return [
        f"The peer's runs stop after {opts.peer_budget_s:g} s; a figure marked '>' is a lower bound and a ratio "
        "marked '≥' too. The explorer's budget is " f"{opts.explorer_budget_s:g} s.",
        "Timings depend on the machine and on what else runs on it: compare crawlers within one run, not runs "
        "across machines (see bench/README.md).",
    ]


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def _machine() -> dict[str, Any]:
    from importlib.metadata import version

    chromium = ""
    try:
        with sync_playwright() as playwright:
            browser = launch(playwright)
            chromium = f"Chromium {browser.version}"
            browser.close()
    except Exception as exc:  # reported, not fatal here: the first run will fail with the real error
        chromium = f"(no browser: {str(exc).splitlines()[0][:80]})"
    return {"cpus": os.cpu_count(), "load_start": _load(), "python": platform.python_version(),
            "platform": platform.platform(), "playwright": version("playwright"), "chromium": chromium}
