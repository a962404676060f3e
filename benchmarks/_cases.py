"""The rows of ``bench.py``: one operation at one size, as statements per side.

Every statement runs against one shared namespace built by :func:`build`.
Names: ``BS`` is ``bufferspec.cpu``, ``ZC`` is ``zarr.buffer.cpu`` (or
``None``), ``P``/``ZP`` the two protocol modules, ``_Wrap`` the cheapest
pure-Python wrapper (the "floor").  Per size ``k``: ``b_k`` bytes, ``a_k`` the
matching uint8 array, ``B_k``/``Z_k`` the two libraries' Buffers over it.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

import numpy as np

import bufferspec.conformance
import bufferspec.cpu
import bufferspec.protocols

__all__ = ["Row", "build", "load_zarr"]

KiB = 1024
MiB = 1024 * KiB


class _Wrap:
    """The cheapest pure-Python wrapper object: the floor any wrapper class can reach."""

    __slots__ = ("a",)

    def __init__(self, a: object) -> None:
        self.a = a


@dataclass
class Row:
    """One line of the table."""

    op: str
    size: str
    bufferspec: str
    zarr: str | None
    numpy: str | None
    floor: bool = False  # add a floor side: ``_Wrap(<numpy statement>)``
    sources: dict[str, str] = field(default_factory=dict)  # side -> expr the result may alias
    settle: bool = False  # one untimed NumPy call before every batch (large allocations)
    rounds: int | None = None

    def statements(self, with_zarr: bool) -> dict[str, str]:
        result = {"bufferspec": self.bufferspec}
        if with_zarr and self.zarr is not None:
            result["zarr"] = self.zarr
        if self.numpy is not None:
            result["numpy"] = self.numpy
            if self.floor:
                result["floor"] = f"_Wrap({self.numpy})"
        return result


def load_zarr() -> tuple[ModuleType | None, ModuleType | None, str]:
    """``(zarr.buffer.cpu, zarr.core.buffer.core, reason)``; modules are None when not importable."""
    try:
        cpu = importlib.import_module("zarr.buffer.cpu")
        core = importlib.import_module("zarr.core.buffer.core")
    except Exception as exc:  # noqa: BLE001 - any failure means "not measured"
        return None, None, f"{type(exc).__name__}: {exc}"
    return cpu, core, ""


def _label(nbytes: int) -> str:
    if nbytes >= MiB:
        return f"{nbytes // MiB} MiB"
    if nbytes >= KiB:
        return f"{nbytes // KiB} KiB"
    return f"{nbytes} B"


def build(quick: bool, zc: Any, zcore: Any) -> tuple[dict[str, Any], list[Row]]:
    """The shared namespace and every row; *quick* shrinks sizes, never drops a row."""
    ns: dict[str, Any] = {
        "np": np,
        "BS": bufferspec.cpu,
        "P": bufferspec.protocols,
        "ZC": zc,
        "ZP": zcore,
        "_Wrap": _Wrap,
        "U1": np.dtype("B"),
        "conformance": bufferspec.conformance,
        "kit_examples": 2 if quick else 100,
    }
    has_zarr = zc is not None
    rows: list[Row] = []
    sizes = [16, 4 * KiB] if quick else [16, 4 * KiB, MiB, 64 * MiB]
    mid = sizes[-1] if quick else MiB  # the "large" buffer of O(1) accessors, len and slicing
    small_big = [sizes[0], mid]
    rng = np.random.default_rng(0)
    for n in sizes:
        data = rng.integers(0, 256, n, dtype=np.uint8).tobytes()
        ns[f"b_{n}"] = data
        ns[f"a_{n}"] = np.frombuffer(bytearray(data), np.uint8)
        ns[f"a2_{n}"] = ns[f"a_{n}"].copy()
        ns[f"B_{n}"] = bufferspec.cpu.Buffer.from_array_like(ns[f"a_{n}"])
        ns[f"B2_{n}"] = bufferspec.cpu.Buffer.from_array_like(ns[f"a2_{n}"])
        if has_zarr:
            ns[f"Z_{n}"] = zc.Buffer.from_array_like(ns[f"a_{n}"])
            ns[f"Z2_{n}"] = zc.Buffer.from_array_like(ns[f"a2_{n}"])

    def buf_row(op: str, n: int, bs: str, z: str | None, npx: str | None, **kw: Any) -> None:
        rows.append(Row(op, _label(n), bs.format(n=n), None if z is None else z.format(n=n),
                        None if npx is None else npx.format(n=n), **kw))

    same = {"bufferspec": "b_{n}", "zarr": "b_{n}", "numpy": "b_{n}", "floor": "b_{n}"}
    arr = {"bufferspec": "a_{n}", "zarr": "a_{n}", "numpy": "a_{n}", "floor": "a_{n}"}
    for n in sizes:
        fmt = {k: v.format(n=n) for k, v in same.items()}
        buf_row("Buffer.from_bytes(bytes)", n, "BS.Buffer.from_bytes(b_{n})", "ZC.Buffer.from_bytes(b_{n})",
                "np.frombuffer(b_{n}, dtype='B')", floor=True, sources=fmt)
    for n in sizes:
        fmt = {k: v.format(n=n) for k, v in arr.items()}
        buf_row("Buffer.from_array_like(ndarray)", n, "BS.Buffer.from_array_like(a_{n})",
                "ZC.Buffer.from_array_like(a_{n})", "np.asarray(a_{n})", floor=True, sources=fmt)
    for n in sizes:
        fmt = {k: v.format(n=n) for k, v in arr.items()}
        buf_row("Buffer.from_buffer(Buffer)", n, "BS.Buffer.from_buffer(B_{n})", "ZC.Buffer.from_buffer(Z_{n})",
                "np.asarray(a_{n})", floor=True, sources=fmt)
    for n in small_big:
        fmt = {k: v.format(n=n) for k, v in arr.items()}
        buf_row("Buffer.as_numpy_array()", n, "B_{n}.as_numpy_array()", "Z_{n}.as_numpy_array()",
                "np.asarray(a_{n})", sources=fmt)
        buf_row("Buffer.as_array_like()", n, "B_{n}.as_array_like()", "Z_{n}.as_array_like()",
                "np.asarray(a_{n})", sources=fmt)
        buf_row("Buffer.as_buffer_like()", n, "B_{n}.as_buffer_like()", "Z_{n}.as_buffer_like()",
                "memoryview(a_{n})", sources=fmt)
    for n in sizes:
        fmt = {k: v.format(n=n) for k, v in arr.items()}
        buf_row("Buffer.to_bytes()", n, "B_{n}.to_bytes()", "Z_{n}.to_bytes()", "bytes(memoryview(a_{n}))",
                sources=fmt, settle=n >= 64 * MiB)
    big = mid
    buf_row("len(Buffer)", big, "len(B_{n})", "len(Z_{n})", "len(a_{n})")
    fmt = {k: v.format(n=big) for k, v in arr.items()}
    buf_row("Buffer[a:b] slice", big, "B_{n}[1024:2048]", "Z_{n}[1024:2048]", "a_{n}[1024:2048]",
            floor=True, sources=fmt)
    for n in sizes[:-1]:
        ns[f"src_{n}"] = np.full(n, 7, np.uint8)
        # zarr's Buffer.__setitem__ needs an array value (NumPy cannot read a zarr Buffer).
        buf_row("Buffer[a:b] = ndarray slice-assign", n, "B_{big}[0:{n}] = src_{n}".replace("{big}", str(sizes[-1])),
                "Z_{big}[0:{n}] = src_{n}".replace("{big}", str(sizes[-1])),
                "a_{big}[0:{n}] = src_{n}".replace("{big}", str(sizes[-1])))
    for n in sizes:
        fmt = {k: v.format(n=n) for k, v in arr.items()}
        buf_row("Buffer + Buffer", n, "B_{n} + B2_{n}", "Z_{n} + Z2_{n}", "np.concatenate((a_{n}, a2_{n}))",
                floor=True, sources=fmt, settle=n >= 64 * MiB)
    chunk = 1 * KiB if quick else 64 * KiB
    for count in ([2, 5, 10] if quick else [10, 100, 1000]):
        chunks = [rng.integers(0, 256, chunk, dtype=np.uint8) for _ in range(count)]
        ns[f"ch_{count}"] = chunks
        ns[f"Bch0_{count}"] = bufferspec.cpu.Buffer.from_array_like(chunks[0])
        ns[f"Bch_{count}"] = [bufferspec.cpu.Buffer.from_array_like(c) for c in chunks[1:]]
        if has_zarr:
            ns[f"Zch0_{count}"] = zc.Buffer.from_array_like(chunks[0])
            ns[f"Zch_{count}"] = [zc.Buffer.from_array_like(c) for c in chunks[1:]]
        src = f"ch_{count}[0]"
        rows.append(Row("Buffer.combine(others)", f"N={count}x{_label(chunk)}", f"Bch0_{count}.combine(Bch_{count})",
                        f"Zch0_{count}.combine(Zch_{count})", f"np.concatenate(ch_{count})", floor=True,
                        sources={"bufferspec": src, "zarr": src, "numpy": src, "floor": src},
                        settle=True, rounds=5 if count >= 1000 else None))
    for n in small_big:
        buf_row("Buffer == Buffer (equal, separate memory)", n, "B_{n} == B2_{n}", "Z_{n} == Z2_{n}",
                "np.array_equal(a_{n}, a2_{n})")

    _nd_rows(ns, rows, quick, has_zarr)
    rows.append(Row("isinstance(ndarray, NDArrayLike)", "8x8 f8", "isinstance(x_8, P.NDArrayLike)",
                    "isinstance(x_8, ZP.NDArrayLike)", "isinstance(x_8, np.ndarray)"))
    rows.append(Row("isinstance(ndarray, ArrayLike)", "16 B", "isinstance(a_16, P.ArrayLike)",
                    "isinstance(a_16, ZP.ArrayLike)", "isinstance(a_16, np.ndarray)"))
    ns["a_list"] = [1, 2, 3]
    rows.append(Row("isinstance(list, NDArrayLike)", "list", "isinstance(a_list, P.NDArrayLike)",
                    "isinstance(a_list, ZP.NDArrayLike)", "isinstance(a_list, np.ndarray)"))
    rows.append(Row("conformance kit on the reference", f"max_examples={ns['kit_examples']}",
                    "conformance.run(BS.buffer_prototype, seed=0, max_examples=kit_examples)", None, None,
                    rounds=2 if quick else 3))
    return ns, rows


def _nd_rows(ns: dict[str, Any], rows: list[Row], quick: bool, has_zarr: bool) -> None:
    zc = ns["ZC"]
    dims = [8, 16] if quick else [8, 1024]
    for d in dims:
        ns[f"s_{d}"] = (d, d)
        ns[f"flat_{d}"] = (d * d,)
        ns[f"reg_{d}"] = (slice(1, 5), slice(2, 6)) if d <= 16 else (slice(100, 200), slice(100, 200))
        region = (4, 4) if d <= 16 else (100, 100)
        arrays = {
            "x": np.arange(d * d, dtype="f8").reshape(d, d),
            "uni": np.full((d, d), 1.5),
            "nan": np.full((d, d), np.nan),
            "zero": np.zeros((d, d)),
            "diff": np.full((d, d), 1.5),
            "v": np.full(region, 3.0),
        }
        arrays["diff"][0, 0] = 2.0
        for key, value in arrays.items():
            ns[f"{key}_{d}"] = value
            ns[f"N{key}_{d}"] = bufferspec.cpu.NDBuffer.from_numpy_array(value)
            if has_zarr:
                ns[f"Z{key}_{d}"] = zc.NDBuffer.from_numpy_array(value)
    ns["a0"] = np.array(1.5)
    ns["Na0"] = bufferspec.cpu.NDBuffer.from_numpy_array(ns["a0"])
    if has_zarr:
        ns["Za0"] = zc.NDBuffer.from_numpy_array(ns["a0"])

    def nd(op: str, d: int, bs: str, z: str, npx: str, floor: bool = False, src: str | None = None) -> None:
        f = {"d": d}
        sources = {}
        if src is not None:
            sources = {"bufferspec": "N" + src.format(**f), "zarr": "Z" + src.format(**f),
                       "numpy": src.format(**f), "floor": src.format(**f)}
        rows.append(Row(op, f"{d}x{d} f8", bs.format(**f), z.format(**f), npx.format(**f), floor=floor,
                        sources=sources, settle=d > 16))

    for d in dims:
        for fill, npx in (("0", "np.zeros(s_{d}, dtype='float64')"),
                          ("1.5", "np.full(s_{d}, 1.5, dtype='float64')"),
                          ("None", "np.zeros(s_{d}, dtype='float64')")):
            nd(f"NDBuffer.create(fill_value={fill})", d,
               f"BS.NDBuffer.create(shape=s_{{d}}, dtype='float64', fill_value={fill})",
               f"ZC.NDBuffer.create(shape=s_{{d}}, dtype='float64', fill_value={fill})", npx, floor=True)
        nd("NDBuffer.empty", d, "BS.NDBuffer.empty(s_{d}, 'float64')", "ZC.NDBuffer.empty(s_{d}, 'float64')",
           "np.empty(s_{d}, dtype='float64')", floor=True)
        nd("NDBuffer.from_numpy_array", d, "BS.NDBuffer.from_numpy_array(x_{d})",
           "ZC.NDBuffer.from_numpy_array(x_{d})", "np.asanyarray(x_{d})", floor=True, src="x_{d}")
        nd("NDBuffer.as_numpy_array", d, "Nx_{d}.as_numpy_array()", "Zx_{d}.as_numpy_array()",
           "np.asanyarray(x_{d})", src="x_{d}")
        nd("NDBuffer.reshape(flat)", d, "Nx_{d}.reshape(flat_{d})", "Zx_{d}.reshape(flat_{d})",
           "x_{d}.reshape(flat_{d})", floor=True, src="x_{d}")
        nd("NDBuffer.transpose((1, 0))", d, "Nx_{d}.transpose((1, 0))", "Zx_{d}.transpose((1, 0))",
           "x_{d}.transpose((1, 0))", floor=True, src="x_{d}")
        nd("NDBuffer.astype('float32')", d, "Nx_{d}.astype('float32')", "Zx_{d}.astype('float32')",
           "x_{d}.astype('float32')", floor=True, src="x_{d}")
        nd("NDBuffer.copy()", d, "Nx_{d}.copy()", "Zx_{d}.copy()", "x_{d}.copy()", floor=True, src="x_{d}")
        nd("NDBuffer[region] getitem", d, "Nx_{d}[reg_{d}]", "Zx_{d}[reg_{d}]", "x_{d}[reg_{d}]",
           floor=True, src="x_{d}")
        nd("NDBuffer[region] = scalar", d, "Nx_{d}[reg_{d}] = 2.0", "Zx_{d}[reg_{d}] = 2.0",
           "x_{d}[reg_{d}] = 2.0")
        nd("NDBuffer[region] = NDBuffer", d, "Nx_{d}[reg_{d}] = Nv_{d}", "Zx_{d}[reg_{d}] = Zv_{d}",
           "x_{d}[reg_{d}] = v_{d}")
        nd("all_equal(1.5) uniform", d, "Nuni_{d}.all_equal(1.5)", "Zuni_{d}.all_equal(1.5)",
           "bool((uni_{d} == 1.5).all())")
        nd("all_equal(nan) uniform NaN", d, "Nnan_{d}.all_equal(np.nan)", "Znan_{d}.all_equal(np.nan)",
           "bool(np.isnan(nan_{d}).all())")
        nd("all_equal(0.0) bitwise", d, "Nzero_{d}.all_equal(0.0)", "Zzero_{d}.all_equal(0.0)",
           "bool((zero_{d}.view('u8') == 0).all())")
        nd("all_equal(1.5) first element differs", d, "Ndiff_{d}.all_equal(1.5)", "Zdiff_{d}.all_equal(1.5)",
           "bool((diff_{d} == 1.5).all())")
    rows.append(Row("NDBuffer.as_scalar() 0-d", "0-d f8", "Na0.as_scalar()", "Za0.as_scalar()", "a0[()]"))
