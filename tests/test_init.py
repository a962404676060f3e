"""The package itself: ``bufferspec.__version__``, read lazily so that importing bufferspec stays cheap."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys

import pytest

import bufferspec


def test_version_is_the_installed_distributions() -> None:
    assert bufferspec.__version__ == importlib.metadata.version("bufferspec")
    from bufferspec import __version__

    assert __version__ == bufferspec.__version__
    assert "__version__" in vars(bufferspec)  # read once, then an ordinary attribute


def test_other_missing_attributes_raise_attribute_error_naming_them() -> None:
    with pytest.raises(AttributeError, match="has no attribute 'no_such_name'"):
        bufferspec.no_such_name  # noqa: B018


def test_importing_the_reference_does_not_import_importlib_metadata() -> None:
    code = ("import sys\n"
            "before = 'importlib.metadata' in sys.modules\n"
            "import bufferspec, bufferspec.cpu, bufferspec.protocols\n"
            "print(before, 'importlib.metadata' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    before, after = done.stdout.split()
    if before == "True":
        pytest.skip("this interpreter imports importlib.metadata at start-up")
    assert after == "False"
