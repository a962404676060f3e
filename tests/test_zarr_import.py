"""zarr stays optional: no bufferspec module but :mod:`bufferspec.zarr` imports it, and that one
only when asked to; a missing zarr gives an ``ImportError`` naming the ``bufferspec[zarr]`` extra.

These tests run in subprocesses and need no zarr installed.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest


def run_python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_bufferspec_modules_never_import_zarr() -> None:
    result = run_python(
        """
        import sys
        import bufferspec, bufferspec.cpu, bufferspec.protocols, bufferspec.conformance
        import bufferspec.zarr
        import bufferspec._zarr_entry_points, bufferspec._zarr_setup  # what zarr's entry points load
        assert not bufferspec.zarr.is_connected()
        assert not bufferspec._zarr_setup.selected_by_configuration()
        assert not bufferspec._zarr_setup.connect_if_selected()  # zarr not imported: nothing to connect
        assert not bufferspec.zarr.is_enabled()
        bufferspec.zarr.disable()  # nothing to undo
        assert bufferspec.zarr.patched_modules() == ()
        loaded = sorted(name for name in sys.modules if name == "zarr" or name.startswith("zarr."))
        print(loaded)
        """
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize("blocked", ["zarr", "zarr.registry"])
def test_missing_zarr_names_the_extra(blocked: str) -> None:
    """With zarr (or zarr 3's registry) not importable, every entry point explains what to install."""
    result = run_python(
        f"""
        import sys
        sys.modules[{blocked!r}] = None  # import of {blocked} now raises ImportError
        import bufferspec.zarr
        for attempt in (bufferspec.zarr.enable, lambda: bufferspec.zarr.enabled().__enter__()):
            try:
                attempt()
            except ImportError as exc:
                print(exc)
            else:
                raise SystemExit("no ImportError")
        assert not bufferspec.zarr.is_enabled() and bufferspec.zarr.patched_modules() == ()
        """
    )
    assert result.returncode == 0, result.stderr
    messages = result.stdout.strip().splitlines()
    assert len(messages) == 2
    for message in messages:
        assert "bufferspec[zarr]" in message and "zarr-python 3.1 or newer" in message
