"""``bufferspec.gpu``, the CuPy reference: on a CUDA device when there is one, else on the CPU stand-in.

The stand-in (``tests/fake_cupy``) is CuPy's API on NumPy memory that refuses
every implicit host conversion, as CuPy does: it checks that bufferspec.gpu
keeps device and host memory apart and follows its documented rules.  Where a
CUDA device and CuPy are installed, the same tests run on real device memory
(``BUFFERSPEC_GPU=stand-in`` forces the stand-in there too).  The import
contract (no CuPy import from ``import bufferspec``; one clear ImportError
without CuPy or without a device) is tested in fresh interpreters.
"""

from __future__ import annotations

import importlib
import os
import pickle
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from bufferspec import cpu
from bufferspec.conformance import Status, load_expected_failures, run

ROOT = Path(__file__).resolve().parent.parent
STAND_IN = Path(__file__).parent / "fake_cupy"


def _real_device() -> bool:
    if os.environ.get("BUFFERSPEC_GPU") == "stand-in":
        return False
    try:
        importlib.import_module("bufferspec.gpu")
    except ImportError:
        return False
    return True


@pytest.fixture(scope="module")
def gpu() -> Iterator[ModuleType]:
    """``bufferspec.gpu`` on a real device, or imported over the stand-in (and forgotten afterwards)."""
    if _real_device():
        yield importlib.import_module("bufferspec.gpu")
        return
    for name in [m for m in sys.modules if m == "cupy" or m.startswith(("cupy.", "bufferspec.gpu", "bufferspec._gpu"))]:
        del sys.modules[name]
    sys.path.insert(0, str(STAND_IN))
    try:
        yield importlib.import_module("bufferspec.gpu")
    finally:
        sys.path.remove(str(STAND_IN))
        for name in [m for m in sys.modules if m == "cupy" or m.startswith(("bufferspec.gpu", "bufferspec._gpu"))]:
            del sys.modules[name]


@pytest.fixture
def cp(gpu: ModuleType) -> ModuleType:
    return sys.modules["cupy"]


# -- the kit on the GPU reference ------------------------------------------------------------


def test_the_kit_finds_only_the_documented_dtype_limits(gpu: ModuleType) -> None:
    expected = load_expected_failures(ROOT / "conformance" / "expected" / "gpu.toml")
    report = run(gpu.buffer_prototype, expected_failures=expected)
    unexpected = [f"{r.id}: {r.status.name}: {r.reason}" for r in report.results
                  if r.status in (Status.FAIL, Status.ERROR, Status.XPASS, Status.WARN)]
    assert unexpected == []
    assert {r.id for r in report.results if r.status is Status.XFAIL} == set(expected)
    skipped = {r.id for r in report.results if r.status is Status.SKIP}
    assert any(i.startswith("buffer.") for i in skipped)  # host-memory contracts skip by capability


# -- device and host memory stay apart ------------------------------------------------------


def test_host_data_is_copied_to_the_device_and_back(gpu: ModuleType, cp: ModuleType) -> None:
    source = bytearray(b"device")
    buffer = gpu.Buffer.from_bytes(source)
    assert isinstance(buffer.as_array_like(), cp.ndarray)
    source[0:1] = b"X"  # the device copy does not see host writes
    assert buffer.to_bytes() == b"device"
    host = buffer.as_numpy_array()
    host[0] = 0
    assert buffer.to_bytes() == b"device"  # nor does it see writes to a host copy
    nd = gpu.NDBuffer.from_numpy_array(np.asfortranarray(np.arange(6.0).reshape(2, 3)))
    back = nd.as_numpy_array()
    assert back.flags.f_contiguous and (back == np.arange(6.0).reshape(2, 3)).all()


def test_device_arrays_are_wrapped_without_a_copy(gpu: ModuleType, cp: ModuleType) -> None:
    raw = cp.zeros(8, dtype="u1")
    assert gpu.Buffer.from_array_like(raw).as_array_like() is raw
    nd_raw = cp.zeros((2, 2))
    assert gpu.NDBuffer.from_ndarray_like(nd_raw).as_ndarray_like() is nd_raw
    assert gpu.NDBuffer.from_numpy_array(nd_raw).as_ndarray_like() is nd_raw
    view = gpu.Buffer.from_array_like(raw)[2:6]
    view[0:2] = b"ab"
    assert cpu.Buffer.from_array_like(cp.asnumpy(raw)).to_bytes()[2:4] == b"ab"


@pytest.mark.parametrize("host", [np.zeros(4, "u1"), np.zeros((2, 2))], ids=["Buffer", "NDBuffer"])
def test_host_arrays_are_refused_where_no_copy_is_promised(gpu: ModuleType, host: Any) -> None:
    cls, argument = (gpu.Buffer, "array_like") if host.ndim == 1 else (gpu.NDBuffer, "array")
    with pytest.raises(TypeError, match=rf"{argument}: .*host memory"):
        cls(host)


@pytest.mark.parametrize("dtype", [">f8", "M8[s]", "S3", "O", "i2,f4", np.longdouble])
def test_dtypes_the_device_cannot_hold_raise_type_error_naming_dtype(gpu: ModuleType, dtype: Any) -> None:
    with pytest.raises(TypeError, match=r"^dtype: .*(CuPy device|native byte order)"):
        gpu.NDBuffer.create(shape=(2,), dtype=dtype)
    with pytest.raises(TypeError, match=r"^array_like: "):
        gpu.NDBuffer.from_numpy_array(np.zeros(2, dtype))


def test_arguments_are_checked_as_the_cpu_reference_checks_them(gpu: ModuleType) -> None:
    makers: list[Callable[[Any], object]] = [
        lambda m: m.NDBuffer.create(shape=(2,), dtype="f8", order="X"),
        lambda m: m.NDBuffer.create(shape=(-1,), dtype="f8"),
        lambda m: m.NDBuffer.create(shape=(2,), dtype="i1", fill_value=300),
        lambda m: m.Buffer.from_bytes("text"),
        lambda m: m.Buffer.create_zero_length()[::2],
    ]
    for make in makers:
        with pytest.raises((TypeError, ValueError)) as on_cpu:
            make(cpu)
        with pytest.raises(type(on_cpu.value)) as on_gpu:
            make(gpu)
        assert str(on_gpu.value).split(":")[0] == str(on_cpu.value).split(":")[0]


@pytest.mark.parametrize(("target", "value"), [("i1", np.array([300, 1], "i2")),
                                              ("f4", np.array([1.5, 2.0], "f8")),
                                              ("f8", np.array([1 + 2j, 3], "c16")),
                                              ("i4", np.array([np.nan, 1.0], "f8")),
                                              ("u1", np.array([True, False]))])
def test_assigning_device_values_of_another_dtype_behaves_as_the_cpu_reference(
        gpu: ModuleType, target: str, value: Any) -> None:
    results = []
    for module in (cpu, gpu):
        nd = module.NDBuffer.create(shape=(2,), dtype=target, fill_value=7)
        try:
            nd[...] = module.NDBuffer.from_numpy_array(value)
        except (TypeError, ValueError) as exc:
            results.append((type(exc).__name__, str(exc).split(":")[0], nd.as_numpy_array().tolist()))
        else:
            results.append(("assigned", "", nd.as_numpy_array().tolist()))
    assert results[1] == results[0]


# -- errors: the helpers shared with the CPU reference (bufferspec._cpu_ndbuffer_views, _cpu_buffer) --


def _library_error(call: Callable[[], object]) -> Exception:
    """What the array library itself raises for *call* (CuPy, or NumPy under the stand-in)."""
    with pytest.raises((TypeError, ValueError, OverflowError)) as info:
        call()
    return info.value


@pytest.mark.parametrize(("shape", "method", "argument", "prefix"), [
    ((12,), "reshape", (5,), "newshape: cannot reshape (12,) to (5,): "),
    ((1, 3, 1), "squeeze", (1,), "axis: cannot squeeze axes (1,) of shape (1, 3, 1): "),
    ((1, 3, 1), "squeeze", (0, 1), "axis: cannot squeeze axes (0, 1) of shape (1, 3, 1): "),
    ((2, 3, 4), "transpose", (0, 1), "axes: (0, 1) is not a permutation of 3 axes: "),
    ((2, 3, 4), "transpose", (0, 0, 1), "axes: (0, 0, 1) is not a permutation of 3 axes: "),
])
def test_view_errors_name_the_argument_and_keep_the_librarys_type_and_message(
        gpu: ModuleType, shape: tuple[int, ...], method: str, argument: Any, prefix: str) -> None:
    nd = gpu.NDBuffer.create(shape=shape, dtype="f8")
    raw = _library_error(lambda: getattr(nd.as_ndarray_like(), method)(argument))
    with pytest.raises(ValueError) as info:
        getattr(nd, method)(argument)
    assert type(info.value) is type(raw)
    assert str(info.value) == prefix + str(raw)
    assert nd.shape == shape


@pytest.mark.parametrize(("newshape", "shown"), [("x", "'x'"), ((2.5,), "(2.5,)")])
def test_reshape_to_something_not_a_shape(gpu: ModuleType, newshape: Any, shown: str) -> None:
    nd = gpu.NDBuffer.create(shape=(12,), dtype="f8")
    raw = _library_error(lambda: nd.as_ndarray_like().reshape(newshape))
    expected = (f"newshape: expected an integer or a tuple of integers, got {shown}" if isinstance(raw, TypeError)
                else f"newshape: cannot reshape (12,) to {shown}: {raw}")
    with pytest.raises(type(raw) if isinstance(raw, TypeError) else ValueError, match=r"^newshape: ") as info:
        nd.reshape(newshape)
    assert str(info.value) == expected


def test_len_index_and_argument_errors_are_the_cpu_references(gpu: ModuleType) -> None:
    with pytest.raises(TypeError) as zero_d:
        len(gpu.NDBuffer.create(shape=(), dtype="f8"))
    assert str(zero_d.value) == "len() of a 0-d NDBuffer (it has no first dimension)"
    assert len(gpu.NDBuffer.create(shape=(3, 5), dtype="f8")) == 3
    nd = gpu.NDBuffer.create(shape=(2, 3), dtype="f8")
    with pytest.raises(IndexError) as raw:  # what the array library itself says
        nd.as_ndarray_like()[5]
    actions: list[Callable[[], object]] = [lambda: nd[5], lambda: nd.__setitem__(5, 1.0)]
    for action in actions:
        with pytest.raises(IndexError) as index:
            action()
        assert str(index.value) == f"key: {raw.value}"
    with pytest.raises(ValueError) as value:
        nd[:] = np.zeros(4)
    assert str(value.value).startswith(
        "value: cannot assign numpy.ndarray of dtype float64 and shape (4,) to key slice(None, None, None): ")
    with pytest.raises(TypeError) as flag:
        nd.all_equal(0.0, equal_nan="yes")
    assert str(flag.value) == "equal_nan: expected a bool, got str"
    with pytest.raises(ValueError) as on_cpu:
        cpu.NDBuffer.from_numpy_array([[1], [1, 2]])
    with pytest.raises(ValueError) as on_gpu:
        gpu.NDBuffer.from_numpy_array([[1], [1, 2]])
    assert str(on_gpu.value) == str(on_cpu.value)
    assert str(on_gpu.value).startswith("array_like: cannot convert to a numpy array: ")


class _Failing:
    """An iterator that fails while it is read (``iter()`` succeeds, the first ``next()`` raises)."""

    def __init__(self, error: Exception) -> None:
        self.error = error

    def __iter__(self) -> _Failing:
        return self

    def __next__(self) -> object:
        raise self.error


@pytest.mark.parametrize(("make", "kind", "message"), [
    (lambda m, xp: m.Buffer.from_array_like(xp.zeros(4, "f4")), ValueError,
     "array_like: expected dtype uint8 (a Buffer holds raw bytes), got dtype float32; "
     "use Buffer.from_bytes() to wrap the raw bytes of another dtype"),
    (lambda m, xp: m.Buffer.from_array_like(xp.zeros((2, 2), "u1")), ValueError,
     "array_like: expected a 1-d array, got 2-d shape (2, 2)"),
    (lambda m, xp: m.Buffer.from_array_like(xp.zeros(8, "u1")[::2]), ValueError,
     "array_like: expected a C-contiguous array, got strides (2,); use {xp}.ascontiguousarray() to copy it first"),
    (lambda m, xp: m.Buffer.from_bytes(bytearray(b"abcd")).__setitem__(slice(0, 1), np.zeros(1, "f4")), ValueError,
     "value: expected exactly 1 bytes for key slice(0, 1, None), got 4"),
    (lambda m, xp: m.Buffer.from_bytes(bytearray(b"abcd")).__setitem__(slice(0, 2), np.zeros(4, "u2")[::2]),
     ValueError, "value: expected C-contiguous memory, got a non-contiguous numpy.ndarray of dtype uint16 and "
     "shape (2,); copy it first, e.g. with numpy.ascontiguousarray()"),
    (lambda m, xp: m.Buffer.from_bytes(bytearray(b"abcd")).__setitem__(slice(0, 1), "x"), TypeError,
     "value: expected a bytes-like object, a 1-d uint8 array or a Buffer, got str"),
    (lambda m, xp: m.Buffer.from_bytes(bytearray(b"abcd")).__setitem__(slice(0, 1), np.uint8(1)), TypeError,
     "value: expected a bytes-like object, a 1-d uint8 array or a Buffer, got the NumPy scalar "
     f"{np.uint8(1)!r}; a Buffer slice is assigned bytes, not element values"),
    (lambda m, xp: m.Buffer.from_bytes(b"ab").combine(m.Buffer.from_bytes(b"c")), TypeError,
     "others: expected an iterable of Buffers, got a single Buffer; wrap it in a list"),
    (lambda m, xp: m.Buffer.from_bytes(b"ab").combine(5), TypeError,
     "others: expected an iterable of Buffers, got int"),
    (lambda m, xp: m.Buffer.from_bytes(b"ab").combine([m.Buffer.from_bytes(b"c"), 5]), TypeError,
     "others[1]: expected a Buffer, got int"),
    (lambda m, xp: m.Buffer.from_bytes(b"ab").combine(_Failing(ValueError("boom"))), ValueError,
     "others: reading tests.test_gpu._Failing failed: boom"),
    (lambda m, xp: m.Buffer.from_bytes(b"ab").combine(_Failing(NotImplementedError("no"))), TypeError,
     "others: expected an iterable of Buffers, got tests.test_gpu._Failing (no)"),
], ids=["dtype", "ndim", "contiguous", "value-wider-items", "value-non-contiguous", "value-str", "value-scalar", "single", "not-iterable",
        "not-a-buffer", "reading-fails", "not-implemented"])
def test_buffer_errors_are_the_cpu_references(gpu: ModuleType, cp: ModuleType, make: Callable[[Any, Any], object],
                                              kind: type[Exception], message: str) -> None:
    for module, xp, library in ((cpu, np, "numpy"), (gpu, cp, "cupy")):
        with pytest.raises(kind) as info:
            make(module, xp)
        assert type(info.value) is kind
        assert str(info.value) == message.format(xp=library), module.__name__


def test_device_arrays_are_assigned_to_buffer_slices_on_the_device(gpu: ModuleType, cp: ModuleType) -> None:
    buffer = gpu.Buffer.from_bytes(b"abcdef")
    buffer[1:3] = cp.asarray(np.frombuffer(b"XY", "u1"))
    buffer[3:5] = np.frombuffer(b"Zz", "u1")
    assert buffer.to_bytes() == b"aXYZzf"
    with pytest.raises(ValueError, match=r"^value: expected exactly 2 bytes for key slice\(0, 2, None\), got 8"):
        buffer[0:2] = cp.zeros(2, "f4")
    assert buffer.to_bytes() == b"aXYZzf"
    # A device array of wider items counts its bytes, as a NumPy array does (issue 25).
    buffer[0:4] = cp.asarray(np.frombuffer(b"1234", "<u2"))
    assert buffer.to_bytes() == b"1234zf"
    with pytest.raises(ValueError, match=r"^value: expected C-contiguous memory, got a non-contiguous "):
        buffer[0:4] = cp.zeros(4, "u2")[::2]


def test_pickle_round_trips_through_the_host(gpu: ModuleType) -> None:
    nd = gpu.NDBuffer.create(shape=(3, 2), dtype="c8", order="F", fill_value=1 - 2j)
    again = pickle.loads(pickle.dumps(nd, protocol=5))
    assert type(again) is gpu.NDBuffer and again.all_equal(np.complex64(1 - 2j))
    assert again.as_numpy_array().flags.f_contiguous
    buffer = gpu.Buffer.from_bytes(b"\x00\xffabc")
    assert pickle.loads(pickle.dumps(buffer)).to_bytes() == b"\x00\xffabc"


# -- all_equal: on the device for scalars, the same answers as the CPU reference ------------


_FLOATS = st.sampled_from(["f2", "f4", "f8", "c8", "c16"])
_SPECIALS = st.sampled_from([0.0, -0.0, float("nan"), float("inf"), 1.5, -2.25])


@settings(max_examples=150, deadline=None)
@given(data=st.data(), dtype=_FLOATS, equal_nan=st.booleans())
def test_all_equal_agrees_with_the_cpu_reference(gpu: ModuleType, data: Any, dtype: str, equal_nan: bool) -> None:
    special = data.draw(_SPECIALS)
    uniform = data.draw(st.booleans())
    shape = data.draw(hnp.array_shapes(min_dims=0, max_dims=2, max_side=4))
    if uniform:
        host = np.full(shape, special, dtype)
    else:
        host = data.draw(hnp.arrays(dtype, shape, elements=_SPECIALS.map(complex if dtype[0] == "c" else float)))
    other = data.draw(st.one_of(_SPECIALS, _SPECIALS.map(np.dtype(dtype).type), st.integers(-3, 3)))
    expected = cpu.NDBuffer.from_numpy_array(host).all_equal(other, equal_nan=equal_nan)
    assert gpu.NDBuffer.from_numpy_array(host).all_equal(other, equal_nan=equal_nan) is expected


def test_all_equal_of_a_scalar_never_copies_to_the_host(gpu: ModuleType, cp: ModuleType,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    nd = gpu.NDBuffer.create(shape=(64, 64), dtype="f4", fill_value=-0.0)
    copies: list[object] = []
    real = cp.asnumpy

    def counting(*args: Any, **kwargs: Any) -> Any:
        copies.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(cp, "asnumpy", counting)
    assert nd.all_equal(np.float32(-0.0)) and not nd.all_equal(0.0)
    assert copies == []


# -- the import contract, in fresh interpreters ------------------------------------------------


def _python(code: str, *, path: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in ([path] if path else []) + sys.path if p)}
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, env=env,
                          timeout=120, cwd=Path(__file__).parent, check=False)


def test_import_bufferspec_never_imports_cupy() -> None:
    done = _python("""
        import sys, bufferspec, bufferspec.cpu, bufferspec.protocols, bufferspec.conformance
        print(sorted(m for m in sys.modules if m.split('.')[0] == 'cupy'))
    """, path=str(STAND_IN))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_without_cupy_importing_bufferspec_gpu_says_so() -> None:
    done = _python("""
        import sys
        sys.modules['cupy'] = None  # as if CuPy were not installed
        try:
            import bufferspec.gpu
        except ImportError as exc:
            print(exc)
    """)
    assert done.returncode == 0, done.stderr
    assert "bufferspec.gpu needs CuPy" in done.stdout and "bufferspec[gpu]" in done.stdout


@pytest.mark.parametrize(("device_count", "message"), [
    ("raise RuntimeError('cudaErrorInsufficientDriver: CUDA driver version is insufficient')",
     "cannot use one: RuntimeError: cudaErrorInsufficientDriver"),
    ("return 0", "sees none"),
], ids=["driver too old", "no device"])
def test_without_a_device_importing_bufferspec_gpu_says_so(device_count: str, message: str) -> None:
    done = _python(f"""
        import sys, types
        def count():
            {device_count}
        sys.modules['cupy'] = types.SimpleNamespace(
            __version__='14.0.0', cuda=types.SimpleNamespace(runtime=types.SimpleNamespace(getDeviceCount=count)))
        try:
            import bufferspec.gpu
        except ImportError as exc:
            print(exc)
    """)
    assert done.returncode == 0, done.stderr
    assert "bufferspec.gpu needs a CUDA device" in done.stdout and message in done.stdout
