"""Screenshots for self-contained pages: embedded as ``data:`` URIs within a size budget, else linked.

No imaging library is a dependency, so nothing is re-encoded or downscaled here: pictures are embedded
as captured (the browser shows them scaled by CSS). A page stops embedding once its budget is spent
and links the remaining pictures by a relative path instead, which still works while the page sits in
its report folder; the page says which pictures were linked. Width and height are read from the PNG or
JPEG header so the layout does not jump while pictures decode.
"""

from __future__ import annotations

import base64
import os
import struct
from dataclasses import dataclass
from pathlib import Path

MIME = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".webp": "image/webp", ".gif": "image/gif"}
PAGE_BUDGET = 12 * 1024 * 1024  # raw bytes embedded per page: keeps a report a file you can e-mail
IMAGE_LIMIT = 3 * 1024 * 1024  # a single picture larger than this is always linked


@dataclass(frozen=True)
class Picture:
    """A picture ready for ``<img src>``: a data URI, or a relative link when not embedded."""

    src: str
    embedded: bool
    width: int | None = None
    height: int | None = None
    name: str = ""  # the path relative to its report folder, for captions and the evidence list


class Embedder:
    """Turns report-relative picture paths into :class:`Picture` objects under one page budget.

    ``base`` is the report folder the paths are relative to; ``page_dir`` the folder of the page that
    will show them (for relative links). ``embed=False`` links everything.
    """

    def __init__(self, base: Path, page_dir: Path, *, embed: bool = True, budget: int = PAGE_BUDGET) -> None:
        self.base, self.page_dir, self.embed, self.left = base, page_dir, embed, budget
        self.linked: list[str] = []
        self._cache: dict[str, Picture | None] = {}

    def picture(self, rel: str | None) -> Picture | None:
        """The picture at ``rel`` (relative to ``base``), or None when absent, unsafe or not an image."""
        if not rel:
            return None
        if rel not in self._cache:
            self._cache[rel] = self._load(rel)
        return self._cache[rel]

    def _load(self, rel: str) -> Picture | None:
        path = (self.base / rel).resolve()
        # Report paths come from report.json, which a user may hand us: never read outside the folder.
        if not path.is_relative_to(self.base.resolve()) or not path.is_file():
            return None
        mime = MIME.get(path.suffix.lower())
        if mime is None:
            return None
        data = path.read_bytes()
        width, height = image_size(data)
        if self.embed and len(data) <= min(self.left, IMAGE_LIMIT):
            self.left -= len(data)
            uri = f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
            return Picture(uri, True, width, height, rel)
        self.linked.append(rel)
        link = Path(os.path.relpath(path, self.page_dir.resolve())).as_posix()
        return Picture(link, False, width, height, rel)


def image_size(data: bytes) -> tuple[int | None, int | None]:
    """(width, height) from a PNG or JPEG header, (None, None) when unknown.

    >>> image_size(b"\\x89PNG\\r\\n\\x1a\\n\\0\\0\\0\\rIHDR" + struct.pack(">II", 7, 5))
    (7, 5)
    >>> image_size(b"nonsense")
    (None, None)
    """
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return int(width), int(height)
    if data[:2] == b"\xff\xd8":
        return _jpeg_size(data)
    return None, None


def _jpeg_size(data: bytes) -> tuple[int | None, int | None]:
    i = 2
    while i + 9 < len(data):
        if data[i] != 0xFF:
            return None, None
        marker = data[i + 1]
        length = struct.unpack(">H", data[i + 2 : i + 4])[0]
        if marker in (0xC0, 0xC1, 0xC2):  # start of frame: height then width
            height, width = struct.unpack(">HH", data[i + 5 : i + 9])
            return int(width), int(height)
        i += 2 + length
    return None, None
