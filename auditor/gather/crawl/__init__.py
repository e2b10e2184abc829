"""Exploration: map a logged-in site into a navigation graph, safely (see explorer.py)."""

from ...audit.model import Control, CrawlResult, CrawlStats, Snapshot
from .explorer import ExploreOptions, Explorer, explore
from .states import state_key, url_template

__all__ = ["Control", "CrawlResult", "CrawlStats", "ExploreOptions", "Explorer", "Snapshot", "explore",
           "state_key", "url_template"]
