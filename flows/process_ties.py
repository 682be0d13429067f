"""Child processes that must not outlive the process that started them: a death signal armed
at fork where we start the child, a watch inside it where a library does."""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time
from collections.abc import Callable

_PR_SET_PDEATHSIG = 1
#: How often an orphan watch checks that its process still has the parent it started with.
_ORPHAN_CHECK_SECONDS = 1.0


def die_with_this_process(sig: signal.Signals = signal.SIGTERM) -> Callable[[], None] | None:
    """A `preexec_fn` that has the kernel send `sig` to the child when this process dies,
    however it dies (Linux; None elsewhere).

    The signal follows the thread that forked the child, so it is only set when starting from
    the main thread, which lives as long as the process."""
    if not sys.platform.startswith("linux") or threading.current_thread() is not (
        threading.main_thread()
    ):
        return None
    prctl = ctypes.CDLL(None, use_errno=True).prctl  # looked up before the fork, not in it
    parent = os.getpid()

    def set_parent_death_signal() -> None:
        prctl(_PR_SET_PDEATHSIG, int(sig))
        if os.getppid() != parent:  # the parent died before the signal was armed
            os._exit(1)

    return set_parent_death_signal


def exit_when_orphaned(parent: int) -> None:
    """Exit this process, from a daemon thread, within a second of `parent` no longer being
    its parent: for children a library starts, where no `preexec_fn` can be given (a process
    pool's workers, which idle on after their pool's process is killed)."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(_ORPHAN_CHECK_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="xxgk-orphan-watch", daemon=True).start()
