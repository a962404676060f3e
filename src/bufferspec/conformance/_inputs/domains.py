"""The axes every contract runs over: construction paths, layouts and memory kinds, size classes.

A backend's bugs rarely live in the buffers a test makes first (a fresh,
writable, C-ordered, small array through ``from_bytes``); they live in slices,
views, read-only memory, Fortran order, combined buffers and arrays beyond a
block size.  So a contract states its rule once, about a subject, and these
builders make the subject every way the spec allows:

* :func:`buffer_subjects` yields one case per construction path of a Buffer
  (:data:`BUFFER_PATHS`: ``from_bytes`` of writable and read-only memory,
  interior and full slices, ``from_array_like`` of a view, ``from_buffer`` of
  the same and of another implementation, ``combine`` and ``+`` results), each
  as steps, so the reproducer shows how the failing buffer was made;
* :func:`draw_data` and :data:`BUFFER_SIZES` give the size classes of bytes:
  empty, one byte, small, and large (more than two blocks of 64 Ki);
* :func:`draw_array` draws NDBuffer values: Hypothesis's small arrays (0-d
  and size-0 included) and, now and then, a large array (over 64 Ki
  elements) made by a seeded ``pattern_array`` step;
* :func:`draw_subject` builds the NDBuffer under test from such an array
  through a drawn source (C order, Fortran order, read-only memory, a
  reshaped view) and a drawn view (itself, ``[...]``, transposed, stepped,
  reversed), binding ``expected``: NumPy's same view of the values.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
from hypothesis import reject
from hypothesis import strategies as st

from bufferspec.conformance._core.context import CheckContext
from bufferspec.conformance._core.source import dtype_source
from bufferspec.conformance._inputs.strategies import byte_strings

__all__ = [
    "BUFFER_PATHS",
    "BUFFER_SIZES",
    "LARGE",
    "LARGE_SHAPES",
    "NDBUFFER_SOURCES",
    "NDBUFFER_VIEWS",
    "BufferPath",
    "buffer_subjects",
    "any_size_shapes",
    "draw_array",
    "draw_data",
    "draw_subject",
    "every_subject",
]

#: Elements (bytes) beyond any plausible block size: two blocks of 64 Ki and a ragged tail.
LARGE = 2 * 65536 + 5


@dataclass(frozen=True)
class BufferPath:
    """One way to make a Buffer holding the bytes *data*: ``template.format(d=data, mem=bytearray|bytes)``.

    *writable*: whether the result may be written through (its memory is
    writable when the target's is); read-only paths are left out of checks
    that write.
    """

    name: str
    template: str
    writable: bool = True

    def source(self, data: str, mem: str) -> str:
        return self.template.format(d=data, mem=mem)


#: The construction paths of a Buffer, all holding exactly the bytes ``data``.
BUFFER_PATHS: tuple[BufferPath, ...] = (
    BufferPath("from_bytes", "Buffer.from_bytes({mem}({d}))"),
    BufferPath("from_bytes of bytes", "Buffer.from_bytes(bytes({d}))", writable=False),
    BufferPath("from_bytes of a read-only array view",
               "Buffer.from_bytes(np.frombuffer(b'<<' + {d} + b'>>', np.uint8)[2:-2])", writable=False),
    BufferPath("interior slice", "Buffer.from_bytes({mem}(b'<<' + {d} + b'>>'))[2:-2]"),
    BufferPath("full slice", "Buffer.from_bytes({mem}({d}))[:]"),
    BufferPath("from_array_like of a view",
               "Buffer.from_array_like(Buffer.from_bytes({mem}(b'<<' + {d} + b'>>')).as_array_like()[2:-2])"),
    BufferPath("from_buffer", "Buffer.from_buffer(Buffer.from_bytes({mem}({d})))"),
    BufferPath("from_buffer of another implementation", "Buffer.from_buffer(ForeignBuffer.from_bytes({mem}({d})))"),
    BufferPath("combine", "Buffer.from_bytes({mem}({d}[:len({d}) // 2])).combine("
                          "[Buffer.from_bytes({mem}({d}[len({d}) // 2:]))])"),
    BufferPath("combine of a zero-length buffer",
               "Buffer.create_zero_length().combine([Buffer.from_bytes({mem}({d})), Buffer.create_zero_length()])"),
    BufferPath("+", "Buffer.from_bytes({mem}({d}[:1])) + Buffer.from_bytes({mem}({d}[1:]))"),
)

#: Edge data of every size class (for checks that do not draw): empty, one byte, small, large.
BUFFER_SIZES: tuple[str, ...] = ("b''", "b'\\xab'", "pattern(13, 1)", f"pattern({LARGE}, 2)")


def buffer_subjects(ctx: CheckContext, name: str = "buf", data: str = "data", *,
                    writes: bool = False, required: bool = False) -> Iterator[str]:
    """One case per construction path: step ``name = <path of data>``, then yield the path's source.

    *data* names bytes the check already bound.  With *writes*, only the paths
    whose result may be written through.  Each path runs as a
    :meth:`CheckContext.case`, so a reproducer shows only the failing path.

    A path whose construction raises is left out (a half-written backend
    fails the contract of the rule, not every contract), unless *required*:
    ``buffer.construction_paths.contents`` requires every path to work, so a
    broken path is reported there, once.
    """
    mem = "bytearray" if "writable" in ctx.has else "bytes"
    for path in BUFFER_PATHS:
        if writes and not path.writable:
            continue
        with ctx.case():
            source = path.source(data, mem)
            if required:
                ctx.run(f"{name} = {source}")
            else:
                try:
                    ctx.run(f"{name} = {source}")
                except Exception:  # noqa: BLE001 - reported by buffer.construction_paths.contents
                    continue
            yield source


_LARGE_DATA = st.tuples(st.integers(min_value=65537, max_value=LARGE + 1000), st.integers(min_value=0, max_value=2**16))
#: One draw in five is large.
_LARGE_CHOICE = st.sampled_from((False, False, False, False, True))


def draw_data(ctx: CheckContext, label: str = "data") -> bytes:
    """Draw bytes of a size class into *label*: small (Hypothesis's binary, empty included) or, one draw
    in five, large (a seeded ``pattern(size, seed)`` step beyond two 64 Ki blocks)."""
    if not ctx.choose(_LARGE_CHOICE, None):
        result: bytes = ctx.draw(byte_strings, label)
        return result
    size, seed = ctx.choose(_LARGE_DATA, None)
    ctx.run(f"{label} = pattern({size}, {seed})")
    ctx.draws.append((label, f"pattern({size}, {seed})"))
    large: bytes = ctx[label]
    return large


# -- NDBuffer --------------------------------------------------------------------------------

#: How the NDBuffer under test gets ``array``'s values: ``(name, source, writable)``; ``{a}`` is the array.
NDBUFFER_SOURCES: tuple[tuple[str, str, bool], ...] = (
    ("C order", "NDBuffer.from_numpy_array({a}.copy())", True),
    ("Fortran order", "NDBuffer.from_numpy_array(np.asfortranarray({a}))", True),
    ("read-only memory", "NDBuffer.from_numpy_array(read_only({a}.copy()))", False),
    ("a reshaped view", "NDBuffer.from_numpy_array({a}.reshape(-1).copy()).reshape({a}.shape)", True),
    ("a copy", "NDBuffer.from_numpy_array({a}.copy()).copy()", True),
)
#: Views of the NDBuffer under test (and NumPy's same view for the expected values): ``(min_ndim, view)``.
NDBUFFER_VIEWS: tuple[tuple[int, str], ...] = (
    (0, "{}"), (0, "{}[...]"), (0, "{}.transpose(None)"), (1, "{}[::2]"), (1, "{}[::-1]"), (2, "{}[:, 1::2]"),
)

#: Shapes of over 64 Ki elements (one to three dimensions, a long last or first axis).
LARGE_SHAPES = st.sampled_from(((65537,), (3, 21846), (2, 2, 16385), (65793, 1)))


def any_size_shapes() -> Any:
    """Shapes of every size class: the small :data:`SHAPES` (0-d and size 0 included) and, one draw
    in five, a shape of over 64 Ki elements."""
    from bufferspec.conformance._inputs.strategies import SHAPES, cached

    return cached(st.one_of, SHAPES, SHAPES, SHAPES, SHAPES, LARGE_SHAPES)


def draw_array(ctx: CheckContext, dtype: np.dtype[Any], label: str = "array", *, small: Any = None) -> Any:
    """Draw an array of *dtype* into *label*: Hypothesis's small arrays (*small*, by default
    ``values_strategy(dtype)``) or, one draw in five, a large one (over 64 Ki elements, a seeded
    ``pattern_array`` step, so the reproducer stays short)."""
    from bufferspec.conformance._inputs.strategies import values_strategy

    if ctx.choose(_LARGE_CHOICE, None):
        shape = ctx.choose(LARGE_SHAPES, None)
        seed = ctx.choose(st.integers(min_value=0, max_value=2**16), None)
        call = f"pattern_array({shape!r}, {dtype_source(dtype)}, {seed})"
        ctx.run(f"{label} = {call}")
        ctx.draws.append((label, call))
        return ctx[label]
    return ctx.draw(values_strategy(dtype) if small is None else small, label)


def every_subject(ctx: CheckContext, *, writes: bool = False, array: str = "array") -> Iterator[str]:
    """One case per source and view (see :func:`draw_subject`) of the bound *array*: steps for ``nd``,
    ``src`` and ``expected``, then yield how ``src`` was made.  For the layouts a drawn example may miss:
    every combination, every time."""
    ndim = ctx[array].ndim
    for name, source, writable in NDBUFFER_SOURCES:
        if (writes and not writable) or (ndim == 0 and name == "Fortran order"):
            continue
        for min_ndim, view in NDBUFFER_VIEWS:
            if ndim < min_ndim:
                continue
            with ctx.case():
                ctx.run(f"nd = {source.format(a=array)}")
                ctx.run(f"src = {view.format('nd')}")
                ctx.run(f"expected = {view.format(array)}")
                yield f"{view.format('nd')} (nd made from {name})"


def draw_subject(ctx: CheckContext, *, writes: bool = False, array: str = "array", required: bool = False,
                 same_shape: bool = False) -> str:
    """Steps for ``nd`` holding the values of the bound *array* (made through a drawn source) and ``src``,
    a drawn view of it, and ``expected``, NumPy's same view of *array*.  Returns how ``src`` was made
    (for messages).  With *writes*, only sources whose memory may be written; with *same_shape*, ``src``
    is ``nd`` itself (only the source is drawn), for checks whose keys depend on the shape.

    An example whose construction raises is rejected (Hypothesis draws
    another), unless *required*: ``ndbuffer.as_numpy_array.matches_buffer``
    requires every source and view to work, so a broken one is reported
    there, not by every contract."""
    from bufferspec.conformance._inputs.strategies import sampled

    ndim = ctx[array].ndim
    sources = tuple(s for s in NDBUFFER_SOURCES if s[2] or not writes)
    if ndim == 0:
        sources = tuple(s for s in sources if s[0] != "Fortran order")
    source_name, source, _ = ctx.choose(sampled(*sources), "source")
    if same_shape:
        view = "{}"
    else:
        _, view = ctx.choose(sampled(*(v for v in NDBUFFER_VIEWS if ndim >= v[0])), "view")
    try:
        ctx.run(f"nd = {source.format(a=array)}")
        ctx.run(f"src = {view.format('nd')}")
    except Exception:
        if required:
            raise
        reject()  # reported by ndbuffer.as_numpy_array.matches_buffer
    ctx.run(f"expected = {view.format(array)}")
    return f"{view.format('nd')} (nd made from {source_name})"
