"""Per-contract deadlines: interrupt a check that runs too long.

:func:`call_with_deadline` runs a function and, once *seconds* have passed,
raises :class:`DeadlineExpired` inside it, again every
:data:`REPEAT_INTERVAL` seconds for as long as it keeps running (a backend that
swallows the first one with a bare ``except:`` gets the next).  Two ways to get
the exception in:

- in the main thread on Unix, with ``signal.setitimer(ITIMER_REAL)`` and a
  ``SIGALRM`` handler: this also interrupts blocking calls such as
  ``time.sleep``;
- elsewhere (another thread, Windows, or when someone else's real-time timer
  is already armed, e.g. ``pytest-timeout`` in signal mode), a watchdog
  thread that injects the exception with CPython's
  ``PyThreadState_SetAsyncExc``: it lands at the next bytecode, so it stops
  pure-Python loops, but not a blocking call (``time.sleep``, a lock, a
  socket) until that returns.

Neither way can stop C code that never returns to the interpreter; the
isolated mode (``run(..., isolate=True)``) kills the worker process instead.
:class:`DeadlineExpired` derives from ``BaseException`` so that the backend's
``except Exception`` does not swallow it and Hypothesis neither retries nor
shrinks the example that hung.
"""

from __future__ import annotations

import ctypes
import signal
import sys
import threading
from collections.abc import Callable
from typing import Any, TypeVar

__all__ = ["DEFAULT_DEADLINE", "REPEAT_INTERVAL", "DeadlineExpired", "call_with_deadline", "check_deadline"]

#: Seconds one contract may run (all examples of a property contract together).
DEFAULT_DEADLINE = 60.0

#: After the first interruption, seconds between further ones while the function keeps running.
REPEAT_INTERVAL = 1.0

_T = TypeVar("_T")


class DeadlineExpired(BaseException):  # noqa: N818 - it is the event, not an error of the caller
    """Raised inside a check whose deadline has passed."""


def check_deadline(deadline: float | None, argument: str = "deadline") -> float | None:
    """Validate a deadline: ``None`` (no deadline) or a positive, finite number of seconds.

    Raises
    ------
    TypeError
        If *deadline* is neither None nor a real number.
    ValueError
        If *deadline* is not positive and finite.
    """
    if deadline is None:
        return None
    if isinstance(deadline, bool) or not isinstance(deadline, (int, float)):
        raise TypeError(f"{argument}: expected a number of seconds or None, got {deadline!r}")
    seconds = float(deadline)
    if not 0 < seconds < float("inf"):
        raise ValueError(f"{argument}: expected a positive number of seconds (or None for no deadline), got {deadline!r}")
    return seconds


def call_with_deadline(function: Callable[[], _T], seconds: float | None) -> _T:
    """``function()``, interrupted with :class:`DeadlineExpired` after *seconds* (None: never).

    Whatever the function raises propagates unchanged; no interruption is
    delivered after this returns or raises.
    """
    if seconds is None:
        return function()
    owner = sys._getframe()
    guard: _Guard = _SignalGuard(owner) if _SignalGuard.usable() else _WatchdogGuard(owner)
    try:
        try:
            guard.arm(seconds)
            return function()
        finally:
            _disarm(guard)
    finally:
        _disarm(guard)  # in case an interruption landed before the first one ran


def _disarm(guard: _Guard) -> None:
    # An interruption already on its way may land while disarming; disarming is
    # idempotent, so retry until it completes.  Afterwards none can land.
    while True:
        try:
            guard.disarm()
            return
        except DeadlineExpired:
            continue


def _below(frame: Any, owner: object) -> bool:
    """Whether *frame* runs inside (strictly below) the frame *owner*: only there may the exception land."""
    current = frame
    while current is not None:
        if current is owner:
            return frame is not owner
        current = current.f_back
    return False


class _Guard:
    def __init__(self, owner: object) -> None:
        self.owner = owner
        self.armed = False

    def arm(self, seconds: float) -> None:
        raise NotImplementedError

    def disarm(self) -> None:
        raise NotImplementedError


class _SignalGuard(_Guard):
    """SIGALRM from a real-time interval timer; main thread on Unix only."""

    def __init__(self, owner: object) -> None:
        super().__init__(owner)
        self.previous: Any = None
        self.seconds = 0.0

    @staticmethod
    def usable() -> bool:
        if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
            return False
        # Someone else's timer (pytest-timeout, an outer deadline) is running: do not steal it.
        return signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)

    def _handler(self, signum: int, frame: object) -> None:
        if self.armed and _below(frame, self.owner):
            raise DeadlineExpired(f"interrupted: the deadline of {self.seconds:g} s has passed")

    def arm(self, seconds: float) -> None:
        self.seconds = seconds
        self.previous = signal.signal(signal.SIGALRM, self._handler)
        self.armed = True
        signal.setitimer(signal.ITIMER_REAL, seconds, REPEAT_INTERVAL)

    def disarm(self) -> None:
        signal.setitimer(signal.ITIMER_REAL, 0)
        self.armed = False
        if self.previous is not None:
            signal.signal(signal.SIGALRM, self.previous)
            self.previous = None


class _WatchdogGuard(_Guard):
    """A thread that injects the exception into the checking thread."""

    def __init__(self, owner: object) -> None:
        super().__init__(owner)
        self.lock = threading.Lock()
        self.done = threading.Event()
        self.thread_id = threading.get_ident()
        self.inject = _async_raiser()

    def arm(self, seconds: float) -> None:
        if self.inject is None:
            return  # no way to interrupt a thread on this interpreter: the deadline cannot be enforced
        self.armed = True
        threading.Thread(target=self._watch, args=(seconds,), name="bufferspec-deadline", daemon=True).start()

    def _watch(self, seconds: float) -> None:
        wait = seconds
        while not self.done.wait(wait):
            with self.lock:
                if not self.armed:
                    return
                assert self.inject is not None
                if _below(sys._current_frames().get(self.thread_id), self.owner):
                    self.inject(self.thread_id, DeadlineExpired)
            wait = REPEAT_INTERVAL

    def disarm(self) -> None:
        with self.lock:
            self.armed = False
            if self.inject is not None:
                self.inject(self.thread_id, None)  # drop one that is pending, not yet delivered
        self.done.set()


def _async_raiser() -> Callable[[int, type[BaseException] | None], None] | None:
    """CPython's ``PyThreadState_SetAsyncExc`` as a function, or None elsewhere."""
    api = getattr(ctypes, "pythonapi", None)
    if api is None or sys.implementation.name != "cpython":
        return None
    set_async_exc = api.PyThreadState_SetAsyncExc

    def inject(thread_id: int, exception: type[BaseException] | None) -> None:
        payload = None if exception is None else ctypes.py_object(exception)
        set_async_exc(ctypes.c_ulong(thread_id), payload)

    return inject
