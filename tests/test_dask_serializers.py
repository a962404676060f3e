"""distributed serializers and ``dask.sizeof`` for the reference classes, without a cluster.

Round trips through distributed's own ``serialize``/``deserialize`` and
``dumps``/``loads`` (the message layer, with the scheduler's pickle protocol
4), compared with NumPy: bit-exact values, class, dtype with byte order,
memory order, read-only kept, and no copy on either side.  The hook that
registers them in every process is tested in subprocesses, in both import
orders.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest

pytest.importorskip("distributed", reason="the dask extra is not installed: pip install 'bufferspec[dask]'")

from dask.sizeof import sizeof  # noqa: E402
from distributed.protocol import deserialize, dumps, loads, serialize  # noqa: E402

import bufferspec.dask  # noqa: E402
from bufferspec import cpu  # noqa: E402

SCHEDULER = {"pickle-protocol": 4}  # what the scheduler's connections use


def _ndbuffer_cases() -> dict[str, npt.NDArray[Any]]:
    base = np.arange(24, dtype="f8").reshape(4, 6)
    read_only = base.copy()
    read_only.flags.writeable = False
    return {
        "C": base,
        "F": np.asfortranarray(base),
        "big-endian": base.astype(">i4"),
        "read-only": read_only,
        "non-contiguous": base[:, ::2],
        "datetime (generic unit, big-endian)": np.array([1, 2, 3], dtype="<i8").view(">M8").byteswap(),
        "structured": np.zeros(3, dtype=[("a", "<i2"), ("b", ">f8")]),
        "0-d": np.array(7.5),
        "empty": np.zeros((0, 3)),
        "object": np.array([1, "two", None], dtype=object),
    }


def _buffer(writable: bool) -> cpu.Buffer:
    data = np.frombuffer(bytearray(b"bufferspec" * 100), dtype="B")
    if not writable:
        data.flags.writeable = False
    return cpu.Buffer.from_array_like(data)


def _same_ndbuffer(result: Any, source: cpu.NDBuffer) -> None:
    assert type(result) is type(source)
    got, want = result.as_numpy_array(), source.as_numpy_array()
    assert got.dtype == want.dtype and got.dtype.str == want.dtype.str
    assert got.shape == want.shape
    assert got.tobytes(order="A") == want.tobytes(order="A") or got.dtype.hasobject
    if want.dtype.hasobject:
        assert got.tolist() == want.tolist()
    if want.ndim > 1 and want.flags.f_contiguous and not want.flags.c_contiguous:
        assert got.flags.f_contiguous
    assert got.flags.writeable == want.flags.writeable


@pytest.mark.parametrize("case", list(_ndbuffer_cases()))
@pytest.mark.parametrize("context", [None, SCHEDULER], ids=["worker", "scheduler"])
def test_ndbuffer_round_trips_in_the_dask_family(case: str, context: dict[str, int] | None) -> None:
    source = cpu.NDBuffer.from_numpy_array(_ndbuffer_cases()[case])
    header, frames = serialize(source, context=context)
    assert header["serializer"] == "dask"
    _same_ndbuffer(deserialize(header, frames), source)
    _same_ndbuffer(loads(dumps(source, context=context)), source)


@pytest.mark.parametrize("writable", [True, False], ids=["writable", "read-only"])
@pytest.mark.parametrize("context", [None, SCHEDULER], ids=["worker", "scheduler"])
def test_buffer_round_trips_in_the_dask_family(writable: bool, context: dict[str, int] | None) -> None:
    source = _buffer(writable)
    header, frames = serialize(source, context=context)
    assert header["serializer"] == "dask"
    for result in (deserialize(header, frames), loads(dumps(source, context=context))):
        assert type(result) is cpu.Buffer
        assert result.to_bytes() == source.to_bytes()
        assert result.as_numpy_array().flags.writeable is writable


@pytest.mark.parametrize("value", [_buffer(True), cpu.NDBuffer.from_numpy_array(np.arange(1000.0))],
                         ids=["Buffer", "NDBuffer"])
def test_the_bytes_are_one_frame_never_copied_on_either_side(value: Any) -> None:
    header, frames = serialize(value, context=SCHEDULER)
    assert len(frames) == 1
    sent = np.asarray(frames[0])
    assert np.shares_memory(sent, value.as_numpy_array())  # out of band: the frame is the buffer's memory
    frame = bytearray(frames[0])  # what a socket hands the receiver
    result = deserialize(header, [frame])
    assert np.shares_memory(result.as_numpy_array(), np.frombuffer(frame, dtype="B"))


@pytest.mark.parametrize("value", [_buffer(True), cpu.NDBuffer.from_numpy_array(np.arange(1000.0))],
                         ids=["Buffer", "NDBuffer"])
def test_a_message_to_the_scheduler_carries_the_bytes_as_a_frame_of_their_own(value: Any) -> None:
    frames = dumps({"data": value}, context=SCHEDULER)  # what goes on the wire, frame by frame
    nbytes = value.as_numpy_array().nbytes
    data_frames = [frame for frame in frames if memoryview(frame).nbytes == nbytes]
    assert len(data_frames) == 1, [memoryview(frame).nbytes for frame in frames]
    assert np.shares_memory(np.asarray(memoryview(data_frames[0]).cast("B")), value.as_numpy_array())
    assert all(memoryview(frame).nbytes < 1000 for frame in frames if frame is not data_frames[0])
    result = loads(frames)["data"]
    assert type(result) is type(value)
    assert result.as_numpy_array().tobytes() == value.as_numpy_array().tobytes()


def test_pickle_would_copy_the_bytes_in_band_on_the_scheduler_connection() -> None:
    """Why the dask family matters: pickle protocol 4 puts the bytes inside the pickle stream."""
    value = cpu.NDBuffer.from_numpy_array(np.arange(1000.0))
    header, frames = serialize(value, serializers=["pickle"], context=SCHEDULER)
    assert len(frames) == 1 and len(frames[0]) > value.as_numpy_array().nbytes  # the stream holds the data
    assert not np.shares_memory(np.frombuffer(frames[0], dtype="B"), value.as_numpy_array())


def test_a_read_only_frame_gives_a_writable_source_a_copy_and_a_read_only_source_none() -> None:
    for writable in (True, False):
        source = _buffer(writable)
        header, frames = serialize(source)
        frame = bytes(frames[0])  # read-only memory, as some decompressors return
        result = deserialize(header, [frame])
        assert result.as_numpy_array().flags.writeable is writable
        assert np.shares_memory(result.as_numpy_array(), np.frombuffer(frame, dtype="B")) is not writable


class StatelessBuffer(cpu.Buffer):
    __slots__ = ()


class StatefulNDBuffer(cpu.NDBuffer):
    def __init__(self, array: Any) -> None:
        super().__init__(array)
        self.note = "kept"

    def __reduce_ex__(self, protocol: Any) -> Any:  # the reference's own drops a subclass's attributes
        return (_rebuild_stateful, (self.as_numpy_array(), self.note))


def _rebuild_stateful(array: Any, note: str) -> StatefulNDBuffer:
    result = StatefulNDBuffer(array)
    result.note = note
    return result


def test_a_stateless_subclass_travels_as_itself_and_a_stateful_one_by_pickle() -> None:
    header, frames = serialize(StatelessBuffer.from_bytes(b"abc"))
    assert header["serializer"] == "dask"
    result = deserialize(header, frames)
    assert type(result) is StatelessBuffer and result.to_bytes() == b"abc"

    stateful = StatefulNDBuffer(np.arange(3.0))
    header, frames = serialize(stateful)
    assert header["serializer"] == "pickle"
    result = deserialize(header, frames)
    assert type(result) is StatefulNDBuffer and result.note == "kept"


def test_sizeof_counts_the_memory_held() -> None:
    array = np.zeros(1 << 20)
    assert sizeof(cpu.NDBuffer.from_numpy_array(array)) >= array.nbytes
    assert sizeof(cpu.Buffer.from_bytes(bytes(1 << 20))) >= 1 << 20
    assert sizeof(cpu.NDBuffer.from_numpy_array(array)) < array.nbytes + 1024


def test_register_is_idempotent_and_is_registered_says_so() -> None:
    bufferspec.dask.register()
    bufferspec.dask.register()
    assert bufferspec.dask.is_registered()


def test_the_worker_plugin_pickles_and_toggles_zarr(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    monkeypatch.setattr(bufferspec.zarr, "enable", lambda: calls.append("enable"))
    monkeypatch.setattr(bufferspec.zarr, "disable", lambda: calls.append("disable"))
    plugin = pickle.loads(pickle.dumps(bufferspec.dask.ZarrBuffers()))
    plugin.setup(worker=None)
    plugin.teardown(worker=None)
    assert calls == ["enable", "disable"]
    assert plugin.name == bufferspec.dask.ZarrBuffers().name


# -- the entry point, in fresh interpreters ----------------------------------------------------

_PROBE = """
import sys
{first}
{second}
from distributed.protocol import serialize
import bufferspec.cpu
header, frames = serialize(bufferspec.cpu.NDBuffer.from_numpy_array(__import__("numpy").arange(3.0)))
print(header["serializer"])
"""


def _python(code: str) -> str:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120,
                          cwd=Path(__file__).parent, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@pytest.mark.parametrize(("first", "second"), [("import bufferspec.cpu", "import distributed"),
                                               ("import distributed", "import bufferspec.cpu"),
                                               ("import dask.array", "import bufferspec.cpu")],
                         ids=["bufferspec first", "distributed first", "dask without distributed first"])
def test_serializers_are_registered_without_set_up_in_either_import_order(first: str, second: str) -> None:
    assert _python(_PROBE.format(first=first, second=second)) == "dask"


def test_importing_bufferspec_imports_neither_dask_nor_distributed() -> None:
    code = ("import sys, bufferspec, bufferspec.cpu, bufferspec.protocols\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))")
    assert _python(code) == "[]"
