"""Run a selection of zarr's test suite in one mode: ``baseline``, ``bufferspec`` or ``control``."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from conformance.zarr_suite._setup import ROOT, Suite

__all__ = ["MODES", "SELECTIONS", "ModeRun", "Selection", "load_selection", "mode_environment", "run_mode"]

MODES = ("baseline", "bufferspec", "control")
SELECTIONS = Path(__file__).with_name("selections.toml")

#: The buffer classes each mode selects through zarr's environment variables (none: zarr's defaults).
_SELECTED = {
    "baseline": None,
    "bufferspec": ("bufferspec.cpu.Buffer", "bufferspec.cpu.NDBuffer"),
    "control": ("conformance.zarr_suite.control.ControlBuffer", "conformance.zarr_suite.control.ControlNDBuffer"),
}


@dataclass(frozen=True)
class Selection:
    """A named list of test paths, and those of them this zarr version does not have."""

    name: str
    description: str
    paths: tuple[str, ...]
    absent: tuple[str, ...]


@dataclass(frozen=True)
class ModeRun:
    """The plugin's document for one mode, the command that made it and how long it took."""

    mode: str
    command: str
    seconds: float
    document: dict[str, Any]


def load_selection(name: str, source: Path, selections: Path = SELECTIONS) -> Selection:
    """The selection *name* for the unpacked suite in *source*.

    Raises
    ------
    KeyError
        If no selection has that name.
    """
    table = tomllib.loads(selections.read_text(encoding="utf-8"))
    if name not in table:
        raise KeyError(f"selection: no selection named {name!r}; expected one of {sorted(table)}")
    present: list[str] = []
    absent: list[str] = []
    for path in table[name]["paths"]:
        (present if (source / path.split("::")[0]).exists() else absent).append(path)
    return Selection(name, str(table[name]["description"]), tuple(present), tuple(absent))


def _import_root(work: Path) -> Path:
    """A folder holding only a link to this repository's ``conformance`` package.

    Putting the repository itself on the path would shadow zarr's ``tests``
    package with bufferspec's.
    """
    root = work / "import-root"
    root.mkdir(parents=True, exist_ok=True)
    link = root / "conformance"
    if not link.exists():
        link.symlink_to(ROOT / "conformance", target_is_directory=True)
    return root


def mode_environment(mode: str, work: Path, out: Path) -> dict[str, str]:
    """The environment of a run in *mode*: zarr's buffer variables set (or removed), the plugin's outputs.

    Raises
    ------
    ValueError
        If *mode* is not one of :data:`MODES`.
    """
    if mode not in MODES:
        raise ValueError(f"mode: expected one of {MODES}, got {mode!r}")
    env = {key: value for key, value in os.environ.items() if key not in ("ZARR_BUFFER", "ZARR_NDBUFFER")}
    env["PYTHONPATH"] = str(_import_root(work))  # replaces the caller's
    env["BUFFERSPEC_ZARR_SUITE_MODE"] = mode
    env["BUFFERSPEC_ZARR_SUITE_OUT"] = str(out)
    selected = _SELECTED[mode]
    if selected is not None:
        env["ZARR_BUFFER"], env["ZARR_NDBUFFER"] = selected
    return env


def _run_as_group(command: list[str], cwd: Path, env: dict[str, str], sink: IO[str]) -> int:
    """Run *command* in a process group of its own and wait for it.

    If the wait is interrupted (Ctrl-C, a kill of the runner), the whole
    group is killed: pytest and any process it started (multiprocessing
    children, say) never outlive the runner.
    """
    child = subprocess.Popen(command, cwd=cwd, env=env, stdout=sink, stderr=subprocess.STDOUT,
                             start_new_session=True)
    try:
        return child.wait()
    except BaseException:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(child.pid, signal.SIGKILL)
        child.wait()
        raise


def run_mode(suite: Suite, selection: Selection, mode: str, work: Path, timeout: int = 120) -> ModeRun:
    """Run *selection* of *suite* in *mode*; the log goes to ``<work>/<selection>-<mode>.log``.

    *timeout* is pytest-timeout's limit per test, in seconds: a test that
    hangs (a child process that cannot start, say) fails instead of stopping
    the run.

    Raises
    ------
    RuntimeError
        If pytest did not get as far as writing the plugin's document.
    """
    out = work / f"{selection.name}-{mode}.json"
    log = work / f"{selection.name}-{mode}.log"
    out.unlink(missing_ok=True)
    command = [str(suite.python), "-m", "pytest", "-p", "conformance.zarr_suite.plugin", "-p", "no:cacheprovider",
               "-o", "addopts=", "-q", "-rN", f"--timeout={timeout}",
               # the control hook imports zarr (one of pytest's plugins) before pytest can rewrite it
               "-W", "ignore::pytest.PytestAssertRewriteWarning", *selection.paths]
    started = time.perf_counter()
    with log.open("w", encoding="utf-8") as sink:
        _run_as_group(command, suite.source, mode_environment(mode, work, out), sink)
    seconds = time.perf_counter() - started
    if not out.is_file():
        tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
        raise RuntimeError(f"the {mode} run wrote no results; the end of {log}:\n{tail}")
    document: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    print(f"{mode}: {len(document['outcomes'])} tests in {seconds:.0f} s", file=sys.stderr)
    return ModeRun(mode, " ".join(command), seconds, document)
