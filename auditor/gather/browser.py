"""Find and launch Chromium through Playwright, and build browser contexts for a device.

Resolution order: the Playwright-managed Chromium when one is installed, else a system Chromium
(``REFUND_AUDIT_CHROMIUM`` or the usual Debian/Ubuntu/Chrome paths), else :class:`BrowserNotFound`
with a one-line hint. The launch flags keep Chromium quiet on a machine with no network and let it run
as root.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, BrowserContext, Playwright
from playwright.sync_api import Error as PlaywrightError

from ..errors import BrowserFailed, BrowserNotFound

# Without these Chromium stalls reaching Google services on a closed network (see DEVELOPERS.md).
QUIET_FLAGS = (
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-gpu",
    "--disable-quic",
    "--disable-default-apps",
    "--disable-extensions",
    "--mute-audio",
)

SYSTEM_CANDIDATES = (
    "/usr/lib/chromium/chromium",  # Debian's real binary; /usr/bin/chromium is a shell wrapper
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/bin/google-chrome",
    "/usr/bin/google-chrome-stable",
    "/snap/bin/chromium",
)

HINT = (
    "no Chromium found: run `make setup` (installs Debian's chromium as root), "
    "`apt-get install chromium`, `playwright install chromium`, or set REFUND_AUDIT_CHROMIUM"
)

DESKTOP_VIEWPORT = {"width": 1280, "height": 800}


@dataclass(frozen=True)
class ChromiumBinary:
    """Where the browser comes from: ``managed`` (Playwright's own) or ``system``."""

    source: str
    path: str | None  # None for the managed build: Playwright finds it itself


def find_chromium(playwright: Playwright) -> ChromiumBinary:
    """Return the Chromium to launch, preferring an explicit override, then Playwright's managed build."""
    override = os.environ.get("REFUND_AUDIT_CHROMIUM")
    if override:
        if not Path(override).exists():
            raise BrowserNotFound(f"REFUND_AUDIT_CHROMIUM={override} does not exist")
        return ChromiumBinary("system", override)
    try:
        managed = playwright.chromium.executable_path
    except PlaywrightError:
        managed = ""
    if managed and Path(managed).exists():
        return ChromiumBinary("managed", None)
    for candidate in SYSTEM_CANDIDATES:
        if Path(candidate).exists():
            return ChromiumBinary("system", candidate)
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return ChromiumBinary("system", found)
    raise BrowserNotFound(HINT)


def launch(playwright: Playwright, *, headless: bool = True) -> Browser:
    """Launch Chromium with flags that work as root and offline."""
    binary = find_chromium(playwright)
    args = list(QUIET_FLAGS)
    if os.geteuid() == 0:
        args.append("--no-sandbox")  # Chromium refuses to run as root with its sandbox on
    try:
        return playwright.chromium.launch(
            executable_path=binary.path, headless=headless, args=args, chromium_sandbox=False
        )
    except PlaywrightError as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise BrowserFailed(f"Chromium at {binary.path or 'playwright-managed'} failed to launch: {first_line}") from exc


def context_options(playwright: Playwright, device: str) -> dict[str, Any]:
    """Playwright ``new_context`` options for ``desktop``, ``mobile`` or a named Playwright device."""
    if device == "desktop":
        return {"viewport": dict(DESKTOP_VIEWPORT), "locale": "zh-CN", "device_scale_factor": 1}
    name = "iPhone 13" if device == "mobile" else device
    try:
        descriptor = dict(playwright.devices[name])
    except KeyError as exc:
        raise BrowserFailed(f"unknown device {device!r}: use desktop, mobile or a Playwright device name") from exc
    # Chromium cannot pretend to be WebKit; keep the viewport, touch and UA but launch Chromium.
    descriptor.pop("default_browser_type", None)
    descriptor["locale"] = "zh-CN"
    return descriptor


def new_context(browser: Browser, playwright: Playwright, device: str, **extra: Any) -> BrowserContext:
    """A fresh context for ``device``; ``extra`` (storage_state, record_video_dir...) is passed through."""
    options = context_options(playwright, device)
    options.update(extra)
    return browser.new_context(**options)
