"""Run mypy, pyright and pyrefly over typing test files and compare their errors with markers.

A file marks every line where a type checker must report an error with a
trailing comment:

``# E: assignment``
    every checker reports an error of the *category* ``assignment`` here;
``# E[mypy,pyright]: arg-type``
    only the checkers named report it, and the others report nothing here
    (a documented disagreement between checkers).

Several categories may be given, comma-separated.  Categories are named
after mypy's error codes; :data:`CATEGORIES` maps each one to the codes of
every checker (pyright's rules, pyrefly's error kinds).  For each checker the
set of ``(line, category)`` pairs it reports must equal the marked set
exactly, so a missing error, an extra error and an error of another kind all
fail.  A code that no category lists is reported as ``?<code>``, which no
marker matches.

Each checker runs once over all files, in a subprocess (pyright, pyrefly)
or through :func:`mypy.api.run`, with the running interpreter's Python version
and site-packages, and with a configuration of its own, so that nothing of the
project's configuration applies.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
#: Where the typing files import from: the repository (``tests.foreign``) and the docs' examples.
SEARCH_PATHS = (REPO_ROOT, REPO_ROOT / "docs" / "examples")
PYTHON_VERSION = f"{sys.version_info.major}.{sys.version_info.minor}"

#: The checkers, in report order.
CHECKERS = ("mypy", "pyright", "pyrefly")

#: What to install for each checker (the versions the test extra pins).
INSTALL_HINT = {
    "mypy": 'pip install "mypy>=1.11"',
    "pyright": 'pip install "pyright[nodejs]>=1.1.400"  (the [nodejs] extra brings Node.js from PyPI)',
    "pyrefly": 'pip install "pyrefly>=1.0"',
}

#: Error category (mypy's code) -> checker -> that checker's codes for it.
CATEGORIES: dict[str, dict[str, frozenset[str]]] = {
    "assignment": {
        "mypy": frozenset({"assignment"}),
        "pyright": frozenset({"reportAssignmentType"}),
        "pyrefly": frozenset({"bad-assignment"}),
    },
    "arg-type": {
        "mypy": frozenset({"arg-type"}),
        "pyright": frozenset({"reportArgumentType"}),
        "pyrefly": frozenset({"bad-argument-type"}),
    },
    "call-arg": {
        "mypy": frozenset({"call-arg"}),
        "pyright": frozenset({"reportCallIssue"}),
        "pyrefly": frozenset({"unexpected-positional-argument", "missing-argument", "unexpected-keyword"}),
    },
    "return-value": {
        "mypy": frozenset({"return-value"}),
        "pyright": frozenset({"reportReturnType"}),
        "pyrefly": frozenset({"bad-return"}),
    },
    "override": {
        "mypy": frozenset({"override"}),
        "pyright": frozenset({"reportIncompatibleMethodOverride"}),
        "pyrefly": frozenset({"bad-override"}),
    },
    "attr-defined": {
        "mypy": frozenset({"attr-defined"}),
        "pyright": frozenset({"reportAttributeAccessIssue"}),
        "pyrefly": frozenset({"missing-attribute"}),
    },
}

_MARKER = re.compile(
    r"#\s*E(?:\[(?P<checkers>[a-z]+(?:\s*,\s*[a-z]+)*)\])?:\s*"
    r"(?P<codes>[a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)\s*$"
)


@dataclass(frozen=True)
class Diagnostic:
    """One error, warning or note of a checker, on one line of one file."""

    path: Path
    line: int
    severity: str
    message: str
    code: str | None


@dataclass(frozen=True)
class CheckerRun:
    """What one checker reported over a set of files."""

    checker: str
    command: str
    exit_status: int
    output: str
    diagnostics: tuple[Diagnostic, ...]

    def for_file(self, path: Path, severity: str = "error") -> list[Diagnostic]:
        """The diagnostics of *severity* in *path*."""
        resolved = path.resolve()
        return [d for d in self.diagnostics if d.path == resolved and d.severity == severity]


def is_installed(checker: str) -> bool:
    """Whether *checker* can run under this interpreter."""
    module = {"mypy": "mypy.api", "pyright": "pyright", "pyrefly": "pyrefly"}[checker]
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


def category_of(checker: str, code: str | None) -> str:
    """The category of a checker's error code; ``?<code>`` when no category lists it."""
    for category, codes in CATEGORIES.items():
        if code in codes[checker]:
            return category
    return f"?{code}"


def expected_errors(source: str, checker: str) -> set[tuple[int, str]]:
    """The ``(line, category)`` pairs *source* marks for *checker*.

    Raises
    ------
    ValueError
        If a marker names an unknown checker or category.
    """
    expected: set[tuple[int, str]] = set()
    for number, text in enumerate(source.splitlines(), start=1):
        match = _MARKER.search(text)
        if match is None:
            continue
        named = [c.strip() for c in match["checkers"].split(",")] if match["checkers"] else list(CHECKERS)
        unknown = sorted(set(named) - set(CHECKERS))
        if unknown:
            raise ValueError(f"line {number}: marker names unknown checker(s) {unknown}; expected some of {CHECKERS}")
        codes = [code.strip() for code in match["codes"].split(",")]
        for code in codes:
            if code not in CATEGORIES:
                raise ValueError(f"line {number}: unknown error category {code!r}; expected one of {sorted(CATEGORIES)}")
        if checker in named:
            expected.update((number, code) for code in codes)
    return expected


def reported_errors(checker: str, diagnostics: Iterable[Diagnostic]) -> set[tuple[int, str]]:
    """The ``(line, category)`` pairs of a checker's errors."""
    return {(d.line, category_of(checker, d.code)) for d in diagnostics if d.severity == "error"}


def mismatch(expected: set[tuple[int, str]], reported: set[tuple[int, str]]) -> str:
    """Empty when equal; otherwise a readable description of the difference."""
    missing = sorted(expected - reported)
    unexpected = sorted(reported - expected)
    parts = []
    if missing:
        parts.append(f"expected but not reported: {missing}")
    if unexpected:
        parts.append(f"reported but not marked: {unexpected}")
    return "; ".join(parts)


# -- running the checkers ------------------------------------------------------------

#: ``path:line: severity: message  [code]`` as mypy prints with ``--show-error-codes``.
_MYPY_LINE = re.compile(
    r"^(?P<path>.+?):(?P<line>\d+): (?P<severity>error|warning|note): "
    r"(?P<message>.*?)(?:  \[(?P<code>[a-z0-9-]+)\])?$"
)


def parse_mypy_output(stdout: str) -> tuple[Diagnostic, ...]:
    """Parse mypy's line-oriented output (``--show-absolute-path --no-pretty``)."""
    found: list[Diagnostic] = []
    for raw in stdout.splitlines():
        match = _MYPY_LINE.match(raw)
        if match is not None:
            found.append(Diagnostic(Path(match["path"]).resolve(), int(match["line"]), match["severity"],
                                    match["message"], match["code"]))
    return tuple(found)


def parse_pyright_output(stdout: str) -> tuple[Diagnostic, ...]:
    """Parse ``pyright --outputjson`` (0-based line numbers become 1-based)."""
    data = json.loads(stdout)
    return tuple(
        Diagnostic(Path(item["file"]).resolve(), item["range"]["start"]["line"] + 1, item["severity"],
                   item["message"], item.get("rule"))
        for item in data["generalDiagnostics"]
    )


def parse_pyrefly_output(stdout: str, cwd: Path) -> tuple[Diagnostic, ...]:
    """Parse ``pyrefly check --output-format json`` (paths relative to *cwd*)."""
    data = json.loads(stdout)
    return tuple(
        Diagnostic((cwd / item["path"]).resolve(), item["line"], item["severity"], item["description"], item["name"])
        for item in data["errors"]
    )


def run_mypy(files: Iterable[Path], scratch: Path) -> CheckerRun:
    """mypy --strict over *files*, with :data:`SEARCH_PATHS` as ``mypy_path``."""
    from mypy import api

    config = scratch / "mypy.ini"
    config.write_text(f"[mypy]\nmypy_path = {','.join(map(str, SEARCH_PATHS))}\n", encoding="utf-8")
    args = [
        *(str(f) for f in files), "--strict", "--config-file", str(config), "--cache-dir", str(scratch / "mypy-cache"),
        "--show-error-codes", "--show-absolute-path", "--no-pretty", "--no-color-output", "--no-error-summary",
        "--hide-error-context", "--python-version", PYTHON_VERSION, "--python-executable", sys.executable,
    ]
    stdout, stderr, status = api.run(args)
    return CheckerRun("mypy", "mypy " + " ".join(args), status, stdout + stderr, parse_mypy_output(stdout))


def _subprocess(command: list[str], cwd: Path, timeout: float) -> subprocess.CompletedProcess[str]:
    # pyright's PyPI wrapper would otherwise look up newer versions on the network.
    env = {**os.environ, "PYRIGHT_PYTHON_IGNORE_WARNINGS": "1"}
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False)


def run_pyright(files: Iterable[Path], scratch: Path, timeout: float = 300) -> CheckerRun:
    """pyright in strict mode over *files*, :data:`SEARCH_PATHS` on its search path."""
    config = scratch / "pyrightconfig.json"
    config.write_text(json.dumps({
        "typeCheckingMode": "strict",
        "pythonVersion": PYTHON_VERSION,
        "extraPaths": [str(path) for path in SEARCH_PATHS],
    }), encoding="utf-8")
    command = [sys.executable, "-m", "pyright", "--outputjson", "--pythonpath", sys.executable,
               "-p", str(config), *(str(f) for f in files)]
    done = _subprocess(command, scratch, timeout)
    if done.returncode not in (0, 1):
        raise RuntimeError(f"pyright failed ({done.returncode}): {done.stderr or done.stdout}")
    return CheckerRun("pyright", " ".join(command), done.returncode, done.stdout + done.stderr,
                      parse_pyright_output(done.stdout))


def run_pyrefly(files: Iterable[Path], scratch: Path, timeout: float = 300) -> CheckerRun:
    """pyrefly with its default preset over *files* (an empty config: no project settings apply)."""
    config = scratch / "pyrefly.toml"
    config.write_text("", encoding="utf-8")
    command = [sys.executable, "-m", "pyrefly", "check", "--config", str(config), "--output-format", "json",
               "--preset", "default", "--python-version", PYTHON_VERSION, "--python-interpreter-path",
               sys.executable, *(f"--search-path={path}" for path in SEARCH_PATHS), *(str(f) for f in files)]
    done = _subprocess(command, scratch, timeout)
    if done.returncode not in (0, 1):
        raise RuntimeError(f"pyrefly failed ({done.returncode}): {done.stderr or done.stdout}")
    return CheckerRun("pyrefly", " ".join(command), done.returncode, done.stdout + done.stderr,
                      parse_pyrefly_output(done.stdout, scratch))


RUNNERS = {"mypy": run_mypy, "pyright": run_pyright, "pyrefly": run_pyrefly}


def run_checker(checker: str, files: Iterable[Path], scratch: Path) -> CheckerRun:
    """Run *checker* over *files* with *scratch* as its working folder."""
    return RUNNERS[checker](list(files), scratch)


def describe(diagnostics: Iterable[Diagnostic]) -> str:
    """One line per diagnostic, for assertion messages."""
    return "\n".join(f"{d.line}: {d.message.splitlines()[0] if d.message else ''} [{d.code}]" for d in diagnostics)


def messages_by_line(run: CheckerRun, path: Path) -> Mapping[int, str]:
    """Every message (errors and notes, all lines) of *path*, joined per line."""
    joined: dict[int, list[str]] = {}
    for d in run.diagnostics:
        if d.path == path.resolve():
            joined.setdefault(d.line, []).append(d.message)
    return {line: "\n".join(parts) for line, parts in joined.items()}
