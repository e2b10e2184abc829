"""No secrets in evidence: after a submitted flow on a logged-in shop, no file of the report folder (nor
any member of its zips, the Playwright trace included) holds the session cookie or the login password."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from e2e_support import fixture_profile
from playwright.sync_api import Playwright
from shopserver import FixtureServer

from auditor.pipeline import run_audit

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SITE = "indie-store"  # a form login with a password, and a flow that submits


def _contents(name: str, data: bytes) -> Iterator[tuple[str, bytes]]:
    """The file itself and, for a zip, every member (recursively)."""
    yield name, data
    if zipfile.is_zipfile(io.BytesIO(data)):
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            for member in zf.namelist():
                yield from _contents(f"{name}!{member}", zf.read(member))


def test_report_folder_holds_neither_session_cookie_nor_password(
        shop_server: FixtureServer, tmp_path: Path, playwright: Playwright,
        monkeypatch: pytest.MonkeyPatch) -> None:
    shop_server.reset(SITE)
    store = shop_server.site(SITE).store
    issued: list[str] = []  # every session token the shop hands out, even ones closed since

    def open_session(user: str, _open: Any = store.open_session) -> str:
        token: str = _open(user)
        issued.append(token)
        return token

    monkeypatch.setattr(store, "open_session", open_session)
    profile = fixture_profile(shop_server, SITE, submit=True)
    assert profile.login is not None
    password = next(v for k, v in profile.login.fields.items() if "password" in k)
    out = tmp_path / SITE

    report = run_audit(profile, out, playwright=playwright)

    assert report.flow["submitted"] is True, report.flow["blocker"]
    assert issued and all(len(t) >= 16 for t in issued)
    secrets = [t.encode() for t in issued] + [password.encode()]
    files = sorted(p for p in out.rglob("*") if p.is_file())
    assert out / "flow-trace.zip" in files and out / "manifest.json" in files
    seen = dict(item for path in files for item in _contents(path.relative_to(out).as_posix(), path.read_bytes()))
    # The trace did record the cookie-bearing requests: the cookie's name is there, its value is not.
    assert f"sid_{SITE}".encode() in seen["flow-trace.zip!trace.network"]
    leaks = [(name, secret) for name, data in seen.items() for secret in secrets if secret in data]
    assert leaks == []
