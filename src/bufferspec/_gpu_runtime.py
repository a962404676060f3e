"""CuPy and a CUDA device for :mod:`bufferspec.gpu`, or one clear ``ImportError``.

``import bufferspec`` never imports this module (nor CuPy); ``bufferspec.gpu``
does, and fails at import time, with one message saying what is missing,
rather than at the first buffer.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any

import numpy as np

__all__ = ["SUPPORTED_DTYPES", "cupy", "device_description", "load_cupy", "unsupported_dtype"]

_INSTALL = 'pip install "bufferspec[gpu]" (CuPy for CUDA 12: cupy-cuda12x)'

#: The dtypes CuPy arrays hold (native byte order): bool, integers, float16/32/64, complex64/128.
SUPPORTED_DTYPES = frozenset(np.dtype(c) for c in "?bBhHiIlLqQefdFD")


def load_cupy() -> ModuleType:
    """Import CuPy and check that it sees at least one CUDA device.

    Raises
    ------
    ImportError
        If CuPy is not installed, or installed but without a usable CUDA
        device (no GPU, no driver, a driver too old for CuPy's CUDA runtime).
    """
    try:
        module = importlib.import_module("cupy")
    except ImportError as exc:
        raise ImportError(f"bufferspec.gpu needs CuPy, which is not installed ({exc}); {_INSTALL}") from None
    try:
        count = int(module.cuda.runtime.getDeviceCount())
    except Exception as exc:  # noqa: BLE001 - CUDARuntimeError and friends: no driver, driver too old, ...
        raise ImportError(
            f"bufferspec.gpu needs a CUDA device, but CuPy {getattr(module, '__version__', '?')} cannot use one: "
            f"{type(exc).__name__}: {exc}"
        ) from None
    if count < 1:
        raise ImportError(f"bufferspec.gpu needs a CUDA device; CuPy {module.__version__} sees none")
    return module


cupy: Any = load_cupy()


def unsupported_dtype(dtype: np.dtype[Any]) -> str | None:
    """Why CuPy cannot hold *dtype* (``None`` if it can).

    CuPy arrays hold numeric and boolean data in native byte order; datetimes,
    strings, structured and object dtypes, ``longdouble`` and non-native byte
    orders live only in host memory.
    """
    if dtype in SUPPORTED_DTYPES:
        return None
    if dtype.isnative or dtype.newbyteorder("=") not in SUPPORTED_DTYPES:
        return (f"dtype {dtype} cannot live in CuPy device memory; CuPy holds bool, integer, float16/32/64 "
                "and complex64/128 data")
    return f"dtype {dtype} is not in native byte order; CuPy device arrays hold native-order data only"


def device_description() -> dict[str, str]:
    """The current device, its driver and runtime, and CuPy's version, for reports."""
    runtime = cupy.cuda.runtime
    device = cupy.cuda.Device()
    properties = runtime.getDeviceProperties(device.id)
    name = properties.get("name", b"?")
    return {
        "device": name.decode() if isinstance(name, bytes) else str(name),
        "compute_capability": str(device.compute_capability),
        "cuda_driver": str(runtime.driverGetVersion()),
        "cuda_runtime": str(runtime.runtimeGetVersion()),
        "cupy": str(cupy.__version__),
    }
