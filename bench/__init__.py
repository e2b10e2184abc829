"""The benchmark of issue 7: the explorer against a naive breadth-first peer on synthetic card shops.

Modules, one job each: ``synthetic`` (a pure generator (N, D, seed) -> Site, and the HTTP server that
renders it), ``peer`` (the naive crawler), ``memory`` (process-tree PSS sampling), ``metrics`` (pure
arithmetic: ratios, targets, the Markdown table), ``harness`` (runs everything and writes
``bench/results/latest.{json,md}``). Run it with ``python -m bench`` (see bench/README.md); it is not part
of the default test run.
"""
