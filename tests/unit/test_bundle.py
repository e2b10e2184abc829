"""The evidence bundle: a fresh bundle verifies; a changed, a deleted and an added file each break it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from auditor.bundle import MANIFEST, verify_bundle
from auditor.errors import BundleError, InputError


def test_manifest_lists_every_file_sorted_with_hash_and_size(bundle: Path) -> None:
    manifest = json.loads((bundle / MANIFEST).read_text(encoding="utf-8"))
    paths = [f["path"] for f in manifest["files"]]
    assert paths == sorted(paths) and MANIFEST not in paths
    assert {"report.json", "report.html", "junit.xml", "summary.md", "steps/01.png", "states/s4.png"} <= set(paths)
    entry = next(f for f in manifest["files"] if f["path"] == "report.json")
    assert len(entry["sha256"]) == 64 and entry["size"] == (bundle / "report.json").stat().st_size
    assert manifest["browser"] == {"version": "Chromium 131.0"}
    assert manifest["tool"]["name"] == "refund-audit" and manifest["manifest_version"] == "1"
    assert manifest["started_at"] < manifest["finished_at"]
    assert manifest["profile"]["login"]["fields"]["#pwd"] == "***"


def test_fresh_bundle_verifies(bundle: Path) -> None:
    result = verify_bundle(bundle)
    assert result.ok and result.checked > 8 and len(result.manifest_sha256) == 64
    assert (result.altered, result.missing, result.extra) == ((), (), ())


def test_tampered_file_fails(bundle: Path) -> None:
    report = bundle / "report.json"
    report.write_text(report.read_text(encoding="utf-8").replace('"pass": false', '"pass": true'), encoding="utf-8")
    result = verify_bundle(bundle)
    assert not result.ok and result.altered == ("report.json",)


def test_same_size_tampering_is_caught_by_the_hash(bundle: Path) -> None:
    shot = bundle / "steps" / "02.png"
    data = bytearray(shot.read_bytes())
    data[-20] ^= 0xFF
    shot.write_bytes(bytes(data))
    assert verify_bundle(bundle).altered == ("steps/02.png",)


def test_missing_file_fails(bundle: Path) -> None:
    (bundle / "steps" / "03.png").unlink()
    result = verify_bundle(bundle)
    assert not result.ok and result.missing == ("steps/03.png",) and not result.altered


def test_added_file_fails(bundle: Path) -> None:
    (bundle / "steps" / "99.png").write_bytes(b"not evidence")
    result = verify_bundle(bundle)
    assert not result.ok and result.extra == ("steps/99.png",)
    assert any("extra    steps/99.png" in line for line in result.lines())


def test_no_manifest_or_no_folder_cannot_be_verified(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        verify_bundle(tmp_path / "absent")
    with pytest.raises(BundleError):
        verify_bundle(tmp_path)


def test_manifest_paths_cannot_leave_the_bundle(bundle: Path) -> None:
    manifest = json.loads((bundle / MANIFEST).read_text(encoding="utf-8"))
    manifest["files"].append({"path": "../outside.txt", "sha256": "0" * 64, "size": 1})
    (bundle / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(BundleError, match="leaves the bundle"):
        verify_bundle(bundle)
