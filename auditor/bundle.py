"""The evidence bundle: a report folder plus ``manifest.json`` naming every file with its SHA-256.

A regulator receives the folder and runs ``refund-audit verify DIR``: every listed file is re-hashed and
compared; files that changed, disappeared or were added since the manifest was written make the bundle
fail. The manifest itself is the one file not listed (it cannot hash itself); record its own digest
(``VerifyResult.manifest_sha256``) with the case file to pin the whole bundle.

Manifest layout (``manifest_version`` 1)::

    {"manifest_version": "1", "tool": {"name", "version"}, "browser": {"version"},
     "site": {...}, "profile": {... redacted ...}, "report_schema_version": "1.0",
     "started_at": ..., "finished_at": ..., "algorithm": "sha256",
     "files": [{"path": "report.json", "sha256": "…", "size": 1234}, ...]}   # sorted POSIX paths
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from . import __version__
from .atomic import write_text
from .errors import BundleError, InputError
from .report.model import Report

MANIFEST = "manifest.json"
MANIFEST_VERSION = "1"
TOOL_NAME = "refund-audit"
# Belt and braces: the profile in a report is already redacted, but a manifest is handed to third
# parties, so any key that names a secret is masked again here.
_SECRET_KEY = re.compile(r"password|passwd|passphrase|pwd|secret|token|cookie|authori[sz]ation|api[_-]?key|credential", re.I)
_CHUNK = 1 << 20


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file, read in chunks (videos and traces can be large)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def list_files(folder: Path) -> list[str]:
    """Every regular file under ``folder`` but the manifest, as sorted relative POSIX paths."""
    found = []
    for path in folder.rglob("*"):
        rel = path.relative_to(folder).as_posix()
        if rel != MANIFEST and path.is_file():
            found.append(rel)
    return sorted(found)


def redact(value: Any) -> Any:
    """Mask values under keys that name secrets, recursively.

    >>> redact({"login": {"fields": {"#password": "hunter2", "#user": "alice"}}, "token": "t"})
    {'login': {'fields': {'#password': '***', '#user': 'alice'}}, 'token': '***'}
    """
    if isinstance(value, dict):
        return {k: ("***" if _SECRET_KEY.search(str(k)) and v not in (None, "") else redact(v))
                for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [redact(v) for v in value]
    return value


def write_manifest(out_dir: Path, report: Report, *, browser_version: str, started_at: str,
                   finished_at: str) -> Path:
    """Hash every file of ``out_dir`` into ``out_dir/manifest.json``; call it after all writers ran."""
    out_dir = Path(out_dir)
    files = [{"path": rel, "sha256": sha256_file(out_dir / rel), "size": (out_dir / rel).stat().st_size}
             for rel in list_files(out_dir)]
    manifest = {
        "manifest_version": MANIFEST_VERSION,
        "tool": {"name": TOOL_NAME, "version": report.tool.get("version", __version__)},
        "browser": {"version": browser_version},
        "site": report.site,
        "profile": redact(report.profile),
        "report_schema_version": report.schema_version,
        "started_at": started_at,
        "finished_at": finished_at,
        "algorithm": "sha256",
        "files": files,
    }
    return write_text(out_dir / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")


@dataclass(frozen=True)
class VerifyResult:
    """What ``verify_bundle`` found; ``ok`` only when nothing was altered, missing or added."""

    folder: str
    checked: int  # files listed in the manifest
    altered: tuple[str, ...]
    missing: tuple[str, ...]
    extra: tuple[str, ...]
    manifest_sha256: str

    @property
    def ok(self) -> bool:
        return not (self.altered or self.missing or self.extra)

    def lines(self) -> list[str]:
        """A human summary, one problem per line (for the CLI to print)."""
        head = (f"{self.folder}: {'OK' if self.ok else 'DOES NOT VERIFY'} — {self.checked} files, "
                f"manifest sha256 {self.manifest_sha256}")
        return [head, *(f"  altered  {p}" for p in self.altered), *(f"  missing  {p}" for p in self.missing),
                *(f"  extra    {p}" for p in self.extra)]

    def to_dict(self) -> dict[str, Any]:
        return {"folder": self.folder, "ok": self.ok, "checked": self.checked, "altered": list(self.altered),
                "missing": list(self.missing), "extra": list(self.extra), "manifest_sha256": self.manifest_sha256}


def verify_bundle(folder: Path) -> VerifyResult:
    """Re-hash the bundle in ``folder`` against its manifest.

    Raises :class:`InputError` when ``folder`` is not a directory and :class:`BundleError` when there is
    no readable manifest (nothing to verify against: the CLI exits 2, not 1).
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(f"{folder}: not a directory")
    manifest_path = folder / MANIFEST
    if not manifest_path.is_file():
        raise BundleError(f"{folder}: no {MANIFEST}; this folder is not an evidence bundle")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        listed = {str(f["path"]): (str(f["sha256"]), int(f["size"])) for f in manifest["files"]}
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
        raise BundleError(f"{manifest_path}: unreadable manifest ({type(exc).__name__}: {exc})") from exc
    if str(manifest.get("manifest_version")) != MANIFEST_VERSION:
        raise BundleError(f"{manifest_path}: manifest version {manifest.get('manifest_version')!r} is not "
                          f"{MANIFEST_VERSION!r}")
    for rel in listed:
        pure = PurePosixPath(rel)
        # A manifest is input from outside: never let it point us out of the folder.
        if pure.is_absolute() or ".." in pure.parts or rel in ("", "."):
            raise BundleError(f"{manifest_path}: path {rel!r} leaves the bundle")
    present = set(list_files(folder))
    altered, missing = [], []
    for rel, (digest, size) in sorted(listed.items()):
        path = folder / rel
        if rel not in present:
            missing.append(rel)
        elif path.stat().st_size != size or sha256_file(path) != digest:
            altered.append(rel)
    extra = sorted(present - listed.keys())
    return VerifyResult(str(folder), len(listed), tuple(altered), tuple(missing), tuple(extra),
                        sha256_file(manifest_path))
