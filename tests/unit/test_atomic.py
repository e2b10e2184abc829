"""Output files are replaced atomically: a write that fails (full disk, a serializer that raises, a crash
before the rename) leaves the previous file whole and no temporary file behind."""

from __future__ import annotations

import errno
import json
import os
import stat
import zipfile
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pytest
from report_samples import sample_report

from auditor.atomic import replacing, write_bytes, write_text
from auditor.audit.artifacts import Artifacts
from auditor.bundle import write_manifest
from auditor.gather.evidence import placeholder_png
from auditor.gather.scrub import scrub_trace
from auditor.report import WRITERS, write_compare_html, write_index
from auditor.report.junit_report import write_junit_many


def _leftovers(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*.tmp"))


def _disk_full(*_: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def test_write_text_replaces_the_file_with_the_umasks_mode_and_leaves_no_temp_file(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "report.json"
    write_text(path, "old")
    assert write_text(path, "新\n") == path
    assert path.read_bytes() == "新\n".encode()
    assert sorted(p.name for p in path.parent.iterdir()) == ["report.json"]
    for mask, mode in ((0o022, 0o644), (0o077, 0o600)):  # as a plain open() would, not mkstemp's 0600
        old = os.umask(mask)
        try:
            write_text(path, "x")
        finally:
            os.umask(old)
        assert stat.S_IMODE(path.stat().st_mode) == mode


def test_content_is_fsynced_before_the_rename(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        calls.append("fsync")
        real_fsync(fd)

    def replace(src: str, dst: Path) -> None:
        calls.append("replace")
        real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    write_bytes(tmp_path / "a.bin", b"x")
    assert calls[:2] == ["fsync", "replace"]  # (a later fsync is the folder's, for the rename)


def test_a_serializer_raising_mid_write_keeps_the_old_file(tmp_path: Path) -> None:
    path = tmp_path / "artifacts.json"
    write_text(path, '{"old": true}')
    with pytest.raises(ValueError, match="boom"), replacing(path) as handle:
        handle.write(b'{"new": ')  # half the document is already in the temporary file
        raise ValueError("boom")
    assert path.read_text(encoding="utf-8") == '{"old": true}'
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("failing", ["fsync", "replace"])
def test_a_full_disk_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str) -> None:
    path = tmp_path / "report.html"
    write_text(path, "<p>old</p>")
    monkeypatch.setattr(os, failing, _disk_full)
    with pytest.raises(OSError, match="No space"):
        write_text(path, "<p>new</p>" * 1000)
    assert path.read_text(encoding="utf-8") == "<p>old</p>"
    assert _leftovers(tmp_path) == []


def test_artifacts_that_cannot_be_serialized_keep_the_saved_ones(tmp_path: Path) -> None:
    art = Artifacts(site="t", base_url="http://h", device="desktop", profile={}, tool_version="0",
                    browser_version="x", started_at="2025-01-01T00:00:00+00:00")
    path = tmp_path / "artifacts.json"
    art.save(path)
    before = path.read_bytes()
    art.crawl = {"unserializable": object()}
    with pytest.raises(TypeError):
        art.save(path)
    assert path.read_bytes() == before and json.loads(before)["site"] == "t"
    assert _leftovers(tmp_path) == []


def _trace(folder: Path) -> Path:
    path = folder / "flow-trace.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("trace.trace", json.dumps({"type": "before", "params": {"value": "hunter2-secret"}}) + "\n")
    scrub_trace(path, [])  # nothing to redact: left as it is
    return path


def _save_artifacts(path: Path) -> Path:
    Artifacts(site="t", base_url="http://h", device="desktop", profile={}, tool_version="0", browser_version="x",
              started_at="").save(path)
    return path


def _scrubbed(trace: Path) -> Path:
    scrub_trace(trace, ["hunter2-secret"])
    return trace


def _every_writer(folder: Path) -> dict[str, Callable[[], Path]]:
    report = sample_report("hidden", folder)
    trace = _trace(folder)
    writers: dict[str, Callable[[], Path]] = {name: partial(write, report, folder) for name, write in WRITERS.items()}
    writers["manifest"] = lambda: write_manifest(folder, report, browser_version="Chromium 1",
                                                 started_at="2025-01-01T00:00:00+00:00",
                                                 finished_at="2025-01-01T00:01:00+00:00")
    writers["artifacts"] = lambda: _save_artifacts(folder / "artifacts.json")
    writers["compare"] = lambda: write_compare_html([report], folder / "compare.html", folders=[folder])
    writers["index"] = lambda: write_index([(report, folder)], folder / "index.html")
    writers["junit-many"] = lambda: write_junit_many([report], folder / "all-junit.xml")
    writers["placeholder"] = lambda: placeholder_png(folder / "evidence-placeholder.png")
    writers["scrubbed-trace"] = lambda: _scrubbed(trace)
    return writers


WRITER_NAMES = [*WRITERS, "manifest", "artifacts", "compare", "index", "junit-many", "placeholder",
                "scrubbed-trace"]


@pytest.mark.parametrize("name", WRITER_NAMES)
def test_every_output_writer_keeps_the_old_file_when_the_disk_fills(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                    name: str) -> None:
    folder = tmp_path / "out"
    write = _every_writer(folder)[name]
    path = write() if name != "scrubbed-trace" else folder / "flow-trace.zip"
    before = path.read_bytes()
    assert before
    monkeypatch.setattr(os, "fsync", _disk_full)
    with pytest.raises(OSError, match="No space"):
        write()
    assert path.read_bytes() == before
    assert _leftovers(folder) == []
