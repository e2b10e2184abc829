"""Deadlines (auditor.gather.watchdog): the one that expired is raised, nested ones keep their order, and
nothing rings after its block ended. A blocking wait stands in for a browser call that never answers."""

from __future__ import annotations

import signal
import threading
import time

import pytest

from auditor.gather.watchdog import Expired, TimeLimit, deadline


def _block(seconds: float) -> None:
    threading.Event().wait(seconds)  # interrupted by the alarm: returns only if no deadline rang


def test_a_block_that_outlives_its_deadline_is_cut_there() -> None:
    started = time.monotonic()
    with pytest.raises(Expired) as caught, deadline(0.05, "evaluate") as mine:
        _block(5)
    assert caught.value.token is mine and "evaluate" in str(caught.value)
    assert time.monotonic() - started < 1


def test_the_outer_deadline_wins_when_it_expires_inside_an_inner_one() -> None:
    with pytest.raises(TimeLimit) as caught, deadline(0.05, "the audit", TimeLimit) as outer, \
            deadline(5, "one action"):
        _block(5)
    assert caught.value.token is outer


def test_an_inner_deadline_is_its_own_and_the_outer_one_still_holds_after_it() -> None:
    with pytest.raises(TimeLimit), deadline(0.3, "the audit", TimeLimit):
        with pytest.raises(Expired) as inner_caught, deadline(0.05, "one action") as inner:
            _block(5)
        assert inner_caught.value.token is inner and not isinstance(inner_caught.value, TimeLimit)
        _block(5)


def test_a_block_done_in_time_is_not_disturbed_later_and_the_alarm_handler_is_restored() -> None:
    handler = signal.getsignal(signal.SIGALRM)
    with deadline(0.05, "quick"):
        pass
    _block(0.1)  # past the deadline: nothing may ring now
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) == handler


def test_an_expired_deadline_is_not_an_ordinary_exception() -> None:
    """`except Exception` around a browser call (a gatherer, a retry loop) must not swallow it."""
    assert not issubclass(Expired, Exception)


def test_an_alarm_set_by_someone_else_resumes_after_the_deadlines() -> None:
    """A test runner's or an embedding program's own SIGALRM timer is not cancelled by a deadline."""
    rang: list[int] = []

    def theirs(signum: int, _frame: object) -> None:
        rang.append(signum)

    old = signal.signal(signal.SIGALRM, theirs)
    try:
        signal.setitimer(signal.ITIMER_REAL, 5)
        with deadline(1, "quick"):
            pass
        left, _interval = signal.getitimer(signal.ITIMER_REAL)
        assert 3 < left <= 5 and rang == []
        assert signal.getsignal(signal.SIGALRM) is theirs
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
