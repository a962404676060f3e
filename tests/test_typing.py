"""Static typing tests under mypy, pyright and pyrefly.

Every file under ``tests/typing/pass`` MUST be clean under ``mypy --strict``,
pyright in strict mode and pyrefly's default preset.  Every file under
``tests/typing/fail`` marks the lines where checkers must report an error
(``# E: category``, or ``# E[checker,...]: category`` where the checkers
disagree; see :mod:`tests.typecheckers`), and each checker must report
exactly the marked errors.

Each checker runs once per session over all typing files.  A checker that is
not installed skips its tests with the command that installs it, unless
``BUFFERSPEC_REQUIRE_TYPE_CHECKERS=1`` (set by CI) makes that a failure.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import os
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

import pytest

from tests.typecheckers import (
    CATEGORIES,
    CHECKERS,
    INSTALL_HINT,
    SEARCH_PATHS,
    CheckerRun,
    category_of,
    describe,
    expected_errors,
    is_installed,
    messages_by_line,
    mismatch,
    parse_mypy_output,
    parse_pyrefly_output,
    parse_pyright_output,
    reported_errors,
    run_checker,
)

TYPING_DIR = Path(__file__).resolve().parent / "typing"
PASS_FILES = sorted((TYPING_DIR / "pass").glob("*.py"))
FAIL_FILES = sorted((TYPING_DIR / "fail").glob("*.py"))
REQUIRED = os.environ.get("BUFFERSPEC_REQUIRE_TYPE_CHECKERS") == "1"


def _ids(paths: Iterable[Path]) -> list[str]:
    return [p.stem for p in paths]


@pytest.fixture(scope="session", params=CHECKERS)
def checker_run(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> CheckerRun:
    """One run of one checker over every pass and fail file."""
    checker: str = request.param
    if not is_installed(checker):
        message = f"{checker} is not installed: {INSTALL_HINT[checker]}"
        if REQUIRED:
            pytest.fail(message + " (BUFFERSPEC_REQUIRE_TYPE_CHECKERS=1)")
        pytest.skip(message)
    return run_checker(checker, [*PASS_FILES, *FAIL_FILES], tmp_path_factory.mktemp(f"typing-{checker}"))


# -- the files themselves -------------------------------------------------------------


def test_typing_files_exist() -> None:
    assert len(PASS_FILES) >= 5
    assert len(FAIL_FILES) >= 6


@pytest.mark.parametrize("path", PASS_FILES, ids=_ids(PASS_FILES))
def test_pass_file_has_no_markers(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    assert all(expected_errors(source, checker) == set() for checker in CHECKERS)
    assert "reveal_type" not in source
    assert "type: ignore" not in source and "pyright: ignore" not in source and "pyrefly: ignore" not in source


@pytest.mark.parametrize("path", FAIL_FILES, ids=_ids(FAIL_FILES))
def test_fail_file_has_markers_for_every_checker(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    for checker in CHECKERS:
        assert expected_errors(source, checker), f"{path.name} marks no error for {checker}"


@functools.cache
def _gpu_importable() -> bool:
    """Whether ``bufferspec.gpu`` imports here (CuPy and a CUDA device), asked of a fresh interpreter."""
    done = subprocess.run([sys.executable, "-c", "import bufferspec.gpu"], capture_output=True, timeout=120, check=False)
    return done.returncode == 0


@pytest.mark.parametrize("path", PASS_FILES, ids=_ids(PASS_FILES))
def test_pass_file_runs(path: Path) -> None:
    """What the checkers accept also works at runtime (``assert_type`` returns its argument)."""
    paths = [str(p) for p in SEARCH_PATHS]
    if path.name.startswith("gpu_") and not _gpu_importable():
        paths.insert(0, str(Path(__file__).parent / "fake_cupy"))  # no CUDA device here: run on CuPy's stand-in
    done = subprocess.run([sys.executable, str(path)], cwd=path.parent, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": os.pathsep.join(paths)}, check=False)
    assert done.returncode == 0, done.stderr[-3000:]


# -- every checker -------------------------------------------------------------------


@pytest.mark.parametrize("path", PASS_FILES, ids=_ids(PASS_FILES))
def test_pass_file_type_checks(path: Path, checker_run: CheckerRun) -> None:
    errors = checker_run.for_file(path)
    assert errors == [], f"{checker_run.checker}:\n{describe(errors)}"


@pytest.mark.parametrize("path", FAIL_FILES, ids=_ids(FAIL_FILES))
def test_fail_file_reports_exactly_the_marked_errors(path: Path, checker_run: CheckerRun) -> None:
    checker = checker_run.checker
    expected = expected_errors(path.read_text(encoding="utf-8"), checker)
    diagnostics = checker_run.for_file(path)
    problem = mismatch(expected, reported_errors(checker, diagnostics))
    assert not problem, f"{checker}: {problem}\n{describe(diagnostics)}"


def test_errors_only_in_fail_files(checker_run: CheckerRun) -> None:
    # mypy and pyright exit with 1 when they report errors; 2 or more means a crash or bad usage.
    assert checker_run.exit_status == 1, checker_run.output[-2000:]
    known = {p.resolve() for p in FAIL_FILES}
    elsewhere = [d for d in checker_run.diagnostics if d.severity == "error" and d.path not in known]
    assert elsewhere == [], describe(elsewhere)


def test_every_file_was_checked(checker_run: CheckerRun) -> None:
    """A checker that silently skipped a fail file would report nothing there."""
    reported = {d.path for d in checker_run.diagnostics if d.severity == "error"}
    assert {p.resolve() for p in FAIL_FILES} <= reported


def _message(run: CheckerRun, name: str, line_text: str) -> str:
    path = TYPING_DIR / "fail" / name
    number = next(n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
                  if line_text in text)
    return messages_by_line(run, path).get(number, "")


def test_missing_member_message_names_the_member(checker_run: CheckerRun) -> None:
    message = _message(checker_run, "buffer_missing_member.py", "buf: protocols.Buffer = NoCombine()")
    if checker_run.checker == "mypy":
        # mypy names the missing member in a note on the same line
        message = "\n".join(d.message for d in checker_run.diagnostics
                            if d.path.name == "buffer_missing_member.py" and d.severity == "note")
    assert "combine" in message, message


def test_protocols_are_named_by_their_public_module(checker_run: CheckerRun) -> None:
    """Messages name ``bufferspec.protocols``, never the private module of a definition."""
    text = "\n".join(d.message for d in checker_run.diagnostics)
    if checker_run.checker == "pyrefly":  # pyrefly names a called function with its defining module
        assert "bufferspec.protocols.BufferPrototype.__new__" in text, text[-2000:]
    assert "bufferspec._buffer_protocol" not in text and "bufferspec._ndbuffer_protocol" not in text
    assert "bufferspec._prototype" not in text and "bufferspec._arraylike" not in text


# -- type completeness of the package ------------------------------------------------


def test_type_completeness_is_100_percent(tmp_path: Path) -> None:
    """``pyright --verifytypes bufferspec --ignoreexternal``: every public symbol typed and documented."""
    if not is_installed("pyright"):
        message = f"pyright is not installed: {INSTALL_HINT['pyright']}"
        if REQUIRED:
            pytest.fail(message)
        pytest.skip(message)
    # pyright finds the interpreter (and so the installed package) on PATH.
    env = {**os.environ, "PATH": str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", ""),
           "PYRIGHT_PYTHON_IGNORE_WARNINGS": "1"}
    done = subprocess.run([sys.executable, "-m", "pyright", "--verifytypes", "bufferspec", "--ignoreexternal",
                           "--outputjson"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300,
                          check=False)
    report = json.loads(done.stdout)["typeCompleteness"]
    assert report["packageRootDirectory"], "pyright did not find the installed package"
    problems = [f"{symbol['name']}: {diagnostic['message']}" for symbol in report["symbols"]
                for diagnostic in symbol["diagnostics"]]
    if importlib.util.find_spec("distributed") is None:
        # bufferspec.dask subclasses distributed's WorkerPlugin: without the dask extra installed
        # pyright cannot know that base class (CI's run with the extra checks it completely).
        unknowable = {"bufferspec.dask.ZarrBuffers: Type of metaclass unknown",
                      "bufferspec.dask.ZarrBuffers: Type of base class unknown"}
        problems = [problem for problem in problems if problem not in unknowable]
        assert problems == []
        return
    assert problems == []
    assert report["completenessScore"] == 1
    assert report["missingFunctionDocStringCount"] == 0
    assert report["missingClassDocStringCount"] == 0
    assert report["missingDefaultParamCount"] == 0


# -- the checking machinery itself ---------------------------------------------------


_MYPY_SAMPLE = """\
/x/fail/a.py:3: error: Incompatible types in assignment (expression has type "bytes", variable has type "ArrayLike")  [assignment]
/x/fail/a.py:3: note: "bytes" is missing following "ArrayLike" protocol member:
/x/fail/a.py:7: error: Too many positional arguments for "create" of "NDBuffer"  [call-arg]
/x/fail/a.py:9: error: Argument "buffer" to "BufferPrototype" has incompatible type "type[NDBuffer]"; expected "BufferClass"  [arg-type]
/x/fail/a.py:9: error: Argument "nd_buffer" to "BufferPrototype" has incompatible type "type[Buffer]"; expected "NDBufferClass"  [arg-type]
"""

_PYRIGHT_SAMPLE = """{"version": "1.1.414", "generalDiagnostics": [
 {"file": "/x/fail/a.py", "severity": "error", "message": "Type is not assignable\\n  detail",
  "range": {"start": {"line": 2, "character": 4}, "end": {"line": 2, "character": 9}}, "rule": "reportAssignmentType"},
 {"file": "/x/fail/a.py", "severity": "error", "message": "Expected 0 positional arguments",
  "range": {"start": {"line": 6, "character": 4}, "end": {"line": 6, "character": 9}}, "rule": "reportCallIssue"},
 {"file": "/x/fail/a.py", "severity": "error", "message": "Argument of type",
  "range": {"start": {"line": 8, "character": 4}, "end": {"line": 8, "character": 9}}, "rule": "reportArgumentType"}
], "summary": {"errorCount": 3}}"""

_PYREFLY_SAMPLE = """{"errors": [
 {"line": 3, "column": 5, "path": "fail/a.py", "name": "bad-assignment", "description": "no", "severity": "error"},
 {"line": 7, "column": 5, "path": "fail/a.py", "name": "unexpected-positional-argument", "description": "no",
  "severity": "error"},
 {"line": 7, "column": 9, "path": "fail/a.py", "name": "missing-argument", "description": "no", "severity": "error"},
 {"line": 9, "column": 5, "path": "fail/a.py", "name": "bad-argument-type", "description": "no", "severity": "error"}
]}"""


@pytest.mark.parametrize("checker", CHECKERS)
def test_outputs_parse_to_the_same_categories(checker: str) -> None:
    diagnostics = {
        "mypy": lambda: parse_mypy_output(_MYPY_SAMPLE),
        "pyright": lambda: parse_pyright_output(_PYRIGHT_SAMPLE),
        "pyrefly": lambda: parse_pyrefly_output(_PYREFLY_SAMPLE, Path("/x")),
    }[checker]()
    assert {d.path for d in diagnostics} == {Path("/x/fail/a.py").resolve()}
    assert reported_errors(checker, diagnostics) == {(3, "assignment"), (7, "call-arg"), (9, "arg-type")}


def test_unknown_codes_match_no_category() -> None:
    assert category_of("pyright", "reportGeneralTypeIssues") == "?reportGeneralTypeIssues"
    assert category_of("mypy", None) == "?None"
    assert all(set(codes) == set(CHECKERS) for codes in CATEGORIES.values())


@pytest.mark.parametrize(
    ("markers", "problem"),
    [
        ({3: "assignment", 7: "call-arg", 9: "arg-type"}, ""),
        ({3: "assignment", 7: "call-arg", 9: "arg-type", 4: "attr-defined"}, "expected but not reported"),
        ({3: "assignment", 7: "call-arg"}, "reported but not marked"),
        ({3: "arg-type", 7: "call-arg", 9: "arg-type"}, "expected but not reported"),
        ({3: "assignment", 8: "call-arg", 9: "arg-type"}, "reported but not marked"),
    ],
    ids=["exact", "extra-marker", "missing-marker", "wrong-code", "wrong-line"],
)
def test_mismatch_detects_every_difference(markers: dict[int, str], problem: str) -> None:
    lines = [f"x = {n}" + (f"  # E: {markers[n]}" if n in markers else "") for n in range(1, 11)]
    expected = expected_errors("\n".join(lines), "mypy")
    assert expected == set(markers.items())
    result = mismatch(expected, reported_errors("mypy", parse_mypy_output(_MYPY_SAMPLE)))
    if problem:
        assert problem in result
    else:
        assert result == ""


def test_markers_can_name_checkers() -> None:
    source = "a = 1\nb: int = f(x)  # E: arg-type, assignment\nc = 2  # E[pyright, pyrefly]: call-arg\n"
    assert expected_errors(source, "mypy") == {(2, "arg-type"), (2, "assignment")}
    assert expected_errors(source, "pyright") == {(2, "arg-type"), (2, "assignment"), (3, "call-arg")}


@pytest.mark.parametrize("marker", ["# E[pyre]: assignment", "# E: not-a-category"])
def test_bad_markers_are_refused(marker: str) -> None:
    with pytest.raises(ValueError, match="unknown"):
        expected_errors(f"x = 1  {marker}\n", "mypy")
