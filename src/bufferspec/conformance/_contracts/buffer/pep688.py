"""The ``buffer.pep688.*`` contracts: ``Buffer.__buffer__``."""

from __future__ import annotations

import sys

from bufferspec.conformance._core.context import CheckContext
from bufferspec.conformance._core.model import Level
from bufferspec.conformance._core.registry import contract
from bufferspec.conformance._inputs.buffer_steps import expect_shares_memory
from bufferspec.conformance._inputs.domains import buffer_subjects

__all__: list[str] = []


#: Python honours a Python-level ``__buffer__`` (PEP 688) from 3.12 on.
_HAS_PEP688: bool = sys.version_info >= (3, 12)


@contract(
    "buffer.pep688.buffer_export",
    member="Buffer.__buffer__",
    text="For host memory, a buffer exports PEP 688 __buffer__, so memoryview(buf), numpy.frombuffer(buf), "
    "file.write(buf) and zlib.compress(buf) work without a copy (checked on Python 3.12+; "
    "earlier Pythons ignore __buffer__, so there the contract is skipped).",
    level=Level.SHOULD,
    needs=("host_memory",),
    unavailable=None if _HAS_PEP688 else (
        f"not checked on Python {sys.version_info[0]}.{sys.version_info[1]}: Python < 3.12 ignores a Python-level "
        "__buffer__ (PEP 688), so a run on it cannot see PEP 688 bugs; run the kit on Python 3.12+ too"),
)
def check_buffer_export(ctx: CheckContext) -> None:
    ctx.run("data = b'abcdef'")
    for _ in buffer_subjects(ctx):  # every construction path
        ctx.run("try:\n    view = memoryview(buf)\nexcept TypeError as exc:\n"
                "    raise AssertionError(f\"memoryview(buf) raised TypeError ({exc}): no PEP 688 __buffer__\")")
        ctx.check("view.tobytes() == b'abcdef'", "memoryview(buf) holds {view.tobytes()!r}, expected b'abcdef'")
        expect_shares_memory(ctx, "np.frombuffer(view, np.uint8)", "host(buf)", "memoryview(buf)")
        ctx.run("writeable = bool(host(buf).flags.writeable)")
        ctx.check("view.readonly != writeable", "memoryview(buf).readonly is {view.readonly} but as_numpy_array() "
                  "is {'writeable' if writeable else 'read-only'}")
        ctx.check("np.frombuffer(buf, np.uint8).tobytes() == b'abcdef'",
                  "np.frombuffer(buf) holds {np.frombuffer(buf, np.uint8).tobytes()!r}, expected b'abcdef'")
        ctx.check("zlib.compress(buf) == zlib.compress(b'abcdef')",
                  "zlib.compress(buf) differs from zlib.compress(b'abcdef')")
        ctx.run("sink = io.BytesIO()")
        ctx.run("written = sink.write(buf)")
        ctx.check("written == 6 and sink.getvalue() == b'abcdef'",
                  "file.write(buf) wrote {sink.getvalue()!r} (returned {written!r}), expected b'abcdef' (6)")
