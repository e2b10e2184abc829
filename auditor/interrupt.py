"""SIGINT and SIGTERM as :class:`~auditor.errors.Interrupted`, so a stopped audit still closes Chromium
and writes its partial report.

Python turns only SIGINT into an exception; SIGTERM would kill the process on the spot, before any
``finally`` runs. Both raise :class:`Interrupted` here, in the main thread's root greenlet, where our code
runs: Playwright's sync API rethrows it there itself when the signal fires while its event loop waits;
when it fires in one of the greenlets Playwright runs our callbacks in (a route handler), raising there
would only fail that callback, so it is thrown into the root greenlet instead. Only the first signal raises: a
second one (the group's SIGINT after our own SIGTERM, an impatient second Ctrl-C) would otherwise cut
short the cleanup the first one started.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

import greenlet

from .errors import Interrupted

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


@contextmanager
def stop_signals() -> Iterator[list[int]]:
    """Raise :class:`Interrupted` on the first SIGINT or SIGTERM while inside; yields the signals
    received. The previous handlers come back on exit."""
    received: list[int] = []

    def handler(signum: int, _frame: FrameType | None) -> None:
        received.append(signum)
        if len(received) > 1:
            return
        raise_in_our_code(Interrupted(signum))

    if threading.current_thread() is not threading.main_thread():  # only the main thread may set handlers
        yield received
        return
    previous = {sig: signal.signal(sig, handler) for sig in STOP_SIGNALS}
    try:
        yield received
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def raise_in_our_code(exc: BaseException) -> None:
    """Raise ``exc`` from a signal handler where our code will see it.

    In our code (the root greenlet) it is raised here. In Playwright's event-loop greenlet too: the
    exception leaves the loop, Playwright rethrows it into the sync call our code waits in and keeps the
    loop for the next call (raised there while the loop runs a task rather than waits, it would end that
    task: :mod:`auditor.gather.watchdog` rings only while the loop waits). In a greenlet Playwright runs a
    callback in (a route handler), raising would only fail that callback: it is thrown into the root
    greenlet instead.
    """
    current = greenlet.getcurrent()
    if current.parent is None or current.parent.parent is None:
        raise exc
    root = current.parent
    while root.parent is not None:
        root = root.parent
    root.throw(exc)


def loop_waiting(frame: FrameType | None) -> bool:
    """The signal came while our code ran, or while Playwright's event loop waited in its selector:
    where raising is safe (see :func:`raise_in_our_code`)."""
    current = greenlet.getcurrent()
    if current.parent is None:
        return True
    return current.parent.parent is None and frame is not None and frame.f_code.co_filename.endswith("selectors.py")
