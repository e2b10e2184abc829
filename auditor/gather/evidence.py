"""Evidence: walk the entry path again as a person would, one screenshot per step with the activated
control outlined, then the application itself; and a placeholder image when an upload is required.

Screenshots mask password fields. File names are stable (``steps/01.png`` …) so two runs compare.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..atomic import write_bytes
from ..audit.analysis.entry import analyze_entry
from ..audit.artifacts import Artifacts
from ..audit.lexicon import Lexicon
from ..audit.model import Action, PathShot
from .crawl.driver import ActionFailed, Driver
from .crawl.scope import is_login_page, shows_login_form
from .session import Session

StepHook = Callable[[int, dict[str, Any], Action], None]


def walk_path(driver: Driver, start_url: str, path: list[dict[str, Any]], before_step: StepHook | None = None) -> None:
    """Replay a graph path from the start page; ``before_step`` runs before each activation.

    Raises :class:`ActionFailed` when a step cannot be taken (the site changed under us).
    """
    driver.goto(start_url)
    for index, step in enumerate(path):
        action = Action.from_edge(step)
        if before_step is not None:
            before_step(index, step, action)
        driver.activate(action)
    driver.snapshot()  # let the last page settle before anyone looks at it


def capture_path(lexicon: Lexicon) -> Callable[[Session, Artifacts, Path], None]:
    """A gatherer that screenshots every step of the entry path (run after the crawl)."""

    def capture_entry_path(session: Session, artifacts: Artifacts, out_dir: Path) -> None:
        analysis = analyze_entry(artifacts.graph, lexicon)
        if not analysis.entry.found or artifacts.graph.root is None:
            return
        steps_dir = out_dir / "steps"
        steps_dir.mkdir(parents=True, exist_ok=True)
        driver = session.driver
        records: list[PathShot] = []

        def shoot(index: int, step: dict[str, Any], action: Action) -> None:
            name = f"steps/{index + 1:02d}.png"
            ok = driver.screenshot(str(out_dir / name), highlight=action.locator)
            records.append(PathShot(index, driver.page.url, name if ok else "", step.get("action"), step.get("label")))

        start = artifacts.graph.state(artifacts.graph.root)["url"]
        for attempt in range(2):  # a shop that ends the session on the way: log in again once, walk again
            records.clear()
            try:
                walk_path(driver, start, list(analysis.path), shoot)
                name = "steps/application.png"
                ok = driver.screenshot(str(out_dir / name), full_page=True)
                records.append(PathShot("application", driver.page.url, name if ok else ""))
            except ActionFailed as exc:
                records.append(PathShot("error", error=str(exc)))
            profile = session.profile
            lost = profile is not None and profile.login is not None \
                and is_login_page(driver.page.url, profile.login_url) \
                and shows_login_form(driver.snapshot(), profile.login_url)
            if not lost:
                break
            if attempt or not session.log_in_again():  # pictures of the login page prove nothing
                records.append(PathShot("error", error=f"the session was lost on the way ({driver.page.url})"))
                break
        artifacts.path_evidence = tuple(records)

    return capture_entry_path


def placeholder_png(path: Path, width: int = 320, height: int = 200) -> Path:
    """Write a small valid PNG (a pale card with a border) to upload where evidence is required."""
    rows = []
    for y in range(height):
        row = bytearray([0])  # filter type 0 per scanline
        for x in range(width):
            edge = x < 4 or y < 4 or x >= width - 4 or y >= height - 4
            row += bytes((229, 38, 31) if edge else (246, 246, 246))
        rows.append(bytes(row))
    raw = zlib.compress(b"".join(rows), 9)

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
    png += chunk(b"IDAT", raw) + chunk(b"IEND", b"")
    return write_bytes(path, png)
