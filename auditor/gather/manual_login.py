"""Log in by hand: a headed browser for sites with captchas or SMS codes, saving the session so audits
can reuse it (``login.storage_state`` in the profile). The file holds session secrets: keep it out of
version control."""

from __future__ import annotations

import os
import time
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

from ..errors import InputError, LoginFailed
from ..profile import Profile
from . import browser as browsers


def save_login_state(profile: Profile, path: Path, *, timeout_s: float = 300) -> Path:
    """Open the login page in a visible browser and save cookies + localStorage once the login succeeds."""
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        raise InputError("`login` opens a browser window and needs a screen (DISPLAY); log in on a desktop and copy the file")
    check = profile.login.success if profile.login else None
    with sync_playwright() as playwright:
        chromium = browsers.launch(playwright, headless=False)
        try:
            context = browsers.new_context(chromium, playwright, profile.device)
            page = context.new_page()
            page.goto(profile.url(profile.login.url if profile.login and profile.login.url else profile.start))
            deadline = time.monotonic() + timeout_s
            while time.monotonic() < deadline:
                if check and check.url_contains and check.url_contains in page.url:
                    break
                if check and check.selector and page.locator(check.selector).count():
                    break
                page.wait_for_timeout(500)
            else:
                raise LoginFailed(f"{profile.name}: no successful login within {timeout_s:.0f}s")
            path.parent.mkdir(parents=True, exist_ok=True)
            context.storage_state(path=str(path))
        except PlaywrightError as exc:
            raise LoginFailed(f"{profile.name}: manual login failed: {str(exc).splitlines()[0]}") from exc
        finally:
            chromium.close()
    return path
