"""A zarr ``LocalStore`` that records, in each process, the buffer classes it meets (for test_dask_cluster).

Workers import this module when they unpickle a :class:`SpyStore`; the client
reads each worker's record with ``client.run(seen)``.
"""

from __future__ import annotations

from typing import Any

from zarr.storage import LocalStore

__all__ = ["SpyStore", "clear", "seen"]

_SEEN: set[str] = set()


def _name(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def clear() -> None:
    """Forget what this process has seen."""
    _SEEN.clear()


def seen() -> list[str]:
    """``"set <class of the value>"`` and ``"get <class the prototype asked for>"``, for chunk keys."""
    return sorted(_SEEN)


def _record(what: str, key: str, cls: type) -> None:
    if not key.endswith("zarr.json"):
        _SEEN.add(f"{what} {_name(cls)}")


def _prototype(prototype: Any) -> Any:
    """The prototype zarr's stores use for *prototype* (``None``: zarr's default)."""
    from zarr.core.buffer import default_buffer_prototype

    return default_buffer_prototype() if prototype is None else prototype


class SpyStore(LocalStore):
    """``LocalStore`` that notes the classes of the values stored and the prototypes read with."""

    async def set(self, key: str, value: Any) -> None:
        _record("set", key, type(value))
        await super().set(key, value)

    def set_sync(self, key: str, value: Any) -> None:
        _record("set", key, type(value))
        super().set_sync(key, value)

    async def get(self, key: str, prototype: Any = None, byte_range: Any = None) -> Any:
        _record("get", key, _prototype(prototype).buffer)
        return await super().get(key, prototype, byte_range)

    def get_sync(self, key: str, *, prototype: Any = None, byte_range: Any = None) -> Any:
        _record("get", key, _prototype(prototype).buffer)
        return super().get_sync(key, prototype=prototype, byte_range=byte_range)
