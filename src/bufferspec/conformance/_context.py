"""The object a check works through: constructors that record a reproducer, and assertions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NoReturn

import numpy as np
import numpy.typing as npt

from bufferspec.conformance._contract import ContractFailure
from bufferspec.conformance._target import Target

__all__ = ["CheckContext"]


def _literal(value: object) -> str:
    """Python source that rebuilds *value* (bytes, numbers, NumPy arrays and scalars)."""
    if isinstance(value, np.ndarray):
        if value.dtype.names is None and value.dtype.kind not in "OT":
            return f"np.array({value.tolist()!r}, dtype={value.dtype.str!r})"
        return f"np.array({value.tolist()!r}, dtype={value.dtype.descr!r})"
    if isinstance(value, np.generic):
        return f"np.array({value.item()!r}, dtype={value.dtype.str!r})[()]"
    if isinstance(value, np.dtype):
        return repr(value.str if value.names is None else value.descr)
    return repr(value)


class CheckContext:
    """What a contract check sees: the target, recording constructors and assertion helpers.

    Inputs are made only through the target's own constructors, and results
    are read back only through ``as_numpy_array``, so the same check runs on
    host and device backends.  Every constructor call is recorded as a line of
    the reproducer shown when the check fails.
    """

    def __init__(self, target: Target, draw: Callable[[Any], Any] | None = None) -> None:
        self.target = target
        self._draw = draw
        self.lines: list[str] = []
        self.draws: list[tuple[str, str]] = []
        self._names: dict[str, int] = {}

    # -- classes ---------------------------------------------------------------------

    @property
    def Buffer(self) -> Any:  # noqa: N802 - reads like the class it is
        """The target's Buffer class."""
        return self.target.buffer

    @property
    def NDBuffer(self) -> Any:  # noqa: N802
        """The target's NDBuffer class."""
        return self.target.nd_buffer

    @property
    def has(self) -> frozenset[str]:
        """The target's capabilities."""
        return self.target.capabilities

    # -- inputs ----------------------------------------------------------------------

    def draw(self, strategy: Any, label: str) -> Any:
        """Draw an input from a Hypothesis strategy; it is shown in the counterexample."""
        if self._draw is None:
            raise RuntimeError(f"draw({label!r}) used in a check not registered with examples=True")
        value = self._draw(strategy)
        self.draws.append((label, _literal(value)))
        return value

    def name(self, stem: str) -> str:
        """A fresh variable name for the reproducer (``buf``, ``buf2``, ...)."""
        count = self._names.get(stem, 0) + 1
        self._names[stem] = count
        return stem if count == 1 else f"{stem}{count}"

    def record(self, line: str) -> None:
        """Add a statement to the reproducer."""
        self.lines.append(line)

    def call(self, source: str, function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Call *function* and record *source* (the same call, as Python) in the reproducer."""
        self.record(source)
        return function(*args, **kwargs)

    def buffer(self, data: bytes, *, cls: Any = None, writable: bool | None = None) -> Any:
        """A Buffer of the target (or *cls*) with these bytes, made with ``from_bytes``.

        ``writable=True`` passes a ``bytearray`` (the buffer can be written to),
        ``False`` passes ``bytes``; by default writable when the target is.
        """
        cls = self.Buffer if cls is None else cls
        if writable is None:
            writable = "writable" in self.has
        source = bytearray(data) if writable else bytes(data)
        name = self.name("buf")
        alias = "Buffer" if cls is self.Buffer else self._import(cls)
        self.record(f"{name} = {alias}.from_bytes({source!r})")
        return cls.from_bytes(source)

    def ndbuffer(self, array: npt.NDArray[Any], *, cls: Any = None) -> Any:
        """An NDBuffer of the target (or *cls*) with a copy of *array*, made with ``from_numpy_array``."""
        cls = self.NDBuffer if cls is None else cls
        name = self.name("nd")
        alias = "NDBuffer" if cls is self.NDBuffer else self._import(cls)
        self.record(f"{name} = {alias}.from_numpy_array({_literal(array)})")
        return cls.from_numpy_array(array.copy())

    def _import(self, cls: Any) -> str:
        """Record an import of *cls* (once) and return the name it is bound to."""
        alias = f"{cls.__name__}_"
        line = f"from {cls.__module__} import {cls.__qualname__.split('.')[0]} as {alias}"
        if line not in self.lines:
            self.record(line)
        rest = cls.__qualname__.split(".", 1)[1:]
        return alias + (f".{rest[0]}" if rest else "")

    # -- reading back ------------------------------------------------------------------

    def host(self, buffer: Any, what: str = "as_numpy_array()") -> npt.NDArray[Any]:
        """``buffer.as_numpy_array()``, checked to be a NumPy array."""
        array = buffer.as_numpy_array()
        if not isinstance(array, np.ndarray):
            self.fail(f"{what} returned {type(array).__name__}, expected numpy.ndarray")
        return array

    def host_bytes(self, buffer: Any) -> bytes:
        """The bytes of a Buffer, read through ``as_numpy_array()``."""
        array = self.host(buffer)
        if array.dtype != np.uint8 or array.ndim != 1:
            self.fail(f"as_numpy_array() gave dtype {array.dtype} ndim {array.ndim}, expected 1-d uint8")
        return array.tobytes()

    # -- assertions ------------------------------------------------------------------

    def fail(self, message: str) -> NoReturn:
        """Report a violation of the contract being checked."""
        raise ContractFailure(message)

    def expect(self, condition: object, message: str) -> None:
        """Fail with *message* unless *condition* is true."""
        if not condition:
            self.fail(message)

    def expect_type(self, obj: object, cls: Any, what: str) -> None:
        """Fail unless ``type(obj) is cls``."""
        if type(obj) is not cls:
            self.fail(f"{what} is {type(obj).__qualname__}, expected {getattr(cls, '__qualname__', cls)}")

    def expect_raises(
        self,
        exceptions: type[BaseException] | tuple[type[BaseException], ...],
        function: Callable[[], object],
        *,
        what: str,
        argument: str | None = None,
    ) -> BaseException:
        """Fail unless ``function()`` raises one of *exceptions* (whose message names *argument*)."""
        try:
            function()
        except exceptions as exc:
            if argument is not None and argument not in str(exc):
                self.fail(f"{what} raised {type(exc).__name__}({str(exc)!r}) which does not name {argument!r}")
            return exc
        except Exception as exc:
            expected = exceptions if isinstance(exceptions, tuple) else (exceptions,)
            names = "/".join(e.__name__ for e in expected)
            self.fail(f"{what} raised {type(exc).__name__}: {exc}, expected {names}")
        expected = exceptions if isinstance(exceptions, tuple) else (exceptions,)
        self.fail(f"{what} did not raise {'/'.join(e.__name__ for e in expected)}")

    def expect_shares_memory(self, a: npt.NDArray[Any], b: npt.NDArray[Any], what: str) -> None:
        """Fail unless the two host arrays share memory (a zero-copy contract)."""
        if a.size and b.size and not np.shares_memory(a, b):
            self.fail(f"{what} copied the data (no shared memory)")

    def expect_no_shared_memory(self, a: npt.NDArray[Any], b: npt.NDArray[Any], what: str) -> None:
        """Fail if the two host arrays share memory (a must-copy contract)."""
        if a.size and b.size and np.shares_memory(a, b):
            self.fail(f"{what} shares memory with its input, expected a copy")

    # -- reporting -----------------------------------------------------------------------

    def reproducer(self) -> str:
        """A copy-paste Python snippet rebuilding the failing inputs."""
        return "\n".join((*self.target.import_lines, *self.lines))

    def counterexample(self) -> str:
        """The drawn inputs, ``label=value`` separated by commas."""
        return ", ".join(f"{label}={value}" for label, value in self.draws)
