"""The conformance suites: one backend each, with its expected failures and environment.

A suite names a target, the TOML file of its expected failures and the column
of the conformance matrix it fills.  Suites whose backend is not importable
here (zarr or torch missing, a zarr minor version without an expected-failures
file) are *unavailable*, with a reason, and are skipped rather than run.
"""

from __future__ import annotations

import functools
import importlib
import importlib.metadata
import platform
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from bufferspec.conformance import Report, load_expected_failures, run

__all__ = ["DEVICE_COLUMNS", "EXPECTED_DIR", "SEED", "SUITES", "Availability", "Suite", "environment", "expected_failures", "run_suite"]

EXPECTED_DIR = Path(__file__).parent / "expected"
#: Columns that only a machine with a CUDA device can record (conformance/gpu_device_run.py).
DEVICE_COLUMNS = ("gpu",)
#: The ``seed`` the suites run with: None, the kit's default (deterministic) examples.
SEED: int | None = None


@dataclass(frozen=True)
class Availability:
    """Whether a suite can run here: its matrix column, the backend version, or why not.

    ``device`` describes the accelerator a device backend ran on (name,
    driver, runtime, CuPy version); empty for host backends.
    """

    column: str | None
    version: str
    reason: str = ""
    device: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Suite:
    """One backend under the kit.

    Attributes
    ----------
    name : str
        Short name, used for pytest ids.
    target : str
        ``"module:attr"`` handed to :func:`bufferspec.conformance.run`.
    probe : callable
        Returns the :class:`Availability` in the current environment.
    """

    name: str
    target: str
    probe: Callable[[], Availability]

    def availability(self) -> Availability:
        """See :attr:`probe`."""
        return self.probe()

    def expected_file(self, column: str) -> Path:
        """The TOML file with this column's ``[expected_failures]`` table."""
        return EXPECTED_DIR / f"{column}.toml"

    def expected_failures(self, column: str) -> dict[str, str]:
        """``{contract id: reason}`` for this column."""
        return expected_failures(column)


def expected_failures(column: str) -> dict[str, str]:
    """The ``[expected_failures]`` table of ``expected/<column>.toml``.

    Raises
    ------
    ValueError
        If the file is missing, is not TOML or has no ``[expected_failures]`` table.
    """
    return load_expected_failures(EXPECTED_DIR / f"{column}.toml")


def _bufferspec_version() -> str:
    return importlib.metadata.version("bufferspec")


def _always(column: str) -> Callable[[], Availability]:
    return lambda: Availability(column, _bufferspec_version())


def _zarr() -> Availability:
    try:
        version = importlib.metadata.version("zarr")
        importlib.import_module("zarr.buffer.cpu")
    except Exception as exc:  # noqa: BLE001 - not installed or broken: either way unavailable; not installed, or broken: either way the suite cannot run
        return Availability(None, "", f"zarr is not importable ({type(exc).__name__}: {exc})")
    major, minor = version.split(".")[:2]
    column = f"zarr-{major}.{minor}"
    if not (EXPECTED_DIR / f"{column}.toml").is_file():
        return Availability(None, version, f"zarr {version}: no expected-failures file {column}.toml")
    return Availability(column, version)


def _torch() -> Availability:
    try:
        torch = importlib.import_module("torch")
    except Exception as exc:  # noqa: BLE001 - not installed or broken: either way unavailable
        return Availability(None, "", f"torch is not importable ({type(exc).__name__}: {exc})")
    return Availability("torch", str(torch.__version__))


def _gpu_device() -> tuple[Mapping[str, str], str]:
    """The CUDA device ``bufferspec.gpu`` runs on, or ``({}, why not)``."""
    try:
        gpu = importlib.import_module("bufferspec.gpu")
    except ImportError as exc:
        return {}, str(exc)
    description = gpu.device_description()
    if description["cupy"].endswith("+fake"):
        return {}, "CuPy is the CPU stand-in of tests/fake_cupy, not a device"
    return description, ""


def _gpu() -> Availability:
    device, reason = _gpu_device()
    if not device:
        return Availability(None, "", reason)
    return Availability("gpu", _bufferspec_version(), device=device)


def _zarr_gpu() -> Availability:
    device, reason = _gpu_device()
    if not device:
        return Availability(None, "", reason)
    try:
        version = importlib.metadata.version("zarr")
        importlib.import_module("zarr.buffer.gpu")
    except Exception as exc:  # noqa: BLE001 - not installed or broken: either way unavailable
        return Availability(None, "", f"zarr's GPU buffers are not importable ({type(exc).__name__}: {exc})")
    major, minor = version.split(".")[:2]
    column = f"zarr-gpu-{major}.{minor}"
    if not (EXPECTED_DIR / f"{column}.toml").is_file():
        return Availability(None, version, f"zarr {version}: no expected-failures file {column}.toml")
    return Availability(column, version, device=device)


SUITES: tuple[Suite, ...] = (
    Suite("reference", "bufferspec.cpu:buffer_prototype", _always("reference")),
    Suite("zarr", "zarr.buffer.cpu:buffer_prototype", _zarr),
    Suite("fake_device", "conformance.backends.fake_device:buffer_prototype", _always("fake_device")),
    Suite("pure_python", "conformance.backends.pure_python:PurePythonBuffer", _always("pure_python")),
    Suite("torch", "conformance.backends.torch_tensor:buffer_prototype", _torch),
    Suite("gpu", "bufferspec.gpu:buffer_prototype", _gpu),
    Suite("zarr_gpu", "zarr.buffer.gpu:buffer_prototype", _zarr_gpu),
)


def environment() -> dict[str, str]:
    """Python and NumPy versions of the running interpreter."""
    return {"python": platform.python_version(), "numpy": np.__version__}


@functools.cache
def run_suite(name: str) -> tuple[Availability, Report]:
    """Run one available suite (``seed=SEED``, deterministic) with its expected failures; cached.

    Raises
    ------
    KeyError
        If no suite has that name.
    RuntimeError
        If the suite is unavailable here.
    """
    suite = {s.name: s for s in SUITES}[name]
    available = suite.availability()
    if available.column is None:
        raise RuntimeError(f"suite {name!r} is unavailable: {available.reason}")
    report = run(suite.target, expected_failures=suite.expected_failures(available.column), seed=SEED)
    return available, report
