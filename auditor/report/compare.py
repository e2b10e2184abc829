"""Several reports side by side (compare.html), and the baseline gate (re-exported from .baseline).

Pictures on the comparison page are *linked* by relative path by default: the page is meant to sit
next to the report folders (``reports/demo/compare.html`` beside ``reports/demo/<site>/``), every site's
own report.html already embeds its pictures, and linking keeps the page small however many sites it
shows. ``embed_images=True`` makes a single file to send around instead (within the size budget of
:mod:`.images`).
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..atomic import write_text
from ..errors import InputError
from .baseline import AMBIGUITY_EPSILON, Change, Regression, compare_to_baseline
from .html_report import path_strip
from .images import Embedder
from .json_report import FILENAME as REPORT_JSON
from .metrics import key_metrics
from .model import SCHEMA_VERSION, Report
from .templating import render

__all__ = ["AMBIGUITY_EPSILON", "Change", "Regression", "compare_to_baseline", "load_report", "load_reports",
           "report_folder", "write_compare_html"]


def report_folder(path: Path | str) -> Path:
    """The report folder of ``path`` (a folder holding report.json, or a report.json file)."""
    p = Path(path)
    return p if p.is_dir() else p.parent


def load_report(path: Path | str) -> Report:
    """Load one report from its folder or its report.json; :class:`InputError` when it is not one."""
    p = Path(path)
    file = p / REPORT_JSON if p.is_dir() else p
    if not file.is_file():
        raise InputError(f"{path}: no such report folder or report.json")
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{file}: not a refund-audit report (not readable JSON: {exc})") from exc
    if not isinstance(data, dict) or "schema_version" not in data or "pass" not in data:
        raise InputError(f"{file}: not a refund-audit report (no schema_version or pass)")
    major = str(data["schema_version"]).split(".")[0]
    if major != SCHEMA_VERSION.split(".")[0]:
        raise InputError(f"{file}: report schema {data['schema_version']} is not readable by this version "
                         f"(schema {SCHEMA_VERSION})")
    try:
        return Report.from_dict(data)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise InputError(f"{file}: not a refund-audit report ({type(exc).__name__}: {exc})") from exc


def load_reports(paths: Sequence[Path | str]) -> list[Report]:
    """Load reports from folders or report.json files, in the order given."""
    if not paths:
        raise InputError("no reports given")
    return [load_report(p) for p in paths]


def compare_context(reports: Sequence[Report], out_path: Path, folders: Sequence[Path | None] | None,
                    embed_images: bool) -> dict[str, Any]:
    """What compare.html shows: one column per site, step rows aligned by step number."""
    page_dir = out_path.parent
    columns: list[dict[str, Any]] = []
    for i, report in enumerate(reports):
        folder = folders[i] if folders is not None and i < len(folders) else None
        if folder is not None:
            pictures = Embedder(Path(folder), page_dir, embed=embed_images)
            strip = path_strip(report, pictures)
            href = Path(os.path.relpath(Path(folder).resolve() / "report.html", page_dir.resolve())).as_posix()
        else:
            strip = path_strip(report, _NoPictures())
            href = None
        steps = [item for item in strip if not item.final]
        final = next((item for item in strip if item.final), None)
        columns.append({"r": report, "m": key_metrics(report), "steps": steps, "final": final, "href": href,
                        "failing": [c for c in report.checks if c.status in ("fail", "error")]})
    return {"columns": columns, "rows": max((len(c["steps"]) for c in columns), default=0),
            "any_final": any(c["final"] for c in columns), "embedded": embed_images}


class _NoPictures(Embedder):
    """Stands in when a report's folder is unknown: captions without pictures."""

    def __init__(self) -> None:
        super().__init__(Path("."), Path("."), embed=False)

    def picture(self, rel: str | None) -> None:
        return None


def write_compare_html(reports: Sequence[Report], out_path: Path, *, folders: Sequence[Path | None] | None = None,
                       embed_images: bool = False) -> Path:
    """Write the side-by-side page to ``out_path``.

    ``folders[i]`` is where ``reports[i]``'s screenshots live (``report_folder(path)`` of what was
    loaded); without it a column shows captions only. Pictures are linked relatively unless
    ``embed_images``.
    """
    if not reports:
        raise InputError("nothing to compare: no reports")
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    return write_text(out_path, render("compare.html.j2", **compare_context(reports, out_path, folders, embed_images)))
