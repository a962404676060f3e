"""Every reproducer reproduces: for each committed broken backend, each FAIL/WARN/ERROR row's reproducer,
run alone with ``python -c`` in a fresh interpreter (only the backend importable, an empty working
directory), fails with the reason the report states.  See ``conformance/fidelity.py``.  The reproducers of
the static rows (files for a type checker) are replayed in ``test_conformance_static.py``.
"""

from __future__ import annotations

import sys

import pytest

from bufferspec.conformance import Result, Status, run
from conformance.backends.broken import MUTANTS
from conformance.backends.mistakes import MISTAKES
from conformance.fidelity import expected_ending, replay, replay_report

#: Every broken backend committed under conformance/backends that can run in-process, with a deadline
#: short enough for those that hang in Python.
BACKENDS: dict[str, float] = {
    **{f"{mutant.__module__}:{mutant.__qualname__}": 60.0 for mutant in MUTANTS},
    "conformance.backends.broken:plain_messages_prototype": 60.0,
    **{f"conformance.backends.mistakes:{name}": 60.0 for name in MISTAKES},
    **{f"conformance.backends.hostile:{name}": 60.0 for name in (
        "ToBytesRaises", "FromBytesRaises", "ToBytesRaisesUnprintable", "ToBytesReturnsStr", "FromBytesReturnsNone",
        "ToBytesSystemExit", "HalfBuffer")},
    "conformance.backends.hostile:ToBytesHangs": 1.0,
    "conformance.backends.hostile:ToBytesSleeps": 1.0,
    "conformance.backends.hostile:ToBytesSwallowsInterrupt": 1.0,
}

#: Broken backends that kill or block the interpreter: checked with isolate=True.
ISOLATED = ("ToBytesSegfaults", "ToBytesExitsProcess", "ToBytesHangsInC")


@pytest.mark.parametrize("target", list(BACKENDS))
def test_every_reproducer_of_a_broken_backend_reproduces(target: str) -> None:
    report = run(target, deadline=BACKENDS[target], select="buffer.*" if "hostile" in target else None)
    replays = replay_report(report, timeout=BACKENDS[target] + 10.0)
    assert replays, f"{target} fails no contract:\n{report.to_table()}"
    wrong = [f"{r.result.id}: expected {r.expected!r}, got {r.got!r} (exit {r.returncode})\n{r.result.reproducer}"
             for r in replays if not r.reproduces]
    assert not wrong, "\n\n".join(wrong)


@pytest.mark.skipif(sys.platform == "win32", reason="signals and RLIMIT_AS are POSIX")
@pytest.mark.parametrize("name", ISOLATED)
def test_reproducers_of_crashes_crash_the_same_way(name: str) -> None:
    report = run(f"conformance.backends.hostile:{name}", select="buffer.to_bytes.*", isolate=True, deadline=1.0)
    replays = replay_report(report, timeout=10.0)
    assert replays, report.to_table()
    wrong = [f"{r.result.id}: expected {r.expected!r}, got {r.got!r}" for r in replays if not r.reproduces]
    assert not wrong, "\n".join(wrong)


def test_a_reproducer_is_judged_by_its_last_line() -> None:
    assertion = Result("buffer.x.y", Status.FAIL, "buf[:] holds b'', expected b'a'",
                       reproducer="buf = b''\nassert buf == b'a', f\"buf[:] holds {buf!r}, expected b'a'\"")
    assert expected_ending(assertion) == "AssertionError: buf[:] holds b'', expected b'a'"
    assert replay(assertion).reproduces
    passing = Result("buffer.x.y", Status.FAIL, "something", reproducer="x = 1")  # exits 0: does not reproduce
    assert not replay(passing).reproduces
    other = Result("buffer.x.y", Status.FAIL, "raised ValueError: bad (at f, line 1)",
                   traceback="Traceback (most recent call last):\nValueError: bad",
                   reproducer="raise ValueError('worse')")
    assert expected_ending(other) == "ValueError: bad" and not replay(other).reproduces


@pytest.mark.parametrize("suite", ["zarr", "torch"])
def test_every_expected_failure_of_a_real_backend_reproduces(suite: str) -> None:
    """zarr-python's and the torch backend's expected failures: each reproducer shows the failure on their classes."""
    from conformance.suites import SUITES, run_suite

    available = {s.name: s for s in SUITES}[suite].availability()
    if available.column is None:
        pytest.skip(available.reason)
    _, report = run_suite(suite)
    replays = replay_report(report)
    assert replays, f"{suite} has no expected failure to replay"
    wrong = [f"{r.result.id}: expected {r.expected!r}, got {r.got!r}" for r in replays if not r.reproduces]
    assert not wrong, "\n".join(wrong)
