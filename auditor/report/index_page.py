"""The demo's front page (``reports/demo/index.html``): one row per site, links to each report.html and
to the comparison page. Self-contained like every page: inline CSS, no pictures, no network.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from ..atomic import write_text
from .metrics import key_metrics
from .model import Report
from .templating import render

IndexEntry = tuple[Report, Path]  # a report and its folder (where its report.html is)


def write_index(entries: Sequence[IndexEntry], out_path: Path, *, compare_href: str | None = "compare.html",
                title: str = "退单入口审计 Refund-entry audit") -> Path:
    """Write the index page to ``out_path``; links are relative to its folder.

    ``compare_href`` is the comparison page's link (relative to ``out_path``), None to leave it out.
    Rows keep the order given.
    """
    out_path = Path(out_path)
    page_dir = out_path.parent.resolve()
    rows = [
        {"m": key_metrics(report), "findings": len(report.findings),
         "href": Path(os.path.relpath(Path(folder).resolve() / "report.html", page_dir)).as_posix()}
        for report, folder in entries
    ]
    generated = max((report.generated_at for report, _ in entries), default="")
    return write_text(out_path, render("index.html.j2", rows=rows, compare_href=compare_href, title=title,
                                       generated_at=generated))
