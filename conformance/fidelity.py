"""Do the kit's reproducers reproduce?  Run each one alone and compare how it ends with the report.

For every FAIL, WARN, ERROR and XFAIL row of a report, the reproducer is run
with ``python -c`` in a fresh interpreter, in an empty working directory, with
only the backend's import root on ``PYTHONPATH``.  It reproduces when it exits
non-zero and its last line of output is the one the report states:

- a failed assertion of the check: ``AssertionError: <reason>``;
- an exception raised by the backend ("raised X: ...", "missing attribute"):
  the last line of the report's traceback (``X: message``);
- a timeout: it is still running after the deadline (and a grace period);
- a backend that ends the program (``SystemExit``): it exits with that
  status, at the same step, printing nothing;
- a crash in an isolated run ("crashed: signal 11 (SIGSEGV)", "the worker
  exited with status 3"): it dies of the same signal, or exits with the same
  status.

Python adds hints to some tracebacks (``AttributeError: ... Did you mean:
'x'?``); they are not part of the exception's message and are ignored.

Usage::

    python -m conformance.fidelity conformance.backends.broken:SliceOffByOne [...]
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from bufferspec.conformance import Report, Result, Status, run

__all__ = ["Replay", "ROOT", "expected_ending", "replay", "replay_report"]

#: The repository root: where ``conformance.backends`` imports from.
ROOT = Path(__file__).resolve().parent.parent

_EXCEPTION_PREFIXES = ("raised ", "missing attribute ")
_TIMEOUT_PREFIX = "timed out after "


@dataclass(frozen=True)
class Replay:
    """One reproducer run alone: did it end as the report says?"""

    result: Result
    reproduces: bool
    expected: str
    got: str
    returncode: int | None


def expected_ending(result: Result) -> str:
    """The last line the reproducer of *result* must print ("" for a timeout)."""
    reason = result.detail if result.status is Status.XFAIL else result.reason
    reason = reason.removeprefix("error: ")
    if reason.startswith(_TIMEOUT_PREFIX) or reason.startswith(("crashed: ", "the worker exited")):
        return ""
    if reason.startswith(_EXCEPTION_PREFIXES):
        lines = result.traceback.rstrip().splitlines()
        return lines[-1] if lines else reason
    return f"AssertionError: {reason}"


_HINT = re.compile(r"\. Did you mean: '[^']*'\?$")


def _matches(expected: str, got: str) -> bool:
    expected, got = _HINT.sub("", expected), _HINT.sub("", got)
    if expected.endswith("..."):  # the report cuts very long reasons
        return got.startswith(expected[:-3])
    return got == expected


def _exit_status(expected: str) -> int | None:
    """The status a ``SystemExit: <code>`` ending means, or None when *expected* is no SystemExit."""
    head, _, code = expected.partition(": ")
    if head != "SystemExit":
        return None
    return int(code) if code.strip().lstrip("-").isdigit() else (0 if code.strip() in ("", "None") else 1)


def replay(result: Result, *, timeout: float = 60.0, python: str = sys.executable,
           paths: Sequence[str | Path] = (ROOT,)) -> Replay:
    """Run the reproducer of *result* alone and compare its ending with the report.

    *paths* is what the fresh interpreter can import besides the installed
    packages: the backend's import root.
    """
    expected = expected_ending(result)
    if expected == "":  # a timeout: running on a little past the report's deadline shows it
        reason = result.detail if result.status is Status.XFAIL else result.reason
        deadline = re.search(r"timed out after ([0-9.]+) s", reason)
        timeout = min(timeout, float(deadline.group(1)) + 3.0) if deadline else timeout
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTHON", "COVERAGE"))}
    env["PYTHONPATH"] = os.pathsep.join(str(path) for path in paths)
    with tempfile.TemporaryDirectory(prefix="bufferspec-replay-") as scratch:
        try:
            done = subprocess.run([python, "-c", result.reproducer], cwd=scratch, env=env, capture_output=True,
                                  text=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            return Replay(result, expected == "", expected, f"still running after {timeout:g} s", None)
    output = (done.stderr or done.stdout).rstrip().splitlines()
    last = "\n".join(output[-max(1, len(expected.splitlines())):])  # a message may span lines
    reason = (result.detail if result.status is Status.XFAIL else result.reason).removeprefix("error: ")
    crash = re.match(r"crashed: signal (\d+)|the worker exited with status (\d+)", reason)
    if crash:
        wanted = -int(crash.group(1)) if crash.group(1) else int(crash.group(2))
        return Replay(result, done.returncode == wanted, reason, f"exit {done.returncode}", done.returncode)
    status = _exit_status(expected)
    if status is not None:
        return Replay(result, done.returncode == status and not done.stderr, expected, last, done.returncode)
    ok = done.returncode != 0 and expected != "" and _matches(expected, last)
    return Replay(result, ok, expected, last, done.returncode)


def replay_report(report: Report, *, timeout: float = 60.0, workers: int = 2,
                  paths: Sequence[str | Path] = (ROOT,)) -> list[Replay]:
    """:func:`replay` every FAIL, WARN, ERROR and XFAIL row of *report* (several at a time)."""
    rows = [r for r in report.results if r.status in (Status.FAIL, Status.WARN, Status.ERROR, Status.XFAIL)
            and not r.id.startswith("static.")]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(lambda r: replay(r, timeout=timeout, paths=paths), rows))


def main(argv: Sequence[str] | None = None) -> int:
    """Check the reproducers of every failing row of each target; exit 1 if one does not reproduce."""
    parser = argparse.ArgumentParser(prog="python -m conformance.fidelity", description=__doc__.split("\n\n")[0])
    parser.add_argument("targets", nargs="+", metavar="MODULE:ATTR")
    parser.add_argument("--timeout", type=float, default=60.0)
    args = parser.parse_args(argv)
    bad = 0
    for target in args.targets:
        for item in replay_report(run(target), timeout=args.timeout):
            mark = "ok " if item.reproduces else "BAD"
            print(f"{mark} {target} {item.result.id}")
            if not item.reproduces:
                bad += 1
                print(f"    expected: {item.expected}\n    got:      {item.got} (exit {item.returncode})")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
