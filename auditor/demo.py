"""The demo: serve the bundled fixture shops, audit each, and write ``reports/demo/index.html`` linking
every site's report and a side-by-side comparison of all of them.

The fixture shops live in the source checkout (``tests/fixtures``): they are test ground truth, not
part of the installed package. The demo submits the refund application on them (they are local
stand-ins recorded by our own server); on a live site the default stays a dry run.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import multiprocessing
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .errors import AuditError, InputError
from .pipeline import run_audit
from .profile import Profile, profile_from_dict
from .report import write_compare_html, write_index
from .report.junit_report import write_junit_many
from .report.model import Report

REPO = Path(__file__).resolve().parents[1]


def fixtures_dir() -> Path:
    """Where the bundled fixture shops are (``REFUND_AUDIT_FIXTURES`` overrides)."""
    path = Path(os.environ.get("REFUND_AUDIT_FIXTURES") or REPO / "tests" / "fixtures")
    if not (path / "shopserver").is_dir():
        raise InputError(f"the bundled fixture shops are not at {path}: run the demo from a clone of the repository "
                         "(or set REFUND_AUDIT_FIXTURES)")
    return path


def _fixture_package(root: Path) -> Any:
    """The fixture shops' server package (``tests/fixtures/shopserver``), loaded from its folder under
    its own name (the site folders import it as ``shopserver``) without putting tests/fixtures on
    sys.path, so nothing else of the test tree becomes importable."""
    if "shopserver" in sys.modules:
        return sys.modules["shopserver"]
    package = root / "shopserver"
    spec = importlib.util.spec_from_file_location("shopserver", package / "__init__.py",
                                                  submodule_search_locations=[str(package)])
    if spec is None or spec.loader is None:
        raise InputError(f"{package}: not a Python package")
    module = importlib.util.module_from_spec(spec)
    sys.modules["shopserver"] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules["shopserver"]
        raise
    return module


@contextmanager
def fixture_server(site_ids: Sequence[str] | None = None, ports: str = "demo") -> Iterator[Any]:
    """Start the fixture shops (demo ports, or free ports if those are taken)."""
    shopserver = _fixture_package(fixtures_dir())
    specs = shopserver.discover_sites()
    if site_ids:
        unknown = sorted(set(site_ids) - {s.id for s in specs})
        if unknown:
            raise InputError(f"unknown fixture site(s): {', '.join(unknown)} (known: {', '.join(s.id for s in specs)})")
        specs = [s for s in specs if s.id in site_ids]
    try:
        server = shopserver.FixtureServer(specs, ports=ports)
        server.start()
    except shopserver.PortInUse:
        server = shopserver.FixtureServer(specs, ports="free")
        server.start()
    try:
        yield server
    finally:
        server.stop()


def fixture_profile(server: Any, site_id: str, *, submit: bool) -> Profile:
    """The site's profile from ``site_profiles/``, pointed at where the server really listens."""
    path = REPO / "site_profiles" / f"{site_id}.yaml"
    if not path.is_file():
        raise InputError(f"{path}: no profile for fixture site {site_id}")
    text = server.rebind(path.read_text(encoding="utf-8"))
    profile = profile_from_dict(yaml.safe_load(text), source=str(path))
    return dataclasses.replace(profile, flow=dataclasses.replace(profile.flow, submit=submit))


@dataclass(frozen=True)
class DemoResult:
    """One site's outcome in the demo: its report (or why it could not run) and its folder."""

    site: str
    folder: Path
    report: Report | None
    error: str = ""
    seconds: float = 0.0


def run_demo(out: Path, *, site_ids: Sequence[str] | None = None, submit: bool = True, ports: str = "demo",
             jobs: int = 1, progress: Callable[[str, dict[str, Any]], None] | None = None,
             announce: Callable[[str], None] | None = None, playwright: Any = None) -> list[DemoResult]:
    """Audit every fixture shop into ``out/<site>/`` and write the index, comparison and JUnit files."""
    out.mkdir(parents=True, exist_ok=True)
    with fixture_server(site_ids, ports) as server:
        profiles = [fixture_profile(server, spec.id, submit=submit) for spec in server.specs]
        if announce:
            for spec in server.specs:
                announce(f"{spec.id}: {spec.archetype} at {server.url(spec.id)}")
        results = audit_sites(profiles, out, jobs=jobs, progress=progress, announce=announce, playwright=playwright)
    done = [(r.report, r.folder) for r in results if r.report is not None]
    if done:
        write_compare_html([rep for rep, _ in done], out / "compare.html", folders=[f for _, f in done])
        write_junit_many([rep for rep, _ in done], out / "junit.xml")
    write_index(done, out / "index.html")
    return results


def audit_sites(profiles: Sequence[Profile], out: Path, *, jobs: int = 1,
                progress: Callable[[str, dict[str, Any]], None] | None = None,
                announce: Callable[[str], None] | None = None, playwright: Any = None) -> list[DemoResult]:
    """Audit several sites into ``out/<name>/``: one after the other, or ``jobs`` at a time in worker
    processes, each with its own Chromium (on two cores the ten fixture audits took 289 s one at a time
    and 245 s two at a time: bench/)."""
    if jobs <= 1:
        results = []
        for profile in profiles:
            results.append(_audit_one(profile, out / profile.name, _bind(progress, profile.name), playwright))
            if announce:
                announce(_done_line(results[-1]))
        return results
    with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = {pool.submit(_audit_one, profile, out / profile.name): profile.name for profile in profiles}
        by_site: dict[str, DemoResult] = {}
        for future in as_completed(futures):
            name = futures[future]
            try:
                by_site[name] = future.result()
            except Exception as exc:  # a worker that died: the other sites' reports still count
                by_site[name] = DemoResult(name, out / name, None, f"worker failed: {(str(exc) or type(exc).__name__).splitlines()[0][:200]}")
            if announce:
                announce(_done_line(by_site[name]))
    return [by_site[p.name] for p in profiles]


def _audit_one(profile: Profile, folder: Path, progress: Callable[[dict[str, Any]], None] | None = None,
               playwright: Any = None) -> DemoResult:
    started = time.monotonic()
    try:
        report = run_audit(profile, folder, progress=progress, playwright=playwright)
        return DemoResult(profile.name, folder, report, seconds=round(time.monotonic() - started, 2))
    except AuditError as exc:
        return DemoResult(profile.name, folder, None, str(exc), seconds=round(time.monotonic() - started, 2))


def _done_line(result: DemoResult) -> str:
    if result.report is None:
        return f"{result.site}: could not run ({result.error}) after {result.seconds:.0f}s"
    verdict = (result.report.verdict or ("pass" if result.report.passed else "fail")).upper()
    return f"{result.site}: {verdict} in {result.seconds:.0f}s"


def _bind(progress: Callable[[str, dict[str, Any]], None] | None, site: str) -> Callable[[dict[str, Any]], None] | None:
    if progress is None:
        return None
    report_progress = progress

    def one_site(info: dict[str, Any]) -> None:
        report_progress(site, info)

    return one_site


def summary_rows(results: Sequence[DemoResult]) -> list[list[str]]:
    """The demo's summary table: site, verdict, entry, tier, depth, ambiguity, flow."""
    rows = [["site", "verdict", "entry", "tier", "depth", "ambiguity", "flow"]]
    for r in results:
        rep = r.report
        if rep is None:
            rows.append([r.site, "ERROR", r.error[:50], "", "", "", ""])
            continue
        e, flow = rep.entry, rep.flow
        flow_text = ("submitted" if flow.get("submitted") else "dry run") if flow.get("completed") else (flow.get("blocker") or "–")
        amb = rep.ambiguity.score
        rows.append([r.site, (rep.verdict or ("pass" if rep.passed else "fail")).upper(), e.label or "—", e.match or "—",
                     str(e.depth) if e.depth is not None else "—", "—" if amb is None else f"{amb:.2f}", flow_text])
    return rows
