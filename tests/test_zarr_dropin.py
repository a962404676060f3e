"""End to end: real zarr-python arrays whose chunk data travels as bufferspec buffers.

Every test runs inside :func:`bufferspec.zarr.enabled` on a store that records
what it is given (:class:`SpyMemoryStore`, :class:`SpyLocalStore`): each chunk
value a store receives must be a :class:`bufferspec.cpu.Buffer`, chunks must be
read with the bufferspec prototype, and the data read back must equal the
NumPy reference (with ``-0.0`` and NaN compared bit for bit).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest

pytest.importorskip("zarr")

import zarr  # noqa: E402
import zarr.core.codec_pipeline  # noqa: E402
from zarr.abc.buffer import Buffer as ZarrBuffer  # noqa: E402
from zarr.abc.buffer import BufferPrototype  # noqa: E402
from zarr.abc.store import ByteRequest  # noqa: E402
from zarr.codecs import (  # noqa: E402
    BloscCodec,
    BytesCodec,
    Crc32cCodec,
    GzipCodec,
    TransposeCodec,
    ZstdCodec,
)
from zarr.storage import LocalStore, MemoryStore  # noqa: E402

import bufferspec.zarr  # noqa: E402
from bufferspec import cpu  # noqa: E402

_METADATA_NAMES = frozenset({"zarr.json", ".zarray", ".zattrs", ".zgroup", ".zmetadata"})


def is_chunk_key(key: str) -> bool:
    """Whether *key* holds chunk (or shard) data rather than metadata."""
    return key.rsplit("/", 1)[-1] not in _METADATA_NAMES


# -- stores that record what they are given ---------------------------------------------


@dataclass
class StoreLog:
    """What a spy store received: every written value and every chunk read."""

    written: list[tuple[str, object]] = field(default_factory=list)
    reads: list[tuple[str, type, object]] = field(default_factory=list)

    def wrote(self, key: str, value: object) -> None:
        self.written.append((key, value))

    def read(self, key: str, prototype: BufferPrototype | None, result: object) -> None:
        if is_chunk_key(key) and result is not None:
            assert prototype is not None, f"zarr read chunk {key!r} without a prototype"
            self.reads.append((key, prototype.buffer, result))

    def chunk_keys_written(self) -> set[str]:
        return {key for key, _ in self.written if is_chunk_key(key)}

    def assert_chunks_are_bufferspec(self) -> None:
        """Every chunk value written is exactly a bufferspec Buffer; every read returned its prototype's class."""
        chunks = [(key, value) for key, value in self.written if is_chunk_key(key)]
        assert chunks, "no chunk was written"
        wrong = [
            (key, type(value).__module__, type(value).__qualname__)
            for key, value in chunks
            if type(value) is not cpu.Buffer
        ]
        assert not wrong, f"chunks written as other buffer classes: {wrong}"
        for key, buffer_class, result in self.reads:
            assert type(result) is buffer_class, (
                f"read of {key!r} returned {type(result)}, not {buffer_class}"
            )
        assert any(cls is cpu.Buffer for _, cls, _ in self.reads), (
            "no chunk was read with bufferspec's Buffer"
        )


class SpyMemoryStore(MemoryStore):
    """A MemoryStore that logs every value it is given and every chunk it returns."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.log = StoreLog()

    def set_sync(self, key: str, value: ZarrBuffer) -> None:
        self.log.wrote(key, value)
        super().set_sync(key, value)

    async def set(
        self, key: str, value: ZarrBuffer, byte_range: tuple[int, int] | None = None
    ) -> None:
        self.log.wrote(key, value)
        await super().set(key, value, byte_range)

    async def set_if_not_exists(self, key: str, value: ZarrBuffer) -> None:
        self.log.wrote(key, value)
        await super().set_if_not_exists(key, value)

    def get_sync(
        self,
        key: str,
        *,
        prototype: BufferPrototype | None = None,
        byte_range: ByteRequest | None = None,
    ) -> ZarrBuffer | None:
        result = super().get_sync(key, prototype=prototype, byte_range=byte_range)
        self.log.read(key, prototype, result)
        return result

    async def get(
        self,
        key: str,
        prototype: BufferPrototype | None = None,
        byte_range: ByteRequest | None = None,
    ) -> ZarrBuffer | None:
        result = await super().get(key, prototype, byte_range)
        self.log.read(key, prototype, result)
        return result


class SpyLocalStore(LocalStore):
    """A LocalStore that logs every value it is given and every chunk it returns."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.log = StoreLog()

    def set_sync(self, key: str, value: ZarrBuffer) -> None:
        self.log.wrote(key, value)
        super().set_sync(key, value)

    async def set(self, key: str, value: ZarrBuffer) -> None:
        self.log.wrote(key, value)
        await super().set(key, value)

    async def set_if_not_exists(self, key: str, value: ZarrBuffer) -> None:
        self.log.wrote(key, value)
        await super().set_if_not_exists(key, value)

    def get_sync(
        self,
        key: str,
        *,
        prototype: BufferPrototype | None = None,
        byte_range: ByteRequest | None = None,
    ) -> ZarrBuffer | None:
        result = super().get_sync(key, prototype=prototype, byte_range=byte_range)
        self.log.read(key, prototype, result)
        return result

    async def get(
        self,
        key: str,
        prototype: BufferPrototype | None = None,
        byte_range: ByteRequest | None = None,
    ) -> ZarrBuffer | None:
        result = await super().get(key, prototype, byte_range)
        self.log.read(key, prototype, result)
        return result


SpyStore = SpyMemoryStore | SpyLocalStore


@pytest.fixture(params=["memory", "local"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> SpyStore:
    if request.param == "memory":
        return SpyMemoryStore()
    return SpyLocalStore(tmp_path / "store")


@pytest.fixture(autouse=True)
def _bufferspec_enabled() -> Iterator[None]:
    with bufferspec.zarr.enabled():
        yield


NDBUFFER_SPIED = ("from_ndarray_like", "empty", "create", "all_equal", "__setitem__")


@pytest.fixture
def ndbuffer_calls(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Counts calls of a few :class:`bufferspec.cpu.NDBuffer` members (which keep working)."""
    calls: Counter[str] = Counter()

    def counting(name: str, function: Any) -> Any:
        def spy(*args: Any, **kwargs: Any) -> Any:
            calls[name] += 1
            return function(*args, **kwargs)

        return spy

    for name in NDBUFFER_SPIED:
        member = cpu.NDBuffer.__dict__[name]
        if isinstance(member, classmethod):
            spied: Any = classmethod(counting(name, member.__func__))
        else:
            spied = counting(name, member)
        monkeypatch.setattr(cpu.NDBuffer, name, spied)
    return calls


def assert_same(actual: object, expected: npt.NDArray[Any]) -> None:
    """Equal values, dtype and shape, NaN equal to NaN and ``-0.0`` distinct from ``0.0``."""
    assert isinstance(actual, np.ndarray), f"zarr returned {type(actual)}, not a numpy.ndarray"
    assert actual.shape == expected.shape and actual.dtype == expected.dtype
    np.testing.assert_array_equal(actual, expected)
    if expected.dtype.kind in "fc":
        np.testing.assert_array_equal(np.signbit(actual.real), np.signbit(expected.real))


# -- codecs, formats and writes ------------------------------------------------------------


@dataclass(frozen=True)
class Layout:
    """How an array is stored: keyword arguments of ``zarr.create_array`` and a dtype."""

    kwargs: dict[str, Any]
    dtype: str = "f8"


LAYOUTS = {
    "default-codecs": Layout({}),
    "no-compressors": Layout({"compressors": None}),
    "gzip": Layout({"compressors": GzipCodec(level=1)}),
    "zstd": Layout({"compressors": ZstdCodec(level=1)}),
    "blosc": Layout({"compressors": BloscCodec(cname="lz4", clevel=1)}),
    "crc32c": Layout({"compressors": Crc32cCodec()}),
    "transpose": Layout({"filters": [TransposeCodec(order=(1, 0))]}),
    "big-endian-bytes": Layout({"serializer": BytesCodec(endian="big")}),
    "big-endian-int32-gzip": Layout(
        {"serializer": BytesCodec(endian="big"), "compressors": GzipCodec()}, "i4"
    ),
    "sharding": Layout({"shards": (10, 6)}),
    "sharding-crc32c-no-compressors": Layout({"shards": (20, 6), "compressors": Crc32cCodec()}),
    "v2-default": Layout({"zarr_format": 2}),
    "v2-no-compressors": Layout({"zarr_format": 2, "compressors": None}),
    "v2-big-endian": Layout({"zarr_format": 2}, ">f8"),
    "v2-F-order-int16": Layout({"zarr_format": 2, "order": "F"}, "i2"),
}


def write_and_check(store: SpyStore, layout: Layout, ndbuffer_calls: Counter[str]) -> None:
    """Full, partial and scalar writes on a 20 x 6 array of 5 x 3 chunks, each read back.

    Besides the store's log, *ndbuffer_calls* shows that zarr handled the
    chunks as bufferspec NDBuffers: wrapped on write and decode, allocated as
    read outputs and partial-chunk merges, compared with the fill value,
    assigned into.
    """
    array = zarr.create_array(
        store, shape=(20, 6), chunks=(5, 3), dtype=layout.dtype, fill_value=0, **layout.kwargs
    )
    expected = np.zeros((20, 6), dtype=layout.dtype)
    assert_same(array[...], expected)  # nothing written yet: the fill value

    expected[...] = np.arange(120).reshape(20, 6) - 40
    array[...] = expected
    assert_same(array[...], expected)

    expected[2:13, 1:5] = np.arange(44).reshape(11, 4) * 3  # partial: spans chunks, none whole
    array[2:13, 1:5] = expected[2:13, 1:5]
    expected[7, 4] = 99  # a single element
    array[7, 4] = 99
    expected[15:, :] = 7  # a scalar broadcast over whole and partial chunks
    array[15:, :] = 7
    assert_same(array[...], expected)
    assert_same(array[3:9, 2], expected[3:9, 2])
    assert_same(zarr.open_array(store, mode="r")[...], expected)  # a fresh array object

    store.log.assert_chunks_are_bufferspec()
    not_called = [name for name in NDBUFFER_SPIED if not ndbuffer_calls[name]]
    assert not not_called, f"zarr never called bufferspec.cpu.NDBuffer.{not_called}"


@pytest.mark.parametrize("layout", list(LAYOUTS.values()), ids=list(LAYOUTS))
def test_array_round_trip(store: SpyStore, layout: Layout, ndbuffer_calls: Counter[str]) -> None:
    write_and_check(store, layout, ndbuffer_calls)


FUSED = "zarr.core.codec_pipeline.FusedCodecPipeline"


@pytest.mark.skipif(
    not hasattr(zarr.core.codec_pipeline, "FusedCodecPipeline"),
    reason="zarr < 3.4 has no FusedCodecPipeline",
)
@pytest.mark.parametrize("name", ["default-codecs", "sharding", "v2-default", "big-endian-bytes"])
def test_array_round_trip_fused_pipeline(name: str, ndbuffer_calls: Counter[str]) -> None:
    with zarr.config.set({"codec_pipeline.path": FUSED}):
        write_and_check(SpyMemoryStore(), LAYOUTS[name], ndbuffer_calls)


@pytest.mark.parametrize("zarr_format", [3, 2])
def test_zero_dimensional_array(store: SpyStore, zarr_format: int) -> None:
    array = zarr.create_array(store, shape=(), dtype="f8", fill_value=1.5, zarr_format=zarr_format)  # type: ignore[arg-type]
    assert array[()] == 1.5
    array[()] = -0.0
    value = array[()]
    assert isinstance(value, np.float64)  # a scalar, through NDBuffer.as_scalar
    assert value == 0.0 and np.signbit(value)
    array[...] = 2.25  # zarr returns a scalar for every read of a 0-d array
    assert array[...] == np.float64(2.25)
    store.log.assert_chunks_are_bufferspec()


@pytest.mark.parametrize(
    "dtype, values",
    [
        ("bool", [True, False, True, True, False, False, True]),
        ("u1", [0, 1, 2, 254, 255, 7, 8]),
        ("i8", [-(2**62), -1, 0, 1, 2**62, 5, 6]),
        ("f4", [np.nan, -0.0, np.inf, -np.inf, 1.5, 0.0, 3.0]),
        ("c16", [complex(1, -0.0), complex(np.nan, 1), 0, 1j, -1j, 2, 3]),
        (
            "M8[s]",
            ["NaT", "2000-01-01", "1970-01-01", "2262-01-01", "1800-06-30", "NaT", "2024-02-29"],
        ),
        pytest.param(
            "U3",
            ["a", "", "xyz", "é", "ab", "c", "d"],
            # zarr 3.1 warns that fixed-length unicode has no stable v3 specification yet.
            marks=pytest.mark.filterwarnings(
                "ignore:The data type .* does not have a Zarr V3 spec"
            ),
        ),
    ],
)
def test_dtypes(store: SpyStore, dtype: str, values: list[Any]) -> None:
    expected = np.array(values, dtype=dtype)
    array = zarr.create_array(store, shape=expected.shape, chunks=(3,), dtype=dtype)
    array[...] = expected
    array[4] = expected[1]
    expected[4] = expected[1]
    assert_same(array[...], expected)
    store.log.assert_chunks_are_bufferspec()


def test_variable_length_strings(store: SpyStore) -> None:
    """The vlen-utf8 codec, which zarr 3.1 guards with ``isinstance(chunk, NDBuffer)``."""
    array = zarr.create_array(store, shape=(5,), chunks=(2,), dtype=str)
    array[...] = ["", "a", "longer text", "é∂", "x"]
    array[1:3] = ["b", "c"]
    result: object = array[...]
    assert type(result) is np.ndarray
    assert np.asarray(result).tolist() == ["", "b", "c", "é∂", "x"]
    store.log.assert_chunks_are_bufferspec()


# -- write_empty_chunks=False: which chunks are written -----------------------------------


EMPTY_CHUNK_CASES = {
    # name: (fill value, the four chunks' contents, indices of the chunks that must be written)
    "negative-zero-under-zero-fill": (0.0, [-0.0, 0.0, -0.0, 1.0], {0, 2, 3}),
    "zero-under-negative-zero-fill": (-0.0, [0.0, -0.0, -0.0, 0.0], {0, 3}),
    "nan-under-nan-fill": (np.nan, [np.nan, 1.0, np.nan, 0.0], {1, 3}),
    "zero-under-nan-fill": (np.nan, [0.0, np.nan, -0.0, np.nan], {0, 2}),
}


@pytest.mark.parametrize("zarr_format", [3, 2])
@pytest.mark.parametrize("case", list(EMPTY_CHUNK_CASES.values()), ids=list(EMPTY_CHUNK_CASES))
def test_write_empty_chunks_false(
    store: SpyStore, zarr_format: int, case: tuple[float, list[float], set[int]]
) -> None:
    fill_value, chunk_values, written = case
    array = zarr.create_array(
        store,
        shape=(16,),
        chunks=(4,),
        dtype="f8",
        fill_value=fill_value,
        zarr_format=zarr_format,  # type: ignore[arg-type]
        config={"write_empty_chunks": False},
    )
    expected = np.repeat(np.array(chunk_values), 4)
    array[...] = expected

    prefix = "" if zarr_format == 2 else "c/"
    assert store.log.chunk_keys_written() == {f"{prefix}{index}" for index in written}
    assert_same(array[...], expected)
    store.log.assert_chunks_are_bufferspec()


def test_partly_empty_chunk_is_written() -> None:
    """A chunk equal to the fill value except for one element is not dropped."""
    store = SpyMemoryStore()
    array = zarr.create_array(
        store,
        shape=(8,),
        chunks=(4,),
        dtype="f4",
        fill_value=0.0,
        config={"write_empty_chunks": False},
    )
    expected = np.zeros(8, dtype="f4")
    expected[6] = -0.0
    array[...] = expected
    assert store.log.chunk_keys_written() == {"c/1"}
    assert_same(array[...], expected)
    store.log.assert_chunks_are_bufferspec()
