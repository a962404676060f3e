"""What the kit checks: a target's classes, its capabilities and its foreign counterparts."""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

__all__ = ["Target", "TargetError", "resolve_target"]

DEFAULT_TARGET = "bufferspec.cpu:buffer_prototype"
_BUFFER_MEMBERS = ("from_bytes", "from_array_like", "from_buffer", "create_zero_length", "as_numpy_array")
_NDBUFFER_MEMBERS = ("create", "empty", "from_numpy_array", "from_ndarray_like", "as_numpy_array")


class TargetError(ValueError):
    """The target cannot be checked: it does not import or is not a prototype or buffer class."""


@dataclass(frozen=True)
class Target:
    """A backend under test.

    Attributes
    ----------
    name : str
        How the target is shown in reports (``module:attr`` or the class name).
    buffer, nd_buffer : type or None
        The Buffer and NDBuffer classes; a missing one skips its contracts.
    capabilities : frozenset of str
        What the backend can do (see ``bufferspec.conformance.CAPABILITIES``).
    foreign_buffer, foreign_nd_buffer : type
        Conforming classes of a *different* implementation, used by the
        interoperability contracts.
    """

    name: str
    buffer: Any
    nd_buffer: Any
    capabilities: frozenset[str]
    foreign_buffer: Any
    foreign_nd_buffer: Any

    @property
    def import_lines(self) -> tuple[str, ...]:
        """Python lines that bind ``Buffer``/``NDBuffer`` to the target's classes in a reproducer."""
        lines = ["import numpy as np"]
        for alias, cls in (("Buffer", self.buffer), ("NDBuffer", self.nd_buffer)):
            if cls is not None:
                lines.append(f"from {cls.__module__} import {cls.__qualname__} as {alias}")
        return tuple(lines)


def _looks_like(obj: object, members: Iterable[str]) -> bool:
    return isinstance(obj, type) and all(hasattr(obj, name) for name in members)


def resolve_target(
    target: object,
    *,
    capabilities: Iterable[str] | None = None,
    name: str | None = None,
) -> Target:
    """Turn a prototype, a Buffer class, an NDBuffer class or a ``"module:attr"`` string into a Target.

    Parameters
    ----------
    target
        A ``BufferPrototype`` (or any object with ``buffer`` and ``nd_buffer``
        attributes, such as zarr's), a Buffer class, an NDBuffer class, or a
        string ``"module:attr"`` naming one of those.
    capabilities
        Override the declared capabilities.  By default the target is assumed
        to be host memory and writable; a backend can declare otherwise with a
        ``bufferspec_capabilities`` attribute (an iterable of names) on its
        Buffer or NDBuffer class.

    Raises
    ------
    TargetError
        If the string does not import, or the object is none of the accepted kinds.
    """
    from bufferspec.conformance._contract import CAPABILITIES

    if isinstance(target, str):
        name = name or target
        target = _import_target(target)
    buffer: Any = None
    nd_buffer: Any = None
    if hasattr(target, "buffer") and hasattr(target, "nd_buffer") and not isinstance(target, type):
        buffer, nd_buffer = target.buffer, target.nd_buffer
        if not _looks_like(buffer, _BUFFER_MEMBERS):
            raise TargetError(f"target: the prototype's buffer {buffer!r} is not a Buffer class")
        if not _looks_like(nd_buffer, _NDBUFFER_MEMBERS):
            raise TargetError(f"target: the prototype's nd_buffer {nd_buffer!r} is not an NDBuffer class")
    elif _looks_like(target, _BUFFER_MEMBERS):
        buffer = target
    elif _looks_like(target, _NDBUFFER_MEMBERS):
        nd_buffer = target
    else:
        raise TargetError(
            "target: expected a BufferPrototype, a Buffer class or an NDBuffer class "
            f"(or 'module:attr' naming one), got {target!r}"
        )
    if capabilities is None:
        declared: set[str] = {"host_memory", "writable"}
        for cls in (buffer, nd_buffer):
            extra = getattr(cls, "bufferspec_capabilities", None)
            if extra is not None:
                declared = set(extra)
    else:
        declared = set(capabilities)
    unknown = declared - CAPABILITIES
    if unknown:
        raise TargetError(f"capabilities: unknown names {sorted(unknown)}; known: {sorted(CAPABILITIES)}")
    if buffer is not None:
        declared.add("buffer")
    if nd_buffer is not None:
        declared.add("nd_buffer")
    foreign_buffer, foreign_nd_buffer = _foreign_for(buffer, nd_buffer)
    return Target(
        name=name or _describe(target),
        buffer=buffer,
        nd_buffer=nd_buffer,
        capabilities=frozenset(declared),
        foreign_buffer=foreign_buffer,
        foreign_nd_buffer=foreign_nd_buffer,
    )


def _foreign_for(buffer: Any, nd_buffer: Any) -> tuple[Any, Any]:
    """The reference classes, or the kit's own independent classes when checking the reference."""
    from bufferspec import cpu
    from bufferspec.conformance import _foreign

    reference = (
        isinstance(buffer, type) and issubclass(buffer, cpu.Buffer)
    ) or (isinstance(nd_buffer, type) and issubclass(nd_buffer, cpu.NDBuffer))
    if reference:
        return _foreign.PlainBuffer, _foreign.PlainNDBuffer
    return cpu.Buffer, cpu.NDBuffer


def _import_target(spec: str) -> object:
    module_name, sep, attr = spec.partition(":")
    if not sep or not module_name or not attr:
        raise TargetError(f"target: expected 'module:attr', got {spec!r}")
    try:
        module = importlib.import_module(module_name)
    except Exception as exc:  # any import failure is a usage error, not a crash
        raise TargetError(f"target: cannot import module {module_name!r}: {type(exc).__name__}: {exc}") from None
    obj: object = module
    for part in attr.split("."):
        try:
            obj = getattr(obj, part)
        except AttributeError:
            raise TargetError(f"target: module {module_name!r} has no attribute {attr!r}") from None
    return obj


def _describe(target: object) -> str:
    if isinstance(target, type):
        return f"{target.__module__}:{target.__qualname__}"
    return repr(target)
