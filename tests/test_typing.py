"""Static typing tests: ``tests/typing/pass`` must type-check, ``tests/typing/fail`` must not.

Every file under ``tests/typing/pass`` MUST be clean under ``mypy --strict``.
Every file under ``tests/typing/fail`` marks each line where mypy must report
an error with a trailing ``# E: <code>`` comment (several codes may be given,
comma-separated); the set of ``(line, code)`` pairs mypy reports for the file
must equal the marked set exactly, so both missing and unexpected errors fail.

mypy runs through :func:`mypy.api.run`, once over all pass files and once over
all fail files (mypy on NumPy's stubs takes seconds per run; the two runs share
a cache directory created fresh for the session), with an explicit
configuration file so that the project's ``exclude = ["^tests/typing/"]`` does
not apply.  Each file is then its own test item.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest
from mypy import api as mypy_api

REPO_ROOT = Path(__file__).resolve().parent.parent
TYPING_DIR = Path(__file__).resolve().parent / "typing"
PASS_FILES = sorted((TYPING_DIR / "pass").glob("*.py"))
FAIL_FILES = sorted((TYPING_DIR / "fail").glob("*.py"))

#: ``path:line: severity: message  [code]`` as printed with ``--show-error-codes``.
_DIAGNOSTIC = re.compile(
    r"^(?P<path>.+?):(?P<line>\d+): (?P<severity>error|warning|note): "
    r"(?P<message>.*?)(?:  \[(?P<code>[a-z0-9-]+)\])?$"
)
#: A trailing ``# E: code[, code...]`` marker.
_MARKER = re.compile(r"#\s*E:\s*(?P<codes>[a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)\s*$")


@dataclass(frozen=True)
class Diagnostic:
    path: Path
    line: int
    severity: str
    message: str
    code: str | None


@dataclass(frozen=True)
class MypyRun:
    stdout: str
    stderr: str
    exit_status: int
    diagnostics: tuple[Diagnostic, ...]

    def for_file(self, path: Path, severity: str = "error") -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.path == path and d.severity == severity]


def parse_mypy_output(stdout: str) -> tuple[Diagnostic, ...]:
    """Parse mypy's line-oriented output (``--show-absolute-path --no-pretty``)."""
    found: list[Diagnostic] = []
    for raw in stdout.splitlines():
        match = _DIAGNOSTIC.match(raw)
        if match is None:
            continue
        found.append(
            Diagnostic(
                path=Path(match["path"]).resolve(),
                line=int(match["line"]),
                severity=match["severity"],
                message=match["message"],
                code=match["code"],
            )
        )
    return tuple(found)


def expected_errors(source: str) -> set[tuple[int, str]]:
    """The ``(line, code)`` pairs marked with ``# E: code`` in *source*."""
    expected: set[tuple[int, str]] = set()
    for number, text in enumerate(source.splitlines(), start=1):
        match = _MARKER.search(text)
        if match is not None:
            for code in match["codes"].split(","):
                expected.add((number, code.strip()))
    return expected


def reported_errors(diagnostics: Iterable[Diagnostic]) -> set[tuple[int, str]]:
    """The ``(line, code)`` pairs of mypy's errors (an error without a code counts as ``"?"``)."""
    return {(d.line, d.code or "?") for d in diagnostics if d.severity == "error"}


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


def run_mypy(files: Iterable[Path], config_file: Path, cache_dir: Path) -> MypyRun:
    args = [
        *(str(f) for f in files),
        "--strict",
        "--config-file",
        str(config_file),
        "--cache-dir",
        str(cache_dir),
        "--show-error-codes",
        "--show-absolute-path",
        "--no-pretty",
        "--no-color-output",
        "--no-error-summary",
        "--hide-error-context",
        "--python-version",
        "3.11",
        # With --python-version differing from the running interpreter mypy
        # would look for another interpreter's site-packages (numpy's stubs).
        "--python-executable",
        sys.executable,
    ]
    stdout, stderr, status = mypy_api.run(args)
    return MypyRun(stdout, stderr, status, parse_mypy_output(stdout))


@pytest.fixture(scope="session")
def mypy_config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A minimal configuration: nothing from pyproject (no ``exclude``), only the flags given.

    ``mypy_path`` is the repository root so that ``tests.foreign`` resolves
    wherever pytest runs from.
    """
    path = tmp_path_factory.mktemp("mypy-config") / "mypy.ini"
    path.write_text(f"[mypy]\nmypy_path = {REPO_ROOT}\n", encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def mypy_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache directory fresh for this session, shared by the pass and the fail run.

    The second run reuses the first one's analysis of NumPy and bufferspec
    (about 5 s saved); being new in every session, it can never be stale.
    """
    return tmp_path_factory.mktemp("mypy-cache")


@pytest.fixture(scope="session")
def pass_run(mypy_config: Path, mypy_cache: Path) -> MypyRun:
    return run_mypy(PASS_FILES, mypy_config, mypy_cache)


@pytest.fixture(scope="session")
def fail_run(mypy_config: Path, mypy_cache: Path) -> MypyRun:
    return run_mypy(FAIL_FILES, mypy_config, mypy_cache)


def _ids(paths: Iterable[Path]) -> list[str]:
    return [p.stem for p in paths]


# -- the files themselves -------------------------------------------------------------


def test_typing_files_exist() -> None:
    assert len(PASS_FILES) >= 3
    assert len(FAIL_FILES) >= 5


@pytest.mark.parametrize("path", PASS_FILES, ids=_ids(PASS_FILES))
def test_pass_file_has_no_markers(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    assert expected_errors(source) == set()
    assert "reveal_type" not in source
    assert "type: ignore" not in source


@pytest.mark.parametrize("path", FAIL_FILES, ids=_ids(FAIL_FILES))
def test_fail_file_has_markers(path: Path) -> None:
    assert expected_errors(path.read_text(encoding="utf-8"))


# -- mypy ----------------------------------------------------------------------------


def test_mypy_pass_run_is_clean(pass_run: MypyRun) -> None:
    errors = [d for d in pass_run.diagnostics if d.severity == "error"]
    assert pass_run.exit_status == 0, pass_run.stdout + pass_run.stderr
    assert errors == []


@pytest.mark.parametrize("path", PASS_FILES, ids=_ids(PASS_FILES))
def test_pass_file_type_checks(path: Path, pass_run: MypyRun) -> None:
    errors = pass_run.for_file(path)
    assert errors == [], "\n".join(f"{d.line}: {d.message} [{d.code}]" for d in errors)


@pytest.mark.parametrize("path", FAIL_FILES, ids=_ids(FAIL_FILES))
def test_fail_file_reports_exactly_the_marked_errors(path: Path, fail_run: MypyRun) -> None:
    expected = expected_errors(path.read_text(encoding="utf-8"))
    diagnostics = fail_run.for_file(path)
    problem = mismatch(expected, reported_errors(diagnostics))
    assert not problem, problem + "\n" + "\n".join(
        f"{d.line}: {d.message} [{d.code}]" for d in diagnostics
    )


def test_fail_run_reports_errors_only_in_fail_files(fail_run: MypyRun) -> None:
    # mypy exits with 1 for type errors; 2 would mean a crash or bad usage.
    assert fail_run.exit_status == 1, fail_run.stdout + fail_run.stderr
    known = set(FAIL_FILES)
    elsewhere = [d for d in fail_run.diagnostics if d.severity == "error" and d.path not in known]
    assert elsewhere == []


def _notes(run: MypyRun, name: str) -> str:
    return "\n".join(d.message for d in run.for_file(TYPING_DIR / "fail" / name, "note"))


def test_missing_member_note_names_the_member(fail_run: MypyRun) -> None:
    notes = _notes(fail_run, "buffer_missing_member.py")
    assert "combine" in notes, notes


def test_wrong_signature_note_names_the_member(fail_run: MypyRun) -> None:
    notes = _notes(fail_run, "buffer_wrong_signature.py")
    assert "__getitem__" in notes, notes
    assert "to_bytes" in notes, notes


# -- the checking machinery itself ---------------------------------------------------


_SAMPLE_OUTPUT = """\
/x/fail/a.py:3: error: Incompatible types in assignment (expression has type "bytes", variable has type "ArrayLike")  [assignment]
/x/fail/a.py:3: note: "bytes" is missing following "ArrayLike" protocol member:
/x/fail/a.py:7: error: Too many positional arguments for "create" of "NDBuffer"  [call-arg]
/x/fail/a.py:9: error: Argument "buffer" to "BufferPrototype" has incompatible type "type[NDBuffer]"; expected "BufferClass"  [arg-type]
/x/fail/a.py:9: error: Argument "nd_buffer" to "BufferPrototype" has incompatible type "type[Buffer]"; expected "NDBufferClass"  [arg-type]
"""


def test_parse_mypy_output() -> None:
    diagnostics = parse_mypy_output(_SAMPLE_OUTPUT)
    assert [(d.line, d.severity, d.code) for d in diagnostics] == [
        (3, "error", "assignment"),
        (3, "note", None),
        (7, "error", "call-arg"),
        (9, "error", "arg-type"),
        (9, "error", "arg-type"),
    ]
    assert reported_errors(diagnostics) == {(3, "assignment"), (7, "call-arg"), (9, "arg-type")}


@pytest.mark.parametrize(
    ("markers", "problem"),
    [
        ({3: "assignment", 7: "call-arg", 9: "arg-type"}, ""),
        ({3: "assignment", 7: "call-arg", 9: "arg-type", 4: "misc"}, "expected but not reported"),
        ({3: "assignment", 7: "call-arg"}, "reported but not marked"),
        ({3: "arg-type", 7: "call-arg", 9: "arg-type"}, "expected but not reported"),
        ({3: "assignment", 8: "call-arg", 9: "arg-type"}, "reported but not marked"),
    ],
    ids=["exact", "extra-marker", "missing-marker", "wrong-code", "wrong-line"],
)
def test_mismatch_detects_every_difference(markers: Mapping[int, str], problem: str) -> None:
    lines = [f"x = {n}" + (f"  # E: {markers[n]}" if n in markers else "") for n in range(1, 11)]
    expected = expected_errors("\n".join(lines))
    assert expected == set(markers.items())
    result = mismatch(expected, reported_errors(parse_mypy_output(_SAMPLE_OUTPUT)))
    if problem:
        assert problem in result
    else:
        assert result == ""


def test_expected_errors_accepts_several_codes() -> None:
    source = "a = 1\nb: int = f(x)  # E: arg-type, assignment\n"
    assert expected_errors(source) == {(2, "arg-type"), (2, "assignment")}
