"""bufferspec.cpu side by side with zarr-python's ``zarr.buffer.cpu`` and raw NumPy.

Usage::

    python benchmarks/bench.py [--quick] [--markdown PATH] [--only SUBSTRING] [--runs N]

Prints machine info and one table row per operation and size: the median
time per call of bufferspec, zarr (``n/a`` when zarr is not importable),
NumPy and the pure-Python floor (``_Wrap(<numpy expr>)``), their ratios, and
whether each side's result shares memory with its input (checked with
``numpy.shares_memory`` on the objects actually returned).  ``--quick`` uses
tiny sizes and few repetitions (a smoke test: every row still runs; times
are not meaningful).  ``--runs N`` measures every row in N separate passes and
reports the median over passes, each ratio followed by its range over passes.
The exit status is 1 if any row failed to run.

See ``benchmarks/README.md`` for the method.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import traceback
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _cases import Row, _Wrap, build, load_zarr  # noqa: E402
from _timing import FULL, QUICK, Config, machine_info, measure  # noqa: E402

SIDES = ("bufferspec", "zarr", "numpy", "floor")
HEADER = (
    "op", "size", "bufferspec", "zarr", "numpy", "floor",
    "bs/np", "zarr/np", "bs/zarr", "floor/np", "zero-copy bs/zarr/np", "numpy equivalent",
)


def _as_array(obj: object) -> np.ndarray[Any, Any] | None:
    """The memory behind a result or input, or None if it has none we can inspect."""
    if isinstance(obj, np.ndarray):
        return obj
    if isinstance(obj, _Wrap):
        return _as_array(obj.a)
    if isinstance(obj, (bytes, bytearray, memoryview)):
        return np.frombuffer(obj, np.uint8) if len(obj) else None
    as_numpy = getattr(obj, "as_numpy_array", None)
    if callable(as_numpy):
        result = as_numpy()
        return result if isinstance(result, np.ndarray) else None
    return None


def zero_copy(row: Row, side: str, namespace: dict[str, Any]) -> str:
    """"yes"/"no": does *side*'s result share memory with its input?  "n/a" if not applicable."""
    source_expr = row.sources.get(side)
    statement = row.statements(with_zarr=True).get(side)
    if source_expr is None or statement is None:
        return "n/a"
    result = _as_array(eval(statement, namespace))  # noqa: S307 - our own statements
    source = _as_array(eval(source_expr, namespace))  # noqa: S307
    if result is None or source is None:
        return "?"
    return "yes" if np.shares_memory(result, source) else "no"


def _fmt_time(seconds: float | None) -> str:
    if seconds is None:
        return "n/a"
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6)):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}" if seconds / scale < 100 else f"{seconds / scale:.0f} {unit}"
    return f"{seconds * 1e9:.0f} ns"


def _ratio(a: float | None, b: float | None) -> str:
    return "n/a" if a is None or b is None or b == 0 else f"{a / b:.2f}x"


def time_row(row: Row, namespace: dict[str, Any], config: Config, with_zarr: bool) -> dict[str, float]:
    """Median seconds per call of every side of *row* (one interleaved measurement)."""
    statements = row.statements(with_zarr)
    settle = None
    if row.settle and row.numpy is not None:
        settle_stmt = row.numpy

        def settle() -> object:
            exec(settle_stmt, namespace)  # noqa: S102 - our own statement
            return None

    return measure(statements, namespace, config, before_batch=settle, rounds=row.rounds)


def _ratio_cell(runs: list[dict[str, float]], top: str, bottom: str) -> str:
    """The ratio of the per-side medians over runs, plus its range over runs when there are several."""
    pairs = [(run.get(top), run.get(bottom)) for run in runs]
    ratios = [a / b for a, b in pairs if a is not None and b is not None and b != 0]
    if not ratios:
        return "n/a"
    cell = _ratio(_median_side(runs, top), _median_side(runs, bottom))
    if len(ratios) > 1:
        cell += f" ({min(ratios):.2f}–{max(ratios):.2f})"
    return cell


def _median_side(runs: list[dict[str, float]], side: str) -> float | None:
    values = [run[side] for run in runs if side in run]
    return statistics.median(values) if values else None


def format_row(row: Row, runs: list[dict[str, float]], namespace: dict[str, Any]) -> list[str]:
    """One table line: per-side medians over *runs*, ratios (with their range over runs), zero-copy."""
    bs, z, npt_, fl = (_median_side(runs, side) for side in SIDES)
    statements = row.statements(with_zarr=True)
    copies = "/".join(zero_copy(row, side, namespace) if side in statements and side in runs[0] else "n/a"
                      for side in ("bufferspec", "zarr", "numpy"))
    return [
        row.op, row.size, _fmt_time(bs), _fmt_time(z), _fmt_time(npt_), _fmt_time(fl),
        _ratio_cell(runs, "bufferspec", "numpy"), _ratio_cell(runs, "zarr", "numpy"),
        _ratio_cell(runs, "bufferspec", "zarr"), _ratio_cell(runs, "floor", "numpy"), copies,
        "" if row.numpy is None else f"`{row.numpy}`",
    ]


def _print_table(lines: list[list[str]], out: Any) -> None:
    widths = [max(len(line[i]) for line in lines) for i in range(len(HEADER))]
    for index, line in enumerate(lines):
        cells = [cell.ljust(w) if i < 2 or i == len(line) - 1 else cell.rjust(w)
                 for i, (cell, w) in enumerate(zip(line, widths))]
        print("  ".join(cells).rstrip(), file=out)
        if index == 0:
            print("  ".join("-" * w for w in widths), file=out)


def _markdown(info: list[tuple[str, str]], command: str, lines: list[list[str]], seconds: float) -> str:
    out = ["## Machine", "", "| item | value |", "|---|---|"]
    out += [f"| {k} | {v} |" for k, v in info]
    out += ["", "## Command", "", "```", command, "```", "", f"Total run time: {seconds:.0f} s.", "",
            "## Results", "", "| " + " | ".join(HEADER) + " |",
            "|" + "|".join(["---", "---"] + ["---:"] * 8 + [":---:", "---"]) + "|"]
    for line in lines[1:]:
        out.append("| " + " | ".join(cell.replace("|", "\\|") for cell in line) + " |")
    return "\n".join(out) + "\n"


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {value}")
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes, few repetitions (smoke test)")
    parser.add_argument("--markdown", metavar="PATH", help="also write the results as Markdown")
    parser.add_argument("--only", metavar="SUBSTRING", help="run only rows whose op contains this")
    parser.add_argument(
        "--runs", type=_positive_int, default=1, metavar="N",
        help="measure every row N times, in N passes over all rows; report the median over passes "
             "and each ratio's range (default 1)",
    )
    args = parser.parse_args(argv)
    config = QUICK if args.quick else FULL
    zc, zcore, why_not = load_zarr()
    info = machine_info()
    if zc is None:
        info.append(("zarr columns", f"n/a (zarr.buffer.cpu not importable: {why_not})"))
    for key, value in info:
        print(f"{key}: {value}")
    command = "python benchmarks/bench.py" + (" --quick" if args.quick else "") + (
        f" --runs {args.runs}" if args.runs > 1 else "") + (f" --only '{args.only}'" if args.only else "")
    print(f"command: {command}\n", flush=True)
    start = time.perf_counter()
    namespace, rows = build(args.quick, zc, zcore)
    rows = [row for row in rows if not args.only or args.only in row.op]
    times: list[list[dict[str, float]]] = [[] for _ in rows]
    failed: set[int] = set()
    for run_index in range(args.runs):
        if args.runs > 1:
            print(f"--- run {run_index + 1} of {args.runs} ---", flush=True)
        for index, row in enumerate(rows):
            if index in failed:
                continue
            try:
                times[index].append(time_row(row, namespace, config, with_zarr=zc is not None))
            except Exception:  # noqa: BLE001 - report and go on with the other rows
                failed.add(index)
                print(f"ERROR in row {row.op} [{row.size}]:", file=sys.stderr)
                traceback.print_exc()
                continue
            line = format_row(row, times[index][-1:], namespace)
            print("  ".join(line[:11]), flush=True)  # progress; the aligned table follows
    lines = [list(HEADER)]
    for index, row in enumerate(rows):
        if index in failed:
            lines.append([row.op, row.size] + ["error"] * (len(HEADER) - 2))
        else:
            lines.append(format_row(row, times[index], namespace))
    seconds = time.perf_counter() - start
    print()
    _print_table(lines, sys.stdout)
    print(f"\n{len(lines) - 1} rows, {args.runs} run(s) in {seconds:.0f} s; {len(failed)} failed")
    if args.markdown:
        Path(args.markdown).write_text(_markdown(info, command, lines, seconds), encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
