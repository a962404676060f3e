"""What the kit checks: a target's classes, its capabilities and its foreign counterparts."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from bufferspec.conformance._core.capabilities import CAPABILITIES
from bufferspec.conformance._core.foreign import foreign_classes

__all__ = ["Target", "TargetError", "resolve_target", "safe_str"]

DEFAULT_TARGET = "bufferspec.cpu:buffer_prototype"
#: A class with at least one of these constructors is taken for a Buffer / NDBuffer class.
_BUFFER_CONSTRUCTORS = ("from_bytes", "from_array_like", "from_buffer", "create_zero_length")
_NDBUFFER_CONSTRUCTORS = ("create", "empty", "from_numpy_array", "from_ndarray_like")
_ABSENT = object()


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
    wrapper : callable or None
        The backend's own ``as_numpy_array_wrapper`` (as in
        ``zarr.buffer.cpu``), found beside the target; ``None`` skips the
        ``wrapper.*`` contracts.
    wrapper_module : str
        The module *wrapper* was found in (for reproducers).
    """

    name: str
    buffer: Any
    nd_buffer: Any
    capabilities: frozenset[str]
    foreign_buffer: Any
    foreign_nd_buffer: Any
    wrapper: Any = None
    wrapper_module: str = ""

    @property
    def import_lines(self) -> tuple[str, ...]:
        """Python lines that bind ``Buffer``/``NDBuffer`` to the target's classes in a reproducer."""
        lines = ["import numpy as np"]
        for alias, cls in (("Buffer", self.buffer), ("NDBuffer", self.nd_buffer)):
            if cls is not None:
                lines.append(f"from {cls.__module__} import {cls.__qualname__} as {alias}")
        return tuple(lines)


def _lookup(obj: object, name: str) -> Any:
    """``getattr(obj, name)``, or ``_ABSENT`` when that raises anything (a hostile ``__getattr__``)."""
    try:
        return getattr(obj, name)
    except Exception:  # noqa: BLE001 - absent, whatever the object says
        return _ABSENT


def _score(obj: object, constructors: Iterable[str]) -> int:
    """How many of *constructors* the class *obj* has (0 for anything that is not a class)."""
    if not isinstance(obj, type):
        return 0
    return sum(_lookup(obj, name) is not _ABSENT for name in constructors)


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
        attributes that are classes, such as zarr's), a Buffer class, an
        NDBuffer class, or a string ``"module:attr"`` naming one of those.  A
        class is taken for a Buffer class when it has at least one of
        ``from_bytes``, ``from_array_like``, ``from_buffer`` and
        ``create_zero_length``, for an NDBuffer class when it has one of
        ``create``, ``empty``, ``from_numpy_array`` and ``from_ndarray_like``.
        Members a half-written class lacks are reported contract by contract
        ("missing attribute X"): FAIL where the contract is about that member,
        ERROR where it only needs it.
    capabilities
        Override the declared capabilities.  By default the target is assumed
        to be host memory and writable; a backend can declare otherwise with a
        ``bufferspec_capabilities`` attribute (an iterable of names) on its
        Buffer or NDBuffer class.

    Raises
    ------
    TargetError
        If the string does not import, the object is none of the accepted
        kinds, or its declared capabilities are not an iterable of known names.
    """
    home: object = None  # the module the target was named in, where its wrapper is looked up first
    if isinstance(target, str):
        name = name or target
        spec = target
        target = _import_target(spec)
        home = sys.modules.get(spec.partition(":")[0])
    buffer: Any = None
    nd_buffer: Any = None
    pair = (_lookup(target, "buffer"), _lookup(target, "nd_buffer")) if not isinstance(target, type) else None
    if pair is not None and _ABSENT not in pair:
        buffer, nd_buffer = pair
        if _score(buffer, _BUFFER_CONSTRUCTORS) == 0:
            raise TargetError(f"target: the prototype's buffer {_safe_repr(buffer)} is not a Buffer class")
        if _score(nd_buffer, _NDBUFFER_CONSTRUCTORS) == 0:
            raise TargetError(f"target: the prototype's nd_buffer {_safe_repr(nd_buffer)} is not an NDBuffer class")
    else:
        as_buffer, as_nd_buffer = _score(target, _BUFFER_CONSTRUCTORS), _score(target, _NDBUFFER_CONSTRUCTORS)
        if as_buffer == as_nd_buffer == 0:
            raise TargetError(
                "target: expected a BufferPrototype, a Buffer class or an NDBuffer class "
                f"(or 'module:attr' naming one), got {_safe_repr(target)}"
            )
        if as_buffer == as_nd_buffer:
            raise TargetError(
                f"target: {_safe_repr(target)} has as many Buffer constructors ({', '.join(_BUFFER_CONSTRUCTORS)}) "
                f"as NDBuffer constructors ({', '.join(_NDBUFFER_CONSTRUCTORS)}); pass a prototype instead"
            )
        if as_buffer > as_nd_buffer:
            buffer = target
        else:
            nd_buffer = target
    if capabilities is None:
        declared: set[str] = {"host_memory", "writable"}
        for cls in (buffer, nd_buffer):
            extra = _lookup(cls, "bufferspec_capabilities") if cls is not None else None
            if extra is not None and extra is not _ABSENT:
                declared = _names(extra, f"{_safe_repr(cls)}.bufferspec_capabilities")
    else:
        declared = _names(capabilities, "capabilities")
    unknown = declared - CAPABILITIES
    if unknown:
        raise TargetError(f"capabilities: unknown names {sorted(unknown)}; known: {sorted(CAPABILITIES)}")
    if buffer is not None:
        declared.add("buffer")
    if nd_buffer is not None:
        declared.add("nd_buffer")
    wrapper, wrapper_module = _wrapper_beside(home, buffer)
    if wrapper is not None:
        declared.add("wrapper")
    foreign_buffer, foreign_nd_buffer = foreign_classes(buffer, nd_buffer)
    return Target(
        name=name or _describe(target),
        buffer=buffer,
        nd_buffer=nd_buffer,
        capabilities=frozenset(declared),
        foreign_buffer=foreign_buffer,
        foreign_nd_buffer=foreign_nd_buffer,
        wrapper=wrapper,
        wrapper_module=wrapper_module,
    )


def _wrapper_beside(home: object, buffer: Any) -> tuple[Any, str]:
    """The backend's ``as_numpy_array_wrapper`` and its module's name.

    Looked up in the module the target was named in, else in its Buffer
    class's module; ``(None, "")`` when there is none (or no Buffer class).
    """
    if buffer is None:
        return None, ""
    for module in (home, sys.modules.get(str(_lookup(buffer, "__module__")))):
        found = _lookup(module, "as_numpy_array_wrapper") if module is not None else _ABSENT
        if found is not _ABSENT and callable(found):
            return found, str(_lookup(module, "__name__"))
    return None, ""


def _names(value: object, argument: str) -> set[str]:
    """A set of capability names from an iterable of strings (not a single string)."""
    try:
        if isinstance(value, (str, bytes)):
            raise TypeError("a single string")
        names: set[object] = set(value)  # type: ignore[call-overload]
    except Exception:  # noqa: BLE001 - anything not iterable, or an iterator that raises
        raise TargetError(f"{argument}: expected an iterable of capability names, got {_safe_repr(value)}") from None
    strings = {item for item in names if isinstance(item, str)}
    if len(strings) != len(names):
        raise TargetError(f"{argument}: expected capability names (strings), got {_safe_repr(value)}")
    return strings


def _import_target(spec: str) -> object:
    module_name, sep, attr = spec.partition(":")
    if not sep or not module_name or not attr:
        raise TargetError(f"target: expected 'module:attr', got {spec!r}")
    try:
        module = importlib.import_module(module_name)
    except KeyboardInterrupt:
        raise
    except BaseException as exc:  # noqa: BLE001 - any import failure (SystemExit too) is a usage error
        raise TargetError(
            f"target: cannot import module {module_name!r}: {type(exc).__name__}: {safe_str(exc, 300)}"
        ) from None
    obj: object = module
    for part in attr.split("."):
        try:
            obj = getattr(obj, part)
        except AttributeError:
            raise TargetError(f"target: module {module_name!r} has no attribute {attr!r}") from None
        except Exception as exc:  # noqa: BLE001 - a module __getattr__ or property that raises
            raise TargetError(
                f"target: reading {attr!r} from module {module_name!r} raised {type(exc).__name__}: {safe_str(exc, 300)}"
            ) from None
    return obj


def safe_str(obj: object, limit: int = 1000) -> str:
    """``str(obj)``, never raising (a hostile ``__str__`` is reported, not propagated), at most *limit* characters."""
    try:
        text = str(obj)
    except Exception as exc:  # noqa: BLE001 - the object is the backend's
        text = f"<{type(obj).__name__} whose __str__ raised {type(exc).__name__}>"
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _safe_repr(obj: object) -> str:
    try:
        text = repr(obj)
    except Exception:  # noqa: BLE001 - a hostile __repr__
        return f"<{type(obj).__name__} object>"
    return text if len(text) <= 300 else text[:297] + "..."


def _describe(target: object) -> str:
    if isinstance(target, type):
        return f"{target.__module__}:{target.__qualname__}"
    return _safe_repr(target)
