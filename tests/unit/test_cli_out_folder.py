"""``--out`` is checked before the site is touched: a folder that cannot be written fails at once with
exit 2 and one line naming it and why, not after a crawl (and not with a traceback).

The command runs as a real process (``python -m auditor``). ``REFUND_AUDIT_CHROMIUM`` points at nothing,
so a run that got as far as the browser would fail differently; the profile's site does not exist."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from auditor.cli import writable_folder
from auditor.errors import InputError

PROFILE = "name: shop\nbase_url: http://127.0.0.1:9\nstart: /home\n"
NO_BROWSER = "/nonexistent/chromium-for-this-test"


def _run(tmp_path: Path, *args: str) -> tuple[subprocess.CompletedProcess[str], float]:
    profile = tmp_path / "shop.yaml"
    profile.write_text(PROFILE, encoding="utf-8")
    argv = [a.replace("PROFILE", str(profile)) for a in args]
    env = {**os.environ, "REFUND_AUDIT_CHROMIUM": NO_BROWSER}
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "auditor", *argv], capture_output=True, text=True, timeout=60,
                          check=False, env=env)
    return done, time.monotonic() - started


def _assert_refused(done: subprocess.CompletedProcess[str], seconds: float, out: Path, why: str) -> None:
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 2, done.stderr
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"refund-audit: error: --out {out}: cannot write there: "), lines[0]
    assert why in lines[0], lines[0]
    assert "Traceback" not in done.stderr and NO_BROWSER not in done.stderr and done.stdout == ""
    assert seconds < 10, seconds  # interpreter start and imports only (about 1.5 s); no browser, no site


@pytest.mark.parametrize("command", [["audit", "PROFILE"], ["crawl", "PROFILE"], ["demo", "--sites", "indie-store"]])
def test_out_under_a_regular_file_exits_2_before_any_browser(tmp_path: Path, command: list[str]) -> None:
    (tmp_path / "file.txt").write_text("in the way", encoding="utf-8")
    out = tmp_path / "file.txt" / "out"
    done, seconds = _run(tmp_path, *command, "--out", str(out), "-q")
    _assert_refused(done, seconds, out, f"{tmp_path / 'file.txt'} is a file, not a folder")


def test_out_that_is_a_regular_file_exits_2(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    out.write_text("not a folder", encoding="utf-8")
    done, seconds = _run(tmp_path, "audit", "PROFILE", "--out", str(out))
    _assert_refused(done, seconds, out, f"{out} is a file, not a folder")
    assert out.read_text(encoding="utf-8") == "not a folder"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root writes through chmod 0o500")
def test_out_in_a_read_only_folder_exits_2(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        out = locked / "out"
        done, seconds = _run(tmp_path, "audit", "PROFILE", "--out", str(out))
        _assert_refused(done, seconds, out, "permission denied")
        assert not out.exists()
    finally:
        locked.chmod(0o700)


def test_writable_folder_creates_the_folder_and_leaves_no_probe(tmp_path: Path) -> None:
    out = tmp_path / "a" / "b"
    assert writable_folder(str(out)) == out
    assert out.is_dir() and list(out.iterdir()) == []


def test_writable_folder_names_the_file_in_the_way(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("", encoding="utf-8")
    with pytest.raises(InputError, match=r"cannot write there: .*f is a file, not a folder"):
        writable_folder(str(tmp_path / "f" / "x" / "y"))


@pytest.mark.parametrize(("error", "why"), [
    (PermissionError(errno.EACCES, "Permission denied"), "permission denied"),
    (OSError(errno.EROFS, "Read-only file system"), "read-only file system"),
    (OSError(errno.ENOSPC, "No space left on device"), "no space left on device"),
])
def test_writable_folder_says_why_the_probe_failed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   error: OSError, why: str) -> None:
    """As root, chmod does not stop writes; the probe's own failure stands in for a read-only folder."""
    def refuse(*_: object, **__: object) -> tuple[int, str]:
        raise error

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    out = tmp_path / "out"
    with pytest.raises(InputError) as err:
        writable_folder(str(out))
    assert str(err.value) == f"--out {out}: cannot write there: {why}"
