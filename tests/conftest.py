"""Session-wide test fixtures: the fixture shop server, a shared Chromium, and the discovered sites.

Fixture sites are folders under ``tests/fixtures/sites/``; a test that takes a ``site_id`` argument
runs once per discovered site, so adding a site (a folder) adds its test cases.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures"))  # the shopserver package

from shopserver import FixtureServer, Latency, SiteSpec, discover_sites

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Playwright

# Site folders are code loaded by shopserver (their routes.py is not a test module, and its name
# repeats across folders), so pytest must not import them for doctests.
collect_ignore_glob = ["fixtures/sites/*"]

SITES: list[SiteSpec] = discover_sites()
SITE_IDS: list[str] = [spec.id for spec in SITES]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--shop-latency", default="", metavar="MIN-MAX",
                     help="slow every fixture shop down by MIN-MAX ms per request (seeded), e.g. 100-800")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Parametrize every test taking ``site_id`` over the discovered sites (unless it chose its own)."""
    if "site_id" not in metafunc.fixturenames:
        return
    for marker in metafunc.definition.iter_markers("parametrize"):
        names = marker.args[0]
        if "site_id" in (names.replace(" ", "").split(",") if isinstance(names, str) else names):
            return
    metafunc.parametrize("site_id", SITE_IDS)


@pytest.fixture(scope="session")
def sites() -> list[SiteSpec]:
    """Every site folder's spec, in folder order."""
    return SITES


@pytest.fixture(scope="session")
def shop_server(request: pytest.FixtureRequest) -> Iterator[FixtureServer]:
    """One FixtureServer on free ports for the whole session; every listener stops at the end.
    ``--shop-latency 100-800`` slows every site down (the suite then runs against slow shops)."""
    spec = request.config.getoption("--shop-latency")
    server = FixtureServer(SITES, ports="free", latency=Latency.parse(spec, seed=1) if spec else None)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def fresh_site(shop_server: FixtureServer) -> Callable[[str], str]:
    """Reseed a site (orders, records, sessions) and return its base URL: ``base = fresh_site(site_id)``."""

    def reset(site_id: str) -> str:
        shop_server.reset(site_id)
        return shop_server.url(site_id)

    return reset


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as instance:
        yield instance


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    """One Chromium for the session (``auditor.gather.browser.launch``); tests open their own contexts."""
    from auditor.errors import BrowserNotFound
    from auditor.gather.browser import launch

    try:
        instance = launch(playwright)
    except BrowserNotFound as exc:
        pytest.skip(str(exc))
    try:
        yield instance
    finally:
        instance.close()
