"""The ``buffer.from_bytes.*`` contracts: ``BufferClass.from_bytes``."""

from __future__ import annotations

from bufferspec.conformance._core.context import CheckContext, esc
from bufferspec.conformance._core.registry import contract
from bufferspec.conformance._inputs.buffer_steps import (
    bytes_argument,
    expect_bytes,
    expect_shares_memory,
    expect_type,
    make,
)
from bufferspec.conformance._inputs.strategies import byte_strings

__all__: list[str] = []


@contract(
    "buffer.from_bytes.roundtrip",
    member="BufferClass.from_bytes",
    text="from_bytes(b) holds exactly the bytes of b, in order, as read back through as_numpy_array().",
    examples=True,
)
def check_roundtrip(ctx: CheckContext) -> None:
    ctx.draw(byte_strings, "data")
    source = "bytearray(data)" if "writable" in ctx.has else "data"
    ctx.run(f"buf = Buffer.from_bytes({source})")
    expect_bytes(ctx, "buf", "data", f"Buffer.from_bytes({source})")


@contract(
    "buffer.from_bytes.returns_cls",
    member="BufferClass.from_bytes",
    text="from_bytes returns an instance of exactly the class it is called on.",
)
def check_returns_cls(ctx: CheckContext) -> None:
    for data, writable in ((b"abc", False), (b"abc", True), (b"", "writable" in ctx.has)):
        with ctx.case():
            make(ctx, "buf", data, writable=writable)
            expect_type(ctx, "buf", f"Buffer.from_bytes({esc(bytes_argument(data, writable=writable))})")


@contract(
    "buffer.from_bytes.empty",
    member="BufferClass.from_bytes",
    text="from_bytes of an empty bytes-like object returns an empty buffer (length 0, no bytes).",
)
def check_empty(ctx: CheckContext) -> None:
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
def check_rejects_str(ctx: CheckContext) -> None:
    for text in ("text", ""):
        with ctx.case():
            ctx.raises(f"Buffer.from_bytes({text!r})", TypeError, argument="bytes_like")


@contract(
    "buffer.from_bytes.rejects_non_buffer",
    member="BufferClass.from_bytes",
    text="from_bytes of an object that does not export the buffer protocol (an int, a list, None) raises TypeError.",
    names_argument="bytes_like",
)
def check_rejects_non_buffer(ctx: CheckContext) -> None:
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
def check_rejects_non_contiguous(ctx: CheckContext) -> None:
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
def check_rejects_unreadable(ctx: CheckContext) -> None:
    ctx.run("import mmap\nsource = mmap.mmap(-1, 16)\nsource.close()")
    ctx.raises("Buffer.from_bytes(source)", ValueError, argument="bytes_like",
               what="Buffer.from_bytes(source) (a closed mmap)")


@contract(
    "buffer.from_bytes.any_buffer_protocol",
    member="BufferClass.from_bytes",
    text="from_bytes accepts any C-contiguous buffer-protocol object (bytes, bytearray, memoryview, "
    "array.array, a multi-dimensional memoryview) and holds its raw bytes.",
)
def check_any_buffer_protocol(ctx: CheckContext) -> None:
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
def check_ndarray_raw_bytes(ctx: CheckContext) -> None:
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
def check_no_copy(ctx: CheckContext) -> None:
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
def check_bytes_read_only(ctx: CheckContext) -> None:
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
def check_writable_memory(ctx: CheckContext) -> None:
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
def check_bytearray_aliases(ctx: CheckContext) -> None:
    ctx.run("source = bytearray(b'abcdef')")
    ctx.run("buf = Buffer.from_bytes(source)")
    ctx.run("source[0] = ord('z')")
    ctx.run("got = host_bytes(buf)")
    ctx.check("got == b'zbcdef'",
              "a write to the bytearray is not visible in the buffer (it holds {got!r}): from_bytes copied it")
    ctx.run("buf[5:6] = np.frombuffer(b'!', np.uint8).copy()")
    ctx.check("source == bytearray(b'zbcde!')", "a write to the buffer is not visible in the bytearray ({source!r})")
