"""Reproduce, by calling zarr directly, every behaviour named in ``expected/zarr-*.toml``.

Run it in an environment with zarr installed::

    python -m conformance.zarr_probe

Each line is one observation (``label: -> result`` or ``label: raised Error: message``).
The reasons in the expected-failures files were written from this output on zarr 3.4.2
(Python 3.12, NumPy 2.5) and zarr 3.1.6 (Python 3.11, NumPy 2.4).  It uses only zarr's
``zarr.buffer.cpu`` classes, NumPy and (as the "foreign" implementation) ``bufferspec.cpu``.
"""

from __future__ import annotations

import pickle
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np

import bufferspec.cpu as ref
from bufferspec.conformance._core.foreign import PlainNDBuffer

__all__ = ["main"]


def observe(label: str, action: Callable[[], object]) -> None:
    """Print what *action* returns or raises."""
    try:
        print(f"{label}: -> {action()!r}")
    except Exception as exc:  # noqa: BLE001 - the point is to show what zarr raises
        print(f"{label}: raised {type(exc).__name__}: {exc}")


def main() -> None:
    """Print every observation for the installed zarr."""
    import zarr
    import zarr.buffer.cpu

    warnings.simplefilter("ignore", DeprecationWarning)  # NumPy's generic-unit datetime warning
    Buffer: Any = zarr.buffer.cpu.Buffer  # noqa: N806 - named as in zarr
    NDBuffer: Any = zarr.buffer.cpu.NDBuffer  # noqa: N806
    print("zarr", zarr.__version__, "numpy", np.__version__)
    t = observe
    b = Buffer.from_bytes(bytearray(b"abc"))
    t("add int", lambda: b + 3)
    t("combine bytes", lambda: b.combine([b"x"]))
    t("eq foreign empty", lambda: Buffer.from_bytes(b"") == ref.Buffer.from_bytes(b""))
    t("eq foreign abc", lambda: Buffer.from_bytes(b"abc").__eq__(ref.Buffer.from_bytes(b"abc")))
    t("eq bytes", lambda: b.__eq__(b"abc"))
    t("from_array_like bytes", lambda: Buffer.from_array_like(b"abcd"))
    t("from_array_like strided", lambda: Buffer.from_array_like(np.arange(8, dtype="B")[::2]).as_numpy_array())
    t("from_buffer bytes", lambda: Buffer.from_buffer(b"abcd"))
    t("from_bytes 3", lambda: Buffer.from_bytes(3))
    t("from_bytes strided mv", lambda: Buffer.from_bytes(memoryview(b"abcdef")[::2]))
    t("from_bytes str", lambda: Buffer.from_bytes("text"))
    t("getitem step", lambda: Buffer.from_bytes(b"0123456789")[::2])
    t("memoryview(buf)", lambda: memoryview(Buffer.from_bytes(b"abc")))
    def sb() -> object:
        x = Buffer.from_bytes(bytearray(b"abcdef")); x[1:3] = Buffer.from_bytes(b"XY"); return x.to_bytes()
    t("setitem Buffer value", sb)
    def sbytes() -> object:
        x = Buffer.from_bytes(bytearray(b"abcdef")); x[0:2] = b"XY"; return x.to_bytes()
    t("setitem bytes value", sbytes)
    def sbytes0() -> object:
        x = Buffer.from_bytes(bytearray(b"")); x[:] = b""; return x.to_bytes()
    t("setitem empty bytes value", sbytes0)
    def sover() -> object:
        x = Buffer.from_bytes(bytearray(b"abcdef")); x[1:5] = x[0:4]; return x.to_bytes()
    t("setitem overlapping own slice", sover)
    def s7() -> object:
        x = Buffer.from_bytes(bytearray(b"abcdef")); x[0:2] = 7; return x.to_bytes()
    t("setitem int 7", s7)
    def sstep() -> object:
        x = Buffer.from_bytes(bytearray(b"abcdef")); x[::2] = b"XYZ"; return x
    t("setitem step", sstep)
    def slen() -> object:
        x = Buffer.from_bytes(bytearray(b"0123456789")); x[0:2] = b"xyz"; return x
    t("setitem wrong length bytes", slen)
    def slen2() -> object:
        x = Buffer.from_bytes(bytearray(b"0123456789")); x[0:2] = np.frombuffer(b"xyz", "B"); return x
    t("setitem wrong length array", slen2)
    f8 = np.array([[0, 1.5, -0.0, np.nan]] * 3)
    t("all_equal broadcast array (4,) on (3,4)", lambda: NDBuffer.from_numpy_array(f8).all_equal(f8[0].copy()))
    t("all_equal non-broadcastable (5,) on (3,4)", lambda: NDBuffer.from_numpy_array(np.zeros((3, 4))).all_equal(np.zeros(5)))
    c = NDBuffer.from_numpy_array(np.zeros(3, "<c8"))
    t("all_equal c8 zeros vs complex(-0.0,0.0)", lambda: c.all_equal(complex(-0.0, 0.0)))
    e = NDBuffer.from_numpy_array(np.zeros(0, "<f8"))
    t("empty f8 all_equal(0)", lambda: e.all_equal(0))
    t("empty f8 all_equal('x')", lambda: e.all_equal("x"))
    t("-0.0 f8 all_equal(0)", lambda: NDBuffer.from_numpy_array(np.array([-0.0] * 3)).all_equal(0))
    t("-0.0 f8 all_equal(0.0)", lambda: NDBuffer.from_numpy_array(np.array([-0.0] * 3)).all_equal(0.0))
    nat_b = np.frombuffer(bytes.fromhex("80" + "00" * 7) * 6, dtype=">M8").reshape(2, 3).copy()
    t(">M8 NaT all_equal(NaT)", lambda: NDBuffer.from_numpy_array(nat_b).all_equal(np.datetime64("NaT")))
    t("<M8 NaT all_equal(NaT)", lambda: NDBuffer.from_numpy_array(nat_b.astype("<M8")).all_equal(np.datetime64("NaT")))
    t(">m8[ns] NaT all_equal(NaT)", lambda: NDBuffer.from_numpy_array(np.full((2, 3), np.timedelta64("NaT"), ">m8[ns]")).all_equal(np.timedelta64("NaT", "ns")))
    sd = np.dtype([("a", "<f8"), ("b", "<i4"), ("c", "S2")])
    neg = np.array([(-0.0, 1, b"")] * 4, sd).reshape(2, 2)
    t("structured -0.0 field all_equal((0.0,1,b''))", lambda: NDBuffer.from_numpy_array(neg).all_equal(np.array((0.0, 1, b""), sd)[()]))
    for shape in [(1,), (1, 1), ()]:
        t(f"as_scalar shape {shape}", lambda: NDBuffer.from_numpy_array(np.zeros(shape, "?")).as_scalar())
    st = np.dtype([("a", "<i4"), ("b", ">f8"), ("c", "S3"), ("d", "<i2", (2,))])
    t("create structured tuple fill", lambda: NDBuffer.create(shape=(2, 3), dtype=st, fill_value=(1, -0.0, b"xy", (3, -4))).as_numpy_array()[0, 0])
    t("create structured np.void fill", lambda: NDBuffer.create(shape=(2, 3), dtype=st, fill_value=np.array((1, -0.0, b"xy", (3, -4)), st)[()]).as_numpy_array()[0, 0])
    t("create dtype=object()", lambda: NDBuffer.create(shape=(2,), dtype=object()))
    t("create dtype='not-a-dtype'", lambda: NDBuffer.create(shape=(2,), dtype="not-a-dtype"))
    t("create shape=(-1,)", lambda: NDBuffer.create(shape=(-1,), dtype="<f8"))
    t("create shape=3", lambda: NDBuffer.create(shape=3, dtype="<f8"))
    t("create i4 fill 'abc'", lambda: NDBuffer.create(shape=(2,), dtype="<i4", fill_value="abc"))
    t("empty shape (2,-1)", lambda: NDBuffer.empty(shape=(2, -1), dtype="<f8"))
    t("fill i4 'abc'", lambda: NDBuffer.create(shape=(3,), dtype="<i4").fill("abc"))
    def iv() -> object:
        nd = NDBuffer.from_numpy_array(np.zeros((3, 4), "<i4"))
        a = nd[1, 2]; a.as_ndarray_like()[...] = 9
        b = nd[0][3]; b.as_ndarray_like()[...] = 4
        return nd.as_numpy_array().tolist()
    t("getitem nd[1,2] vs nd[0][3] write-through", iv)
    bf = NDBuffer.from_numpy_array(np.arange(12.0).reshape(3, 4).astype(">f8"))
    t("getitem >f8 nd[1,2].dtype", lambda: bf[1, 2].dtype)
    t("getitem >f8 nd[2][-1].dtype", lambda: bf[2][-1].dtype)
    t("getitem nd[3] on (3,4)", lambda: NDBuffer.from_numpy_array(np.zeros((3, 4)))[3])
    p = NDBuffer.from_numpy_array(np.arange(6).reshape(2, 3).astype(">i4"))
    t("pickle >i4: dtype before/after, byteorder before/after", lambda: (p.dtype, pickle.loads(pickle.dumps(p, 2)).dtype, p.byteorder, pickle.loads(pickle.dumps(p, 2)).byteorder))
    t("reshape size mismatch", lambda: NDBuffer.from_numpy_array(np.zeros((2, 3))).reshape((4, 2)))
    def sf() -> object:
        nd = NDBuffer.from_numpy_array(np.zeros((3, 4))); nd[...] = PlainNDBuffer.from_numpy_array(np.array([[1.0, 2, 3, 4]])); return nd.as_numpy_array()
    t("setitem foreign NDBuffer value (no __array__)", sf)
    def sz() -> object:
        nd = NDBuffer.from_numpy_array(np.zeros((3, 4))); nd[...] = NDBuffer.from_numpy_array(np.array([[1.0, 2, 3, 4]])); return nd.as_numpy_array()[2].tolist()
    t("setitem own NDBuffer value", sz)
    def snb() -> object:
        nd = NDBuffer.from_numpy_array(np.zeros((3, 4))); nd[0] = NDBuffer.from_numpy_array(np.ones(3)); return nd
    t("setitem non-broadcastable", snb)
    t("squeeze((1,)) of (1,3,1)", lambda: NDBuffer.from_numpy_array(np.zeros((1, 3, 1))).squeeze((1,)))
    t("transpose((0,0,1))", lambda: NDBuffer.from_numpy_array(np.zeros((2, 3, 4))).transpose((0, 0, 1)))
    def fb() -> object:
        b = Buffer.from_bytes(bytearray(b"abcdef")); b[1:3] = ref.Buffer.from_bytes(bytearray(b"XY")); return b.to_bytes()
    t("setitem bufferspec Buffer value", fb)
    t("astype('>M8') of <M8 dtype", lambda: NDBuffer.from_numpy_array(np.zeros(2, "<M8[s]").astype("<M8")).astype(">M8").dtype)
    t("byteorder of <f8", lambda: NDBuffer.create(shape=(2,), dtype="<f8").byteorder)
    t("create >M8 dtype", lambda: NDBuffer.create(shape=(2, 2), dtype=">M8").dtype)
    t("create >m8 NaT dtype", lambda: NDBuffer.create(shape=(2, 3), dtype=">m8", fill_value=np.timedelta64("NaT")).dtype)
    t("empty((), '>M8') dtype", lambda: NDBuffer.empty(shape=(), dtype=">M8").dtype)
    t("nd[()] of 0-d >f8 dtype", lambda: NDBuffer.from_numpy_array(np.array(0.0, ">f8"))[()].dtype)
    def bv() -> object:
        nd = NDBuffer.from_numpy_array(np.array([0], "<i4")); v = nd[0,]; v.as_ndarray_like()[...] = -1; return nd.as_numpy_array()
    t("nd[0,] write-through", bv)
    t("nd[1,2] of >f8 dtype", lambda: NDBuffer.from_numpy_array(np.zeros((3, 4), ">f8"))[1, 2].dtype)
    t("from_numpy_array(>M8 array).dtype", lambda: NDBuffer.from_numpy_array(np.zeros((), ">M8")).dtype)


if __name__ == "__main__":
    main()
