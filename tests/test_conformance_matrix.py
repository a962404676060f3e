"""The conformance matrix: every suite passes with its expected failures, and the published page is current."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from bufferspec.conformance import catalogue
from conformance.matrix import DATA_DIR, PAGE, column_data, load_columns, render
from conformance.suites import DEVICE_COLUMNS, EXPECTED_DIR, SUITES, Suite, expected_failures, run_suite


def _available(suite: Suite) -> str:
    """The suite's column here, or skip the test with the reason it cannot run."""
    available = suite.availability()
    if available.column is None:
        pytest.skip(available.reason)
    return available.column


@pytest.mark.parametrize("suite", SUITES, ids=lambda s: s.name)
def test_suite_passes_with_its_expected_failures(suite: Suite) -> None:
    _available(suite)
    _, report = run_suite(suite.name)
    assert report.ok, report.to_table()


@pytest.mark.parametrize("suite", SUITES, ids=lambda s: s.name)
def test_recorded_column_matches_a_live_run(suite: Suite) -> None:
    column = _available(suite)
    path = DATA_DIR / f"{column}.json"
    assert path.is_file(), f"no recorded column {path.name}: run python -m conformance.matrix --write"
    recorded = json.loads(path.read_text(encoding="utf-8"))
    available, report = run_suite(suite.name)
    if recorded["backend_version"] != available.version:
        pytest.skip(f"{column} was recorded with {recorded['backend_version']}, here {available.version}")
    here = f"{sys.version_info[0]}.{sys.version_info[1]}"
    if recorded["python"].rsplit(".", 1)[0] != here:
        # Some contracts depend on the interpreter (PEP 688 needs 3.12+): compare like with like.
        pytest.skip(f"{column} was recorded on Python {recorded['python']}, here {here}")
    live = column_data(suite.target, available, report)
    assert recorded["statuses"] == live["statuses"], "stale: run python -m conformance.matrix --write"
    assert recorded["reasons"] == live["reasons"], "stale: run python -m conformance.matrix --write"


def test_committed_page_is_the_rendering_of_the_data_and_the_catalogue() -> None:
    expected = render(load_columns(), [c.id for c in catalogue()])
    assert PAGE.read_text(encoding="utf-8") == expected, "stale: run python -m conformance.matrix --write"


def test_render_marks_contracts_missing_from_a_column_and_numbers_reasons() -> None:
    column = {
        "column": "x", "target": "m:p", "backend_version": "1", "python": "3", "numpy": "2",
        "statuses": {"a.b.c": "PASS", "a.b.d": "XFAIL"}, "reasons": {"a.b.d": "broken | badly"},
    }
    page = render([column], ["a.b.c", "a.b.d", "a.b.e"])
    assert "| <code>a.<wbr>b.<wbr>c</code> | PASS |" in page
    assert "| <code>a.<wbr>b.<wbr>d</code> | XFAIL [1](#r1) |" in page
    assert "| <code>a.<wbr>b.<wbr>e</code> | — |" in page
    assert '<a id="r1"></a>1. broken \\| badly' in page


def test_every_column_has_an_expected_failures_file_and_every_file_a_column() -> None:
    columns = {path.stem for path in DATA_DIR.glob("*.json")}
    files = {path.stem for path in EXPECTED_DIR.glob("*.toml")}
    assert columns <= files, f"columns without an expected-failures file: {sorted(columns - files)}"
    # A device column's file comes first: the device run records the column against it.
    assert files - columns <= set(DEVICE_COLUMNS), f"files without a column: {sorted(files - columns)}"


def test_expected_failures_are_exact_catalogue_ids_with_reasons() -> None:
    ids = {c.id for c in catalogue()}
    for path in sorted(EXPECTED_DIR.glob("*.toml")):
        table = expected_failures(path.stem)
        assert set(table) <= ids, f"{path.name}: unknown ids {sorted(set(table) - ids)}"
        assert all(reason.strip() for reason in table.values()), path.name


def test_reference_and_fake_device_expect_no_failures() -> None:
    for name in ("reference", "fake_device", "pure_python"):
        assert expected_failures(name) == {}


# -- the fake device refuses host access -----------------------------------------------------


def test_fake_device_array_refuses_every_implicit_host_access() -> None:
    from conformance.backends.fake_device import DeviceAccessError, FakeDeviceBuffer, FakeDeviceNDBuffer

    array = FakeDeviceNDBuffer.from_numpy_array(np.arange(6.0).reshape(2, 3)).as_ndarray_like()
    data = FakeDeviceBuffer.from_bytes(b"abc").as_array_like()
    attempts: dict[str, Callable[[Any], object]] = {
        "np.asarray": lambda a: np.asarray(a),
        "__array__": lambda a: a.__array__(),
        "__buffer__": lambda a: a.__buffer__(0),
        "memoryview": lambda a: memoryview(a),
        "bytes": lambda a: bytes(a),
        "tobytes": lambda a: a.tobytes(),
        "tolist": lambda a: a.tolist(),
        "list": lambda a: list(a),
        "__array_interface__": lambda a: a.__array_interface__,
        "bool": lambda a: bool(a[0, 0] if a.ndim == 2 else a[0:1]),
        "float": lambda a: float(a[0, 0] if a.ndim == 2 else a[0:1]),
        "np.add": lambda a: np.add(a, 1),
    }
    for target in (array, data):
        for name, attempt in attempts.items():
            # DeviceAccessError, or (where Python never asks the object, e.g. memoryview before 3.12) TypeError
            with pytest.raises((DeviceAccessError, TypeError), match="DeviceArray|fake_device"):
                attempt(target)


def test_fake_device_copies_only_through_as_numpy_array() -> None:
    from conformance.backends.fake_device import DeviceArray, FakeDeviceBuffer, FakeDeviceNDBuffer

    buf = FakeDeviceBuffer.from_bytes(bytearray(b"abcd"))
    assert isinstance(buf.as_array_like(), DeviceArray)
    host = buf.as_numpy_array()
    host[0] = ord("z")
    assert buf.to_bytes() == b"abcd"  # the host array was a copy
    nd = FakeDeviceNDBuffer.create(shape=(2,), dtype="<i4", fill_value=3)
    assert FakeDeviceNDBuffer.from_ndarray_like(nd.as_ndarray_like()).as_ndarray_like() is nd.as_ndarray_like()
    with pytest.raises(TypeError, match="ndarray_like"):
        FakeDeviceNDBuffer.from_ndarray_like(np.zeros(2))


def test_fake_device_capabilities_exclude_host_memory() -> None:
    _, report = run_suite("fake_device")
    skipped = [r for r in report.results if r.status.name == "SKIP"]
    # host_memory, and the wrapper contracts: the fake device has no as_numpy_array_wrapper of its own.
    assert skipped and all("host_memory" in r.reason or r.reason == "needs wrapper" for r in skipped)


# -- torch: refused dtypes are clear errors ---------------------------------------------------


def test_torch_backend_refuses_dtypes_it_cannot_hold() -> None:
    pytest.importorskip("torch")
    from conformance.backends.torch_tensor import TorchNDBuffer

    for dtype in (">i4", "<M8[s]", "<U2", "|S3", "|O", [("a", "<i4")]):
        with pytest.raises(TypeError, match="dtype: torch tensors cannot hold"):
            TorchNDBuffer.create(shape=(2,), dtype=dtype)
        with pytest.raises(TypeError, match="array_like: torch tensors cannot hold"):
            TorchNDBuffer.from_numpy_array(np.zeros(2, dtype))
    nd = TorchNDBuffer.create(shape=(2, 2), dtype="<f4", fill_value=1.5)
    assert nd.as_numpy_array().tolist() == [[1.5, 1.5], [1.5, 1.5]]


def test_matrix_data_files_record_their_environment() -> None:
    for path in sorted(Path(DATA_DIR).glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["column"] == path.stem
        assert {"python", "numpy", "backend_version", "target", "statuses", "reasons"} <= set(data)


def test_zarr_probe_still_observes_the_headline_deviations(capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("zarr.buffer.cpu")
    from conformance.zarr_probe import main

    main()
    out = capsys.readouterr().out
    for observation in (
        "from_array_like strided: -> array(",  # strided input accepted
        "from_array_like bytes: raised AttributeError",  # non-array input
        "setitem Buffer value: raised TypeError",  # Buffer value handed to NumPy
        "add int: raised AttributeError",  # + with a non-Buffer
        "as_scalar shape (1,): -> array(",  # an array, not a scalar
        "setitem foreign NDBuffer value (no __array__): raised ValueError",
    ):
        assert observation in out, out


def test_a_column_recorded_on_a_device_names_the_device() -> None:
    host = {"column": "reference", "target": "bufferspec.cpu:buffer_prototype", "backend_version": "0.2.0",
            "python": "3.12.1", "numpy": "2.5.5", "statuses": {"buffer.len": "PASS"}, "reasons": {}}
    device = {**host, "column": "gpu", "target": "bufferspec.gpu:buffer_prototype",
              "device": {"device": "NVIDIA H200", "compute_capability": "90", "cuda_driver": "12080",
                         "cuda_runtime": "12060", "cupy": "13.4.1"},
              "statuses": {"buffer.len": "XFAIL"}, "reasons": {"buffer.len": "a reason"}}
    page = render([host, device], ["buffer.len"])
    assert "| gpu | NVIDIA H200 | 90 | 12080 | 12060 | 13.4.1 |" in page
    assert "| <code>buffer.<wbr>len</code> | PASS | XFAIL [1](#r1) |" in page
    assert "Columns recorded on a device" not in render([host], ["buffer.len"])
