"""Hostile backends: half-written or misbehaving code the kit must survive and report.

Unlike the mutants of :mod:`conformance.backends.broken`, which each break one
rule politely, these attack the kit itself: they raise, return the wrong
thing, hang, crash the interpreter, eat memory, or lack half the protocol.
``tests/test_conformance_hostile.py`` checks that every run still finishes in
bounded time with a complete report in which the right contracts FAIL or
ERROR, with the right reason, and the others are unaffected.

Most of them misbehave in ``to_bytes``, which only the ``buffer.to_bytes.*``
contracts are about, or in ``from_bytes``, which almost every Buffer contract
uses to make its inputs (a set-up step).

The classes marked *isolate only* must never be checked in-process: they kill
or block the interpreter; ``run(..., isolate=True)`` reports them.
"""

from __future__ import annotations

import ctypes
import itertools
import os
import sys
import time
from typing import Any, NoReturn

import numpy as np

from bufferspec import cpu, protocols

__all__ = [
    "CapabilitiesNotIterable",
    "FromBytesRaises",
    "FromBytesReturnsNone",
    "HalfBuffer",
    "InitSubclassRaises",
    "InstanceGetattrRaises",
    "MetaGetattrRaises",
    "NotABackend",
    "ToBytesEatsMemory",
    "ToBytesExitsProcess",
    "ToBytesHangs",
    "ToBytesHangsInC",
    "ToBytesRaises",
    "ToBytesRaisesUnprintable",
    "ToBytesReturnsStr",
    "ToBytesSegfaults",
    "ToBytesSleeps",
    "ToBytesSwallowsInterrupt",
    "ToBytesSystemExit",
    "prototype_with_raising_buffer",
    "segfaulting_prototype",
]


# -- exceptions, wrong return values -------------------------------------------------------


class ToBytesRaises(cpu.Buffer):
    """``to_bytes`` is not written yet."""

    __slots__ = ()

    def to_bytes(self) -> bytes:
        raise RuntimeError("to_bytes is not implemented yet")


class FromBytesRaises(cpu.Buffer):
    """``from_bytes``, the constructor nearly every check uses, is not written yet."""

    __slots__ = ()

    @classmethod
    def from_bytes(cls, bytes_like: Any) -> Any:
        raise NotImplementedError("from_bytes is not implemented yet")


class UnprintableError(Exception):
    """An exception whose message cannot be computed."""

    def __str__(self) -> str:
        raise ValueError("no message for you")


class ToBytesRaisesUnprintable(cpu.Buffer):
    """``to_bytes`` raises an exception whose ``__str__`` raises too."""

    __slots__ = ()

    def to_bytes(self) -> bytes:
        raise UnprintableError


class ToBytesReturnsStr(cpu.Buffer):
    """``to_bytes`` returns ``str`` instead of ``bytes``."""

    __slots__ = ()

    def to_bytes(self) -> Any:
        return super().to_bytes().decode("latin-1")


class FromBytesReturnsNone(cpu.Buffer):
    """``from_bytes`` forgets its ``return``."""

    __slots__ = ()

    @classmethod
    def from_bytes(cls, bytes_like: Any) -> Any:
        super().from_bytes(bytes_like)
        return None


class ToBytesSystemExit(cpu.Buffer):
    """``to_bytes`` calls ``sys.exit()``, which must not end the run."""

    __slots__ = ()

    def to_bytes(self) -> bytes:
        sys.exit(0)


# -- hangs -----------------------------------------------------------------------------------


def _spin() -> int:
    count = 0
    while True:
        count += 1


class ToBytesHangs(cpu.Buffer):
    """``to_bytes`` loops forever in Python."""

    __slots__ = ()

    def to_bytes(self) -> bytes:
        _spin()
        return b""  # pragma: no cover - never reached


class ToBytesSleeps(cpu.Buffer):
    """``to_bytes`` blocks in a system call for a very long time."""

    __slots__ = ()

    def to_bytes(self) -> bytes:
        time.sleep(10**6)
        return b""  # pragma: no cover


class ToBytesSwallowsInterrupt(cpu.Buffer):
    """``to_bytes`` loops forever and swallows the first interruption with a bare ``except``."""

    __slots__ = ()

    def to_bytes(self) -> bytes:
        try:
            _spin()
        except BaseException:  # noqa: BLE001 - hostile on purpose
            pass
        _spin()
        return b""  # pragma: no cover


class ToBytesHangsInC(cpu.Buffer):
    """*Isolate only*: ``to_bytes`` loops forever inside C code, never back in the interpreter."""

    __slots__ = ()

    def to_bytes(self) -> bytes:
        return bytes(sum(itertools.repeat(0)))


# -- crashes (isolate only) ------------------------------------------------------------------


class ToBytesSegfaults(cpu.Buffer):
    """*Isolate only*: ``to_bytes`` reads address 0 (SIGSEGV)."""

    __slots__ = ()

    def to_bytes(self) -> bytes:
        return ctypes.string_at(0)  # strlen(NULL)


class ToBytesExitsProcess(cpu.Buffer):
    """*Isolate only*: ``to_bytes`` ends the process without unwinding (``os._exit(3)``)."""

    __slots__ = ()

    def to_bytes(self) -> NoReturn:
        os._exit(3)


class ToBytesEatsMemory(cpu.Buffer):
    """*Isolate only*: ``to_bytes`` allocates 64 MiB blocks until memory runs out."""

    __slots__ = ()

    def to_bytes(self) -> bytes:
        hoard = []
        while True:
            hoard.append(np.ones(2**26, np.uint8))


# -- half-written classes and hostile attribute access ---------------------------------------


class HalfBuffer:
    """A Buffer class that has ``from_bytes``, ``as_numpy_array`` and ``__len__`` and nothing else."""

    def __init__(self, data: np.ndarray[Any, np.dtype[np.uint8]]) -> None:
        self._data = data

    @classmethod
    def from_bytes(cls, bytes_like: Any) -> HalfBuffer:
        return cls(np.frombuffer(bytes_like, np.uint8).copy())

    def as_numpy_array(self) -> np.ndarray[Any, np.dtype[np.uint8]]:
        return self._data

    def __len__(self) -> int:
        return int(self._data.size)


class InitSubclassRaises(cpu.NDBuffer):
    """An NDBuffer that refuses to be subclassed."""

    __slots__ = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        raise TypeError(f"{cls.__name__}: InitSubclassRaises cannot be subclassed")


class InstanceGetattrRaises(cpu.Buffer):
    """Looking up any attribute a buffer does not have raises RuntimeError, not AttributeError."""

    __slots__ = ()

    def __getattr__(self, name: str) -> Any:
        raise RuntimeError(f"no attribute {name!r} here, and no AttributeError either")


class _RaisingMeta(type):
    def __getattr__(cls, name: str) -> Any:
        raise RuntimeError(f"class attribute {name!r} is not available")


class MetaGetattrRaises(cpu.Buffer, metaclass=_RaisingMeta):
    """Looking up any attribute the class does not have raises RuntimeError (through its metaclass)."""

    __slots__ = ()


class CapabilitiesNotIterable(cpu.Buffer):
    """Declares its capabilities as a number."""

    __slots__ = ()
    bufferspec_capabilities = 42


class NotABackend:
    """Neither a prototype nor a buffer class."""

    def to_bytes(self) -> bytes:
        return b""


class _RaisingPrototype:
    """A prototype whose ``buffer`` attribute raises when read."""

    nd_buffer = cpu.NDBuffer

    @property
    def buffer(self) -> Any:
        raise RuntimeError("the buffer class is still being written")

    def __repr__(self) -> str:
        raise RuntimeError("no repr either")


prototype_with_raising_buffer = _RaisingPrototype()


#: *Isolate only*: a prototype whose Buffer crashes in ``to_bytes`` and whose NDBuffer is the reference,
#: so a run over both shows the NDBuffer contracts passing after the Buffer ones crashed the worker.
segfaulting_prototype = protocols.BufferPrototype(buffer=ToBytesSegfaults, nd_buffer=cpu.NDBuffer)
