"""``bufferspec`` command line: ``check``, ``list`` and ``contracts``."""

from __future__ import annotations

import argparse
import sys
import tomllib
from collections.abc import Callable, Sequence
from importlib.metadata import entry_points
from pathlib import Path
from typing import TextIO

from bufferspec.conformance._report import Report, Result
from bufferspec.conformance._runner import DEFAULT_MAX_EXAMPLES, UnknownContractError, run
from bufferspec.conformance._target import DEFAULT_TARGET, TargetError

__all__ = ["load_expected_failures", "main"]

ENTRY_POINT_GROUP = "bufferspec.backends"
EXIT_OK, EXIT_FAILURES, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Bad command-line input: exit status 2."""


def load_expected_failures(path: str | Path) -> dict[str, str]:
    """Read ``{contract id: reason}`` from a TOML file.

    The file has one table, ``[expected_failures]``, mapping exact contract
    ids to a non-empty reason string.

    Raises
    ------
    ValueError
        If the file cannot be read or parsed, or an entry is not ``id = "reason"``.
    """
    try:
        document = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ValueError(f"xfail file {str(path)!r}: {exc}") from None
    table = document.get("expected_failures")
    if not isinstance(table, dict):
        raise ValueError(f"xfail file {str(path)!r}: expected a [expected_failures] table")
    result: dict[str, str] = {}
    for key, reason in table.items():
        if not isinstance(reason, str) or not reason.strip():
            raise ValueError(f"xfail file {str(path)!r}: {key!r} needs a non-empty reason string")
        result[key] = reason
    return result


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
    check.add_argument("--seed", type=int, metavar="N", help="make the run deterministic")
    check.add_argument("--select", metavar="PATTERN", help="only contracts whose id matches this glob")
    check.add_argument("--static", action="store_true", help="also check the classes against the protocols with mypy")
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


def _check(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if args.max_examples < 1:
        raise UsageError(f"--max-examples: expected a positive integer, got {args.max_examples}")
    xfails = load_expected_failures(args.xfail) if args.xfail else None
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
        report = run(
            target,
            expected_failures=xfails,
            max_examples=args.max_examples,
            seed=args.seed,
            select=args.select,
            progress=_progress(err),
        )
        if args.static:
            from bufferspec.conformance._static import static_report

            report = static_report(target, report)
        reports.append(report)
        out.write(report.to_table() + "\n")
        if not report.ok:
            status = EXIT_FAILURES
    if args.json:
        document = reports[0].to_json() if len(reports) == 1 else "[" + ",".join(r.to_json() for r in reports) + "]"
        Path(args.json).write_text(document + "\n", encoding="utf-8")
    if args.markdown:
        Path(args.markdown).write_text("\n".join(r.to_markdown() for r in reports), encoding="utf-8")
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
        from bufferspec.conformance._contract import catalogue

        for item in catalogue():
            out.write(f"{item.id}  {item.level.value}  {item.member}: {item.text}\n")
        return EXIT_OK
    except (UsageError, TargetError, UnknownContractError, ValueError) as exc:
        err.write(f"bufferspec: error: {exc}\n")
        return EXIT_USAGE
