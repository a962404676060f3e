"""A differential battery: what the reference does, observed through its public API, as lines of text.

Mutation testing needs to know whether a mutant the kit passed behaves like
the unmutated reference.  This module decides it mechanically: it drives every
public member of ``bufferspec.cpu`` (every dtype kind, memory layouts,
special values, bad arguments, large arrays that span several blocks of
``all_equal``'s scan) with inputs drawn by Hypothesis under a fixed seed, and
writes one observation per call.  Run once on the reference and once on a
mutant, each in a fresh process, the two observation lists are equal exactly
when the battery saw no difference.

Each line is written on two channels:

* ``spec``: what the specification fixes (results bit for bit, dtypes,
  shapes, layout flags, memory sharing, exception types, the argument an
  error message names);
* ``strict``: ``spec`` plus what it leaves open (the wording of messages,
  warnings).

A mutant that differs only on the ``strict`` channel is "unspecified"; one
that differs on ``spec`` is a behaviour the kit should judge.

    python -m conformance.mutation_battery OUT.json   # observe the bufferspec.cpu that imports here
"""

from __future__ import annotations

import functools
import json
import pickle
import re
import sys
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

__all__ = ["EXAMPLES", "Observer", "observe"]

#: Examples per drawn probe (fixed: the battery is part of what a record is keyed to).
EXAMPLES = 120
_ADDRESS = re.compile(r"0x[0-9a-fA-F]{4,}")
_ARGUMENT = re.compile(r"^([A-Za-z_][\w\[\]]*): ")


class Observer:
    """Collects observations on the two channels."""

    def __init__(self, cpu: Any) -> None:
        self.cpu = cpu
        self.spec: list[str] = []
        self.strict: list[str] = []

    def call(self, label: str, function: Callable[[], Any]) -> Any:
        """Call *function*, record what it returned or raised under *label*; return the result (None if raised)."""
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                result = function()
            except Exception as exc:  # noqa: BLE001 - every exception is an observation
                message = _ADDRESS.sub("0x?", str(exc))
                named = _ARGUMENT.match(message)
                self.spec.append(f"{label} -> raise {type(exc).__name__} [{named.group(1) if named else ''}]")
                self.strict.append(f"{label} -> raise {type(exc).__name__}: {message}")
                result = None
            else:
                shown = self.describe(result)
                self.spec.append(f"{label} -> {shown}")
                self.strict.append(f"{label} -> {shown}")
        for warning in caught:
            self.strict.append(f"{label} warned {warning.category.__name__}: {_ADDRESS.sub('0x?', str(warning.message))}")
        return result

    def describe(self, value: Any) -> str:
        cpu = self.cpu
        if isinstance(value, cpu.Buffer):
            array = value.as_numpy_array()
            return f"{type(value).__name__}({value.to_bytes()!r}, writeable={array.flags.writeable})"
        if isinstance(value, cpu.NDBuffer):
            return f"{type(value).__name__}({_array(value.as_numpy_array())})"
        if isinstance(value, np.ndarray):
            return _array(value)
        if isinstance(value, np.generic):
            return f"np.{type(value).__name__}({_array(np.asarray(value))})"
        if isinstance(value, (bytes, bytearray, memoryview)):
            return f"{type(value).__name__}({bytes(value)!r})"
        if isinstance(value, (float, complex)):
            return f"{type(value).__name__}({np.asarray(value).tobytes().hex()})"
        return f"{type(value).__name__}({_ADDRESS.sub('0x?', repr(value))})"


def _array(array: np.ndarray[Any, Any]) -> str:
    """An array bit for bit: dtype, shape, layout, writeability and contents."""
    flags = "".join(flag for flag, on in (("C", array.flags.c_contiguous), ("F", array.flags.f_contiguous),
                                          ("W", array.flags.writeable)) if on)
    if array.dtype.hasobject or array.dtype.kind == "T":
        contents = _ADDRESS.sub("0x?", repr(array.tolist()))
    else:
        contents = np.ascontiguousarray(array).tobytes().hex()
    return f"{array.dtype.str}{array.dtype.descr if array.dtype.names else ''} {array.shape} {flags} {contents}"


# -- inputs ----------------------------------------------------------------------------------------

_ENDIAN = st.sampled_from(["<", ">"])
_DTYPES = st.one_of(
    hnp.boolean_dtypes(),
    hnp.integer_dtypes(endianness="?"),
    hnp.unsigned_integer_dtypes(endianness="?"),
    hnp.floating_dtypes(endianness="?"),
    hnp.complex_number_dtypes(endianness="?"),
    hnp.datetime64_dtypes(endianness="?", max_period="D"),
    hnp.timedelta64_dtypes(endianness="?", max_period="D"),
    hnp.byte_string_dtypes(max_len=4),
    hnp.unicode_string_dtypes(max_len=4),
    hnp.array_dtypes(hnp.scalar_dtypes(), min_size=1, max_size=3),
    st.just(np.dtype(object)),
)
_SHAPES = hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=4)
_SPECIALS = [0, -0.0, 1, -1, 2**70, 1.5, float("nan"), float("inf"), complex(0, -0.0), 1 + 0j, 1 + 2j, True, "1", b"1",
             None, np.float16(-0.0), np.datetime64("NaT", "s"), np.timedelta64(5, "s"), (1, 2), [1, 2]]


def _array_of(data: Any, dtype: np.dtype[Any]) -> np.ndarray[Any, Any]:
    shape = data.draw(_SHAPES, "shape")
    if dtype.hasobject:
        elements = st.one_of(st.integers(-3, 3), st.floats(allow_nan=True), st.text(max_size=2), st.none())
        array: np.ndarray[Any, Any] = np.empty(shape, dtype)
        for index in np.ndindex(*shape):
            array[index] = data.draw(elements)
        return array
    return data.draw(hnp.arrays(dtype, shape), "array")  # type: ignore[no-any-return]


def _layout(data: Any, array: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    layout = data.draw(st.sampled_from(["C", "F", "strided", "read-only"]), "layout")
    if layout == "F":
        return np.asfortranarray(array)
    if layout == "strided" and array.ndim:
        doubled = np.repeat(array, 2, axis=0)
        return doubled[::2]
    if layout == "read-only":
        array = array.copy()
        array.flags.writeable = False
    return array


# -- probes ----------------------------------------------------------------------------------------


def _layout_of(nd: Any) -> tuple[str, tuple[int, ...], bool, bool]:
    """What an uninitialised buffer must honour: dtype, shape, order; never its contents."""
    array = nd.as_numpy_array()
    return array.dtype.str, array.shape, bool(array.flags.c_contiguous), bool(array.flags.f_contiguous)


def _ndbuffer_probes(obs: Observer, data: Any) -> None:
    cpu = obs.cpu
    dtype = data.draw(_DTYPES, "dtype")
    array = _layout(data, _array_of(data, dtype))
    nd = obs.call("from_numpy_array", lambda: cpu.NDBuffer.from_numpy_array(array))
    if nd is None:
        return
    for name in ("dtype", "shape", "byteorder"):
        obs.call(name, functools.partial(getattr, nd, name))
    obs.call("len", lambda: len(nd))
    obs.call("no copy", lambda: np.shares_memory(nd.as_numpy_array(), array) if array.size else None)
    obs.call("as_ndarray_like is", lambda: nd.as_ndarray_like() is array)
    obs.call("from_ndarray_like", lambda: cpu.NDBuffer.from_ndarray_like(array).as_ndarray_like() is array)
    copied = obs.call("copy", nd.copy)
    obs.call("copy shares", lambda: np.shares_memory(copied.as_numpy_array(), array))
    other = data.draw(_DTYPES, "astype")
    order = data.draw(st.sampled_from(["C", "F", "A", "K"]), "order")
    obs.call(f"astype {other} {order}", lambda: nd.astype(other, order=order))
    obs.call("reshape -1", lambda: nd.reshape(-1))
    obs.call("reshape bad", lambda: nd.reshape(data.draw(st.one_of(_SHAPES, st.just(2.0), st.just((-1, -1))))))
    obs.call("squeeze", lambda: nd.squeeze(data.draw(st.one_of(st.none(), st.integers(-4, 3), st.just((0, 1))))))
    axes = data.draw(st.one_of(st.none(), st.permutations(range(array.ndim)).map(tuple), st.just((0, 0))))
    obs.call(f"transpose {axes}", lambda: nd.transpose(axes))
    if array.size == 1:
        obs.call("as_scalar", nd.as_scalar)
    else:
        obs.call("as_scalar many", nd.as_scalar)
    key = data.draw(st.one_of(hnp.basic_indices(array.shape, allow_newaxis=True), st.integers(-6, 6),
                              hnp.integer_array_indices(array.shape) if array.ndim and array.size else st.just(0),
                              st.just(...), st.just(np.ones(array.shape, bool))), "key")
    view = obs.call("getitem", lambda: nd[key])
    if view is not None:
        obs.call("getitem view", lambda: np.shares_memory(view.as_numpy_array(), array))
    values = [array.flat[0] if array.size else 0, *_SPECIALS]
    value = data.draw(st.sampled_from(values), "value")
    target = cpu.NDBuffer.from_numpy_array(array.copy())
    obs.call(f"setitem {value!r}", lambda: target.__setitem__(key, value))
    obs.call("after setitem", lambda: target)
    filled = cpu.NDBuffer.from_numpy_array(array.copy())
    obs.call(f"fill {value!r}", lambda: filled.fill(value))
    obs.call("after fill", lambda: filled)
    for equal_nan in (True, False):
        for candidate in (value, array, array.copy()[..., ::-1] if array.ndim else array, None):
            obs.call(f"all_equal {equal_nan}", functools.partial(nd.all_equal, candidate, equal_nan=equal_nan))
    obs.call("all_equal flag", lambda: nd.all_equal(0, equal_nan=data.draw(st.sampled_from([1, "yes", np.True_]))))
    obs.call("pickle", lambda: pickle.loads(pickle.dumps(nd, protocol=5)))
    buffers: list[Any] = []
    obs.call("pickle oob", lambda: pickle.loads(pickle.dumps(nd, protocol=5, buffer_callback=buffers.append),
                                                buffers=buffers))
    # create and empty: valid arguments, then one bad argument at a time (which of several bad
    # arguments is reported first is not specified).
    order = data.draw(st.sampled_from(["C", "F"]), "create order")
    shape = data.draw(_SHAPES, "create shape")
    if value is None:  # contents unspecified
        obs.call("create None", lambda: _layout_of(cpu.NDBuffer.create(shape=shape, dtype=dtype, order=order,
                                                                       fill_value=None)))
    else:
        obs.call("create", lambda: cpu.NDBuffer.create(shape=shape, dtype=dtype, order=order, fill_value=value))
    obs.call("create no fill", lambda: _layout_of(cpu.NDBuffer.create(shape=shape, dtype=dtype, order=order)))
    obs.call("empty", lambda: _layout_of(cpu.NDBuffer.empty(shape, dtype, order)))  # contents are unspecified
    bad_shape = data.draw(st.sampled_from([-1, (2, -1), 3, None, (2.0,), "ab"]), "bad shape")
    bad_order = data.draw(st.sampled_from(["X", "A", "K", "c", "", 5]), "bad order")
    obs.call("create bad shape", lambda: cpu.NDBuffer.create(shape=bad_shape, dtype=dtype, fill_value=value))
    obs.call("create bad order", lambda: cpu.NDBuffer.create(shape=shape, dtype=dtype, order=bad_order))
    obs.call("create bad dtype", lambda: cpu.NDBuffer.create(shape=shape, dtype="not a dtype"))
    obs.call("empty bad shape", lambda: _layout_of(cpu.NDBuffer.empty(bad_shape, dtype)))
    obs.call("empty bad order", lambda: _layout_of(cpu.NDBuffer.empty(shape, dtype, bad_order)))


def _buffer_probes(obs: Observer, data: Any) -> None:
    cpu = obs.cpu
    raw = data.draw(st.binary(max_size=24), "bytes")
    kind = data.draw(st.sampled_from(["bytes", "bytearray", "memoryview", "uint8", "uint16", "2-d", "strided", "str"]))
    source: Any = {"bytes": raw, "bytearray": bytearray(raw), "memoryview": memoryview(bytearray(raw)),
                   "uint8": np.frombuffer(bytearray(raw), np.uint8),
                   "uint16": np.frombuffer(bytearray(raw[: len(raw) // 2 * 2]), np.uint16),
                   "2-d": np.frombuffer(bytearray(raw[: len(raw) // 2 * 2]), np.uint8).reshape(2, -1) if raw else raw,
                   "strided": np.frombuffer(bytearray(raw), np.uint8)[::2], "str": raw.hex()}[kind]
    buf = obs.call(f"from_bytes {kind}", lambda: cpu.Buffer.from_bytes(source))
    obs.call(f"from_array_like {kind}", lambda: cpu.Buffer.from_array_like(source))
    if buf is None:
        buf = cpu.Buffer.from_bytes(bytearray(raw))
    obs.call("from_buffer", lambda: cpu.Buffer.from_buffer(buf))
    obs.call("from_buffer no copy", lambda: np.shares_memory(cpu.Buffer.from_buffer(buf).as_numpy_array(),
                                                             buf.as_numpy_array()) if len(buf) else None)
    obs.call("len", lambda: len(buf))
    obs.call("as_numpy_array", buf.as_numpy_array)
    obs.call("as_array_like is", lambda: buf.as_array_like() is buf.as_array_like())
    obs.call("as_buffer_like", lambda: bytes(buf.as_buffer_like()))
    obs.call("to_bytes", buf.to_bytes)
    bound = st.one_of(st.none(), st.integers(-30, 30), st.just(1.5), st.just("a"), st.just(np.int64(2)))
    key = data.draw(st.one_of(st.builds(slice, bound, bound, st.one_of(st.none(), st.integers(-2, 3))),
                              st.integers(0, 3), st.just((slice(None),)), st.none()), "key")
    part = obs.call(f"getitem {key!r}", lambda: buf[key])
    if part is not None and len(part):
        obs.call("getitem view", lambda: np.shares_memory(part.as_numpy_array(), buf.as_numpy_array()))
    size = len(raw[key]) if isinstance(key, slice) and not isinstance(key.start, (float, str)) and not isinstance(
        key.stop, (float, str)) and key.step in (None, 1) else 2
    value_kind = data.draw(st.sampled_from(["bytes", "short", "uint8", "uint16", "Buffer", "int", "scalar", "str"]))
    value: Any = {"bytes": b"Z" * size, "short": b"Z" * max(size - 1, 0), "uint8": np.full(size, 7, np.uint8),
                  "uint16": np.full(size // 2, 0x4142, np.uint16) if size % 2 == 0 else np.zeros(size, np.uint16),
                  "Buffer": cpu.Buffer.from_bytes(b"Q" * size), "int": 7, "scalar": np.uint8(7), "str": "Z" * size,
                  }[value_kind]
    target = cpu.Buffer.from_bytes(bytearray(raw) if data.draw(st.booleans(), "writable") else raw)
    obs.call(f"setitem {key!r} {value_kind}", lambda: target.__setitem__(key, value))
    obs.call("after setitem", lambda: target)
    others = data.draw(st.lists(st.sampled_from(["Buffer", "bytes", "int"]), max_size=3), "others")
    items = [cpu.Buffer.from_bytes(b"xy") if o == "Buffer" else (b"xy" if o == "bytes" else 3) for o in others]
    obs.call(f"combine {others}", lambda: buf.combine(items))
    obs.call("combine one", lambda: buf.combine(cpu.Buffer.from_bytes(b"z")))
    obs.call("add", lambda: buf + cpu.Buffer.from_bytes(raw[:3]))
    obs.call("add bytes", lambda: buf + raw)
    obs.call("eq", lambda: buf == cpu.Buffer.from_bytes(raw))
    obs.call("eq other", lambda: buf == cpu.Buffer.from_bytes(raw[:-1] + b"!"))
    obs.call("eq bytes", lambda: buf == raw)
    obs.call("hash", lambda: hash(buf))
    obs.call("zero length", lambda: cpu.Buffer.create_zero_length())
    obs.call("pickle", lambda: pickle.loads(pickle.dumps(buf, protocol=5)))
    if sys.version_info >= (3, 12):
        obs.call("memoryview", lambda: bytes(memoryview(buf)))


_GRID_DTYPES = ("|b1", "|i1", "<u2", ">i8", "<f2", ">f4", "<f8", "<c8", ">c16", "<M8[s]", "<m8[ms]", "|S3", "<U3",
                "|O", [("a", "<i4"), ("b", "<f8")])
_GRID_VALUES = (0, 1, -0.0, 1.5, float("nan"), float("inf"), 2**70, 1 + 0j, 1 + 2j, "1", "2.5-1j", "x", b"1", True,
                np.float32(2), np.int64(-3), np.complex64(1), np.datetime64(5, "s"), np.timedelta64(5, "ms"),
                np.array(3), (1, 2.0), [1, 2, 3])


def _same(value: Any) -> Any:
    return value


def _conversion_probes(obs: Observer) -> None:
    """Every dtype kind against every kind of value, in create, fill and __setitem__ (a fixed grid)."""
    cpu = obs.cpu
    for dtype in _GRID_DTYPES:
        for value in _GRID_VALUES:
            label = f"{dtype} {value!r}"
            obs.call(f"grid create {label}", functools.partial(cpu.NDBuffer.create, shape=(3,), dtype=dtype,
                                                               fill_value=value))
            target = cpu.NDBuffer.create(shape=(3,), dtype=dtype, fill_value=0 if dtype != "|O" else None)
            obs.call(f"grid fill {label}", functools.partial(target.fill, value))
            obs.call(f"grid after fill {label}", functools.partial(_same, target))
            target = cpu.NDBuffer.create(shape=(3,), dtype=dtype, fill_value=0 if dtype != "|O" else None)
            obs.call(f"grid setitem {label}", functools.partial(target.__setitem__, slice(None), value))
            obs.call(f"grid after setitem {label}", functools.partial(_same, target))
            obs.call(f"grid all_equal {label}", functools.partial(target.all_equal, value))


def _large_probes(obs: Observer) -> None:
    """Arrays larger than ``all_equal``'s blocks: every element must count, wherever it lies."""
    cpu = obs.cpu
    size = 300_000
    for dtype in ("<f8", ">f4", "<i8", "<c16", "|b1", "<M8[s]", "<U2", "|S2", "O"):
        base = np.zeros(size, dtype)
        for where in (None, 0, 65_535, 65_536, 131_071, 199_999, size - 1):
            array = base.copy()
            if where is not None:
                array[where] = np.ones(1, dtype)[0] if dtype != "O" else 1
            nd = cpu.NDBuffer.from_numpy_array(array)
            obs.call(f"large all_equal {dtype} {where}", functools.partial(nd.all_equal, base[0]))
            obs.call(f"large all_equal array {dtype} {where}", functools.partial(nd.all_equal, base))
    for shape, order in (((2, 200_000), "C"), ((200_000, 2), "F"), ((3, 70_000, 2), "C")):
        grid: np.ndarray[Any, Any] = np.zeros(shape, "<f8", order=order)  # type: ignore[call-overload]
        grid.flat[-1] = -0.0
        obs.call(f"large layout {shape} {order}", functools.partial(cpu.NDBuffer.from_numpy_array(grid).all_equal, 0.0))
        strided = cpu.NDBuffer.from_numpy_array(grid[..., ::2])
        obs.call(f"large strided {shape}", functools.partial(strided.all_equal, 0.0))
    records = np.zeros(12_288, [("a", "<f8", (3,)), ("b", "O")])
    records["b"] = 0
    for where in (None, 0, 8_191, 12_287):
        changed = records.copy()
        if where is not None:
            changed["a"][where, 1] = np.nan
        nd = cpu.NDBuffer.from_numpy_array(changed)
        obs.call(f"large records {where}", functools.partial(nd.all_equal, records[0]))
        obs.call(f"large records nan {where}", functools.partial(nd.all_equal, records[0], equal_nan=False))
        obs.call(f"large records array {where}", functools.partial(nd.all_equal, records))


def observe(examples: int = EXAMPLES) -> Observer:
    """Run the battery on the ``bufferspec.cpu`` that imports here."""
    from bufferspec import cpu

    obs = Observer(cpu)
    common = settings(max_examples=examples, derandomize=True, database=None, deadline=None,
                      phases=[Phase.generate], suppress_health_check=list(HealthCheck))

    @seed(25)
    @common
    @given(st.data())
    def ndbuffers(data: Any) -> None:
        _ndbuffer_probes(obs, data)

    @seed(25)
    @common
    @given(st.data())
    def buffers(data: Any) -> None:
        _buffer_probes(obs, data)

    ndbuffers()
    buffers()
    _conversion_probes(obs)
    _large_probes(obs)
    return obs


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m conformance.mutation_battery OUT.json", file=sys.stderr)
        return 2
    obs = observe()
    Path(args[0]).write_text(json.dumps({"spec": obs.spec, "strict": obs.strict}), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
