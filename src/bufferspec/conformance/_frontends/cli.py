"""``bufferspec`` command line: ``check``, ``list`` and ``contracts``."""

from __future__ import annotations

import argparse
import faulthandler
import os
import sys
import threading
import time
from collections.abc import Callable, Sequence
from importlib.metadata import entry_points
from pathlib import Path
from typing import TextIO

from bufferspec.conformance._core.registry import catalogue
from bufferspec.conformance._core.report import Report, Result, Status
from bufferspec.conformance._core.target import DEFAULT_TARGET, TargetError
from bufferspec.conformance._engine.run import (
    DEFAULT_DEADLINE,
    DEFAULT_MAX_EXAMPLES,
    DEFAULT_MEMORY_LIMIT,
    UnknownContractError,
    check_expected_failures,
    run,
    select_contracts,
)
from bufferspec.conformance._frontends.expected import load_expected_failures

__all__ = ["load_expected_failures", "main", "parse_size"]

ENTRY_POINT_GROUP = "bufferspec.backends"
EXIT_OK, EXIT_FAILURES, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Bad command-line input: exit status 2."""


def parse_size(text: str) -> int:
    """Bytes from ``"1073741824"``, ``"512M"``, ``"4G"`` (binary suffixes K, M, G, T; case-insensitive).

    Raises
    ------
    argparse.ArgumentTypeError
        If *text* is not a non-negative whole number with an optional suffix.
    """
    units = {"": 1, "K": 2**10, "M": 2**20, "G": 2**30, "T": 2**40}
    stripped = text.strip().upper().removesuffix("B")
    suffix = stripped[-1:] if stripped[-1:] in units else ""
    number = stripped[: len(stripped) - len(suffix)]
    try:
        value = float(number)
    except ValueError:
        value = -1.0
    if not number or not 0 <= value < float("inf"):
        raise argparse.ArgumentTypeError(f"expected a size such as 4G, 512M or 1000000, got {text!r}")
    return int(value * units[suffix])


def _advertised_backends() -> dict[str, str]:
    """``{name: "module:attr"}`` of every prototype advertised under ``bufferspec.backends``."""
    return {ep.name: ep.value for ep in entry_points(group=ENTRY_POINT_GROUP)}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bufferspec",
        description="Check buffer backends against the bufferspec specification.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="run the conformance kit on a target and print the report")
    check.add_argument(
        "target",
        nargs="?",
        help=f"module:attr of a BufferPrototype, Buffer class or NDBuffer class (default {DEFAULT_TARGET})",
    )
    check.add_argument("--all", action="store_true", help=f"check every backend advertised under {ENTRY_POINT_GROUP!r}")
    check.add_argument("--json", metavar="PATH", help="also write the report as JSON")
    check.add_argument("--markdown", metavar="PATH", help="also write the report as Markdown")
    check.add_argument("--xfail", metavar="FILE", help="TOML file with an [expected_failures] table: id = reason")
    check.add_argument("--max-examples", type=int, default=DEFAULT_MAX_EXAMPLES, metavar="N",
                       help=f"Hypothesis examples per property contract (default {DEFAULT_MAX_EXAMPLES})")
    check.add_argument("--seed", type=int, metavar="N",
                       help="draw another fixed set of examples (runs are deterministic without it too)")
    check.add_argument("--select", metavar="PATTERN",
                       help="only contracts whose id matches this glob (it must match at least one)")
    check.add_argument("--strict", action="store_true",
                       help="make SHOULD contracts binding: a WARN fails the run (exit status 1)")
    check.add_argument("--static", action="store_true",
                       help="also check the classes against the protocols with type checkers (rows "
                            "static.<checker>.*)")
    check.add_argument("--checker", action="append", metavar="NAME",
                       help="with --static: the type checker to run, mypy, pyright, pyrefly or all (repeat it or "
                            "separate names with commas; default: every one installed; one named but not "
                            "installed gives SKIP rows)")
    check.add_argument("--deadline", type=float, default=DEFAULT_DEADLINE, metavar="SECONDS",
                       help=f"time limit per contract (and per type checker with --static); a contract still "
                            f"running FAILs as timed out (default {DEFAULT_DEADLINE:g}, 0: none)")
    check.add_argument("--isolate", action="store_true",
                       help="run the contracts in a worker process, so that a crash, an exhausted memory or a hang "
                            "in C code is reported and the run goes on (the target must import by name)")
    check.add_argument("--memory-limit", type=parse_size, default=DEFAULT_MEMORY_LIMIT, metavar="SIZE",
                       help="with --isolate: memory the worker may add to its start-up size, in bytes or with a "
                            f"K/M/G suffix (default {DEFAULT_MEMORY_LIMIT // 2**30}G, 0: no limit)")
    commands.add_parser("list", help=f"list backends advertised under {ENTRY_POINT_GROUP!r}")
    commands.add_parser("contracts", help="list every contract of the catalogue")
    return parser


def _progress(stream: TextIO) -> Callable[[Result, int, int], None]:
    interactive = stream.isatty()

    def report(result: Result, index: int, total: int) -> None:
        if interactive:
            stream.write(f"\r[{index}/{total}] {result.id:<60}")
            if index == total:
                stream.write("\r" + " " * 80 + "\r")
        elif index == total or index % max(1, total // 10) == 0:
            stream.write(f"[{index}/{total}] contracts checked\n")
        stream.flush()

    return report


class _StuckGuard:
    """Ends the command when a contract outlives its deadline by far: stuck in C code, it cannot be interrupted.

    In-process, the deadline interrupts Python code only.  Rather than hang a
    CI job, the command then prints what it has (the results so far and the
    stuck contract as FAIL) and exits with status 1, pointing at ``--isolate``.
    That needs a Python thread, which cannot run while C code holds the GIL;
    :mod:`faulthandler`'s C watchdog is the last resort a few seconds later:
    it writes the stack of every thread to stderr and exits with status 1.
    """

    def __init__(self, target: str, ids: list[str], deadline: float, progress: Callable[[Result, int, int], None],
                 out: TextIO, err: TextIO) -> None:
        self.target, self.ids, self.deadline, self.inner = target, ids, deadline, progress
        self.out, self.err = out, err
        self.limit = deadline + max(5.0, deadline)
        self.results: list[Result] = []
        self.started = time.monotonic()
        self.done = threading.Event()
        try:
            self.fault_file: int | None = err.fileno()
        except (AttributeError, OSError, ValueError):  # a StringIO: no C-level last resort
            self.fault_file = None
        self._arm_last_resort()
        threading.Thread(target=self._watch, name="bufferspec-stuck-guard", daemon=True).start()

    def _current_limit(self) -> float:
        # Before the first result, loading the target (bound by the same deadline) counts too.
        return self.limit + (0.0 if self.results else self.deadline)

    def _arm_last_resort(self) -> None:
        if self.fault_file is not None:
            self.err.flush()
            faulthandler.dump_traceback_later(self._current_limit() + 5.0, exit=True, file=self.fault_file)

    def progress(self, result: Result, index: int, total: int) -> None:
        self.results.append(result)
        self.started = time.monotonic()
        self._arm_last_resort()
        self.inner(result, index, total)

    def stop(self) -> None:
        self.done.set()
        if self.fault_file is not None:
            faulthandler.cancel_dump_traceback_later()

    def _watch(self) -> None:
        while not self.done.wait(0.5):
            elapsed = time.monotonic() - self.started
            if elapsed > self._current_limit() and not self.done.is_set():
                self._give_up(elapsed)

    def _give_up(self, elapsed: float) -> None:
        index = len(self.results)
        stuck = self.ids[index] if index < len(self.ids) else "(loading the target)"
        reason = (f"timed out after {self.deadline:g} s and could not be interrupted (stuck outside the "
                  f"interpreter for {elapsed:.0f} s); rerun with --isolate")
        rows = (*self.results, Result(stuck, Status.FAIL, reason))
        self.out.write(Report(target=self.target, results=rows).to_table() + "\n")
        self.err.write(f"bufferspec: error: contract {stuck} {reason}; the remaining contracts were not run\n")
        self.out.flush()
        self.err.flush()
        os._exit(EXIT_FAILURES)


def _writable(path: str, option: str) -> Path:
    """*path* for an output file, checked before any contract runs: its folder exists and can be written."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise UsageError(f"{option}: {path!r} is a directory, expected a file path")
    if not folder.is_dir():
        raise UsageError(f"{option}: the folder {str(folder)!r} of {path!r} does not exist")
    if not os.access(folder, os.W_OK) or (target.exists() and not os.access(target, os.W_OK)):
        raise UsageError(f"{option}: cannot write {path!r} (permission denied)")
    return target


def _check(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    # Every usage mistake is found here, before the first contract runs.
    if args.max_examples < 1:
        raise UsageError(f"--max-examples: expected a positive integer, got {args.max_examples}")
    if not 0 <= args.deadline < float("inf"):
        raise UsageError(f"--deadline: expected a positive number of seconds (0: no deadline), got {args.deadline:g}")
    if args.checker and not args.static:
        raise UsageError("--checker: only with --static (it chooses the type checkers of the static rows)")
    json_path = _writable(args.json, "--json") if args.json else None
    markdown_path = _writable(args.markdown, "--markdown") if args.markdown else None
    ids = [c.id for c in select_contracts(args.select, static=args.static)]
    xfails = load_expected_failures(args.xfail) if args.xfail else None
    if xfails:
        check_expected_failures(xfails, f"--xfail {args.xfail}")
    checkers: tuple[str, ...] | None = None
    if args.static:
        from bufferspec.conformance._static.checkers import require_checkers

        checkers = require_checkers(",".join(args.checker) if args.checker else None, "--checker")
    if args.all:
        if args.target:
            raise UsageError("give either a TARGET or --all, not both")
        targets = list(_advertised_backends().values())
        if not targets:
            raise UsageError(f"--all: no backends are advertised under the entry-point group {ENTRY_POINT_GROUP!r}")
    else:
        targets = [args.target or DEFAULT_TARGET]
    status = EXIT_OK
    reports: list[Report] = []
    for target in targets:
        progress = _progress(err)
        guard = None
        if args.deadline and not args.isolate:
            guard = _StuckGuard(target, ids, args.deadline, progress, out, err)
            progress = guard.progress
        try:
            report = run(
                target,
                expected_failures=xfails,
                max_examples=args.max_examples,
                seed=args.seed,
                select=args.select,
                progress=progress,
                deadline=args.deadline or None,
                isolate=args.isolate,
                memory_limit=args.memory_limit or None,
                strict=args.strict,
                static=args.static,
                checkers=checkers,
            )
        finally:
            if guard is not None:
                guard.stop()
        reports.append(report)
        out.write(report.to_table() + "\n")
        if not report.ok:
            status = EXIT_FAILURES
    if json_path is not None:
        document = reports[0].to_json() if len(reports) == 1 else "[" + ",".join(r.to_json() for r in reports) + "]"
        json_path.write_text(document + "\n", encoding="utf-8")
    if markdown_path is not None:
        markdown_path.write_text("\n".join(r.to_markdown() for r in reports), encoding="utf-8")
    return status


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run the command line; return the exit status (0 ok, 1 contracts failed, 2 usage error)."""
    if "" not in sys.path and str(Path.cwd()) not in sys.path:
        sys.path.insert(0, "")  # like ``python -m``: targets in the working directory import
    out = sys.stdout if out is None else out
    err = sys.stderr if err is None else err
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse already printed the problem
        return EXIT_USAGE if exc.code else EXIT_OK
    try:
        if args.command == "check":
            return _check(args, out, err)
        if args.command == "list":
            backends = _advertised_backends()
            if not backends:
                out.write(f"no backends advertised under {ENTRY_POINT_GROUP!r}\n")
            for name, value in sorted(backends.items()):
                out.write(f"{name}  {value}\n")
            return EXIT_OK
        for item in catalogue():
            out.write(f"{item.id}  {item.level.value}  {item.member}: {item.text}\n")
        return EXIT_OK
    except (UsageError, TargetError, UnknownContractError, ValueError, OSError, ImportError) as exc:
        err.write(f"bufferspec: error: {exc}\n")
        return EXIT_USAGE
