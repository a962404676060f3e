"""Step builders of the Buffer contracts: make a buffer, expect its bytes, type, memory; the prototype step.

Each builder adds recorded steps to a check (see :class:`~bufferspec.conformance.CheckContext`):
its source runs and is the reproducer.  Arguments named *what* are f-string bodies naming the
operation in messages; literal text in them goes through :func:`~bufferspec.conformance._core.context.esc`.
"""

from __future__ import annotations

from bufferspec.conformance._core.context import CheckContext, esc, fstring
from bufferspec.conformance._core.source import source_of
from bufferspec.protocols import BufferPrototype

__all__ = [
    "bytes_argument",
    "drawn_bytes_argument",
    "edge_keys",
    "expect_bytes",
    "expect_bytes_unchanged",
    "expect_shares_memory",
    "expect_type",
    "fail_on_error",
    "make",
    "make_foreign",
    "make_prototype",
]


def bytes_argument(data: bytes, *, writable: bool) -> str:
    """The source of the argument :func:`make` passes: ``bytearray(...)`` when writable, else ``bytes``."""
    return source_of(bytearray(data) if writable else bytes(data))


def make(ctx: CheckContext, name: str, data: bytes, *, cls: str = "Buffer", writable: bool | None = None) -> None:
    """Step ``name = cls.from_bytes(data)``; *data* as a ``bytearray`` when writable (default: when the target is)."""
    if writable is None:
        writable = "writable" in ctx.has
    ctx.run(f"{name} = {cls}.from_bytes({bytes_argument(data, writable=writable)})")


def make_foreign(ctx: CheckContext, name: str, data: bytes, *, writable: bool | None = None) -> None:
    """Step ``name = ForeignBuffer.from_bytes(data)``: a Buffer of another conforming implementation."""
    make(ctx, name, data, cls="ForeignBuffer", writable=writable)


def expect_bytes(ctx: CheckContext, expr: str, expected: str, what: str) -> None:
    """Steps: ``got = host_bytes(expr)``, then ``got`` must equal the expression *expected*.

    *what* names the buffer in the message (an f-string body).
    """
    ctx.run(f"got = host_bytes({expr})")
    ctx.check(f"got == {expected}", f"{what} holds {{got!r}}, expected {{{expected}!r}}")


def expect_type(ctx: CheckContext, expr: str, what: str, cls: str = "Buffer") -> None:
    """Step: ``type(expr) is cls`` (*expr* a name or an expression without side effects)."""
    ctx.check(f"type({expr}) is {cls}",
              f"{what} is {{type({expr}).__qualname__}}, expected {{{cls}.__qualname__}}")


def expect_bytes_unchanged(ctx: CheckContext, name: str, before: bytes, what: str) -> None:
    """Step: after an operation that raised, *name* still holds *before*."""
    ctx.run(f"after = host_bytes({name})")
    ctx.check(f"after == {before!r}", f"{what} changed {name} from {esc(repr(before))} to {{after!r}}")


def expect_shares_memory(ctx: CheckContext, a: str, b: str, what: str) -> None:
    """Step: the host arrays *a* and *b* share memory (a zero-copy contract); empty arrays pass."""
    ctx.check(f"{a}.size == 0 or {b}.size == 0 or np.shares_memory({a}, {b})",
              f"{what} copied the data (no shared memory)")


def edge_keys(length: int) -> list[slice]:
    """The edge cases of Python's slice rules for a sequence of *length* items."""
    return [
        slice(None, None),
        slice(-1, None),
        slice(None, -1),
        slice(-2, -1),
        slice(0, length + 1),
        slice(length + 1, None),
        slice(-length - 1, None),
        slice(-length - 5, 2),
        slice(length // 2, length // 2),
        slice(3, 1),
    ]


def drawn_bytes_argument(ctx: CheckContext, name: str) -> str:
    """The source of the argument that makes a Buffer of the drawn bytes *name*, as :func:`make` would.

    ``bytearray(name)`` when the target is writable (so its buffers can be
    written to), else the bytes themselves.
    """
    return f"bytearray({name})" if "writable" in ctx.has else name


def fail_on_error(ctx: CheckContext, source: str, what: str) -> None:
    """Step: run *source*; an exception it raises is a violation, reported as ``what raised X: message``.

    For operations that the contract requires to work but that are not the
    contract's own member (``pickle.dumps``, ``memoryview``, ``==``), whose
    exceptions would otherwise count as errors of the check.
    """
    body = "\n".join("    " + line for line in source.splitlines())
    message = fstring(f"{what} raised {{type(exc).__name__}}: {{exc}}")
    ctx.run(f"try:\n{body}\nexcept Exception as exc:\n    raise AssertionError({message})")


def make_prototype(ctx: CheckContext) -> None:
    """Step ``prototype = BufferPrototype(buffer=Buffer, nd_buffer=...)``.

    The nd_buffer is the target's NDBuffer class, or, for a target that has
    only a Buffer class, the foreign NDBuffer class (the wrapper only uses
    ``prototype.buffer``).
    """
    ctx.bind("BufferPrototype", BufferPrototype, "from bufferspec.protocols import BufferPrototype")
    nd_buffer = "NDBuffer" if ctx.NDBuffer is not None else "ForeignNDBuffer"
    ctx.run(f"prototype = BufferPrototype(buffer=Buffer, nd_buffer={nd_buffer})")
