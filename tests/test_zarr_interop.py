"""bufferspec buffers next to zarr's own, and zarr features beyond plain chunk I/O.

``out=`` (bufferspec's and zarr's own NDBuffers, every codec pipeline), zarr's
and bufferspec's NDBuffers assigned into each other, Buffers combined and
compared across the two libraries, per-call prototypes, data written by one
set of classes and read by the other, byte-range writes, ZipStore, groups with
consolidated metadata.  Runs inside :func:`bufferspec.zarr.enabled`.
Behaviours of zarr are kept as strict ``xfail`` tests, each with its reason:
zarr cannot read a single field of a structured array at all (with a
reproducer), nested sharding fails with any buffer class but zarr's own
(with a control of zarr subclasses), and zarr 3.1 (only) copies every chunk
once more on write.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest

pytest.importorskip("zarr")

import zarr  # noqa: E402
import zarr.abc.buffer  # noqa: E402
import zarr.buffer.cpu  # noqa: E402
import zarr.core.codec_pipeline  # noqa: E402
import zarr.registry  # noqa: E402
from zarr.codecs import ShardingCodec  # noqa: E402
from zarr.storage import MemoryStore, ZipStore  # noqa: E402

import bufferspec.zarr  # noqa: E402
from bufferspec import cpu  # noqa: E402
from tests.test_zarr_dropin import SpyMemoryStore  # noqa: E402


@pytest.fixture(autouse=True)
def _bufferspec_enabled() -> Iterator[None]:
    with bufferspec.zarr.enabled():
        yield


def _array(store: MemoryStore, **kwargs: Any) -> zarr.Array[Any]:
    array = zarr.create_array(store, shape=(6, 4), chunks=(3, 2), dtype="i4", **kwargs)
    array[...] = np.arange(24, dtype="i4").reshape(6, 4)
    return array


@pytest.mark.parametrize("shards", [None, (6, 4)], ids=["chunks", "shards"])
def test_read_into_bufferspec_out(shards: tuple[int, int] | None) -> None:
    """``out=`` takes a bufferspec NDBuffer (zarr checks ``isinstance(out, NDBuffer)``)."""
    array = _array(MemoryStore(), shards=shards)
    out: Any = cpu.NDBuffer.create(
        shape=(2, 3), dtype="i4", fill_value=-1
    )  # zarr's hint: its own NDBuffer
    array.get_basic_selection((slice(1, 3), slice(0, 3)), out=out)
    np.testing.assert_array_equal(out.as_numpy_array(), np.arange(24).reshape(6, 4)[1:3, 0:3])


def test_out_rejects_other_objects() -> None:
    """The replaced ``isinstance`` check still refuses what zarr refuses."""
    array = _array(MemoryStore())
    with pytest.raises(TypeError, match="out argument needs to be an NDBuffer"):
        array.get_basic_selection(..., out=np.zeros((6, 4), dtype="i4"))  # type: ignore[arg-type]


# NDBuffers of both libraries assigned into each other.  zarr's ``cpu.NDBuffer.__setitem__``
# unwraps only zarr's own class and hands any other value to NumPy; NumPy takes bufferspec's
# NDBuffer through its ``__array__`` (without it, NumPy saw a sequence: ``ValueError: setting an
# array element with a sequence``, a ``TypeError`` for integers, and NDBuffer objects stored as
# elements of object arrays).
ASSIGNED = {
    "i4": np.arange(6, dtype="i4").reshape(2, 3),
    "f8-signed-zero-nan": np.array([[1.5, -0.0, np.nan], [np.inf, -np.inf, 2.0**-1074]]),
    "big-endian-f8": np.arange(6.0).reshape(2, 3).astype(">f8"),
    "c16": np.array([[1 + 2j, -0.0 - 0.0j, np.nan + 1j]] * 2),
    "bool": np.array([[True, False, True]] * 2),
    "U3": np.array([["a", "bc", ""], ["def", "g", "h"]]),
    "S2": np.array([[b"a", b"bc", b""]] * 2),
    "M8[s]": np.array([["2020-01-01", "NaT", "1970-01-01"]] * 2, dtype="M8[s]"),
    "object": np.array([[1, "a", None], [(1, 2), b"x", 2.5]], dtype=object),
    "structured": np.array([[(1, -0.0), (2, np.nan), (3, 1.0)]] * 2, dtype=[("a", "<i4"), ("b", ">f8")]),
}


def assert_same_bits(actual: npt.NDArray[Any], expected: npt.NDArray[Any]) -> None:
    """Equal shape, dtype and contents; for numbers, every bit (``-0.0``, NaN)."""
    assert actual.shape == expected.shape and actual.dtype == expected.dtype
    if expected.dtype.hasobject:
        assert actual.tolist() == expected.tolist()
        assert all(type(a) is type(e) for a, e in zip(actual.ravel(), expected.ravel(), strict=True))
    else:
        assert actual.tobytes() == expected.tobytes()


@pytest.mark.parametrize("values", list(ASSIGNED.values()), ids=list(ASSIGNED))
def test_zarr_ndbuffer_receives_bufferspec_ndbuffer(values: npt.NDArray[Any]) -> None:
    """``zarr_nd[...] = bufferspec_nd``: what zarr's reads do with a caller's ``out=``."""
    target = zarr.buffer.cpu.NDBuffer.create(shape=values.shape, dtype=values.dtype, fill_value=None)
    target[...] = cpu.NDBuffer.from_numpy_array(values)
    assert_same_bits(target.as_numpy_array(), values)
    target[1] = cpu.NDBuffer.from_numpy_array(values[0])  # a row, through a bufferspec view
    assert_same_bits(target.as_numpy_array()[1], values[0])


@pytest.mark.parametrize("values", list(ASSIGNED.values()), ids=list(ASSIGNED))
def test_bufferspec_ndbuffer_receives_zarr_ndbuffer(values: npt.NDArray[Any]) -> None:
    target = cpu.NDBuffer.create(shape=values.shape, dtype=values.dtype)
    target[...] = zarr.buffer.cpu.NDBuffer.from_numpy_array(values)
    assert_same_bits(target.as_numpy_array(), values)


def test_zarr_ndbuffer_converts_and_broadcasts_bufferspec_values() -> None:
    """NumPy's rules apply to a bufferspec value as to an array: casting and broadcasting."""
    target = zarr.buffer.cpu.NDBuffer.create(shape=(2, 3), dtype="f8", fill_value=0.0)
    target[...] = cpu.NDBuffer.from_numpy_array(np.array([1, 2, 3], dtype="i2"))
    np.testing.assert_array_equal(target.as_numpy_array(), [[1.0, 2.0, 3.0]] * 2)
    with pytest.raises(ValueError, match="broadcast"):
        target[...] = cpu.NDBuffer.from_numpy_array(np.arange(4.0))


def test_ndbuffer_array_protocol() -> None:
    """``numpy.asarray(nd)``: no copy by default; NumPy 2's *dtype* and *copy* arguments."""
    data = np.arange(6, dtype="<i4").reshape(2, 3)
    nd = cpu.NDBuffer.from_numpy_array(data)
    assert np.asarray(nd) is data
    assert np.shares_memory(nd.__array__("<i4", copy=False), data)
    copied = nd.__array__(copy=True)
    assert not np.shares_memory(copied, data) and copied.tobytes() == data.tobytes()
    converted = nd.__array__("f4")
    assert converted.dtype == np.dtype("f4") and not np.shares_memory(converted, data)
    swapped = nd.__array__(">i4")
    assert swapped.dtype == np.dtype(">i4") and swapped.tolist() == data.tolist()
    with pytest.raises(ValueError, match="^copy: "):
        nd.__array__("f4", copy=False)
    with pytest.raises(TypeError, match="^dtype: "):
        nd.__array__("not a dtype")


PIPELINES = ["zarr.core.codec_pipeline.BatchedCodecPipeline"]
if hasattr(zarr.core.codec_pipeline, "FusedCodecPipeline"):  # zarr 3.4
    PIPELINES.append("zarr.core.codec_pipeline.FusedCodecPipeline")


@pytest.mark.parametrize("pipeline", PIPELINES, ids=lambda path: path.rsplit(".", 1)[-1])
@pytest.mark.parametrize("shards", [None, (6, 4)], ids=["chunks", "shards"])
def test_read_into_zarr_out(pipeline: str, shards: tuple[int, int] | None) -> None:
    """A zarr NDBuffer as ``out=`` receives the bufferspec chunks zarr decodes."""
    with zarr.config.set({"codec_pipeline.path": pipeline}):
        array = _array(MemoryStore(), shards=shards)
        out = zarr.buffer.cpu.NDBuffer.create(shape=(6, 4), dtype="i4", fill_value=-1)
        array.get_basic_selection(..., out=out)
        np.testing.assert_array_equal(out.as_numpy_array(), np.arange(24).reshape(6, 4))
        part = zarr.buffer.cpu.NDBuffer.create(shape=(2, 3), dtype="i4", fill_value=-1)
        array.get_basic_selection((slice(1, 3), slice(0, 3)), out=part)
        np.testing.assert_array_equal(part.as_numpy_array(), np.arange(24).reshape(6, 4)[1:3, 0:3])


def test_buffers_combine_across_libraries() -> None:
    """``combine`` and ``+`` take the other library's Buffers, in both directions."""
    # Any: statically the two libraries' Buffers are unrelated (each names its own classes)
    ours: Any = cpu.Buffer.from_bytes(b"ab")
    theirs: Any = zarr.buffer.cpu.Buffer.from_bytes(b"cd")
    combined = theirs.combine([ours, theirs])
    assert type(combined) is zarr.buffer.cpu.Buffer and combined.to_bytes() == b"cdabcd"
    assert type(ours.combine([theirs, ours])) is cpu.Buffer
    assert ours.combine([theirs, ours]).to_bytes() == b"abcdab"
    assert (theirs + ours).to_bytes() == b"cdab" and (ours + theirs).to_bytes() == b"abcd"


@pytest.mark.parametrize("shards", [None, (6, 4)], ids=["chunks", "shards"])
def test_per_call_prototype(shards: tuple[int, int] | None) -> None:
    """bufferspec's own ``BufferPrototype`` works where zarr takes a ``prototype=``."""
    store = SpyMemoryStore()
    array = _array(store, shards=shards)
    prototype: Any = cpu.buffer_prototype  # bufferspec's NamedTuple, equal to zarr's by value
    array.set_basic_selection(
        (slice(0, 3), slice(0, 2)), np.full((3, 2), 7, dtype="i4"), prototype=prototype
    )
    result = array.get_basic_selection(..., prototype=prototype)
    expected = np.arange(24, dtype="i4").reshape(6, 4)
    expected[0:3, 0:2] = 7
    np.testing.assert_array_equal(result, expected)
    store.log.assert_chunks_are_bufferspec()


def test_data_written_by_zarr_buffers_reads_with_bufferspec_and_back() -> None:
    """Stored bytes do not depend on the buffer classes: each side reads the other's chunks."""
    store = MemoryStore()
    expected = np.linspace(-1, 1, 24).reshape(6, 4)
    bufferspec.zarr.disable()  # zarr's own classes; the fixture's block restores bufferspec on exit
    assert not bufferspec.zarr.is_enabled()
    by_zarr = zarr.create_array(store, name="by_zarr", shape=(6, 4), chunks=(4, 3), dtype="f8")
    by_zarr[...] = expected
    bufferspec.zarr.enable()
    by_bufferspec = zarr.create_array(
        store, name="by_bufferspec", shape=(6, 4), chunks=(4, 3), dtype="f8"
    )
    by_bufferspec[...] = expected
    np.testing.assert_array_equal(zarr.open_array(store, path="by_zarr")[...], expected)
    bufferspec.zarr.disable()
    np.testing.assert_array_equal(zarr.open_array(store, path="by_bufferspec")[...], expected)
    stored: dict[str, object] = dict(store._store_dict)
    assert type(stored["by_bufferspec/c/0/0"]) is cpu.Buffer
    assert type(stored["by_zarr/c/0/0"]) is zarr.buffer.cpu.Buffer


def test_memory_store_byte_range_write() -> None:
    """``MemoryStore.set(key, value, byte_range=...)`` assigns a Buffer into a Buffer slice.

    bufferspec's ``Buffer.__setitem__`` accepts a Buffer value; zarr's own
    passes it to NumPy, which fails (``TypeError``), so with zarr's buffers
    this call does not work.
    """
    store = MemoryStore()
    # writable memory: zarr 3.1's MemoryStore keeps the value itself (3.4 stores a copy)
    whole: Any = cpu.Buffer.from_bytes(
        bytearray(b"abcdef")
    )  # Any: zarr's hints name its own Buffer
    part: Any = cpu.Buffer.from_bytes(b"XY")
    asyncio.run(store.set("key", whole))
    asyncio.run(store.set("key", part, byte_range=(2, 4)))
    result: object = asyncio.run(store.get("key", prototype=zarr.buffer.default_buffer_prototype()))
    assert isinstance(result, cpu.Buffer)
    assert result.to_bytes() == b"abXYef"


def test_buffers_compare_across_libraries() -> None:
    """With the ABC registration, zarr's ``Buffer.__eq__`` compares bufferspec buffers by content."""
    ours: object = cpu.Buffer.from_bytes(b"chunk")
    theirs: object = zarr.buffer.cpu.Buffer.from_bytes(b"chunk")
    assert isinstance(ours, zarr.abc.buffer.Buffer)
    assert theirs == ours and ours == theirs
    assert theirs != cpu.Buffer.from_bytes(b"other")


def test_zip_store(tmp_path: Path) -> None:
    """ZipStore checks ``isinstance(value, Buffer)`` and writes ``to_bytes()``."""
    path = tmp_path / "array.zip"
    expected = np.arange(30, dtype="u2").reshape(5, 6)
    with ZipStore(path, mode="w") as store:
        array = zarr.create_array(store, shape=(5, 6), chunks=(2, 4), dtype="u2")
        array[...] = expected
    with ZipStore(path, mode="r") as store:
        np.testing.assert_array_equal(zarr.open_array(store)[...], expected)


@pytest.mark.filterwarnings("ignore:Consolidated metadata is currently not part")
def test_group_with_consolidated_metadata() -> None:
    """Group and attribute metadata is written and read through bufferspec buffers too."""
    store = SpyMemoryStore()
    group = zarr.open_group(store, mode="w")
    group.attrs["title"] = "bufferspec"
    group.create_array("x", shape=(10,), chunks=(3,), dtype="i4")[...] = np.arange(10, dtype="i4")
    zarr.consolidate_metadata(store)
    reopened = zarr.open_consolidated(store)
    assert reopened.attrs["title"] == "bufferspec"
    x = reopened["x"]
    assert isinstance(x, zarr.Array)
    np.testing.assert_array_equal(x[...], np.arange(10))
    assert store.log.written and all(type(value) is cpu.Buffer for _, value in store.log.written)


FIELDS_BUG = (
    "zarr bug, not bufferspec's: reading one field of a structured array (fields=...) assigns the "
    "whole structured chunk into an output of the field's dtype.  zarr's own buffers raise "
    "TypeError ('Cannot cast array data from dtype([...]) to dtype('<i4')'), bufferspec's "
    "ValueError naming the value (zarr 3.1.6 and 3.4.2 alike)"
)


@pytest.mark.xfail(raises=ValueError, strict=True, reason=FIELDS_BUG)
def test_read_one_field_of_structured_array() -> None:
    """Reproducer with zarr's own buffers (no bufferspec needed)::

    dt = np.dtype([("a", "<i4"), ("b", "<f8")])
    a = zarr.create_array(zarr.storage.MemoryStore(), shape=(4,), chunks=(2,), dtype=dt, zarr_format=2)
    a[...] = np.zeros(4, dt)
    a.get_basic_selection(slice(None), fields="a")   # TypeError: Cannot cast array data ...
    """
    dtype = np.dtype([("a", "<i4"), ("b", "<f8")])
    array = zarr.create_array(MemoryStore(), shape=(4,), chunks=(2,), dtype=dtype, zarr_format=2)
    values = np.array([(1, 2.5), (3, -0.0), (5, 1.0), (7, 8.0)], dtype=dtype)
    array[...] = values
    np.testing.assert_array_equal(array.get_basic_selection(slice(None), fields="a"), values["a"])


_ZARR_BYTEORDER: object = zarr.buffer.cpu.NDBuffer.create(shape=(1,), dtype="<i4").byteorder
ENDIAN_COPY = (
    "zarr 3.1.x: BytesCodec copies a chunk with astype() whenever codec.endian != "
    "chunk.byteorder; zarr 3.1's own NDBuffer.byteorder returns its Endian enum, bufferspec's "
    "the strings 'little'/'big' of the specification, and Endian.little != 'little', so each "
    "multi-byte chunk is copied once more on write (values stay correct).  zarr 3.4 compares "
    "strings: no copy"
)


@pytest.mark.xfail(
    not isinstance(_ZARR_BYTEORDER, str), raises=AssertionError, strict=True, reason=ENDIAN_COPY
)
def test_native_order_chunks_are_not_converted_on_write(monkeypatch: pytest.MonkeyPatch) -> None:
    converted: list[object] = []
    astype = cpu.NDBuffer.astype

    def counting_astype(self: cpu.NDBuffer, *args: Any, **kwargs: Any) -> cpu.NDBuffer:
        converted.append(args or kwargs)
        return astype(self, *args, **kwargs)

    monkeypatch.setattr(cpu.NDBuffer, "astype", counting_astype)
    array = zarr.create_array(MemoryStore(), shape=(8,), chunks=(4,), dtype="<f8", compressors=None)
    array[...] = np.arange(8.0)
    np.testing.assert_array_equal(array[...], np.arange(8.0))
    assert converted == [], f"chunks were converted with astype{converted}"


NESTED_SHARDING = (
    "zarr limitation for every buffer class but its own, not bufferspec's: an inner ShardingCodec "
    "reads its index with zarr's numpy_buffer_prototype() from the outer shard, whose byte getter "
    "accepts only default_buffer_prototype(), the configured classes.  zarr 3.4: ValueError "
    "('Non-default buffer prototypes are not supported within shards'); zarr 3.1: AssertionError "
    "('prototype is not supported within shards currently').  Trivial subclasses of zarr's own "
    "cpu buffers fail the same way (the control test below; reproducer in docs/zarr.md)"
)


class ControlBuffer(zarr.buffer.cpu.Buffer):
    """zarr's own ``cpu.Buffer`` under another name: the control for zarr-side limitations."""


class ControlNDBuffer(zarr.buffer.cpu.NDBuffer):
    """zarr's own ``cpu.NDBuffer`` under another name."""


class NestedShardingRefused(Exception):
    """zarr's refusal described in :data:`NESTED_SHARDING` (and no other failure)."""


def _nested_sharding_round_trip() -> None:
    array = zarr.create_array(
        MemoryStore(), shape=(64,), chunks=(64,), dtype="u2", compressors=None,
        serializer=ShardingCodec(chunk_shape=(32,), codecs=[ShardingCodec(chunk_shape=(16,))]),
    )
    array[...] = np.arange(64, dtype="u2")
    try:
        partial = array[3:40]
    except (ValueError, AssertionError) as exc:
        if "not supported within shards" not in str(exc):
            raise
        raise NestedShardingRefused(str(exc)) from exc
    np.testing.assert_array_equal(partial, np.arange(3, 40, dtype="u2"))


@pytest.mark.xfail(raises=NestedShardingRefused, strict=True, reason=NESTED_SHARDING)
def test_nested_sharding() -> None:
    _nested_sharding_round_trip()


@pytest.mark.xfail(raises=NestedShardingRefused, strict=True, reason=NESTED_SHARDING)
def test_nested_sharding_with_zarr_subclasses() -> None:
    """The control: no bufferspec class involved, the same failure."""
    names = {"buffer": f"{__name__}.ControlBuffer", "ndbuffer": f"{__name__}.ControlNDBuffer"}
    zarr.registry.register_buffer(ControlBuffer, qualname=names["buffer"])
    zarr.registry.register_ndbuffer(ControlNDBuffer, qualname=names["ndbuffer"])
    with zarr.config.set(names):
        _nested_sharding_round_trip()


def test_nested_sharding_with_zarrs_own_buffers() -> None:
    """What the two tests above would do: zarr's default classes read nested shards."""
    bufferspec.zarr.disable()  # the fixture's block restores bufferspec on exit
    _nested_sharding_round_trip()
