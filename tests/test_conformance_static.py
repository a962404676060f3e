"""Static checking (``--static``) with mypy, pyright and pyrefly: rows per checker, SKIPs, ERRORs, reproducers, options.

Each checker runs once per target for the module (fixtures ``reference_rows``
and ``broken_rows`` run every installed checker side by side).  A test that
needs a checker that is not installed skips with the command that installs it,
unless ``BUFFERSPEC_REQUIRE_TYPE_CHECKERS=1`` (set by CI) makes that a failure.
"""

from __future__ import annotations

import io
import os
import re
import shlex
import subprocess
import sys
import textwrap
import time
import types
from collections.abc import Iterator
from pathlib import Path

import pytest

from bufferspec.conformance import STATIC_IDS, Report, Result, Status, catalogue, run, static_check
from bufferspec.conformance._core.foreign import PlainBuffer
from bufferspec.conformance._frontends.cli import main
from bufferspec.conformance._static import checkers as checkers_module
from bufferspec.conformance._static.assertions import static_ids
from bufferspec.conformance._static.checkers import (
    CHECKERS,
    INSTALL_HINTS,
    Checker,
    find_checker,
    parse_checkers,
    require_checkers,
)

pytest_plugins = ["pytester"]

REQUIRED = os.environ.get("BUFFERSPEC_REQUIRE_TYPE_CHECKERS") == "1"
INSTALLED = tuple(name for name in CHECKERS if find_checker(name) is not None)
REFERENCE = "bufferspec.cpu:buffer_prototype"
UNIX_ONLY = pytest.mark.skipif(sys.platform == "win32", reason="isolate=True needs a POSIX worker here")
MODULE = "bufferspec_static_backend"

#: A typed backend with deliberate static defects, the same for every checker.
BACKEND = '''
"""A typed backend with static defects, for tests/test_conformance_static.py."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Literal, SupportsIndex

import numpy as np
import numpy.typing as npt
from typing_extensions import Self

from bufferspec.conformance._core.foreign import PlainBuffer
from bufferspec.protocols import BufferPrototype, NDArrayLike, ScalarType


class WrongBuffer(PlainBuffer):
    """to_bytes returns str; __getitem__ returns WrongBuffer where Self is due (only a subclass shows it)."""

    def to_bytes(self) -> str:  # type: ignore[override]
        return ""

    def __getitem__(self, key: slice) -> WrongBuffer:
        return WrongBuffer(self.data[key])


class HalfNDBuffer:
    """No byteorder and no all_equal; shape is a list; fill takes one argument too many."""

    def __init__(self, array: npt.NDArray[Any]) -> None:
        self.array = array

    @classmethod
    def create(cls, *, shape: Iterable[int], dtype: npt.DTypeLike, order: Literal["C", "F"] = "C",
               fill_value: Any | None = None) -> Self:
        return cls(np.zeros(tuple(shape), dtype=dtype, order=order))

    @classmethod
    def empty(cls, shape: tuple[int, ...], dtype: npt.DTypeLike, order: Literal["C", "F"] = "C") -> Self:
        return cls(np.empty(shape, dtype=dtype, order=order))

    @classmethod
    def from_ndarray_like(cls, ndarray_like: NDArrayLike) -> Self:
        return cls(np.asarray(ndarray_like))

    @classmethod
    def from_numpy_array(cls, array_like: npt.ArrayLike) -> Self:
        return cls(np.asanyarray(array_like))

    def as_ndarray_like(self) -> NDArrayLike:
        return self.array

    def as_numpy_array(self) -> npt.NDArray[Any]:
        return self.array

    def as_scalar(self) -> ScalarType:
        raise NotImplementedError

    @property
    def dtype(self) -> np.dtype[Any]:
        return self.array.dtype

    @property
    def shape(self) -> list[int]:
        return list(self.array.shape)

    def reshape(self, newshape: tuple[int, ...] | Literal[-1]) -> Self:
        raise NotImplementedError

    def squeeze(self, axis: tuple[int, ...]) -> Self:
        raise NotImplementedError

    def transpose(self, axes: SupportsIndex | Sequence[SupportsIndex] | None) -> Self:
        raise NotImplementedError

    def astype(self, dtype: npt.DTypeLike, order: Literal["K", "A", "C", "F"] = "K") -> Self:
        raise NotImplementedError

    def copy(self) -> Self:
        raise NotImplementedError

    def fill(self, value: Any, extra: int) -> None:
        raise NotImplementedError

    def __getitem__(self, key: Any) -> Self:
        raise NotImplementedError

    def __setitem__(self, key: Any, value: Any) -> None:
        raise NotImplementedError

    def __len__(self) -> int:
        return len(self.array)


prototype = BufferPrototype(WrongBuffer, HalfNDBuffer)  # type: ignore[arg-type]
'''

_CONSTRUCTORS = {"buffer": ("create_zero_length", "from_array_like", "from_buffer", "from_bytes"),
                 "ndbuffer": ("create", "empty", "from_ndarray_like", "from_numpy_array")}
#: ``(assertion, member)`` rows every checker fails on the backend; the constructors fail because
#: what they return is no Buffer / NDBuffer.
EXPECTED: frozenset[tuple[str, str]] = frozenset({
    ("buffer.instance", "to_bytes"),
    *(("buffer.class", member) for member in _CONSTRUCTORS["buffer"]),
    ("buffer.subclass", "to_bytes"), ("buffer.subclass", "__getitem__"),
    *((f"ndbuffer.{subject}", member) for subject in ("instance", "subclass")
      for member in ("shape", "byteorder", "fill", "all_equal")),
    *(("ndbuffer.class", member) for member in _CONSTRUCTORS["ndbuffer"]),
})


def _need(*names: str) -> None:
    """Skip (or with BUFFERSPEC_REQUIRE_TYPE_CHECKERS=1 fail) unless every checker of *names* is installed."""
    missing = [name for name in names if name not in INSTALLED]
    if missing:
        message = "; ".join(f"{name} is not installed: {INSTALL_HINTS[name]}" for name in missing)
        if REQUIRED:
            pytest.fail(message + " (BUFFERSPEC_REQUIRE_TYPE_CHECKERS=1)")
        pytest.skip(message)


def _of(rows: tuple[Result, ...], checker: str) -> list[Result]:
    return [row for row in rows if row.id.startswith(f"static.{checker}.")]


def _cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(args), out=out, err=err)
    return status, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def backend(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The folder of the broken backend module, importable while this module's tests run."""
    folder = tmp_path_factory.mktemp("static-backend")
    (folder / f"{MODULE}.py").write_text(BACKEND, encoding="utf-8")
    sys.path.insert(0, str(folder))
    yield folder
    sys.path.remove(str(folder))
    sys.modules.pop(MODULE, None)


@pytest.fixture(scope="module")
def reference_rows() -> tuple[Result, ...]:
    """Every installed checker on the reference, once."""
    if not INSTALLED:
        _need(*CHECKERS)
    return static_check(REFERENCE, checkers=INSTALLED)


@pytest.fixture(scope="module")
def broken_rows(backend: Path) -> tuple[Result, ...]:
    """Every installed checker on the broken backend, once."""
    if not INSTALLED:
        _need(*CHECKERS)
    return static_check(f"{MODULE}:prototype", checkers=INSTALLED)


# -- (a) the reference passes, (b) a broken backend fails exactly its members ---------------------------


@pytest.mark.parametrize("checker", CHECKERS)
def test_reference_passes_every_static_row(checker: str, reference_rows: tuple[Result, ...]) -> None:
    _need(checker)
    rows = _of(reference_rows, checker)
    assert [row.id for row in rows] == list(static_ids((checker,)))
    wrong = [f"{row.id}: {row.status.name} {row.reason}" for row in rows if row.status is not Status.PASS]
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("checker", CHECKERS)
def test_broken_backend_fails_exactly_the_expected_members(checker: str, broken_rows: tuple[Result, ...]) -> None:
    _need(checker)
    rows = _of(broken_rows, checker)
    assert all(row.status is Status.FAIL for row in rows), [(r.id, r.status.name, r.reason) for r in rows]
    failed = {(row.id.split(".", 2)[2].rsplit(".", 1)[0], row.id.rsplit(".", 1)[1]) for row in rows}
    assert failed == EXPECTED, f"missing {sorted(EXPECTED - failed)}, unexpected {sorted(failed - EXPECTED)}"
    assert len(rows) == len(EXPECTED)
    by_id = {row.id: row for row in rows}
    for row in rows:
        assert row.hint and row.reproducer.startswith("# Check with: "), row.id
        member = row.id.rsplit(".", 1)[1]
        assert f".{member}" in row.reason and member in row.hint, (row.id, row.reason, row.hint)
        if checker != "mypy":
            assert f"({checker}: " in row.reason, row.reason
    # The hints follow from which rows fail: a member only a subclass breaks wants Self ...
    assert "as Self" in by_id[f"static.{checker}.buffer.subclass.__getitem__"].hint
    # ... and a constructor of a class whose instances are no Buffer points at the instance rows.
    assert f"static.{checker}.buffer.instance.* rows" in by_id[f"static.{checker}.buffer.class.from_bytes"].hint
    assert "@classmethod def from_bytes(cls, " in by_id[f"static.{checker}.buffer.class.from_bytes"].hint or (
        checker == "mypy")


@UNIX_ONLY
def test_isolated_static_rows_come_from_the_worker(backend: Path, broken_rows: tuple[Result, ...]) -> None:
    """With isolate the worker resolves the target once and runs the checkers: the parent never imports it."""
    _need("mypy")
    sys.modules.pop(MODULE, None)
    report = run(f"{MODULE}:prototype", isolate=True, static=True, checkers="mypy", select="static.mypy.*")
    assert MODULE not in sys.modules
    expected = [(row.id, row.status) for row in broken_rows if row.id.startswith("static.mypy.")]
    assert [(row.id, row.status) for row in report.results] == expected
    assert any(status is Status.FAIL for _, status in expected)


def test_mypy_rows_say_what_was_expected_and_what_the_class_has(broken_rows: tuple[Result, ...]) -> None:
    _need("mypy")
    rows = {row.id: row for row in _of(broken_rows, "mypy")}
    to_bytes = rows["static.mypy.buffer.instance.to_bytes"]
    assert "expected def to_bytes(self) -> bytes" in to_bytes.reason
    assert "got def to_bytes(self) -> str" in to_bytes.reason
    first = to_bytes.reproducer.splitlines()[0]
    assert first == "# Check with: mypy --strict this_file.py (the error is on the last line)"
    shape = rows["static.mypy.ndbuffer.instance.shape"]  # a property: mypy says "shape: expected ..., got ..."
    assert "expected shape: tuple[int, ...], got shape: list[int]" in shape.reason, shape.reason
    assert "lacks byteorder" in rows["static.mypy.ndbuffer.instance.byteorder"].reason
    assert "@property def byteorder(self) -> protocols.Endian" in rows["static.mypy.ndbuffer.instance.byteorder"].hint
    cascade = rows["static.mypy.buffer.class.create_zero_length"]
    assert "fix the static.mypy.buffer.instance.* rows first" in cascade.hint
    assert "annotate the return type of WrongBuffer.__getitem__ as Self" in (
        rows["static.mypy.buffer.subclass.__getitem__"].hint)


@pytest.mark.parametrize(("checker", "wording"), [
    ("pyright", '"to_bytes" is an incompatible type; Type "() -> str" is not assignable to type "() -> bytes"'),
    ("pyrefly", "`WrongBuffer.to_bytes` has type `() -> str`, which is not assignable to `() -> bytes`, "
                "the type of `protocols.Buffer.to_bytes`"),
])
def test_rows_quote_the_checkers_own_first_meaningful_lines(checker: str, wording: str,
                                                           broken_rows: tuple[Result, ...]) -> None:
    _need(checker)
    rows = {row.id: row for row in _of(broken_rows, checker)}
    assert wording in rows[f"static.{checker}.buffer.instance.to_bytes"].reason
    missing = rows[f"static.{checker}.ndbuffer.instance.byteorder"].reason
    assert ('"byteorder" is not present' if checker == "pyright" else "requires attribute `byteorder`") in missing
    assert "NDBuffer_byteorder" not in missing  # the generated protocol is called by the specification's name


# -- (d) every reproducer fails under its checker, on its last line -------------------------------------


def _error_lines(checker: str, output: str) -> dict[str, set[int]]:
    """``{file name: lines with an error}`` from a checker's plain output."""
    found: dict[str, set[int]] = {}
    if checker == "mypy":
        pairs = re.findall(r"^(r\d+\.py):(\d+): error:", output, flags=re.M)
    elif checker == "pyright":
        pairs = re.findall(r"(r\d+\.py):(\d+):\d+ - error:", output)
    else:  # pyrefly: "ERROR <message>" then " --> <file>:<line>:<column>"
        pairs = re.findall(r"^ERROR .*\n\s*--> (?:.*[/\\])?(r\d+\.py):(\d+):\d+", output, flags=re.M)
    for name, line in pairs:
        found.setdefault(name, set()).add(int(line))
    return found


def _replay(rows: list[Result], folder: Path, backend: Path) -> tuple[str, dict[str, set[int]], str]:
    """Run the command of the reproducers' first line over all of them at once, as a user would: in the folder
    of the backend (the project's root), with the environment's programs first on ``PATH``."""
    folder.mkdir()
    (folder / f"{MODULE}.py").write_text((backend / f"{MODULE}.py").read_text(encoding="utf-8"), encoding="utf-8")
    for index, row in enumerate(rows):
        (folder / f"r{index}.py").write_text(row.reproducer + "\n", encoding="utf-8")
    first = rows[0].reproducer.splitlines()[0]
    match = re.fullmatch(r"# Check with: (.+) this_file\.py \(the error is on the last line\)", first)
    assert match, first
    assert all(row.reproducer.splitlines()[0] == first for row in rows)
    command = [*shlex.split(match[1]), *(f"r{index}.py" for index in range(len(rows)))]
    env = {**os.environ, "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
           "PYRIGHT_PYTHON_IGNORE_WARNINGS": "1", "NO_COLOR": "1"}
    done = subprocess.run(command, cwd=folder, env=env, capture_output=True, text=True, timeout=300, check=False)
    output = done.stdout + done.stderr
    return " ".join(command[:3]), _error_lines(command[0], output), output


@pytest.mark.parametrize("checker", CHECKERS)
def test_every_reproducer_fails_under_its_checker_on_its_last_line(checker: str, broken_rows: tuple[Result, ...],
                                                                    backend: Path, tmp_path: Path) -> None:
    _need(checker)
    rows = [row for row in _of(broken_rows, checker) if row.reproducer]
    assert len(rows) == len(EXPECTED)
    command, errors, output = _replay(rows, tmp_path / "reproducers", backend)
    wrong = []
    for index, row in enumerate(rows):
        last = len(row.reproducer.splitlines())
        if errors.get(f"r{index}.py") != {last}:
            wrong.append(f"{row.id}: errors on lines {sorted(errors.get(f'r{index}.py', ()))}, expected [{last}]")
    assert not wrong, f"{command}:\n" + "\n".join(wrong) + "\n\n" + output[-3000:]


# -- (c) a checker that is not installed --------------------------------------------------------------


def _pretend_installed(monkeypatch: pytest.MonkeyPatch, *names: str) -> None:
    """Discovery finds only the checkers of *names* (those that really are installed)."""
    real = checkers_module.find_checker
    monkeypatch.setattr(checkers_module, "find_checker", lambda name: real(name) if name in names else None)


def test_a_missing_checker_gives_skip_rows_with_the_install_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    _need("pyrefly")
    _pretend_installed(monkeypatch, "pyrefly")
    rows = static_check(REFERENCE, checkers="all")
    assert [row.id for row in rows] == list(STATIC_IDS)
    for name in ("mypy", "pyright"):
        skipped = _of(rows, name)
        assert skipped and all(row.status is Status.SKIP for row in skipped)
        assert all(row.reason == f"{name} is not installed: {INSTALL_HINTS[name]}" for row in skipped)
    assert 'pip install "pyright[nodejs]"' in _of(rows, "pyright")[0].reason
    assert all(row.status is Status.PASS for row in _of(rows, "pyrefly"))
    # By default only the installed checkers give rows.
    assert {row.id.split(".")[1] for row in static_check(REFERENCE)} == {"pyrefly"}


def test_no_checker_installed_is_one_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(checkers_module, "find_checker", lambda name: None)
    with pytest.raises(ModuleNotFoundError, match=r"needs a type checker, and none is installed: pip install mypy or "
                                                  r'pip install "pyright\[nodejs\]" or pip install pyrefly'):
        run(REFERENCE, static=True, select="static.*")
    status, out, err = _cli("check", "--static", "--select", "static.*")
    assert status == 2 and not out and err.count("\n") == 1 and "pip install pyrefly" in err
    status, _, err = _cli("check", "--static", "--checker", "pyright", "--select", "static.*")
    assert status == 2 and 'with pyright needs pyright, which is not installed: pip install "pyright[nodejs]"' in err


def test_require_checkers_keeps_named_checkers_and_defaults_to_the_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = Checker("pyrefly", "pyrefly", ("pyrefly",))
    monkeypatch.setattr(checkers_module, "find_checker", lambda name: fake if name == "pyrefly" else None)
    assert require_checkers(None) == ("pyrefly",)
    assert require_checkers("all") == CHECKERS  # the missing ones give SKIP rows
    assert require_checkers(["pyrefly", "mypy"]) == ("mypy", "pyrefly")
    with pytest.raises(ModuleNotFoundError, match=r"with mypy or pyright needs one of them, and none is installed: "
                                                  r'pip install mypy or pip install "pyright\[nodejs\]"'):
        require_checkers("pyright,mypy")


def test_basedpyright_stands_in_for_pyright_and_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    real_locate = checkers_module._locate
    if real_locate("basedpyright", "basedpyright") is None:
        pytest.skip("basedpyright is not installed: pip install basedpyright")
    monkeypatch.setattr(checkers_module, "_locate",
                        lambda program, module: None if program == "pyright" else real_locate(program, module))
    checker = find_checker("pyright")
    assert checker is not None and checker.program == "basedpyright"
    assert checker.reproduce_command == "basedpyright this_file.py"
    rows = static_check(REFERENCE, checkers="pyright")
    assert [row.id for row in rows] == list(static_ids(("pyright",)))
    assert all(row.status is Status.PASS and "basedpyright (standing in for pyright)" in row.reason for row in rows)


# -- a checker that crashes, hangs, says nothing or cannot load the target: ERROR, never a hang ----------


def _fake(monkeypatch: pytest.MonkeyPatch, name: str, code: str) -> None:
    """Discovery finds *name* as a Python one-liner (the checker's arguments go to its sys.argv)."""
    fake = Checker(name, name, (sys.executable, "-c", code))
    monkeypatch.setattr(checkers_module, "find_checker", lambda checker: fake if checker == name else None)


@pytest.mark.parametrize(("code", "reason"), [
    ("import sys; sys.stderr.write('boom\\n'); sys.exit(3)", "pyrefly failed (exit status 3): boom"),
    ("print('not json')", "pyrefly gave output that could not be read"),
    ("print('{\"errors\": []}')", "pyrefly reported no error on line"),
])
def test_a_checker_that_fails_or_says_nothing_gives_error_rows(code: str, reason: str,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    _fake(monkeypatch, "pyrefly", code)
    rows = static_check(REFERENCE, checkers="pyrefly")
    assert [row.id for row in rows] == list(static_ids(("pyrefly",)))
    assert all(row.status is Status.ERROR and reason in row.reason for row in rows), rows[0].reason


def test_a_checker_that_hangs_is_ended_with_its_children(monkeypatch: pytest.MonkeyPatch) -> None:
    # pyright's PyPI wrapper runs Node.js as a child: the whole process group must go.
    _fake(monkeypatch, "pyright",
          "import subprocess, sys; subprocess.run([sys.executable, '-c', 'import time; time.sleep(120)'])")
    started = time.monotonic()
    rows = static_check(REFERENCE, checkers="pyright", timeout=1.0)
    assert time.monotonic() - started < 30
    assert all(row.status is Status.ERROR and row.reason == "pyright timed out after 1 s" for row in rows)


def test_a_module_the_checkers_cannot_find_gives_error_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    if not INSTALLED:
        _need(*CHECKERS)
    ghost = types.ModuleType("bufferspec_ghost_backend")  # importable here, but there is no file to check

    class GhostBuffer(PlainBuffer):
        pass

    GhostBuffer.__qualname__ = "GhostBuffer"
    GhostBuffer.__module__ = ghost.__name__
    ghost.GhostBuffer = GhostBuffer  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, ghost.__name__, ghost)
    rows = static_check(GhostBuffer, checkers=INSTALLED)
    for name in INSTALLED:
        mine = _of(rows, name)
        assert [row.id for row in mine] == list(static_ids((name,)))[:3]
        assert all(row.status is Status.ERROR and "cannot load the target's module" in row.reason for row in mine)


def test_a_class_that_cannot_be_imported_by_name_gives_skip_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    _fake(monkeypatch, "pyrefly", "raise SystemExit('no checker should run')")

    class LocalBuffer(PlainBuffer):  # <locals> in its qualified name: no module path reaches it
        pass

    rows = static_check(LocalBuffer, checkers="pyrefly")
    assert [row.id for row in rows] == list(static_ids(("pyrefly",)))[:3]
    assert all(row.status is Status.SKIP and row.reason == "class is not importable by module path" for row in rows)


# -- the options in every front end ------------------------------------------------------------------------


@pytest.mark.parametrize(("given", "expected"), [
    ("mypy", ("mypy",)),
    ("all", CHECKERS),
    ("pyrefly, MYPY", ("mypy", "pyrefly")),
    (["pyright", "mypy,pyright"], ("mypy", "pyright")),
    (None, None),
])
def test_parse_checkers(given: str | list[str] | None, expected: tuple[str, ...] | None) -> None:
    assert parse_checkers(given) == expected


@pytest.mark.parametrize(("given", "error", "message"), [
    ("mpy", ValueError, r"checkers: unknown type checker 'mpy' \(expected mypy, pyright, pyrefly or all\); "
                        r"did you mean 'mypy'\?"),
    (",", ValueError, "checkers: no type checker given"),
    ([], ValueError, "checkers: no type checker given"),
    (3, TypeError, "checkers: expected a checker name or an iterable of names, got int"),
    ([None], TypeError, "checkers: expected checker names"),
])
def test_bad_checkers_name_the_argument(given: object, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        static_check(REFERENCE, checkers=given)  # type: ignore[arg-type]


def test_bad_timeout_and_checkers_without_static_are_rejected() -> None:
    with pytest.raises(ValueError, match="timeout: expected a positive number of seconds, got 0"):
        static_check(REFERENCE, timeout=0)
    with pytest.raises(ValueError, match="checkers: only with static=True"):
        run(REFERENCE, checkers="mypy", select="buffer.from_bytes.roundtrip")


@pytest.mark.parametrize(("args", "message"), [
    (["--static", "--checker", "pyrigt"],
     "--checker: unknown type checker 'pyrigt' (expected mypy, pyright, pyrefly or all); did you mean 'pyright'?"),
    (["--static", "--checker", ""], "--checker: no type checker given (expected mypy, pyright, pyrefly or all)"),
    (["--checker", "mypy"], "--checker: only with --static"),
])
def test_cli_checker_errors_exit_2(args: list[str], message: str) -> None:
    status, out, err = _cli("check", *args, "--select", "static.*")
    assert status == 2 and not out
    assert message in err and "Traceback" not in err


@pytest.mark.parametrize(("args", "expected"), [
    (["--checker", "pyright", "--checker", "mypy,PYREFLY"], ("mypy", "pyright", "pyrefly")),
    (["--checker", "all"], CHECKERS),
    (["--checker", "pyrefly"], ("pyrefly",)),
    ([], ("pyrefly",)),  # the default: every installed checker (here: pyrefly alone)
])
def test_cli_checker_option_reaches_run(args: list[str], expected: tuple[str, ...],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    import bufferspec.conformance._frontends.cli as cli

    fake = Checker("pyrefly", "pyrefly", ("pyrefly",))
    monkeypatch.setattr(checkers_module, "find_checker", lambda name: fake if name == "pyrefly" else None)
    seen: dict[str, object] = {}

    def fake_run(target: object, **options: object) -> Report:
        seen.update(options)
        return Report(target=str(target), results=())

    monkeypatch.setattr(cli, "run", fake_run)
    status, _, err = _cli("check", "--static", *args, "--select", "static.*")
    assert status == 0, err
    assert seen["static"] is True and seen["checkers"] == expected


def test_cli_runs_the_chosen_checker_only(backend: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _need("pyrefly")
    ran: list[str] = []
    real = checkers_module.run_checker

    def spy(checker: Checker, *args: object, **kwargs: object) -> checkers_module.CheckerOutput:
        ran.append(checker.name)
        return real(checker, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(checkers_module, "run_checker", spy)
    status, out, _ = _cli("check", f"{MODULE}:prototype", "--static", "--checker", "pyrefly", "--select", "static.*")
    assert status == 1 and ran == ["pyrefly"]
    assert "static.pyrefly.buffer.instance.to_bytes" in out and "FAIL" in out
    assert "static.mypy." not in out and "static.pyright." not in out and "buffer.from_bytes" not in out
    # --select "static.pyrefly.*" runs pyrefly alone, whatever --checker allows.
    ran.clear()
    report = run(REFERENCE, static=True, checkers="all", select="static.pyrefly.*")
    assert ran == ["pyrefly"] and [r.id for r in report.results] == list(static_ids(("pyrefly",)))


def test_base_class_checks_its_setting_when_defined() -> None:
    from bufferspec.conformance import BufferConformanceTests

    with pytest.raises(ValueError, match=r"TestTypo.static_checkers: unknown type checker 'pyrite'"):
        type("TestTypo", (BufferConformanceTests,), {"target": REFERENCE, "static": True,
                                                    "static_checkers": ("mypy", "pyrite")})


def test_base_class_and_plugin_choose_checkers(pytester: pytest.Pytester) -> None:
    _need("pyrefly")
    pytester.makepyfile(test_backend=textwrap.dedent(f'''
        from bufferspec.conformance import BufferConformanceTests

        class TestPyrefly(BufferConformanceTests):
            target = {REFERENCE!r}
            static = True
            static_checkers = "pyrefly"
    '''))
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-q", "--bufferspec-target", REFERENCE,
                                           "--bufferspec-static", "--bufferspec-static-checker", "pyrefly",
                                           "-k", "static")
    assert result.parseoutcomes() == {"passed": 12, "deselected": 2 * len(catalogue())}, result.stdout.str()
    result.stdout.no_fnmatch_line("*static.mypy*")
    bad = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--bufferspec-target", REFERENCE,
                                        "--bufferspec-static", "--bufferspec-static-checker", "nope")
    assert bad.ret == pytest.ExitCode.USAGE_ERROR
    bad.stderr.fnmatch_lines(["*--bufferspec-static-checker: unknown type checker 'nope'*"])
