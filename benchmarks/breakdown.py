"""Where the time of bufferspec's O(1) hot paths goes, step by step.

Usage::

    python benchmarks/breakdown.py [--quick] [--runs N]

For the constant-time operations whose targets are tight (``from_array_like``,
``from_buffer``, ``Buffer[a:b]``, ``NDBuffer.from_numpy_array``,
``NDBuffer[region]``), this times a *ladder* of statements in one interleaved
measurement (the method of ``bench.py``): the raw NumPy call, then the
cheapest wrapper class (the "floor"), then a classmethod that does only what
the reference does up to a given step (allocate the object, store the array,
each check the specification requires), and finally the reference itself.
For indexing, a second floor is the least any class can do behind ``[]``: a
``__getitem__`` that indexes, allocates and stores, with no checks (the
subscript slot costs more than a plain method call).
Each step's increment over the previous one is the price of that step on this
machine, so the table shows which costs are the wrapper's (any Python wrapper
pays them) and which are bufferspec's own checks.

This is the profile of the O(1) paths: sampling profilers (py-spy,
pyinstrument) and line_profiler add 0.5 µs or more per sampled line, more
than these functions take in total, so they cannot resolve these steps.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _cases import _Wrap  # noqa: E402
from _timing import FULL, QUICK, machine_info, measure  # noqa: E402

import bufferspec.cpu  # noqa: E402

_new = object.__new__
_ndarray = np.ndarray
UINT8 = np.dtype("uint8")


class _Steps:
    """Classmethods doing the reference's work up to one step each (same slots, same shape)."""

    __slots__ = ("_data",)
    _data: Any

    @classmethod
    def dispatch(cls, a: Any) -> Any:
        return a

    @classmethod
    def new_store(cls, a: Any) -> _Steps:
        self = _new(cls)
        self._data = a
        return self

    @classmethod
    def type_check(cls, a: Any) -> _Steps:
        self = _new(cls)
        if type(a) is _ndarray:
            self._data = a
        return self

    @classmethod
    def type_dtype(cls, a: Any) -> _Steps:
        self = _new(cls)
        if type(a) is _ndarray and a.dtype is UINT8:
            self._data = a
        return self

    @classmethod
    def type_dtype_strides(cls, a: Any) -> _Steps:
        self = _new(cls)
        if type(a) is _ndarray and a.dtype is UINT8 and a.strides == (1,):
            self._data = a
        return self

    @classmethod
    def isinstance_check(cls, a: Any) -> _Steps:
        self = _new(cls)
        if isinstance(a, np.ndarray):
            self._data = a
        return self

    def __getitem__(self, key: Any) -> _Steps:
        """The least a ``[]`` wrapper can do: index, allocate, store (no checks)."""
        result = _new(type(self))
        result._data = self._data[key]
        return result

    def slice_new_store(self, key: slice) -> _Steps:
        result = _new(type(self))
        result._data = self._data[key]
        return result

    def slice_key_check(self, key: Any) -> _Steps:
        result = _new(type(self))
        if type(key) is slice and key.step is None:
            result._data = self._data[key]
        return result

    def region_new_store(self, key: Any) -> _Steps:
        result = _new(type(self))
        result._data = self._data[key]
        return result

    def region_view_check(self, key: Any) -> _Steps:
        data = self._data
        result_data = data[key]
        if not isinstance(result_data, np.ndarray) or data.dtype.hasobject:
            result_data = data[key + (Ellipsis,)]
        result = _new(type(self))
        result._data = result_data
        return result


class _SliceTypeChecked:
    """A ``[]`` wrapper that checks only the key's type (the first check a Buffer slice needs)."""

    __slots__ = ("_data",)
    _data: Any

    def __getitem__(self, key: Any) -> _SliceTypeChecked:
        result = _new(type(self))
        if type(key) is slice:
            result._data = self._data[key]
        return result


_SUBSCRIPT_FLOOR = "floor for [] syntax"

LADDERS: dict[str, list[tuple[str, str]]] = {
    "Buffer.from_array_like(ndarray)": [
        ("numpy: np.asarray(a)", "np.asarray(a)"),
        ("floor: _Wrap(np.asarray(a))", "_Wrap(np.asarray(a))"),
        ("classmethod call only", "S.dispatch(a)"),
        ("+ allocate object, store array", "S.new_store(a)"),
        ("+ check type(a) is ndarray", "S.type_check(a)"),
        ("+ check dtype is uint8", "S.type_dtype(a)"),
        ("+ check strides == (1,) (1-d and contiguous)", "S.type_dtype_strides(a)"),
        ("bufferspec (the same checks)", "BS.Buffer.from_array_like(a)"),
    ],
    "Buffer.from_buffer(Buffer)": [
        ("numpy: np.asarray(a)", "np.asarray(a)"),
        ("floor: _Wrap(np.asarray(a))", "_Wrap(np.asarray(a))"),
        ("classmethod call only", "S.dispatch(B)"),
        ("+ allocate object, store array", "S.new_store(B)"),
        ("+ isinstance(buffer, Buffer) = bufferspec", "BS.Buffer.from_buffer(B)"),
    ],
    "Buffer[a:b] slice": [
        ("numpy: a[1024:2048]", "a[1024:2048]"),
        ("floor: _Wrap(a[1024:2048])", "_Wrap(a[1024:2048])"),
        ("method: allocate, slice, store", "SB.slice_new_store(k)"),
        ("+ check slice type and step", "SB.slice_key_check(k)"),
        (f"{_SUBSCRIPT_FLOOR}: minimal __getitem__, no checks", "SB[1024:2048]"),
        ("+ check type(key) is slice only", "ST[1024:2048]"),
        ("bufferspec (+ check step is None): B[1024:2048]", "B[1024:2048]"),
    ],
    "NDBuffer.from_numpy_array(ndarray)": [
        ("numpy: np.asanyarray(x)", "np.asanyarray(x)"),
        ("floor: _Wrap(np.asanyarray(x))", "_Wrap(np.asanyarray(x))"),
        ("classmethod call only", "S.dispatch(x)"),
        ("+ allocate object, store array", "S.new_store(x)"),
        ("+ check type(x) is np.ndarray = bufferspec", "BS.NDBuffer.from_numpy_array(x)"),
    ],
    "NDBuffer[region] getitem": [
        ("numpy: x[r]", "x[r]"),
        ("floor: _Wrap(x[r])", "_Wrap(x[r])"),
        ("method: index, allocate, store", "SN.region_new_store(r)"),
        ("+ check result is a view (not an element)", "SN.region_view_check(r)"),
        (f"{_SUBSCRIPT_FLOOR}: minimal __getitem__, no checks", "SN[r]"),
        ("bufferspec: N[r]", "N[r]"),
    ],
}


def _namespace() -> dict[str, Any]:
    a = np.zeros(4096, UINT8)
    x = np.zeros((1024, 1024))
    slicer = _Steps.new_store(a)
    type_checked = _new(_SliceTypeChecked)
    type_checked._data = a
    region = _Steps.new_store(x)
    return {
        "np": np, "BS": bufferspec.cpu, "_Wrap": _Wrap, "S": _Steps, "a": a, "x": x,
        "B": bufferspec.cpu.Buffer.from_array_like(a), "N": bufferspec.cpu.NDBuffer.from_numpy_array(x),
        "SB": slicer, "ST": type_checked, "SN": region, "k": slice(1024, 2048), "r": (slice(0, 100), slice(0, 100)),
    }


def _ns(seconds: float) -> str:
    return f"{seconds * 1e9:.0f} ns"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--quick", action="store_true", help="few repetitions (smoke test)")
    parser.add_argument(
        "--runs", type=int, default=1, metavar="N",
        help="measure every ladder in N passes; report medians over passes and each ratio's range",
    )
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs: expected a positive number of passes")
    config = QUICK if args.quick else FULL
    for key, value in machine_info():
        print(f"{key}: {value}")
    namespace = _namespace()
    passes: dict[str, list[dict[str, float]]] = {operation: [] for operation in LADDERS}
    for _ in range(args.runs):  # every pass measures every ladder, so bursts of load hit one pass
        for operation, ladder in LADDERS.items():
            passes[operation].append(measure(dict(ladder), namespace, config))
    for operation, ladder in LADDERS.items():
        _print_ladder(operation, ladder, passes[operation])
    return 0


def _print_ladder(operation: str, ladder: list[tuple[str, str]], passes: list[dict[str, float]]) -> None:
    """One ladder as a Markdown table: median time and ratio over passes, ratio range, increment."""
    numpy_label = ladder[0][0]
    print(f"\n{operation}\n")
    print("| step | median | ratio to NumPy (range over passes) | increment |")
    print("|---|---:|---:|---:|")
    previous: float | None = None  # the increments start at the first wrapper step
    for index, (label, _statement) in enumerate(ladder):
        seconds = statistics.median(times[label] for times in passes)
        ratios = [times[label] / times[numpy_label] for times in passes]
        ratio = f"{statistics.median(ratios):.2f}x"
        if len(ratios) > 1:
            ratio += f" ({min(ratios):.2f}–{max(ratios):.2f})"
        is_floor = label.startswith("floor")
        step = "" if previous is None or is_floor else _ns(seconds - previous)
        print(f"| {label} | {_ns(seconds)} | {ratio} | {step} |")
        if label.startswith(_SUBSCRIPT_FLOOR):
            previous = seconds  # the steps after it add checks to the minimal ``[]`` wrapper
        elif index >= 2 and not is_floor:  # not the NumPy call or the plain floor
            previous = seconds


if __name__ == "__main__":
    sys.exit(main())
