"""``python -m bench``: the benchmark of issue 7 (see bench/README.md). Prints the Markdown report."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from .harness import RESULTS, Options, run_benchmark
from .metrics import markdown

SMOKE = {"sizes": (30,), "depths": (3,), "peer_budget_s": 60.0, "explorer_budget_s": 120.0,
         "fixtures": ("indie-store",)}


def _ints(text: str) -> tuple[int, ...]:
    try:
        return tuple(int(x) for x in text.split(",") if x.strip())
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"expected comma-separated integers, got {text!r}") from exc


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bench", description=(
        "Explorer vs a naive breadth-first peer on synthetic card shops (N states, entry at depth D), plus the "
        "full audit of every fixture site. Writes bench/results/latest.json and latest.md."))
    p.add_argument("--sizes", type=_ints, default=(50, 200, 1000), help="N: states per synthetic shop (default 50,200,1000)")
    p.add_argument("--depths", type=_ints, default=(3, 6), help="D: depth of the refund application (3 and/or 6)")
    p.add_argument("--latencies", type=_ints, default=(0,), metavar="MS,MS",
                   help="ms the synthetic server waits before every response, one run each (default 0)")
    p.add_argument("--quick-only", action="store_true", help="only the quick runs (stop at the entry)")
    p.add_argument("--no-peer", action="store_true", help="only the explorer (no ratios)")
    p.add_argument("--peer-budget", type=float, default=600.0, metavar="S", help="seconds per peer run (default 600)")
    p.add_argument("--explorer-budget", type=float, default=1800.0, metavar="S", help="seconds per explorer run (default 1800)")
    p.add_argument("--fixtures", default="all", metavar="all|none|ID,ID",
                   help="fixture sites to audit end to end (default all)")
    p.add_argument("--seed", type=int, default=7, help="generator seed (default 7)")
    p.add_argument("--out", type=Path, default=RESULTS, help="output folder (default bench/results)")
    p.add_argument("--smoke", action="store_true",
                   help="a tiny run to check the harness: N=30, D=3, peer budget 60 s, one fixture audit")
    return p


def options_from_args(args: argparse.Namespace) -> Options:
    fixtures: tuple[str, ...] | None
    if args.fixtures == "all":
        fixtures = None
    elif args.fixtures == "none":
        fixtures = ()
    else:
        fixtures = tuple(x.strip() for x in args.fixtures.split(",") if x.strip())
    bad = [d for d in args.depths if d not in (3, 6)]
    if bad:
        raise SystemExit(f"python -m bench: --depths: only 3 and 6 are generated, got {bad}")
    opts = Options(sizes=args.sizes, depths=args.depths, latencies=args.latencies, quick_only=args.quick_only, peer=not args.no_peer,
                   seed=args.seed, explorer_budget_s=args.explorer_budget, peer_budget_s=args.peer_budget,
                   fixtures=fixtures, out_dir=args.out)
    if args.smoke:
        opts = Options(**{**opts.__dict__, **SMOKE, "notes": ("--smoke: a harness check, not a measurement.",)})
    return opts


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    opts = options_from_args(args)

    def log(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    result = run_benchmark(opts, log)
    print(markdown(result))
    log(f"[bench] wrote {opts.out_dir / 'latest.json'} and {opts.out_dir / 'latest.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
