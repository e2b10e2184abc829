"""Deadlines that hold even when the page never answers.

Playwright's sync calls have no deadline of their own for an ``evaluate``: a renderer stuck in
``while (true) {}`` never replies, and the audit would wait forever. A deadline here is a real-time
alarm (SIGALRM): when it rings, its exception is raised where our code runs, like a stop signal (see
:mod:`auditor.interrupt`), the browser call is abandoned, and the caller can close the stuck page.

Deadlines nest (the whole audit's bound around each action's): the alarm is set for the earliest, and
the one that expired is the one raised. Alarms exist only in the main thread; elsewhere a deadline does
not bound anything (the demo runs its parallel audits as processes, each in its own main thread). An
alarm someone else had set is held while deadlines are active and resumed after them.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from ..interrupt import loop_waiting, raise_in_our_code

_AGAIN_S = 0.01  # how soon a deadline that came at a bad moment rings again


class Expired(KeyboardInterrupt):
    """A deadline passed. A KeyboardInterrupt, so that ``except Exception`` around a browser call (a
    gatherer, a retry loop) does not swallow it; ``token`` tells whose deadline it was."""

    def __init__(self, what: str, seconds: float, token: object) -> None:
        super().__init__(f"{what}: no answer in {seconds:g} s")
        self.what = what
        self.seconds = seconds
        self.token = token


class TimeLimit(Expired):
    """The whole audit's hard bound (``crawl.max_seconds`` plus the grace) passed."""


class _Deadline:
    def __init__(self, what: str, seconds: float, kind: type[Expired]) -> None:
        self.what = what
        self.seconds = seconds
        self.kind = kind
        self.at = time.monotonic() + seconds
        self.rang = False  # it rings once: its block then cleans up (closes a page, Chromium) unhurried


_active: list[_Deadline] = []


@contextmanager
def deadline(seconds: float, what: str, kind: type[Expired] = Expired) -> Iterator[_Deadline]:
    """Raise ``kind`` (an :class:`Expired`) if the block still runs ``seconds`` from now.

    The yielded handle is the ``token`` of the exception, so a caller can tell its own deadline from an
    outer one: ``except Expired as e: if e.token is mine: ...``.
    """
    if threading.current_thread() is not threading.main_thread():
        yield _Deadline(what, seconds, kind)
        return
    entry = _Deadline(what, seconds, kind)
    outermost = not _active
    if outermost:  # someone else's alarm (a test runner's timeout) waits until ours are done, then resumes
        previous = signal.signal(signal.SIGALRM, _ring)
        theirs, _interval = signal.getitimer(signal.ITIMER_REAL)
        since = time.monotonic()
    _active.append(entry)
    _arm()
    try:
        yield entry
    finally:
        _active.remove(entry)
        if _active:
            _arm()
        else:
            signal.setitimer(signal.ITIMER_REAL, 0)
            if outermost:
                signal.signal(signal.SIGALRM, previous)
                if theirs:
                    signal.setitimer(signal.ITIMER_REAL, max(0.001, theirs - (time.monotonic() - since)))


def _arm() -> None:
    waiting = [d.at for d in _active if not d.rang]
    if not waiting:
        signal.setitimer(signal.ITIMER_REAL, 0)
        return
    signal.setitimer(signal.ITIMER_REAL, max(0.001, min(waiting) - time.monotonic()))


def _ring(_signum: int, frame: FrameType | None) -> None:
    now = time.monotonic()
    due = [d for d in _active if not d.rang and d.at <= now + 0.001]
    if not due:
        _arm()
        return
    if not loop_waiting(frame):  # Playwright is mid-task (reading the driver, a route handler): a moment
        signal.setitimer(signal.ITIMER_REAL, _AGAIN_S)  # later it waits again, or our code runs
        return
    entry = due[0]  # the outermost that expired: the audit's bound is not taken for one action's
    entry.rang = True
    _arm()
    raise_in_our_code(entry.kind(entry.what, entry.seconds, entry))
