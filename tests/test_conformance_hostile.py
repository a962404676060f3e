"""The kit against hostile backends: it never crashes, hangs or hides a problem.

Each run selects a few contracts and uses a short deadline, so the whole file
stays fast; that a hanging backend's run returns at all is what shows the
deadline works (no test asserts on wall-clock time).
"""

from __future__ import annotations

import fnmatch
import io
import json
import signal
import sys
import textwrap
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from bufferspec import cpu
from bufferspec.conformance import Report, Result, Status, TargetError, catalogue, resolve_target, run
from bufferspec.conformance._frontends.cli import main
from conformance.backends import hostile

UNIX = pytest.mark.skipif(sys.platform == "win32", reason="needs fork-free Unix signals and resource limits")

TO_BYTES = ("buffer.to_bytes.contents", "buffer.to_bytes.new_object", "buffer.to_bytes.snapshot")
# "buffer.[lt]*": len.nbytes (untouched by to_bytes) and the three to_bytes contracts.
LEN_AND_TO_BYTES = "buffer.[lt]*"


def _statuses(report: Report) -> dict[str, Status]:
    return {r.id: r.status for r in report.results}


def _cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(args), out=out, err=err)
    return status, out.getvalue(), err.getvalue()


def _expect_complete(report: Report, select: str) -> None:
    """Every selected contract has a row: the run went on past the hostile ones."""
    expected = [c.id for c in catalogue() if fnmatch.fnmatchcase(c.id, select)]
    assert [r.id for r in report.results] == expected


# -- exceptions and wrong return values: FAIL for the member's contracts, others untouched -------


@pytest.mark.parametrize(
    ("backend", "reason"),
    [
        (hostile.ToBytesRaises, "raised RuntimeError: to_bytes is not implemented yet (at to_bytes, line"),
        (hostile.ToBytesRaisesUnprintable, "raised UnprintableError: <UnprintableError whose __str__ raised ValueError>"),
        (hostile.ToBytesSystemExit, "raised SystemExit: 0"),
    ],
    ids=lambda value: getattr(value, "__name__", "reason"),
)
def test_a_raising_member_fails_its_own_contracts_only(backend: type, reason: str) -> None:
    report = run(backend, seed=0, select=LEN_AND_TO_BYTES, deadline=30)
    _expect_complete(report, LEN_AND_TO_BYTES)
    assert report.by_id("buffer.len.nbytes").status is Status.PASS
    for contract_id in TO_BYTES:
        result = report.by_id(contract_id)
        assert result.status is Status.FAIL, result
        assert result.reason.startswith(reason), result.reason
        assert "to_bytes" in result.traceback  # where it was raised
    assert not report.ok


def test_a_raising_set_up_step_fails_every_contract_that_needs_it() -> None:
    select = "buffer.[cf]*"  # from_bytes.*, from_buffer.*, from_array_like.*, combine.*, create_zero_length.*
    report = run(hostile.FromBytesRaises, seed=0, select=select, deadline=30)
    _expect_complete(report, select)
    roundtrip = report.by_id("buffer.from_bytes.roundtrip")
    assert roundtrip.status is Status.FAIL
    assert roundtrip.reason.startswith("raised NotImplementedError: from_bytes is not implemented yet")
    # combine needs inputs, made with from_bytes: the backend's exception is its failure here too
    # (ERROR is only for the kit's own failures).
    combine = report.by_id("buffer.combine.concatenation")
    assert combine.status is Status.FAIL
    assert combine.reason.startswith("raised NotImplementedError: from_bytes is not implemented yet")
    assert "NotImplementedError" in combine.traceback and "from_bytes" in combine.traceback
    assert "hypothesis" not in combine.traceback and "_engine" not in combine.traceback
    # create_zero_length does not go through from_bytes.
    assert report.by_id("buffer.create_zero_length.empty").status is Status.PASS
    statuses = set(_statuses(report).values())
    # WARN: from_bytes('text') raises NotImplementedError, whose message does not name bytes_like
    assert statuses == {Status.PASS, Status.WARN, Status.FAIL}


def test_wrong_return_types_and_none() -> None:
    report = run(hostile.ToBytesReturnsStr, seed=0, select="buffer.to_bytes.*")
    assert report.by_id("buffer.to_bytes.new_object").reason == "buf.to_bytes() returned str, expected bytes"
    assert report.by_id("buffer.to_bytes.new_object").status is Status.FAIL
    assert report.by_id("buffer.to_bytes.contents").status is Status.FAIL
    # The snapshot check cannot even copy the result it got.
    assert report.by_id("buffer.to_bytes.snapshot").status is Status.ERROR
    none = run(hostile.FromBytesReturnsNone, seed=0, select="buffer.from_bytes.*")
    returns_cls = none.by_id("buffer.from_bytes.returns_cls")
    assert returns_cls.status is Status.FAIL and "NoneType" in returns_cls.reason
    roundtrip = none.by_id("buffer.from_bytes.roundtrip")
    assert roundtrip.status is Status.ERROR
    assert "'NoneType' object has no attribute 'as_numpy_array'" in roundtrip.reason
    assert roundtrip.reproducer and roundtrip.counterexample  # the evidence survives an error


def test_errors_can_be_expected_failures() -> None:
    reasons = {"buffer.from_bytes.roundtrip": "from_bytes is a stub for now",
               "buffer.to_bytes.contents": "same"}
    report = run(hostile.FromBytesReturnsNone, seed=0, select="buffer.[ft][ro]*_bytes.[cr]o*",
                 expected_failures=reasons)
    roundtrip = report.by_id("buffer.from_bytes.roundtrip")
    assert roundtrip.status is Status.XFAIL and roundtrip.reason == "from_bytes is a stub for now"
    assert roundtrip.detail.startswith("error: raised AttributeError")
    assert report.by_id("buffer.to_bytes.contents").status is Status.XFAIL
    assert report.ok, report.to_table()


# -- hangs ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("backend", [hostile.ToBytesHangs, hostile.ToBytesSleeps, hostile.ToBytesSwallowsInterrupt],
                         ids=lambda cls: cls.__name__)
def test_a_hanging_member_times_out_and_the_run_goes_on(backend: type) -> None:
    report = run(backend, seed=0, select="buffer.[lt]*s", deadline=0.5)  # len.nbytes, to_bytes.contents
    assert [r.id for r in report.results] == ["buffer.len.nbytes", "buffer.to_bytes.contents"]
    assert report.by_id("buffer.len.nbytes").status is Status.PASS
    hung = report.by_id("buffer.to_bytes.contents")
    assert hung.status is Status.FAIL
    assert hung.reason == "timed out after 0.5 s"
    assert "in to_bytes" in hung.traceback and "DeadlineExpired" in hung.traceback  # where it hung
    assert hung.counterexample.startswith("data=")


def test_a_timeout_can_be_an_expected_failure() -> None:
    report = run(hostile.ToBytesHangs, seed=0, select="buffer.to_bytes.new_object", deadline=0.5,
                 expected_failures={"buffer.to_bytes.new_object": "to_bytes is being rewritten"})
    result = report.by_id("buffer.to_bytes.new_object")
    assert result.status is Status.XFAIL and result.detail == "timed out after 0.5 s"


def test_the_deadline_works_outside_the_main_thread() -> None:
    reports: list[Report] = []
    worker = threading.Thread(target=lambda: reports.append(
        run(hostile.ToBytesHangs, seed=0, select="buffer.to_bytes.new_object", deadline=0.5)))
    worker.start()
    worker.join(timeout=120)
    assert not worker.is_alive()
    assert reports[0].by_id("buffer.to_bytes.new_object").reason == "timed out after 0.5 s"


@UNIX
def test_the_deadline_leaves_someone_elses_timer_alone() -> None:
    fired: list[int] = []

    def handler(signum: int, frame: object) -> None:
        fired.append(signum)

    previous = signal.signal(signal.SIGALRM, handler)
    try:
        signal.setitimer(signal.ITIMER_REAL, 100.0)
        report = run(hostile.ToBytesHangs, seed=0, select="buffer.to_bytes.new_object", deadline=0.5)
        remaining, _ = signal.getitimer(signal.ITIMER_REAL)
        assert report.by_id("buffer.to_bytes.new_object").reason == "timed out after 0.5 s"
        assert 0 < remaining < 100.0  # still armed: the kit used its watchdog thread instead
        assert signal.getsignal(signal.SIGALRM) is handler and not fired
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_nothing_lands_after_a_timed_out_contract() -> None:
    run(hostile.ToBytesSwallowsInterrupt, seed=0, select="buffer.to_bytes.new_object", deadline=0.3)
    count = 0
    for _ in range(3_000_000):  # runs past the repeat interval; an interruption here would raise
        count += 1
    assert count == 3_000_000
    if hasattr(signal, "getitimer"):
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_deadline_none_disables_it_and_bad_values_are_rejected() -> None:
    assert run(cpu.Buffer, seed=0, select="buffer.to_bytes.*", deadline=None).ok
    with pytest.raises(ValueError, match="deadline: expected a positive number"):
        run(cpu.Buffer, deadline=0)
    with pytest.raises(ValueError, match="deadline"):
        run(cpu.Buffer, deadline=float("nan"))
    with pytest.raises(TypeError, match="deadline: expected a number of seconds or None, got '1'"):
        run(cpu.Buffer, deadline="1")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="memory_limit"):
        run(cpu.Buffer, isolate=True, memory_limit=0)


# -- half-written classes and hostile attribute access ----------------------------------------


def test_a_half_written_class_is_reported_member_by_member() -> None:
    report = run(hostile.HalfBuffer, seed=0, select="buffer.*", deadline=30)
    _expect_complete(report, "buffer.*")
    assert report.by_id("buffer.from_bytes.roundtrip").status is Status.PASS
    assert report.by_id("buffer.len.nbytes").status is Status.PASS
    to_bytes = report.by_id("buffer.to_bytes.contents")
    assert to_bytes.status is Status.FAIL
    assert to_bytes.reason == "missing attribute 'to_bytes': the Buffer class HalfBuffer does not define it"
    # as_numpy_array's contract needs as_array_like to compare with: the check cannot run.
    borrowed = report.by_id("buffer.as_numpy_array.no_copy")
    assert borrowed.status is Status.ERROR and "missing attribute 'as_array_like'" in borrowed.reason
    assert all(r.status is Status.SKIP for r in report.results if r.id.startswith("ndbuffer."))


def test_init_subclass_and_getattr_that_raise() -> None:
    report = run(hostile.InitSubclassRaises, seed=0, select="ndbuffer.[r]*")
    _expect_complete(report, "ndbuffer.[r]*")
    refused = report.by_id("ndbuffer.results.type_self")
    # The backend's own __init_subclass__ raised: its failure, not the kit's.
    assert refused.status is Status.FAIL and "cannot be subclassed" in refused.reason
    assert all(r.status is Status.PASS for r in report.results if r.id.startswith("ndbuffer.reshape."))
    for backend in (hostile.InstanceGetattrRaises, hostile.MetaGetattrRaises):
        assert run(backend, seed=0, select="buffer.[cflt]*").ok


# -- targets the kit cannot check: usage errors, never tracebacks -------------------------------


@pytest.fixture
def target_modules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    modules = {
        "raises_on_import": "raise RuntimeError('half-written module')\n",
        "exits_on_import": "import sys\nsys.exit(0)\n",
        "getattr_raises": "def __getattr__(name):\n    raise RuntimeError(f'no {name} yet')\n",
        "segfaults_on_import": "import ctypes\nctypes.string_at(0)\n",
        "local_backend": textwrap.dedent('''
            from bufferspec import cpu

            class Hangs(cpu.Buffer):
                __slots__ = ()

                def to_bytes(self):
                    while True:
                        pass
        '''),
    }
    for name, source in modules.items():
        (tmp_path / f"{name}.py").write_text(source, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.chdir(tmp_path)
    yield tmp_path
    for name in modules:
        sys.modules.pop(name, None)


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("raises_on_import:Buffer", "cannot import module 'raises_on_import': RuntimeError: half-written module"),
        ("exits_on_import:Buffer", "cannot import module 'exits_on_import': SystemExit: 0"),
        ("getattr_raises:Buffer", "reading 'Buffer' from module 'getattr_raises' raised RuntimeError: no Buffer yet"),
        ("conformance.backends.hostile:NotABackend", "expected a BufferPrototype, a Buffer class or an NDBuffer"),
        ("conformance.backends.hostile:CapabilitiesNotIterable", "expected an iterable of capability names, got 42"),
        ("conformance.backends.hostile:prototype_with_raising_buffer", "got <_RaisingPrototype object>"),
    ],
)
def test_unusable_targets_are_usage_errors(target_modules: Path, target: str, message: str) -> None:
    with pytest.raises(TargetError, match="^(target|.*bufferspec_capabilities): "):
        resolve_target(target)
    status, out, err = _cli("check", target, "--select", "buffer.to_bytes.*")
    assert status == 2, out + err
    assert message in err
    assert err.count("\n") == 1 and "Traceback" not in out + err


def test_a_class_that_could_be_either_kind_is_a_usage_error() -> None:
    both = type("Both", (), {"from_bytes": classmethod(lambda cls, b: b), "create": classmethod(lambda cls: 0)})
    with pytest.raises(TargetError, match="as many Buffer constructors"):
        resolve_target(both)


# -- the command line ----------------------------------------------------------------------------


def test_cli_exits_1_for_errors_and_reports_them_everywhere(tmp_path: Path) -> None:
    status, out, _ = _cli("check", "conformance.backends.hostile:FromBytesReturnsNone", "--seed", "0",
                          "--select", "buffer.from_bytes.roundtrip", "--json", str(tmp_path / "r.json"),
                          "--markdown", str(tmp_path / "r.md"))
    assert status == 1
    assert "buffer.from_bytes.roundtrip  MUST    ERROR  raised AttributeError" in out
    assert "traceback" in out and "0 pass, 0 warn, 0 fail, 1 error" in out
    document = json.loads((tmp_path / "r.json").read_text())
    assert document["summary"]["error"] == 1 and document["ok"] is False
    assert document["results"][0]["status"] == "error" and "AttributeError" in document["results"][0]["traceback"]
    assert "| ERROR |" in (tmp_path / "r.md").read_text()


def test_cli_deadline(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _cli("check", "conformance.backends.hostile:ToBytesHangs", "--seed", "0",
                          "--select", "buffer.to_bytes.new_object", "--deadline", "0.5")
    assert status == 1 and "timed out after 0.5 s" in out
    xfail = tmp_path / "xfail.toml"
    xfail.write_text('[expected_failures]\n"buffer.to_bytes.new_object" = "hangs for now"\n')
    status, out, _ = _cli("check", "conformance.backends.hostile:ToBytesHangs", "--seed", "0",
                          "--select", "buffer.to_bytes.new_object", "--deadline", "0.5", "--xfail", str(xfail))
    assert status == 0 and "XFAIL" in out
    for bad in ("-1", "nan", "inf"):
        status, _, err = _cli("check", "--deadline", bad)
        assert status == 2 and "--deadline" in err
    status, _, _ = _cli("check", "--isolate", "--memory-limit", "lots")
    assert status == 2 and "argument --memory-limit: expected a size" in capsys.readouterr().err  # argparse's own


def test_cli_memory_limit_sizes() -> None:
    import argparse

    from bufferspec.conformance._frontends.cli import parse_size

    assert parse_size("512M") == 512 * 2**20 and parse_size("4g") == 4 * 2**30 and parse_size("1000") == 1000
    assert parse_size("1.5K") == 1536 and parse_size("2GB") == 2 * 2**30 and parse_size("0") == 0
    for bad in ("", "G", "-1G", "lots", "1Q", "nan"):
        with pytest.raises(argparse.ArgumentTypeError, match="expected a size"):
            parse_size(bad)


# -- isolate: crashes, exits, C hangs and memory hogs become rows ---------------------------------


@UNIX
def test_isolate_reports_a_segfault_and_goes_on_with_a_fresh_worker() -> None:
    # buffer.to_bytes.contents (crashes), then ndbuffer.transpose.* (the reference, in a fresh worker)
    select = "*.t[or]*[sw]"
    report = run(hostile.segfaulting_prototype, seed=0, select=select, isolate=True, deadline=30)
    _expect_complete(report, select)
    crashed = report.by_id("buffer.to_bytes.contents")
    assert crashed.status is Status.ERROR
    assert crashed.reason == "crashed: signal 11 (SIGSEGV)"
    assert "in to_bytes" in crashed.traceback  # faulthandler's stack, most recent call last
    assert [r.status for r in report.results[1:]] == [Status.PASS] * 3
    assert all(r.id.startswith("ndbuffer.transpose.") for r in report.results[1:])


@UNIX
def test_isolate_reports_exits_hangs_in_c_and_exhausted_memory() -> None:
    exits = run(hostile.ToBytesExitsProcess, seed=0, select="buffer.to_bytes.new_object", isolate=True)
    assert exits.by_id("buffer.to_bytes.new_object").reason == "the worker exited with status 3"
    hang = run(hostile.ToBytesHangsInC, seed=0, select="buffer.*_bytes.[rn][oe][uw]*", isolate=True,
               deadline=1)  # from_bytes.roundtrip (never calls to_bytes), to_bytes.new_object
    assert _statuses(hang) == {"buffer.from_bytes.roundtrip": Status.PASS, "buffer.to_bytes.new_object": Status.FAIL}
    stuck = hang.by_id("buffer.to_bytes.new_object")
    assert stuck.reason.startswith("timed out after 1 s (stuck outside the interpreter")
    assert "in to_bytes" in stuck.traceback
    hog = run(hostile.ToBytesEatsMemory, seed=0, select="buffer.to_bytes.new_object", isolate=True,
              memory_limit=256 * 2**20, deadline=60)
    eaten = hog.by_id("buffer.to_bytes.new_object")
    assert eaten.status is Status.ERROR and eaten.reason.startswith("ran out of memory")


@UNIX
def test_isolate_keeps_the_in_process_verdicts_and_expected_failures() -> None:
    report = run("conformance.backends.hostile:ToBytesRaises", seed=0, select=LEN_AND_TO_BYTES, isolate=True,
                 expected_failures={"buffer.to_bytes.snapshot": "not yet"})
    assert report.target == "conformance.backends.hostile:ToBytesRaises"
    assert _statuses(report) == {"buffer.len.nbytes": Status.PASS, "buffer.to_bytes.contents": Status.FAIL,
                                 "buffer.to_bytes.new_object": Status.FAIL, "buffer.to_bytes.snapshot": Status.XFAIL}
    crash = run(hostile.ToBytesSegfaults, seed=0, select="buffer.to_bytes.new_object", isolate=True,
                expected_failures={"buffer.to_bytes.new_object": "crashes for now"})
    result = crash.by_id("buffer.to_bytes.new_object")
    assert result.status is Status.XFAIL and result.detail == "error: crashed: signal 11 (SIGSEGV)"


@UNIX
def test_isolate_needs_a_target_the_worker_can_load(target_modules: Path) -> None:
    class Local(cpu.Buffer):
        __slots__ = ()

    with pytest.raises(TargetError, match="does not pickle"):
        run(Local, isolate=True)
    with pytest.raises(TargetError, match="cannot import module 'raises_on_import'"):
        run("raises_on_import:Buffer", isolate=True)
    with pytest.raises(TargetError, match="crashed: signal 11"):
        run("segfaults_on_import:Buffer", isolate=True)
    # A module found through the caller's sys.path loads in the worker too.
    report = run("local_backend:Hangs", seed=0, select="buffer.to_bytes.new_object", isolate=True, deadline=0.5)
    assert report.by_id("buffer.to_bytes.new_object").reason == "timed out after 0.5 s"


@UNIX
def test_cli_isolate(target_modules: Path) -> None:
    status, out, err = _cli("check", "conformance.backends.hostile:ToBytesSegfaults", "--isolate", "--seed", "0",
                            "--select", "buffer.[lt]*s")
    assert status == 1, err
    assert "buffer.to_bytes.contents  MUST    ERROR  crashed: signal 11 (SIGSEGV)" in out
    assert "buffer.len.nbytes" in out and "1 pass, 0 warn, 0 fail, 1 error" in out
    status, out, err = _cli("check", "segfaults_on_import:Buffer", "--isolate")
    assert status == 2 and "crashed: signal 11" in err and "Traceback" not in out + err


def test_a_member_missing_behind_syntax_fails_its_contracts() -> None:
    """``buf[a:b] = v`` on a class without ``__setitem__`` raises TypeError, not AttributeError: still FAIL.

    Only the contracts that *require* a TypeError pass (the object does reject the
    assignment with one, and is left unchanged); their message twins warn.
    """
    report = run(hostile.HalfBuffer, seed=0, select="buffer.setitem.*")
    _expect_complete(report, "buffer.setitem.*")
    typeerrors = {"buffer.setitem.rejects_non_bytes", "buffer.setitem.rejects_non_slice"}
    for result in report.results:
        if result.id in typeerrors:
            assert result.status is Status.PASS, result
            continue
        assert result.status is (Status.WARN if result.id.endswith(".names_argument") else Status.FAIL), result
        assert ("missing attribute '__setitem__'" in result.reason
                or "does not support item assignment" in result.reason), result.reason


@UNIX
def test_cli_ends_a_run_stuck_in_c_code_instead_of_hanging() -> None:
    """In-process, C code that never returns cannot be interrupted: the command exits 1 and shows where it is stuck."""
    import subprocess

    completed = subprocess.run(
        [sys.executable, "-m", "bufferspec", "check", "conformance.backends.hostile:ToBytesHangsInC",
         "--select", "buffer.[lt]*s", "--deadline", "0.5", "--seed", "0"],
        capture_output=True, text=True, check=False, timeout=300, cwd=Path(__file__).parent.parent,
    )
    assert completed.returncode == 1, completed.stderr
    assert "Timeout" in completed.stderr and "in to_bytes" in completed.stderr


def test_stuck_guard_prints_what_it_has_before_giving_up(monkeypatch: pytest.MonkeyPatch) -> None:
    import bufferspec.conformance._frontends.cli as cli
    from bufferspec.conformance import Result

    exits: list[int] = []
    monkeypatch.setattr("bufferspec.conformance._frontends.cli.os._exit", exits.append)
    out, err = io.StringIO(), io.StringIO()
    guard = cli._StuckGuard("mod:Backend", ["buffer.a.b", "buffer.a.c"], 2.0, lambda *args: None, out, err)
    try:
        guard.progress(Result("buffer.a.b", Status.PASS, ""), 1, 2)
        guard._give_up(12.0)
    finally:
        guard.stop()
    assert exits == [1]
    assert "buffer.a.b  MUST    PASS" in out.getvalue()
    assert "buffer.a.c  MUST    FAIL   timed out after 2 s and could not be interrupted" in out.getvalue()
    assert "1 pass, 0 warn, 1 fail" in out.getvalue()
    assert err.getvalue().startswith("bufferspec: error: contract buffer.a.c timed out after 2 s")
    assert "rerun with --isolate" in err.getvalue()


@UNIX
def test_the_worker_lifts_its_memory_limit_only_while_the_type_checkers_run(monkeypatch: pytest.MonkeyPatch) -> None:
    import resource

    from bufferspec.conformance._engine import isolate
    from bufferspec.conformance._static import assertions

    before = resource.getrlimit(resource.RLIMIT_AS)
    during: list[tuple[int, int]] = []

    def fake_static_check(resolved: object, **options: object) -> tuple[Result, ...]:
        during.append(resource.getrlimit(resource.RLIMIT_AS))
        return (Result("static.mypy.x", Status.PASS, ""),)

    monkeypatch.setattr(assertions, "static_check", fake_static_check)
    if before[1] != resource.RLIM_INFINITY:
        resource.setrlimit(resource.RLIMIT_AS, (before[1] // 2, before[1]))
    else:
        resource.setrlimit(resource.RLIMIT_AS, (2**45, before[1]))
    lowered = resource.getrlimit(resource.RLIMIT_AS)
    try:
        rows = isolate._static_rows(object(), ("mypy",), 1.0)
        assert [row.id for row in rows] == ["static.mypy.x"]
        assert during == [(lowered[1], lowered[1])]  # lifted while the checkers ran
        assert resource.getrlimit(resource.RLIMIT_AS) == lowered  # and restored for later contracts
    finally:
        resource.setrlimit(resource.RLIMIT_AS, before)
