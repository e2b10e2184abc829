"""Log in from the profile (a scripted form) and check that it worked.

Secrets never leave this module: field values are typed into the page and not logged; the failure
screenshot masks password fields; errors name the selector, never the value.
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

from ..audit.model import LoginRecord
from ..errors import LoginFailed, SiteUnreachable
from ..profile import LoginSettings, Profile

SUCCESS_TIMEOUT_MS = 8000


def log_in(page: Page, profile: Profile, evidence_dir: Path | None = None) -> LoginRecord:
    """Log in with the profile's form; raises LoginFailed (with a masked screenshot) when it does not work."""
    login = profile.login
    if login is None:
        return LoginRecord("none")
    if login.storage_state and not login.url:
        return LoginRecord("storage_state")
    url = profile.url(login.url)
    try:
        page.goto(url, wait_until="domcontentloaded")
    except PlaywrightError as exc:
        raise SiteUnreachable(f"{profile.name}: login page {url} did not load: {_first_line(exc)}") from exc
    try:
        for selector, value in login.fields.items():
            try:
                page.locator(selector).first.fill(value, timeout=SUCCESS_TIMEOUT_MS)
            except PlaywrightError as exc:
                _raise_if_unmatched(page, "field", selector, url, exc)
                raise
        assert login.submit is not None
        try:
            page.locator(login.submit).first.click(timeout=SUCCESS_TIMEOUT_MS)
        except PlaywrightError as exc:
            _raise_if_unmatched(page, "submit", login.submit, url, exc)
            raise
        _wait_for_success(page, login)
    except (PlaywrightError, LoginFailed) as exc:
        shot = _failure_screenshot(page, evidence_dir)
        why = str(exc) if isinstance(exc, LoginFailed) else _first_line(exc)
        where = f" (screenshot: {shot})" if shot else ""
        raise LoginFailed(f"{profile.name}: login failed: {why}{where}") from exc
    return LoginRecord("form", landed_url=page.url)


def _raise_if_unmatched(page: Page, kind: str, selector: str, url: str, exc: PlaywrightError) -> None:
    """Raise LoginFailed naming ``selector`` and the login ``url`` when nothing on the page matches it.

    Playwright only says "Timeout 8000ms exceeded", which reads like a slow site; a selector that matches
    nothing is a profile to fix. Asked after the timed-out wait, so a form drawn late by script is not
    blamed. A selector that matches but cannot be used (hidden, disabled) or is not valid CSS keeps
    Playwright's own message.
    """
    try:
        count = page.locator(selector).count()
    except PlaywrightError:
        return
    if count == 0:
        raise LoginFailed(f"{kind} selector {selector!r} matches nothing on {url}") from exc


def _wait_for_success(page: Page, login: LoginSettings) -> None:
    check = login.success
    try:
        wanted_url = check.url_contains
        if wanted_url:
            page.wait_for_url(lambda u: wanted_url in u, timeout=SUCCESS_TIMEOUT_MS,
                              wait_until="domcontentloaded")
        if check.selector:
            page.locator(check.selector).first.wait_for(state="visible", timeout=SUCCESS_TIMEOUT_MS)
        if check.text:
            page.get_by_text(check.text).first.wait_for(state="visible", timeout=SUCCESS_TIMEOUT_MS)
        if not (check.url_contains or check.selector or check.text):
            page.wait_for_load_state("domcontentloaded")
    except PlaywrightError as exc:
        expected = check.url_contains or check.selector or check.text
        raise LoginFailed(f"success check {expected!r} not met; the page stayed at {page.url}") from exc


def _failure_screenshot(page: Page, evidence_dir: Path | None) -> str:
    if evidence_dir is None:
        return ""
    evidence_dir.mkdir(parents=True, exist_ok=True)
    path = evidence_dir / "login-failed.png"
    try:
        page.screenshot(path=str(path), mask=[page.locator("input[type=password]")])
    except PlaywrightError:
        return ""
    return str(path)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:200] if text else type(exc).__name__
