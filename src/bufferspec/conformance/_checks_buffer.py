"""Contracts of ``Buffer`` and ``BufferClass``: construction and reading back.

Slicing, assignment, ``combine``/``+``, equality, hashing, :pep:`688` and
pickling are in :mod:`bufferspec.conformance._checks_buffer_ops`.

Every check makes its inputs only with the target's own constructors
(``from_bytes`` through :func:`make`, ``create_zero_length``, and
``from_array_like`` with an array the target produced) and reads results only
through ``as_numpy_array`` (the ``host``/``host_bytes`` helpers) or
``to_bytes``, so the same checks run on device backends.  Checks that look at
memory identity, or feed NumPy arrays made from the target's arrays, need
``host_memory``; checks that write need ``writable``.

Checks are written as steps (see :class:`CheckContext`): each ``ctx.run`` /
``ctx.check`` / ``ctx.raises`` is Python source that runs as the check and is
also the reproducer.
"""

from __future__ import annotations

import numpy as np

from bufferspec.conformance._axes import BUFFER_SIZES, buffer_subjects, draw_data
from bufferspec.conformance._context import CheckContext
from bufferspec.conformance._contract import contract
from bufferspec.conformance._source import source_of
from bufferspec.conformance._strategies import byte_strings

__all__: list[str] = []

# -- helpers shared with _checks_buffer_ops -------------------------------------------


def esc(text: str) -> str:
    """*text* as literal text of a message (an f-string body): braces doubled."""
    return text.replace("{", "{{").replace("}", "}}")


def made(data: bytes, *, writable: bool) -> str:
    """The source of the argument :func:`make` passes: ``bytearray(...)`` when writable, else ``bytes``."""
    return source_of(bytearray(data) if writable else bytes(data))


def make(ctx: CheckContext, name: str, data: bytes, *, cls: str = "Buffer", writable: bool | None = None) -> None:
    """Step ``name = cls.from_bytes(data)``; *data* as a ``bytearray`` when writable (default: when the target is)."""
    if writable is None:
        writable = "writable" in ctx.has
    ctx.run(f"{name} = {cls}.from_bytes({made(data, writable=writable)})")


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


def expect_unchanged(ctx: CheckContext, name: str, before: bytes, what: str) -> None:
    """Step: after an operation that raised, *name* still holds *before*."""
    ctx.run(f"after = host_bytes({name})")
    ctx.check(f"after == {before!r}", f"{what} changed {name} from {esc(repr(before))} to {{after!r}}")


def expect_shares_memory(ctx: CheckContext, a: str, b: str, what: str) -> None:
    """Step: the host arrays *a* and *b* share memory (a zero-copy contract); empty arrays pass."""
    ctx.check(f"{a}.size == 0 or {b}.size == 0 or np.shares_memory({a}, {b})",
              f"{what} copied the data (no shared memory)")


# -- from_bytes ----------------------------------------------------------------------


@contract(
    "buffer.from_bytes.roundtrip",
    member="BufferClass.from_bytes",
    text="from_bytes(b) holds exactly the bytes of b, in order, as read back through as_numpy_array().",
    examples=True,
)
def _from_bytes_roundtrip(ctx: CheckContext) -> None:
    ctx.draw(byte_strings, "data")
    source = "bytearray(data)" if "writable" in ctx.has else "data"
    ctx.run(f"buf = Buffer.from_bytes({source})")
    expect_bytes(ctx, "buf", "data", f"Buffer.from_bytes({source})")


@contract(
    "buffer.from_bytes.returns_cls",
    member="BufferClass.from_bytes",
    text="from_bytes returns an instance of exactly the class it is called on.",
)
def _from_bytes_returns_cls(ctx: CheckContext) -> None:
    for data, writable in ((b"abc", False), (b"abc", True), (b"", "writable" in ctx.has)):
        with ctx.case():
            make(ctx, "buf", data, writable=writable)
            expect_type(ctx, "buf", f"Buffer.from_bytes({esc(made(data, writable=writable))})")


@contract(
    "buffer.from_bytes.empty",
    member="BufferClass.from_bytes",
    text="from_bytes of an empty bytes-like object returns an empty buffer (length 0, no bytes).",
)
def _from_bytes_empty(ctx: CheckContext) -> None:
    for source in ("b''", "bytearray(b'')", "memoryview(b'')"):
        with ctx.case():
            ctx.run(f"buf = Buffer.from_bytes({source})")
            ctx.check("len(buf) == 0", f"len(Buffer.from_bytes({source})) is {{len(buf)}}, expected 0")
            expect_bytes(ctx, "buf", "b''", f"Buffer.from_bytes({source})")


@contract(
    "buffer.from_bytes.rejects_str",
    member="BufferClass.from_bytes",
    text="from_bytes(str) raises TypeError (text must be encoded first).",
    names_argument="bytes_like",
)
def _from_bytes_rejects_str(ctx: CheckContext) -> None:
    for text in ("text", ""):
        with ctx.case():
            ctx.raises(f"Buffer.from_bytes({text!r})", TypeError, argument="bytes_like")


@contract(
    "buffer.from_bytes.rejects_non_buffer",
    member="BufferClass.from_bytes",
    text="from_bytes of an object that does not export the buffer protocol (an int, a list, None) raises TypeError.",
    names_argument="bytes_like",
)
def _from_bytes_rejects_non_buffer(ctx: CheckContext) -> None:
    for value in ("3", "[1, 2, 3]", "None"):
        with ctx.case():
            ctx.raises(f"Buffer.from_bytes({value})", TypeError, argument="bytes_like")


@contract(
    "buffer.from_bytes.rejects_non_contiguous",
    member="BufferClass.from_bytes",
    text="from_bytes of memory that is not C-contiguous (a strided memoryview or array, a Fortran-ordered "
    "or transposed multi-dimensional array) raises ValueError.",
    names_argument="bytes_like",
)
def _from_bytes_rejects_non_contiguous(ctx: CheckContext) -> None:
    for source in ("memoryview(b'abcdef')[::2]", "np.arange(6, dtype='u1')[::2]",
                   "np.asfortranarray(np.arange(6, dtype='u1').reshape(2, 3))",
                   "np.arange(6, dtype='<u2').reshape(2, 3).T", "memoryview(np.asfortranarray(np.zeros((2, 2), 'u1')))"):
        with ctx.case():
            ctx.raises(f"Buffer.from_bytes({source})", ValueError, argument="bytes_like")


@contract(
    "buffer.from_bytes.rejects_unreadable",
    member="BufferClass.from_bytes",
    text="from_bytes of an object whose memory cannot be exported (a closed mmap) raises ValueError.",
    names_argument="bytes_like",
)
def _from_bytes_rejects_unreadable(ctx: CheckContext) -> None:
    ctx.run("import mmap\nsource = mmap.mmap(-1, 16)\nsource.close()")
    ctx.raises("Buffer.from_bytes(source)", ValueError, argument="bytes_like",
               what="Buffer.from_bytes(source) (a closed mmap)")


@contract(
    "buffer.from_bytes.any_buffer_protocol",
    member="BufferClass.from_bytes",
    text="from_bytes accepts any C-contiguous buffer-protocol object (bytes, bytearray, memoryview, "
    "array.array, a multi-dimensional memoryview) and holds its raw bytes.",
)
def _from_bytes_any_buffer_protocol(ctx: CheckContext) -> None:
    cases = (
        ("b'xyz'", "b'xyz'"),
        ("bytearray(b'q')", "b'q'"),
        ("memoryview(b'xyz')", "b'xyz'"),
        ("memoryview(b'-xyz-')[1:4]", "b'xyz'"),
        ("pyarray.array('h', [1, -2, 300])", "pyarray.array('h', [1, -2, 300]).tobytes()"),
        ("memoryview(bytes(range(6))).cast('B', (2, 3))", "bytes(range(6))"),
        ("memoryview(b'x')", "b'x'"),  # one byte: kept, not taken for empty memory
        ("pyarray.array('B', [7])", "bytes([7])"),
    )
    for source, expected in cases:
        with ctx.case():
            ctx.run(f"buf = Buffer.from_bytes({source})")
            expect_bytes(ctx, "buf", expected, f"Buffer.from_bytes({source})")


@contract(
    "buffer.from_bytes.ndarray_raw_bytes",
    member="BufferClass.from_bytes",
    text="from_bytes of a C-contiguous NumPy array of any dtype and shape holds the array's raw bytes "
    "(its memory, byte order included), not its values converted to uint8.",
)
def _from_bytes_ndarray_raw_bytes(ctx: CheckContext) -> None:
    for source in ("np.arange(3, dtype='<f8')", "np.arange(3, dtype='>i2')", "np.arange(6, dtype='<u2').reshape(2, 3)",
                   "np.array(7, dtype='<i4')", "np.array([b'ab', b'c'], dtype='S2')",
                   "np.array([True, False])", "np.array([1 - 2j], dtype='<c8')"):
        with ctx.case():
            ctx.run(f"source = {source}")
            ctx.run("buf = Buffer.from_bytes(source)")
            expect_bytes(ctx, "buf", "source.tobytes()", f"Buffer.from_bytes({source})")


@contract(
    "buffer.from_bytes.no_copy",
    member="BufferClass.from_bytes",
    text="For host memory, from_bytes does not copy: the buffer shares memory with the bytes, "
    "bytearray, memoryview or NumPy array it was made from.",
    needs=("host_memory",),
)
def _from_bytes_no_copy(ctx: CheckContext) -> None:
    for source in ("b'abcdef'", "bytearray(b'abcdef')", "memoryview(bytearray(b'abcdef'))", "np.arange(4, dtype='<u4')"):
        with ctx.case():
            ctx.run(f"source = {source}")
            ctx.run("buf = Buffer.from_bytes(source)")
            expect_shares_memory(ctx, "host(buf)", "np.frombuffer(source, np.uint8)", f"Buffer.from_bytes({source})")


@contract(
    "buffer.from_bytes.bytes_read_only",
    member="BufferClass.from_bytes",
    text="For host memory, a buffer made from bytes or other read-only memory (a read-only memoryview, also "
    "of a bytearray) is read-only: its as_numpy_array() is not writeable, also when empty.",
    needs=("host_memory",),
)
def _from_bytes_bytes_read_only(ctx: CheckContext) -> None:
    for data in ("b'abcd'", "b''", "b'x'", "memoryview(b'ab')", "memoryview(b'')",  # empty ones are read-only too
                 "memoryview(bytearray(b'abcd')).toreadonly()", "memoryview(bytearray()).toreadonly()"):
        with ctx.case():
            ctx.run(f"buf = Buffer.from_bytes({data})")
            ctx.check("not host(buf).flags.writeable", f"Buffer.from_bytes({data}).as_numpy_array() is writeable")


@contract(
    "buffer.from_bytes.writable_memory",
    member="BufferClass.from_bytes",
    text="For host memory, a buffer made from writable memory (a bytearray, a memoryview of one, a writeable "
    "NumPy array) is writable: its as_numpy_array() is writeable, also when empty.",
    needs=("host_memory", "writable"),
)
def _from_bytes_writable_memory(ctx: CheckContext) -> None:
    for data in ("bytearray(b'ab')", "memoryview(bytearray(b'ab'))", "bytearray()", "memoryview(bytearray())",
                 "np.zeros(0, np.uint8)", "np.zeros(0, '<i4')"):
        with ctx.case():
            ctx.run(f"buf = Buffer.from_bytes({data})")
            ctx.check("host(buf).flags.writeable", f"Buffer.from_bytes({data}).as_numpy_array() is read-only")


@contract(
    "buffer.from_bytes.bytearray_aliases",
    member="BufferClass.from_bytes",
    text="For host memory, a buffer made from a bytearray aliases it: writes to either one are visible in the other.",
    needs=("host_memory", "writable"),
)
def _from_bytes_bytearray_aliases(ctx: CheckContext) -> None:
    ctx.run("source = bytearray(b'abcdef')")
    ctx.run("buf = Buffer.from_bytes(source)")
    ctx.run("source[0] = ord('z')")
    ctx.run("got = host_bytes(buf)")
    ctx.check("got == b'zbcdef'",
              "a write to the bytearray is not visible in the buffer (it holds {got!r}): from_bytes copied it")
    ctx.run("buf[5:6] = np.frombuffer(b'!', np.uint8).copy()")
    ctx.check("source == bytearray(b'zbcde!')", "a write to the buffer is not visible in the bytearray ({source!r})")


# -- from_array_like -------------------------------------------------------------------


def _own_array(ctx: CheckContext, data: bytes) -> None:
    """Steps: ``buf`` made from *data*, and ``array``, its own ``as_array_like()``."""
    make(ctx, "buf", data)
    ctx.run("array = buf.as_array_like()")


@contract(
    "buffer.from_array_like.no_copy",
    member="BufferClass.from_array_like",
    text="from_array_like(a).as_array_like() is a: wrapping never copies nor converts, read-only arrays and "
    "ndarray subclasses (when NumPy arrays are the backend's arrays) included.",
)
def _from_array_like_identity(ctx: CheckContext) -> None:
    for data in ("b'abcd'", "bytearray(b'abcd')"):  # the array of a read-only buffer too
        with ctx.case():
            ctx.run(f"array = Buffer.from_bytes({data}).as_array_like()")
            ctx.run("wrapped = Buffer.from_array_like(array)")
            ctx.check("wrapped.as_array_like() is array",
                      f"Buffer.from_array_like(array).as_array_like() is not array (array of Buffer.from_bytes({data}))")
    ctx.run("array = Buffer.from_bytes(b'abcd').as_array_like()")
    if isinstance(ctx["array"], np.ndarray):  # NumPy arrays are the backend's own: so are their subclasses
        with ctx.case():
            ctx.run("class SubArray(np.ndarray):\n    pass")
            ctx.run("array = np.frombuffer(bytearray(b'abcd'), np.uint8).view(SubArray)")
            ctx.run("wrapped = Buffer.from_array_like(array)")
            ctx.check("wrapped.as_array_like() is array",
                      "Buffer.from_array_like(a).as_array_like() is not a for a of an ndarray subclass")


@contract(
    "buffer.from_array_like.returns_cls",
    member="BufferClass.from_array_like",
    text="from_array_like returns an instance of exactly the class it is called on, holding the array's bytes.",
)
def _from_array_like_returns_cls(ctx: CheckContext) -> None:
    _own_array(ctx, b"abcd")
    ctx.run("wrapped = Buffer.from_array_like(array)")
    expect_type(ctx, "wrapped", "Buffer.from_array_like(array)")
    expect_bytes(ctx, "wrapped", "b'abcd'", "Buffer.from_array_like(array)")


def _rejects_array(ctx: CheckContext, derivations: tuple[str, ...], label: str) -> None:
    """``from_array_like`` of arrays derived from the target's own (``array.reshape(2, 4)``, ...) must raise ValueError.

    When the target's array type cannot express such an array (no ``reshape``,
    say) there is nothing to check for that derivation, and the contract is
    SKIP when no derivation can be made; when the derived array is of another
    type (a NumPy view of a non-NumPy array), it is not "an array of the kind
    this class stores", for which ``TypeError`` is right too.
    """
    checked = 0
    for derivation in derivations:
        with ctx.case():
            _own_array(ctx, b"abcdefgh")
            try:
                ctx.run(f"bad = {derivation}")
            except (AttributeError, TypeError, ValueError):
                continue  # the backend's arrays have no such form
            same_kind = type(ctx["bad"]) is type(ctx["array"])
            expected: tuple[type[Exception], ...] = (ValueError,) if same_kind else (ValueError, TypeError)
            ctx.raises("Buffer.from_array_like(bad)", expected, argument="array_like",
                       what=f"Buffer.from_array_like({derivation}) ({label})")
            expect_unchanged(ctx, "buf", b"abcdefgh", f"Buffer.from_array_like({derivation})")
            checked += 1
    if not checked:
        ctx.skip(f"the backend's arrays cannot be made into {label} ({', '.join(derivations)} failed)")


@contract(
    "buffer.from_array_like.rejects_ndim",
    member="BufferClass.from_array_like",
    text="from_array_like of an array that is not one-dimensional raises ValueError.",
    needs=("host_memory",),
    names_argument="array_like",
)
def _from_array_like_rejects_ndim(ctx: CheckContext) -> None:
    _rejects_array(ctx, ("array.reshape(2, 4)",), "a 2-d uint8 array")


@contract(
    "buffer.from_array_like.rejects_dtype",
    member="BufferClass.from_array_like",
    text="from_array_like of an array whose dtype is not uint8 raises ValueError.",
    needs=("host_memory",),
    names_argument="array_like",
)
def _from_array_like_rejects_dtype(ctx: CheckContext) -> None:
    _rejects_array(ctx, ("array.view(np.int8)", "array.view('<u2')"), "an array of another dtype")


@contract(
    "buffer.from_array_like.rejects_non_contiguous",
    member="BufferClass.from_array_like",
    text="from_array_like of a non-contiguous array raises ValueError.",
    needs=("host_memory",),
    names_argument="array_like",
)
def _from_array_like_rejects_non_contiguous(ctx: CheckContext) -> None:
    _rejects_array(ctx, ("array[::2]", "array[::-1]"), "a strided or reversed uint8 array")


@contract(
    "buffer.from_array_like.rejects_non_array",
    member="BufferClass.from_array_like",
    text="from_array_like of an object that is not an array (bytes, a list) raises TypeError.",
    names_argument="array_like",
)
def _from_array_like_rejects_non_array(ctx: CheckContext) -> None:
    for value in ("b'abcd'", "[97, 98]"):
        with ctx.case():
            ctx.raises(f"Buffer.from_array_like({value})", TypeError, argument="array_like")


# -- from_buffer -------------------------------------------------------------------------


@contract(
    "buffer.from_buffer.contents",
    member="BufferClass.from_buffer",
    text="from_buffer(b) of a buffer of the same class holds exactly the bytes of b.",
    examples=True,
)
def _from_buffer_contents(ctx: CheckContext) -> None:
    ctx.draw(byte_strings, "data")
    ctx.run("source = Buffer.from_bytes(data)")
    ctx.run("result = Buffer.from_buffer(source)")
    expect_bytes(ctx, "result", "data", "Buffer.from_buffer(source)")


@contract(
    "buffer.from_buffer.foreign",
    member="BufferClass.from_buffer",
    text="from_buffer(b) accepts a conforming Buffer of another implementation and holds exactly its bytes.",
    examples=True,
)
def _from_buffer_foreign(ctx: CheckContext) -> None:
    ctx.draw(byte_strings, "data")
    ctx.run("other = ForeignBuffer.from_bytes(data)")
    ctx.run("result = Buffer.from_buffer(other)")
    expect_bytes(ctx, "result", "data", "Buffer.from_buffer(other) (a foreign Buffer)")


@contract(
    "buffer.from_buffer.returns_cls",
    member="BufferClass.from_buffer",
    text="from_buffer returns an instance of exactly the class it is called on, whatever the class of its argument.",
)
def _from_buffer_returns_cls(ctx: CheckContext) -> None:
    for cls in ("Buffer", "ForeignBuffer"):
        with ctx.case():
            make(ctx, "source", b"abc", cls=cls)
            ctx.run("result = Buffer.from_buffer(source)")
            expect_type(ctx, "result", f"Buffer.from_buffer({cls}.from_bytes(...))")


@contract(
    "buffer.from_buffer.no_copy",
    member="BufferClass.from_buffer",
    text="For host memory, from_buffer of a buffer of the same class does not copy: the result shares its memory, "
    "for read-only buffers and slices too.",
    needs=("host_memory",),
)
def _from_buffer_no_copy(ctx: CheckContext) -> None:
    for size in BUFFER_SIZES[1:]:
        ctx.run(f"data = {size}")
        for made_as in buffer_subjects(ctx, "source"):  # read-only memory and slices too
            ctx.run("result = Buffer.from_buffer(source)")
            expect_shares_memory(ctx, "host(result)", "host(source)", f"Buffer.from_buffer({esc(made_as)})")


@contract(
    "buffer.from_buffer.foreign_no_copy",
    member="BufferClass.from_buffer",
    text="For host memory, from_buffer of a host-memory Buffer of another implementation does not copy: "
    "the result shares memory with its as_numpy_array().",
    needs=("host_memory",),
)
def _from_buffer_foreign_no_copy(ctx: CheckContext) -> None:
    make_foreign(ctx, "source", b"abcdef")
    ctx.run("result = Buffer.from_buffer(source)")
    expect_shares_memory(ctx, "host(result)", "host(source)", "Buffer.from_buffer(source) (a foreign Buffer)")


@contract(
    "buffer.from_buffer.rejects_non_buffer",
    member="BufferClass.from_buffer",
    text="from_buffer of an object that is not a Buffer (bytes, a NumPy array) raises TypeError.",
    names_argument="buffer",
)
def _from_buffer_rejects_non_buffer(ctx: CheckContext) -> None:
    with ctx.case():
        ctx.raises("Buffer.from_buffer(b'abcd')", TypeError, argument="buffer")
    ctx.run("raw = np.frombuffer(bytearray(b'abcd'), np.uint8)")
    ctx.raises("Buffer.from_buffer(raw)", TypeError, argument="buffer")
    ctx.check("raw.tobytes() == b'abcd'", "Buffer.from_buffer(raw) changed the array it rejected to {raw.tobytes()!r}")


# -- create_zero_length ------------------------------------------------------------------


@contract(
    "buffer.create_zero_length.empty",
    member="BufferClass.create_zero_length",
    text="create_zero_length() returns an empty buffer: length 0 and no bytes.",
)
def _create_zero_length(ctx: CheckContext) -> None:
    ctx.run("empty = Buffer.create_zero_length()")
    ctx.check("len(empty) == 0", "len(Buffer.create_zero_length()) is {len(empty)}, expected 0")
    expect_bytes(ctx, "empty", "b''", "Buffer.create_zero_length()")


@contract(
    "buffer.create_zero_length.returns_cls",
    member="BufferClass.create_zero_length",
    text="create_zero_length() returns an instance of exactly the class it is called on.",
)
def _create_zero_length_returns_cls(ctx: CheckContext) -> None:
    ctx.run("empty = Buffer.create_zero_length()")
    expect_type(ctx, "empty", "Buffer.create_zero_length()")
    with ctx.case():  # after the class itself made one: nothing cached on the class leaks into a subclass
        ctx.run("class SubBuffer(Buffer):\n    pass")
        ctx.run("sub_empty = SubBuffer.create_zero_length()")
        ctx.check("type(sub_empty) is SubBuffer",
                  "SubBuffer.create_zero_length() returned {type(sub_empty).__qualname__}, expected SubBuffer")


@contract(
    "buffer.create_zero_length.combine_template",
    member="BufferClass.create_zero_length",
    text="create_zero_length().combine(others) holds exactly the bytes of others: the empty buffer is a usable "
    "starting point for concatenation.",
)
def _create_zero_length_combine_template(ctx: CheckContext) -> None:
    make(ctx, "a", b"abc")
    make(ctx, "b", b"de")
    ctx.run("result = Buffer.create_zero_length().combine([a, b])")
    expect_bytes(ctx, "result", "b'abcde'", "Buffer.create_zero_length().combine([a, b])")


# -- reading back --------------------------------------------------------------------------


@contract(
    "buffer.as_array_like.no_copy",
    member="Buffer.as_array_like",
    text="as_array_like() returns the very array the buffer stores: calling it twice gives the same object.",
)
def _as_array_like_no_copy(ctx: CheckContext) -> None:
    ctx.run("data = b'abcd'")
    for made_as in buffer_subjects(ctx):
        ctx.check("buf.as_array_like() is buf.as_array_like()",
                  f"({esc(made_as)}).as_array_like() returns a new object on each call")


@contract(
    "buffer.as_numpy_array.host_uint8",
    member="Buffer.as_numpy_array",
    text="as_numpy_array() returns a one-dimensional uint8 numpy.ndarray of len(buf) elements holding the buffer's bytes.",
    examples=True,
)
def _as_numpy_array_host_uint8(ctx: CheckContext) -> None:
    draw_data(ctx)
    for made_as in buffer_subjects(ctx):
        what = f"({esc(made_as)}).as_numpy_array()"
        ctx.run("array = buf.as_numpy_array()")
        ctx.check("isinstance(array, np.ndarray)", f"{what} is {{type(array).__qualname__}}, expected numpy.ndarray")
        ctx.check("array.dtype == np.uint8 and array.ndim == 1",
                  f"{what} has dtype {{array.dtype}} and ndim {{array.ndim}}, expected 1-d uint8")
        ctx.check("array.size == len(data)", f"{what} has {{array.size}} elements, expected {{len(data)}}")
        ctx.check("array.tobytes() == data", f"{what} holds other bytes than data")


@contract(
    "buffer.as_numpy_array.no_copy",
    member="Buffer.as_numpy_array",
    text="For host memory, as_numpy_array() does not copy: it shares memory with the buffer "
    "(with its as_array_like() when that exports its memory).",
    needs=("host_memory",),
)
def _as_numpy_array_no_copy(ctx: CheckContext) -> None:
    ctx.run("data = b'abcdef'")
    exported = 0
    for made_as in buffer_subjects(ctx):
        ctx.run("stored = host_view(buf.as_array_like())")
        if ctx["stored"] is not None:
            exported += 1
            expect_shares_memory(ctx, "host(buf)", "stored", f"({esc(made_as)}).as_numpy_array()")
    if exported:
        return
    # An array type that does not export its memory: compare with the memory the
    # buffer was made from instead (a host buffer made from a bytearray aliases it).
    ctx.run("source = bytearray(b'abcdef')")
    ctx.run("buf = Buffer.from_bytes(source)")
    expect_shares_memory(ctx, "host(buf)", "np.frombuffer(source, np.uint8)", "buf.as_numpy_array()")


@contract(
    "buffer.as_buffer_like.contiguous",
    member="Buffer.as_buffer_like",
    text="as_buffer_like() exports the buffer protocol over the buffer's bytes: C-contiguous, len(buf) bytes, same contents.",
)
def _as_buffer_like(ctx: CheckContext) -> None:
    for size in BUFFER_SIZES:
        ctx.run(f"data = {size}")
        for made_as in buffer_subjects(ctx):
            what = f"({esc(made_as)}).as_buffer_like()"
            ctx.run("view = memoryview(buf.as_buffer_like())")
            ctx.check("view.c_contiguous", f"{what} is not C-contiguous")
            ctx.check("view.nbytes == len(data)", f"{what} has {{view.nbytes}} bytes, expected {{len(data)}}")
            ctx.check("view.tobytes() == data", f"{what} holds other bytes than data")


@contract(
    "buffer.as_buffer_like.no_copy",
    member="Buffer.as_buffer_like",
    text="For host memory, as_buffer_like() does not copy: it shares memory with as_numpy_array().",
    needs=("host_memory",),
)
def _as_buffer_like_no_copy(ctx: CheckContext) -> None:
    for size in BUFFER_SIZES[1:]:
        ctx.run(f"data = {size}")
        for made_as in buffer_subjects(ctx):
            ctx.run("exported = np.frombuffer(memoryview(buf.as_buffer_like()), np.uint8)")
            expect_shares_memory(ctx, "exported", "host(buf)", f"({esc(made_as)}).as_buffer_like()")


@contract(
    "buffer.as_buffer_like.read_only_iff",
    member="Buffer.as_buffer_like",
    text="For host memory, as_buffer_like() is read-only exactly when the buffer's memory is: "
    "read-only for a buffer made from bytes, writable when as_numpy_array() is writeable.",
    needs=("host_memory",),
)
def _as_buffer_like_read_only_iff(ctx: CheckContext) -> None:
    for size in ("b'abcdef'", "b''"):  # empty buffers have a mode too
        ctx.run(f"data = {size}")
        for made_as in buffer_subjects(ctx):
            ctx.run("readonly = memoryview(buf.as_buffer_like()).readonly")
            ctx.run("writeable = bool(host(buf).flags.writeable)")
            ctx.check("readonly != writeable",
                      f"({esc(made_as)}).as_buffer_like() is {{'read-only' if readonly else 'writable'}} but the "
                      "buffer's memory is {'writeable' if writeable else 'read-only'}")


@contract(
    "buffer.to_bytes.contents",
    member="Buffer.to_bytes",
    text="to_bytes() returns the buffer's bytes, equal to as_numpy_array().tobytes().",
    examples=True,
)
def _to_bytes_contents(ctx: CheckContext) -> None:
    draw_data(ctx)
    for made_as in buffer_subjects(ctx):
        ctx.run("got = buf.to_bytes()")
        ctx.check("got == data", f"({esc(made_as)}).to_bytes() gave {{show_bytes(got)}}, expected {{show_bytes(data)}}")


@contract(
    "buffer.to_bytes.new_object",
    member="Buffer.to_bytes",
    text="to_bytes() returns a new bytes object on every call, never the object the buffer was made from.",
)
def _to_bytes_new_object(ctx: CheckContext) -> None:
    ctx.run("source = b'abcdef'")
    ctx.run("buf = Buffer.from_bytes(source)")
    ctx.run("first = buf.to_bytes()")
    ctx.check("type(first) is bytes", "buf.to_bytes() returned {type(first).__qualname__}, expected bytes")
    ctx.check("first is not source", "buf.to_bytes() returned the bytes object the buffer was made from")
    ctx.check("buf.to_bytes() is not first", "buf.to_bytes() returned the same object twice")


@contract(
    "buffer.to_bytes.snapshot",
    member="Buffer.to_bytes",
    text="to_bytes() is a copy: writing to the buffer afterwards does not change the bytes it returned.",
    needs=("writable",),
)
def _to_bytes_snapshot(ctx: CheckContext) -> None:
    for size in BUFFER_SIZES[1:]:
        ctx.run(f"data = {size}")
        for made_as in buffer_subjects(ctx, writes=True):
            ctx.run("snapshot = buf.to_bytes()")
            ctx.run("before = bytes(snapshot)")
            ctx.run("buf[0:1] = np.frombuffer(bytes([data[0] ^ 0xFF]), np.uint8).copy()")
            ctx.check("bytes(snapshot) == before",
                      f"the result of ({esc(made_as)}).to_bytes() changed after a write to the buffer")


@contract(
    "buffer.len.nbytes",
    member="Buffer.__len__",
    text="len(buf) is the number of bytes: the size of as_numpy_array().",
    examples=True,
)
def _len_nbytes(ctx: CheckContext) -> None:
    with ctx.case():  # items wider than a byte: the length counts bytes, not items
        ctx.run("source = np.arange(3, dtype='<i4')")
        ctx.check("len(Buffer.from_bytes(source)) == 12",
                  "len(Buffer.from_bytes(np.arange(3, dtype='<i4'))) is {len(Buffer.from_bytes(source))}, expected 12")
        ctx.check("len(Buffer.from_bytes(pyarray.array('H', [1, 2]))) == 4",
                  "len(Buffer.from_bytes(pyarray.array('H', [1, 2]))) is not 4 (the bytes, not the items)")
    draw_data(ctx)
    for made_as in buffer_subjects(ctx):
        what = f"len({esc(made_as)})"
        ctx.check("len(buf) == len(data)", f"{what} is {{len(buf)}}, expected {{len(data)}}")
        ctx.check("len(buf) == host(buf).size",
                  f"{what} is {{len(buf)}} but its as_numpy_array() has {{host(buf).size}} elements")


@contract(
    "buffer.construction_paths.contents",
    member="Buffer",
    text="Every construction path works and gives a buffer of exactly the class holding exactly the bytes: "
    "from_bytes of writable and read-only memory, interior and full slices, from_array_like of a view, "
    "from_buffer of the same and of another class, and combine and + results, at every size (empty, one "
    "byte, small, beyond two 64 KiB blocks).",
)
def _construction_paths_contents(ctx: CheckContext) -> None:
    for size in BUFFER_SIZES:
        ctx.run(f"data = {size}")
        for made_as in buffer_subjects(ctx, required=True):
            expect_type(ctx, "buf", esc(made_as))
            ctx.run("got = host_bytes(buf)")
            ctx.check("got == data", f"{esc(made_as)} holds {{show_bytes(got)}}, expected {{show_bytes(data)}}")


@contract(
    "buffer.protocol.runtime_check",
    member="Buffer",
    text="Instances satisfy isinstance(buf, bufferspec.protocols.Buffer) and the class satisfies "
    "issubclass(cls, bufferspec.protocols.BufferClass), so other implementations accept them.",
)
def _protocol_runtime_check(ctx: CheckContext) -> None:
    ctx.run("data = b'abc'")
    for made_as in buffer_subjects(ctx):
        ctx.check("isinstance(buf, protocols.Buffer)", f"{esc(made_as)} does not satisfy isinstance(buf, protocols.Buffer)")
    ctx.check("issubclass(Buffer, protocols.BufferClass)",
              "the class does not satisfy issubclass(Buffer, protocols.BufferClass)")
