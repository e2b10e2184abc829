"""Scrubbing a trace zip: credential headers, cookie values and the given secrets go; the rest stays."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from auditor.gather.scrub import REDACTED, Redactions, scrub_trace

SID = "54CE3rto8NV6KCFgMKu4WvHY"
PASSWORD = "hunter2-pass"
JPEG = b"\xff\xd8\xff\xe0" + PASSWORD.encode() + b"\x00\x01\xff\xd9"


def _resource(request_headers: dict[str, str], response_headers: dict[str, str]) -> str:
    """One trace.network line as Playwright writes it (HAR entry inside a resource-snapshot)."""
    pairs = lambda headers: [{"name": k, "value": v} for k, v in headers.items()]  # noqa: E731
    return json.dumps({"type": "resource-snapshot", "snapshot": {
        "request": {"method": "POST", "url": "http://127.0.0.1/refund",
                    "cookies": [{"name": "sid_shop", "value": SID}], "headers": pairs(request_headers),
                    "postData": {"text": f"reason=x&password={PASSWORD}"}},
        "response": {"status": 200, "cookies": [], "headers": pairs(response_headers)}}},
        separators=(",", ":"))


@pytest.fixture
def trace(tmp_path: Path) -> Path:
    path = tmp_path / "flow-trace.zip"
    network = "\n".join([
        _resource({"Accept": "text/html", "Cookie": f"sid_shop={SID}", "AUTHORIZATION": "Bearer tok-123456",
                   "X-CSRF-Token": "csrf-abcdef"},
                  {"content-type": "text/html", "set-cookie": f"sid_shop={SID}; Path=/; HttpOnly"}),
        json.dumps({"type": "resource-snapshot", "snapshot": {"request": {"url": "/base.css", "cookies": [],
                   "headers": [{"name": "Accept", "value": "text/css"}]}}}),  # nothing to redact here
    ]) + "\n"
    action = json.dumps({"type": "before", "method": "fill", "params": {"selector": "#pwd", "value": PASSWORD}})
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("trace.trace", action + "\n")
        zf.writestr("trace.network", network)
        zf.writestr("resources/page.html", f"<p>hello</p><input value='{PASSWORD}'>")
        zf.writestr("screencast/frame.jpeg", JPEG)
    return path


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def test_credential_headers_cookies_and_secrets_are_redacted(trace: Path) -> None:
    count = scrub_trace(trace, [SID, PASSWORD])
    members = _members(trace)
    for name, data in members.items():
        for secret in (SID, PASSWORD, "tok-123456", "csrf-abcdef"):
            assert secret.encode() not in data, (name, secret)
    first = json.loads(members["trace.network"].decode().splitlines()[0])["snapshot"]
    headers = {h["name"]: h["value"] for h in first["request"]["headers"] + first["response"]["headers"]}
    assert headers["Cookie"] == headers["AUTHORIZATION"] == headers["X-CSRF-Token"] == REDACTED
    assert headers["set-cookie"] == REDACTED
    assert first["request"]["cookies"] == [{"name": "sid_shop", "value": REDACTED}]
    # four headers + one HAR cookie; the password in postData, trace.trace, the HTML and the frame
    assert count == Redactions(headers=5, secrets=4)


def test_everything_else_is_intact(trace: Path) -> None:
    before = _members(trace)
    scrub_trace(trace, [SID, PASSWORD])
    after = _members(trace)
    assert list(after) == list(before)
    assert after["trace.network"].splitlines()[1] == before["trace.network"].splitlines()[1]  # byte for byte
    first = json.loads(after["trace.network"].decode().splitlines()[0])["snapshot"]
    headers = {h["name"]: h["value"] for h in first["request"]["headers"] + first["response"]["headers"]}
    assert headers["Accept"] == "text/html" and headers["content-type"] == "text/html"
    assert first["request"]["postData"]["text"] == f"reason=x&password={REDACTED}"
    assert json.loads(after["trace.trace"])["params"] == {"selector": "#pwd", "value": REDACTED}
    assert after["resources/page.html"] == f"<p>hello</p><input value='{REDACTED}'>".encode()
    assert after["screencast/frame.jpeg"] == JPEG.replace(PASSWORD.encode(), REDACTED.encode())
    with zipfile.ZipFile(trace) as zf:
        assert zf.testzip() is None
        assert all(i.compress_type == zipfile.ZIP_DEFLATED for i in zf.infolist())


def test_a_second_scrub_changes_nothing(trace: Path) -> None:
    scrub_trace(trace, [SID, PASSWORD])
    once = trace.read_bytes()
    assert scrub_trace(trace, [SID, PASSWORD]) == Redactions()
    assert trace.read_bytes() == once
    assert [p.name for p in trace.parent.iterdir()] == [trace.name]  # no temp file left behind


def test_short_and_empty_secrets_are_ignored(trace: Path) -> None:
    before = _members(trace)
    count = scrub_trace(trace, ["", "1", "zh", "css"])  # a flag or locale cookie, not a credential
    assert count.secrets == 0
    assert _members(trace)["resources/page.html"] == before["resources/page.html"]


def test_a_clean_trace_is_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "t.zip"
    line = json.dumps({"snapshot": {"request": {"cookies": [], "headers": [{"name": "Accept", "value": "*/*"}]}}})
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("trace.network", line)
    stat = path.stat()
    assert scrub_trace(path, [SID, PASSWORD]) == Redactions()
    assert path.stat().st_mtime_ns == stat.st_mtime_ns and path.stat().st_ino == stat.st_ino


def test_a_broken_zip_raises_and_is_not_replaced(tmp_path: Path) -> None:
    path = tmp_path / "flow-trace.zip"
    path.write_bytes(b"not a zip")
    with pytest.raises(zipfile.BadZipFile):
        scrub_trace(path, [SID])
    assert path.read_bytes() == b"not a zip"
