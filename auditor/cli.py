"""The command line: subcommands, progress on stderr, errors mapped to exit codes.

Exit codes: 0 every threshold holds (or the command succeeded), 1 a threshold failed (or a baseline got
worse, or a bundle does not verify), 2 the command could not run (bad profile, no browser, site down,
login failed, bad input; also a crash, its traceback in DIR/error.log), 3 the audit ran but is
inconclusive (a check could not measure, e.g. the crawl hit a bound before it could see an entry), 130 /
143 stopped by SIGINT / SIGTERM (Chromium closed, artifacts.json and a partial report marked interrupted
written). The only module that prints.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import os
import sys
import tempfile
import time
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from . import __version__
from .atomic import write_text
from .audit.lexicon import load_lexicon
from .errors import AuditError, InputError, Interrupted
from .interrupt import stop_signals
from .profile import Profile, load_profile

if TYPE_CHECKING:
    from .report.model import Report

# 0 pass, 1 a threshold failed on what was measured, 3 inconclusive (a check could not measure: e.g. no
# entry was seen by a crawl that hit a bound), 2 the audit could not run (errors.py).
VERDICT_EXIT = {"pass": 0, "fail": 1, "inconclusive": 3}
CRASH_EXIT = 2  # an unexpected exception: the audit could not run (its traceback goes to error.log)
EXIT_CODES = ("exit codes: 0 pass, 1 a threshold failed, 2 could not run (or crashed: traceback in "
              "OUT/error.log), 3 inconclusive, 130 interrupted by SIGINT, 143 by SIGTERM (partial report "
              "written, marked interrupted)")


class ProgressLine:
    """States, frontier, actions and elapsed time on stderr; one line rewritten on a terminal."""

    def __init__(self, stream: TextIO, label: str, quiet: bool) -> None:
        self.stream, self.label, self.quiet = stream, label, quiet
        self.tty = stream.isatty()
        self.last = 0.0
        self.open = False  # a terminal line written without its newline

    def __call__(self, info: dict[str, Any]) -> None:
        if self.quiet:
            return
        now = time.monotonic()
        if now - self.last < (0.2 if self.tty else 2.0):
            return
        self.last = now
        line = (f"[{self.label}] states {info['states']:>4}  frontier {info['frontier']:>4}  "
                f"actions {info['actions']:>5}  {info['elapsed']:6.1f}s")
        self.stream.write(("\r" + line) if self.tty else line + "\n")
        self.stream.flush()
        self.open = self.tty

    def end_line(self) -> None:
        """Finish a rewritten terminal line, so that what is printed next starts on its own line."""
        if self.open:
            self.stream.write("\n")
            self.stream.flush()
            self.open = False

    def done(self, text: str) -> None:
        if not self.quiet:
            self.stream.write(("\r" if self.tty else "") + f"[{self.label}] {text}\n")
            self.stream.flush()
            self.open = False


def writable_folder(value: str) -> Path:
    """``--out``: create the folder and write and delete a probe file in it, before any browser starts.

    An audit that cannot save its reports should say so at once, not after minutes of crawling a live
    site; raises :class:`InputError` naming the folder and why (a file in the way, permission denied,
    read-only file system, disk full).
    """
    folder = Path(value)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".write-probe.", suffix=".tmp", dir=folder)
        try:
            os.write(fd, b"probe")  # an empty file can still be created on a full disk
        finally:
            os.close(fd)
            os.unlink(probe)
    except OSError as exc:
        raise InputError(f"--out {folder}: cannot write there: {_why_unwritable(folder, exc)}") from exc
    return folder


def _why_unwritable(folder: Path, exc: OSError) -> str:
    if isinstance(exc, FileExistsError | NotADirectoryError):
        # mkdir's own message names neither the folder nor which part of the path is a file.
        blocker = next((p for p in (folder, *folder.parents) if p.exists() and not p.is_dir()), None)
        if blocker is not None:
            return f"{blocker} is a file, not a folder"
    return (exc.strerror or str(exc)).lower()


def _profile_with_flags(args: argparse.Namespace) -> Profile:
    profile = load_profile(args.profile)
    crawl = profile.crawl
    if getattr(args, "max_states", None):
        crawl = dataclasses.replace(crawl, max_states=args.max_states)
    if getattr(args, "max_seconds", None):
        crawl = dataclasses.replace(crawl, max_seconds=float(args.max_seconds))
    if getattr(args, "quick", False):
        crawl = dataclasses.replace(crawl, quick=True)
    if getattr(args, "state_screenshots", False):
        crawl = dataclasses.replace(crawl, screenshots=True)
    profile = dataclasses.replace(profile, crawl=crawl)
    if getattr(args, "submit", None) is not None:
        profile = dataclasses.replace(profile, flow=dataclasses.replace(profile.flow, submit=args.submit))
    return profile


def cmd_crawl(args: argparse.Namespace) -> int:
    from .gather.stage import gather

    profile = _profile_with_flags(args)
    out = writable_folder(args.out)
    progress = ProgressLine(sys.stderr, profile.name, args.quiet)
    try:
        artifacts = gather(profile, load_lexicon(profile.lexicon), out, progress=progress)
    finally:
        progress.end_line()
    write_text(out / "graph.json", json.dumps(artifacts.graph.to_dict(), ensure_ascii=False, indent=1))
    crawl = artifacts.crawl
    progress.done(f"{artifacts.graph.state_count} states, {artifacts.graph.transition_count} transitions, "
                  f"{crawl.get('action_total', 0)} actions in {crawl.get('elapsed_s', 0):.1f}s "
                  f"(stopped: {crawl.get('stop_reason')})")
    print(out / "graph.json")
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    from .pipeline import run_audit

    profile = _profile_with_flags(args)
    out = writable_folder(args.out)
    progress = ProgressLine(sys.stderr, profile.name, args.quiet)
    try:
        report = run_audit(profile, out, progress=progress, run_flow=not args.no_flow)
    finally:
        progress.end_line()
    return _verdict(report, profile.name, out)


def cmd_reaudit(args: argparse.Namespace) -> int:
    from .report.publish import reaudit

    folder = Path(args.dir)
    report = reaudit(folder, load_profile(args.profile) if args.profile else None)
    return _verdict(report, str(report.site.get("name", folder.name)), folder)


def _verdict(report: Report, name: str, out: Path) -> int:
    """Print the verdict line (stdout, even with -q: it is the command's result) and return its exit code."""
    entry = report.entry
    where = f"{entry.label!r} ({entry.match}) at depth {entry.depth}" if entry.found else "no refund entry seen"
    flow = "completed" if report.flow.get("completed") else report.flow.get("blocker") or "not run"
    amb = report.ambiguity.score
    print(f"{report.verdict.upper()} {name}: {where}; ambiguity {'–' if amb is None else f'{amb:.2f}'}; flow {flow}")
    if not report.passed:
        for reason in report.reasons:
            print(f"  - {reason}")
    print(out / "report.html")
    return VERDICT_EXIT[report.verdict]


def cmd_verify(args: argparse.Namespace) -> int:
    from .bundle import verify_bundle

    result = verify_bundle(Path(args.dir))
    for line in result.lines():
        print(line)
    return 0 if result.ok else 1


def cmd_compare(args: argparse.Namespace) -> int:
    from .report import compare_to_baseline, load_reports, write_compare_html
    from .report.compare import report_folder

    reports = load_reports(args.reports)
    code = 0
    if args.baseline:
        (old,) = load_reports([args.baseline])
        for new in reports:
            regression = compare_to_baseline(new, old)
            for line in regression.lines():
                print(line)
            code = max(code, 1 if regression.worse else 0)
    if args.out or not args.baseline:
        out = Path(args.out or "compare.html")
        write_compare_html(reports, out, folders=[report_folder(p) for p in args.reports])
        print(out)
    return code


def cmd_demo(args: argparse.Namespace) -> int:
    from .demo import run_demo, summary_rows

    out = writable_folder(args.out)
    quiet = args.quiet

    def announce(text: str) -> None:
        if not quiet:
            print(f"[demo] {text}", file=sys.stderr, flush=True)

    lines: dict[str, ProgressLine] = {}

    def progress(site: str, info: dict[str, Any]) -> None:
        lines.setdefault(site, ProgressLine(sys.stderr, site, quiet))(info)

    sites = [s for s in (args.sites or "").split(",") if s] or None
    if not args.dry_run:
        announce("the refund flow SUBMITS on the bundled fixture shops (they are ours); --dry-run to stop before")
    results = run_demo(out, site_ids=sites, submit=not args.dry_run, ports=args.ports, jobs=args.jobs,
                       progress=progress if args.jobs <= 1 else None, announce=announce)
    rows = summary_rows(results)
    widths = [max(_width(r[i]) for r in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell + " " * (w - _width(cell)) for cell, w in zip(row, widths, strict=True)))
    print(out / "index.html")
    return 2 if any(r.report is None for r in results) else 0


def cmd_login(args: argparse.Namespace) -> int:
    from .gather.manual_login import save_login_state

    profile = load_profile(args.profile)
    path = save_login_state(profile, Path(args.save), timeout_s=args.timeout)
    print(path)
    return 0


def _width(text: str) -> int:
    """Display width: CJK characters take two columns in a terminal."""
    return sum(2 if "\u2e80" <= ch <= "\uffef" else 1 for ch in text)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="refund-audit",
        description="Audit how hard a shop's refund entry is to find and use, with a real browser.",
        epilog=EXIT_CODES,
    )
    parser.add_argument("--version", action="version", version=f"refund-audit {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what is skipped and why")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    crawl = sub.add_parser("crawl", help="log in and map the site into a navigation graph")
    crawl.add_argument("profile", help="site profile (YAML)")
    crawl.add_argument("--out", required=True, help="output directory")
    _crawl_flags(crawl)
    crawl.set_defaults(func=cmd_crawl)

    audit = sub.add_parser("audit", help="crawl, check thresholds and write the reports (exit 0 pass, 1 fail, 2 error, "
                                         "3 inconclusive, 130/143 interrupted)", epilog=EXIT_CODES)
    audit.add_argument("profile", help="site profile (YAML)")
    audit.add_argument("--out", required=True, help="output directory (report.json, report.html, junit.xml …)")
    _crawl_flags(audit)
    mode = audit.add_mutually_exclusive_group()
    mode.add_argument("--submit", dest="submit", action="store_true", default=None,
                      help="really submit the refund application (overrides flow.submit)")
    mode.add_argument("--dry-run", dest="submit", action="store_false", help="stop before the final submit (default)")
    audit.add_argument("--no-flow", action="store_true", help="do not try the refund flow")
    audit.set_defaults(func=cmd_audit)

    demo = sub.add_parser("demo", help="serve the bundled fixture shops, audit each, write reports/demo/index.html")
    demo.add_argument("--out", default="reports/demo", help="output directory (default reports/demo)")
    demo.add_argument("--sites", help="comma-separated fixture site ids (default: all)")
    demo.add_argument("--dry-run", action="store_true", help="stop before the final submit on the fixtures too")
    demo.add_argument("--ports", choices=("demo", "free"), default="demo", help="fixed demo ports (8801…) or free ones")
    demo.add_argument("--jobs", type=int, default=2, help="sites audited at a time, each in its own process (default 2)")
    demo.add_argument("-q", "--quiet", action="store_true", help="no progress on stderr")
    demo.set_defaults(func=cmd_demo)

    again = sub.add_parser("reaudit", help="re-run the checks and reports on a saved audit folder, no browser "
                                           "(tune thresholds without crawling again)", epilog=EXIT_CODES)
    again.add_argument("dir", help="audit folder with artifacts.json")
    again.add_argument("--profile", help="take thresholds and lexicon from this profile (default: the saved one)")
    again.set_defaults(func=cmd_reaudit)

    verify = sub.add_parser("verify", help="re-check an evidence bundle against its manifest (exit 1 if altered)")
    verify.add_argument("dir", help="report folder with manifest.json")
    verify.set_defaults(func=cmd_verify)

    compare = sub.add_parser("compare", help="side-by-side comparison; with --baseline, exit 1 when worse")
    compare.add_argument("reports", nargs="+", help="report folders or report.json files")
    compare.add_argument("--out", help="write the comparison page here (default compare.html)")
    compare.add_argument("--baseline", help="an earlier report: exit 1 when a report is worse than it")
    compare.set_defaults(func=cmd_compare)

    login = sub.add_parser("login", help="open a browser window to log in by hand (captcha, SMS) and save the session")
    login.add_argument("profile", help="site profile (YAML)")
    login.add_argument("--save", required=True, help="where to write the Playwright storage state (JSON)")
    login.add_argument("--timeout", type=float, default=300, help="seconds to wait for the login (default 300)")
    login.set_defaults(func=cmd_login)
    return parser


def _crawl_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--quick", action="store_true", help="stop at the first refund application found")
    p.add_argument("--max-states", type=int, help="override crawl.max_states")
    p.add_argument("--max-seconds", type=float, help="override crawl.max_seconds")
    p.add_argument("--state-screenshots", action="store_true",
                   help="also picture every state of the graph (slower; the entry path is always pictured)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress on stderr")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code (0 ok, 1 threshold failed, 2 could not run or crashed,
    3 inconclusive, 130 / 143 stopped by SIGINT / SIGTERM)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        with stop_signals():
            return int(args.func(args))
    except AuditError as exc:
        print(f"refund-audit: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except Interrupted as stop:
        print(f"refund-audit: interrupted ({stop.signal_name}){_partial_report(args)}", file=sys.stderr)
        return stop.exit_code
    except KeyboardInterrupt:  # raised by code of ours that was not under stop_signals()
        print("refund-audit: interrupted", file=sys.stderr)
        return Interrupted().exit_code
    except OSError as exc:
        print(f"refund-audit: error: {InputError(str(exc))}", file=sys.stderr)
        return 2
    except Exception as exc:  # a bug: one line here, the traceback in a file a bug report can attach
        log = _write_error_log(args)
        where = f"traceback in {log}" if log else "no error.log could be written"
        print(f"refund-audit: crashed: {type(exc).__name__}: {_first_line(exc)} ({where})", file=sys.stderr)
        return CRASH_EXIT


def _partial_report(args: argparse.Namespace) -> str:
    out = getattr(args, "out", None)
    if args.command == "audit" and out and (Path(out) / "report.json").is_file():
        return f"; partial report in {Path(out) / 'report.html'}"
    return ""


def _write_error_log(args: argparse.Namespace) -> Path | None:
    """The current exception's traceback in OUT/error.log (OUT: the command's output folder), else in the
    temporary folder; None when neither can be written."""
    out = getattr(args, "out", None) if args.command in ("audit", "crawl", "demo") else None
    places = ([Path(out) / "error.log"] if out else []) + [Path(tempfile.gettempdir()) / "refund-audit-error.log"]
    for path in places:
        try:
            write_text(path, f"refund-audit {__version__}: {' '.join(sys.argv)}\n{traceback.format_exc()}")
        except OSError:
            continue
        return path
    return None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:300] if text else "(no message)"
