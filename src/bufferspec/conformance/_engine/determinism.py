"""Runs that depend only on the kit, the backend and the seed: no constants from the caller's modules.

Hypothesis (6.131 and later) now and then draws a constant it found in the
source of the *local* modules loaded in the process: the backend's own
module, the caller's script, the user's other code.  That is good for bug
hunting in one's own tests, but it makes a contract's examples depend on who
calls the kit and on what happens to be imported, so the same
``run(target, seed=...)`` could draw other examples (and take other times) in
another script or pytest session, and a backend's constants could steer the
kit.  :func:`without_local_constants` turns that one source off around a
contract's Hypothesis run; Hypothesis's fixed global constants stay.

Hypothesis has no setting for this, so the switch touches two internals of
``hypothesis.internal.conjecture.providers`` (``_get_local_constants`` and
``CONSTANTS_CACHE``), restored afterwards.  When a Hypothesis release changes
them, the switch does nothing (and the determinism test says so) rather than
break a run.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from typing import Any

__all__ = ["local_constants_switchable", "without_local_constants"]

_LOCK = threading.RLock()


def _providers() -> Any:
    try:
        from hypothesis.internal.conjecture import providers
    except ImportError:  # pragma: no cover - a Hypothesis without the module
        return None
    if not all(hasattr(providers, name) for name in ("_get_local_constants", "CONSTANTS_CACHE", "Constants")):
        return None
    if not hasattr(providers.CONSTANTS_CACHE, "max_size"):
        return None
    return providers


def local_constants_switchable() -> bool:
    """Whether this Hypothesis has the local-constants source that :func:`without_local_constants` turns off."""
    return _providers() is not None


def _no_constants(providers: Any) -> Any:
    empty = getattr(providers, "_bufferspec_empty_constants", None)
    if empty is None:
        template = providers.GLOBAL_CONSTANTS
        empty = providers.Constants(
            integers=type(template.integers)(),
            floats=type(template.floats)(key=template.floats.key),
            bytes=type(template.bytes)(),
            strings=type(template.strings)(),
        )
        providers._bufferspec_empty_constants = empty
    return empty


@contextlib.contextmanager
def without_local_constants() -> Iterator[None]:
    """Within the block, Hypothesis draws no constants from the source of loaded local modules."""
    providers = _providers()
    if providers is None:
        yield
        return
    with _LOCK:
        empty = _no_constants(providers)
        original, cache = providers._get_local_constants, providers.CONSTANTS_CACHE
        # A fresh cache of (global, local) pools: the caller's holds pools with its local constants.
        providers.CONSTANTS_CACHE = type(cache)(cache.max_size)
        providers._get_local_constants = lambda *args, **kwargs: empty
        try:
            yield
        finally:
            providers._get_local_constants, providers.CONSTANTS_CACHE = original, cache
