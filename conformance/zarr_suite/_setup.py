"""Fetch zarr's test suite from its sdist and prepare a virtual environment to run it in.

Everything lives under one work folder (``.zarr-suite/`` in the repository,
ignored by git): the sdist, its unpacked tree, and one virtual environment
per Python and zarr version.  The environment has this repository's
bufferspec installed in editable mode (so its entry points are current), the
zarr version being judged, and the test tools zarr's tests need.
"""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys
import tarfile
from dataclasses import dataclass
from pathlib import Path

__all__ = ["ROOT", "WORK", "Suite", "installed_zarr_version", "prepare"]

ROOT = Path(__file__).resolve().parents[2]
WORK = ROOT / ".zarr-suite"

#: What zarr's tests import besides zarr itself (pytest-timeout stops a hanging test).
TEST_TOOLS = ("pytest>=9", "pytest-asyncio>=1", "pytest-timeout>=2", "hypothesis>=6.100", "numpydoc>=1.8")


@dataclass(frozen=True)
class Suite:
    """An unpacked test suite and the interpreter that runs it."""

    zarr_version: str
    source: Path  # the unpacked sdist; its tests/ folder holds the suite
    python: Path


def installed_zarr_version() -> str:
    """The version of zarr installed for this interpreter.

    Raises
    ------
    ModuleNotFoundError
        If zarr is not installed.
    """
    try:
        return importlib.metadata.version("zarr")
    except importlib.metadata.PackageNotFoundError:
        raise ModuleNotFoundError('zarr is not installed: pip install "bufferspec[zarr]"') from None


def _run(command: list[str], what: str) -> None:
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{what} failed ({done.returncode}):\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")


def _fetch_sdist(version: str, work: Path) -> Path:
    """The unpacked sdist of zarr *version* (downloaded with pip once)."""
    source = work / f"zarr-{version}"
    if (source / "tests").is_dir():
        return source
    downloads = work / "downloads"
    downloads.mkdir(parents=True, exist_ok=True)
    archive = downloads / f"zarr-{version}.tar.gz"
    if not archive.is_file():
        _run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:",
              "--dest", str(downloads), f"zarr=={version}"], f"pip download zarr=={version}")
    if not archive.is_file():
        raise RuntimeError(f"pip did not leave {archive.name} in {downloads}")
    with tarfile.open(archive) as tar:
        tar.extractall(work, filter="data")
    if not (source / "tests").is_dir():
        raise RuntimeError(f"the sdist of zarr {version} has no tests/ folder")
    return source


def _venv(version: str, work: Path) -> Path:
    """A virtual environment with bufferspec (editable), zarr *version* and the test tools."""
    tag = f"py{sys.version_info.major}.{sys.version_info.minor}-zarr{version}"
    venv = work / f"venv-{tag}"
    python = venv / "bin" / "python"
    marker = venv / ".bufferspec-ready"
    wanted = "\n".join((tag, *TEST_TOOLS)) + "\n"
    if not marker.is_file() or marker.read_text(encoding="utf-8") != wanted:
        if not python.is_file():
            _run([sys.executable, "-m", "venv", str(venv)], "creating the suite's virtual environment")
        _run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-e", str(ROOT),
              f"zarr=={version}", *TEST_TOOLS], "installing bufferspec, zarr and the test tools")
        marker.write_text(wanted, encoding="utf-8")
    else:  # refresh bufferspec's metadata (its entry points) without touching the rest
        _run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-deps", "-e",
              str(ROOT)], "refreshing bufferspec in the suite's virtual environment")
    _install_control_hook(python)
    return python


#: Run by every interpreter of the suite's environment at start-up (a ``.pth`` line must start with
#: ``import``): in control mode, register the control classes, as bufferspec's entry points register
#: bufferspec's, so that child processes (spawn, forkserver) resolve the names too.
_CONTROL_HOOK = ('import os, importlib; os.environ.get("BUFFERSPEC_ZARR_SUITE_MODE") == "control" and '
                 'importlib.import_module("conformance.zarr_suite.control")\n')


def _install_control_hook(python: Path) -> None:
    done = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True)
    hook = Path(done.stdout.strip()) / "bufferspec_zarr_suite_control.pth"
    if not hook.is_file() or hook.read_text(encoding="utf-8") != _CONTROL_HOOK:
        hook.write_text(_CONTROL_HOOK, encoding="utf-8")


def prepare(work: Path = WORK, version: str | None = None) -> Suite:
    """Fetch and unpack zarr's test suite and make its environment ready (both cached in *work*)."""
    version = version or installed_zarr_version()
    work.mkdir(parents=True, exist_ok=True)
    return Suite(version, _fetch_sdist(version, work), _venv(version, work))
