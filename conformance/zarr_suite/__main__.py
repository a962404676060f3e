"""``python -m conformance.zarr_suite``: run zarr's own tests on zarr's and bufferspec's buffers and compare.

Usage::

    python -m conformance.zarr_suite run --selection ci            # run, compare, exit 1 on a new difference
    python -m conformance.zarr_suite run --selection full --write  # ... and record the result and the docs page
    python -m conformance.zarr_suite render --check                # exit 1 if the docs page is stale
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

from conformance.zarr_suite._compare import differences, judge, load_expected
from conformance.zarr_suite._page import PAGE, RESULTS, load_results, render, results_document
from conformance.zarr_suite._runs import MODES, load_selection, run_mode
from conformance.zarr_suite._setup import WORK, prepare


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m conformance.zarr_suite", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="run a selection three times and compare")
    run.add_argument("--selection", default="ci", help="a name from selections.toml (default: ci)")
    run.add_argument("--work", type=Path, default=WORK, help="cache of sdists and environments (default: .zarr-suite)")
    run.add_argument("--timeout", type=int, default=120, help="seconds one test may take (default: 120)")
    run.add_argument("--write", action="store_true", help="record the result and rewrite the docs page")
    render_command = commands.add_parser("render", help="the docs page from the recorded results")
    mode = render_command.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", action="store_true", help="rewrite docs/zarr-compatibility.md")
    mode.add_argument("--check", action="store_true", help="exit 1 if docs/zarr-compatibility.md is stale")
    return parser


def _run(args: argparse.Namespace) -> int:
    if args.timeout <= 0:
        print(f"--timeout: expected a positive number of seconds, got {args.timeout}", file=sys.stderr)
        return 2
    # a kill of the runner raises SystemExit here, so each run's pytest group is killed with it
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    suite = prepare(args.work)
    try:
        selection = load_selection(args.selection, suite.source)
    except KeyError as exc:
        print(f"--{exc.args[0]}", file=sys.stderr)
        return 2
    print(f"zarr {suite.zarr_version}, selection {selection.name}: {', '.join(selection.paths)}", file=sys.stderr)
    runs = {mode: run_mode(suite, selection, mode, args.work, timeout=args.timeout) for mode in MODES}
    found = differences({mode: run.document for mode, run in runs.items()})
    verdict = judge(found, load_expected(suite.zarr_version), set(runs["baseline"].document["outcomes"]))
    for mode, run in runs.items():
        print(f"{mode}: stores received {json.dumps(run.document['stored'])}")
    for difference, reason in verdict.explained:
        print(f"expected   [{difference.cls}] {difference.test}: {difference.baseline} -> {difference.bufferspec}"
              f" ({reason})")
    for difference in verdict.unexpected:
        print(f"UNEXPECTED [{difference.cls}] {difference.test}: {difference.baseline} -> {difference.bufferspec}"
              f" (control: {difference.control}) {difference.message}")
    for difference, cls in verdict.misclassified:
        print(f"RECLASSIFIED {difference.test}: expected class {cls}, now {difference.cls}"
              f" (control: {difference.control})")
    for test in verdict.stale:
        print(f"STALE      {test}: expected to differ, but has its baseline outcome")
    print(f"{len(found)} differences: {len(verdict.explained)} expected, {len(verdict.unexpected)} unexpected, "
          f"{len(verdict.misclassified)} reclassified; {len(verdict.stale)} stale expectations")
    if args.write:
        if not verdict.ok:
            print("not written: the run has unexplained differences", file=sys.stderr)
            return 1
        document = results_document(suite.zarr_version, selection, runs, verdict)
        RESULTS.mkdir(exist_ok=True)
        path = RESULTS / f"zarr-{suite.zarr_version}-{selection.name}.json"
        path.write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")
        PAGE.write_text(render(load_results()), encoding="utf-8")
        print(f"wrote {path.name} and {PAGE.name}")
    return 0 if verdict.ok else 1


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit status."""
    args = _parser().parse_args(argv)
    if args.command == "run":
        return _run(args)
    page = render(load_results())
    if args.write:
        PAGE.write_text(page, encoding="utf-8")
        return 0
    current = PAGE.read_text(encoding="utf-8") if PAGE.is_file() else ""
    if current != page:
        print(f"{PAGE} is stale: run python -m conformance.zarr_suite render --write", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
