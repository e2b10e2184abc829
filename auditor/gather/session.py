"""A logged-in browser session for one profile: Playwright, Chromium, a context for the device, a Driver.

Opening a session launches the browser, creates the context (with the saved storage state when the
profile has one), logs in once and hands back a :class:`Session` whose driver the explorer and the
refund flow share. Closing it closes everything, even after an error.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, BrowserContext, Playwright, sync_playwright
from playwright.sync_api import Error as PlaywrightError

from ..audit.lexicon import Lexicon
from ..audit.model import CrawlStats
from ..errors import InputError, LoginFailed, SiteUnreachable
from ..profile import Profile
from . import browser as browsers
from .crawl.driver import Driver
from .crawl.scope import Gate, origin_of
from .login import LoginRecord, log_in

log = logging.getLogger(__name__)


@dataclass
class Session:
    """Everything a gather stage needs to act on the site."""

    playwright: Playwright
    browser: Browser
    context: BrowserContext
    driver: Driver
    login: LoginRecord
    gate: Gate
    profile: Profile | None = None

    @property
    def browser_version(self) -> str:
        return f"Chromium {self.browser.version}"

    def log_in_again(self) -> bool:
        """Log in once more in this context, after the site dropped the session: True when the profile's
        success check passed. Only a form login can be renewed (a saved session cannot).

        The login page is a page of its own that the guards trust (the login form is the one non-search
        form the tool submits), then closed; the crawl's page goes on with the new session cookie."""
        if self.profile is None or self.profile.login is None or not self.profile.login.url \
                or self.login.method != "form":
            return False
        try:
            with self.driver.trusted_page() as page:
                log_in(page, self.profile)
            return True
        except (LoginFailed, SiteUnreachable) as exc:
            log.warning("logging in again failed: %s", exc)
            return False


def make_gate(profile: Profile, lexicon: Lexicon) -> Gate:
    """The safety gate for this profile: built-in danger lexicon plus the profile's deny list and origins."""
    return Gate(
        lexicon=lexicon,
        home_origin=profile.origin,
        allow_origins=frozenset(origin_of(o) if "://" in o else o for o in profile.crawl.allow_origins),
        deny=tuple(profile.crawl.deny),
        read_only_posts=tuple(profile.crawl.read_only_posts),
    )


@contextmanager
def open_session(profile: Profile, lexicon: Lexicon, stats: CrawlStats, *, evidence_dir: Path | None = None,
                 block_resources: bool | None = None, headless: bool = True,
                 playwright: Playwright | None = None) -> Iterator[Session]:
    """Launch, log in, and yield a :class:`Session`; everything is closed on exit.

    Pass ``playwright`` when the caller already runs Playwright's sync API in this thread (a second
    ``sync_playwright()`` there would refuse to start); it is used, not stopped.
    """
    with nullcontext(playwright) if playwright is not None else own_playwright() as playwright:
        chromium = browsers.launch(playwright, headless=headless)
        try:
            extra = {}
            login = profile.login
            if login is not None and login.storage_state:
                state_file = Path(login.storage_state)
                if not state_file.is_absolute() and profile.source:
                    state_file = Path(profile.source).parent / state_file
                if not state_file.exists():
                    raise InputError(f"{profile.source or profile.name}: login.storage_state: file {state_file} not found")
                extra["storage_state"] = str(state_file)
            context = browsers.new_context(chromium, playwright, profile.device, **extra)
            touch = bool(browsers.context_options(playwright, profile.device).get("has_touch"))
            gate = make_gate(profile, lexicon)
            # Log in before the guards go in: the login form is the one non-search form we submit.
            record = _log_in(context, profile, evidence_dir)
            block = profile.crawl.block_resources if block_resources is None else block_resources
            driver = Driver(context, gate, stats, touch=touch, block_resources=block,
                            politeness_ms=profile.crawl.politeness_ms)
            yield Session(playwright, chromium, context, driver, record, gate, profile)
        finally:
            with suppress(PlaywrightError):
                chromium.close()


@contextmanager
def own_playwright() -> Iterator[Playwright]:
    """Playwright's sync API with its node driver in a session of its own, stopped on exit.

    A Ctrl-C or ``kill -TERM -PGID`` reaches every process of our group: the driver would die at once
    (and every browser call fail with "Connection closed") before we could close Chromium and write the
    partial report. Out of the group, the driver gets no signal; it still ends when we do, as it exits
    when its stdin (our pipe) closes. Chromium needs nothing: the driver starts it detached already.
    """
    with _subprocesses_in_new_session():
        playwright = sync_playwright().start()
    try:
        yield playwright
    finally:
        playwright.stop()


@contextmanager
def _subprocesses_in_new_session() -> Iterator[None]:
    # Playwright has no option for how it starts the driver: wrap asyncio's subprocess start while it does.
    original = asyncio.create_subprocess_exec

    async def exec_in_new_session(*args: Any, **kwargs: Any) -> asyncio.subprocess.Process:
        kwargs.setdefault("start_new_session", True)
        return await original(*args, **kwargs)

    asyncio.create_subprocess_exec = exec_in_new_session
    try:
        yield
    finally:
        asyncio.create_subprocess_exec = original


def _log_in(context: BrowserContext, profile: Profile, evidence_dir: Path | None) -> LoginRecord:
    page = context.new_page()
    record = log_in(page, profile, evidence_dir)
    if record.method == "form":
        return record
    start = profile.url(profile.start)
    try:
        page.goto(start, wait_until="domcontentloaded")
    except PlaywrightError as exc:
        raise SiteUnreachable(f"{profile.name}: {start} did not load: {str(exc).strip().splitlines()[0]}") from exc
    return LoginRecord(record.method, landed_url=page.url)
