"""report.json: the Report as data (UTF-8, Chinese as is, a stable key order, schema-versioned).

The top level and every model object keep the model's field order (readable: schema_version, site,
… pass, reasons); free-form dicts (graph, crawl, flow, evidence …) are key-sorted, so two runs that
measured the same thing serialise to the same bytes whatever order the gatherers filled them in.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..atomic import write_text
from .model import Report

FILENAME = "report.json"
# Dict-valued fields whose keys come from gatherers, not from the model ("steps": Ambiguity.steps).
FREE_FORM = frozenset({"site", "profile", "environment", "graph", "crawl", "hiding", "continuity", "effort",
                       "disclosure", "flow", "appeal", "thresholds", "artifacts", "tool", "evidence", "steps"})


def report_data(report: Report) -> dict[str, Any]:
    """``report.to_dict()`` with free-form dicts key-sorted (recursively)."""
    return _stable(report.to_dict())


def dumps_report(report: Report) -> str:
    """The report.json text."""
    return json.dumps(report_data(report), ensure_ascii=False, indent=2) + "\n"


def write_json(report: Report, out_dir: Path) -> Path:
    """Write ``out_dir/report.json`` and return its path."""
    return write_text(Path(out_dir) / FILENAME, dumps_report(report))


def _stable(value: Any, free: bool = False) -> Any:
    if isinstance(value, dict):
        items = sorted(value.items(), key=lambda kv: str(kv[0])) if free else value.items()
        return {k: _stable(v, free or k in FREE_FORM) for k, v in items}
    if isinstance(value, list | tuple):
        return [_stable(v, free) for v in value]
    return value
