"""Peak memory of the whole process tree (this Python, Playwright's node driver, every Chromium process).

PSS (proportional set size) divides each shared page by the number of processes mapping it, so summing it
over Chromium's processes does not count the shared libraries and V8 snapshot eight times, as RSS would.
Sampled by a daemon thread (psutil ``memory_full_info().pss``, Linux); the peak is what a run reports.
"""

from __future__ import annotations

import os
import threading
from types import TracebackType

import psutil

MB = 1024 * 1024


def tree_pss(root: psutil.Process | None = None) -> int:
    """Bytes of PSS of ``root`` (default: this process) and all its descendants, right now."""
    root = root or psutil.Process(os.getpid())
    total = 0
    try:
        procs = [root, *root.children(recursive=True)]
    except psutil.Error:
        return 0
    for proc in procs:
        try:
            total += int(getattr(proc.memory_full_info(), "pss", 0))
        except psutil.Error:  # exited between listing and reading, or not ours to read
            continue
    return total


class PeakPss:
    """``with PeakPss(pid) as mem: ...`` then ``mem.peak_mb``: the highest PSS of ``pid``'s tree seen inside."""

    def __init__(self, root_pid: int | None = None, interval_s: float = 0.25) -> None:
        self.interval_s = interval_s
        self.peak = 0
        self.samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="pss-sampler", daemon=True)
        self._root = psutil.Process(root_pid or os.getpid())

    def _run(self) -> None:
        while True:
            self.sample()
            if self._stop.wait(self.interval_s):
                return

    def sample(self) -> None:
        value = tree_pss(self._root)
        self.samples += 1
        self.peak = max(self.peak, value)

    @property
    def peak_mb(self) -> float:
        return round(self.peak / MB, 1)

    def __enter__(self) -> PeakPss:
        self._thread.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self.sample()  # one last look, in case the run was shorter than an interval
