"""The Report and what turns it into files people use.

``WRITERS`` is the one place that decides which files an audit writes; each writer is
``(report, out_dir) -> Path`` and reads nothing but the Report (and screenshots it references).
Pages over several reports (``write_compare_html``, ``write_index``) and the baseline gate
(``compare_to_baseline``) are exported here too.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .baseline import Regression, compare_to_baseline
from .compare import load_reports, write_compare_html
from .html_report import write_html
from .index_page import write_index
from .json_report import write_json
from .junit_report import write_junit
from .markdown_report import write_markdown
from .model import Report

Writer = Callable[[Report, Path], Path]

# json first: if a later writer fails, the data is already on disk.
WRITERS: dict[str, Writer] = {
    "json": write_json,
    "html": write_html,
    "junit": write_junit,
    "markdown": write_markdown,
}

__all__ = [
    "WRITERS", "Regression", "Report", "Writer", "compare_to_baseline", "load_reports", "write_compare_html",
    "write_html", "write_index", "write_json", "write_junit", "write_markdown",
]
