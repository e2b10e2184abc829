"""Two crawls of the same site give the same graph: same states, same edges."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Playwright
from shopserver import FixtureServer

from auditor.audit.artifacts import Artifacts
from auditor.audit.lexicon import load_lexicon
from auditor.gather.stage import gather

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _sets(artifacts: Artifacts) -> tuple[set[str], set[tuple[str, str, str]]]:
    graph = artifacts.graph
    return {s for s, _ in graph.states()}, {(s, t, k) for s, t, k, _ in graph.transitions()}


def test_crawling_twice_gives_identical_states_and_edges(audited: Any, shop_server: FixtureServer, tmp_path: Path,
                                                       playwright: Playwright) -> None:
    first = audited("indie-store")  # the session's audit (images blocked while crawling)
    shop_server.reset("indie-store")
    profile = dataclasses.replace(first.profile, crawl=dataclasses.replace(first.profile.crawl, screenshots=True))
    second = gather(profile, load_lexicon(), tmp_path / "again", playwright=playwright)  # every state pictured, images loaded
    states_a, edges_a = _sets(Artifacts.load(first.out / "artifacts.json"))
    states_b, edges_b = _sets(second)
    assert states_a == states_b
    assert edges_a == edges_b
    assert second.crawl["stop_reason"] == "complete"
