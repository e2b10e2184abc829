"""Fixtures shared by the unit tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from report_samples import sample_report

from auditor.bundle import write_manifest
from auditor.report import WRITERS


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    """A sample audit folder with every report format and its evidence manifest."""
    folder = tmp_path / "hidden"
    report = sample_report("hidden", folder)
    for write in WRITERS.values():
        write(report, folder)
    write_manifest(folder, report, browser_version="Chromium 131.0", started_at="2025-01-02T03:00:00+00:00",
                   finished_at="2025-01-02T03:04:05+00:00")
    return folder
