"""Pytest fixtures for the django-oscar shop in ``tests/fixtures/oscar/`` (a real shop nobody here wrote).

- ``oscar_site`` (session): the running shop, an :class:`OscarSite` with ``base_url``
  (``http://127.0.0.1:PORT/zh-hans/``), ``email``/``password`` of the customer, ``order_number`` of her
  placed order, ``state()`` (what the shop saw and holds) and ``reset()``.
- ``oscar_clean`` (function): the same site after ``reset()``: seeded database, empty request log.
- ``oscar_profile`` (function): ``site_profiles/oscar.yaml`` loaded and rebound to the running port,
  on a clean site.

Register the module once, under this name, so every test shares one server::

    pytest_plugins = ["oscar_fixture"]          # in a test module of tests/e2e
    from oscar_fixture import oscar_site, ...   # or in tests/e2e/conftest.py

PYTEST_DONT_REWRITE: --doctest-modules imports this file before ``pytest_plugins`` registers it, and
it has no asserts worth rewriting, so pytest is told not to warn that it came too late to rewrite them.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from auditor.profile import Profile, load_profile

REPO = Path(__file__).resolve().parents[2]
LAUNCHER = REPO / "tests" / "fixtures" / "oscar" / "launch.py"
PROFILE = REPO / "site_profiles" / "oscar.yaml"
_MODULE_NAME = "refund_audit_oscar_launch"


def _load_launcher():
    """Import ``launch.py`` by path under one fixed name (the fixture folder is not a package)."""
    if _MODULE_NAME in sys.modules:
        return sys.modules[_MODULE_NAME]
    spec = importlib.util.spec_from_file_location(_MODULE_NAME, LAUNCHER)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {LAUNCHER}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[_MODULE_NAME] = module  # before exec: dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


launcher = _load_launcher()

if TYPE_CHECKING:
    OscarSite = launcher.OscarSite


@pytest.fixture(scope="session")
def oscar_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OscarSite]:
    if importlib.util.find_spec("oscar") is None:
        pytest.fail("django-oscar is not installed: run `.venv/bin/pip install -e '.[dev]'`", pytrace=False)
    site = launcher.start_oscar(tmp_path_factory.mktemp("oscar"))
    try:
        yield site
    finally:
        site.stop()


@pytest.fixture
def oscar_clean(oscar_site: OscarSite) -> OscarSite:
    oscar_site.reset()
    return oscar_site


@pytest.fixture
def oscar_profile(oscar_clean: OscarSite) -> Profile:
    profile = load_profile(PROFILE, env={})
    return dataclasses.replace(profile, base_url=oscar_clean.base_url)
