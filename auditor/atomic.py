"""Atomic file writes: a reader never sees half a file, and a failed write never costs the previous one.

Every file refund-audit writes into an output folder (artifacts.json, graph.json, the reports, the
manifest, compare and index pages, the scrubbed trace) goes through :func:`replacing`. The new content
goes to a temporary file in the same folder (same file system, so the rename is atomic), is flushed and
fsynced, and only then ``os.replace``\\ s the old file. A full disk, a serializer that raises or an
exception anywhere before the rename leaves the previous file exactly as it was and removes the temporary
file; a kill -9 at the wrong moment can at worst leave a stray ``.NAME.*.tmp``, never a truncated NAME.

>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> write_text(folder / "a.txt", "new").read_text()
'new'
>>> sorted(p.name for p in folder.iterdir())
['a.txt']
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO


def _file_mode() -> int:
    """The mode a plain ``open(path, "w")`` would give (0o666 less the umask): mkstemp makes 0600, and a
    report is meant to be read by others (CI uploaders, a web server) as far as the user's umask allows."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


@contextmanager
def replacing(path: str | os.PathLike[str]) -> Iterator[BinaryIO]:
    """A binary handle whose content replaces ``path`` when the block ends without an exception.

    The parent folder is created. On any exception (``BaseException``: an interrupt too) the old file
    stays and the temporary file is removed, and the exception propagates.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())  # the bytes are on disk before the name points at them
        os.chmod(tmp, _file_mode())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _sync_folder(target.parent)


def write_bytes(path: str | os.PathLike[str], data: bytes) -> Path:
    """Atomically replace ``path`` with ``data``; return ``path``."""
    with replacing(path) as handle:
        handle.write(data)
    return Path(path)


def write_text(path: str | os.PathLike[str], text: str) -> Path:
    """Atomically replace ``path`` with UTF-8 ``text`` (newlines written as ``\\n`` on every OS); return ``path``."""
    return write_bytes(path, text.encode("utf-8"))


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); best effort, since the file's content is already safe."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
