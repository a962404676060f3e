"""Snapshot the kit's verdicts on every committed backend, and compare two snapshots.

A refactor of the kit must not change what it reports.  ``snapshot`` runs
``bufferspec check`` (as :func:`bufferspec.conformance.run`, with fixed options)
on the reference and on every backend in ``conformance/backends/`` and writes one
JSON report per target, normalised so that only what a refactor may not change
remains: no timings, no step serial numbers, object addresses or line numbers
in tracebacks, and kit frames reduced to ``<kit>``.  ``compare`` lists every row
whose status, reason, detail, counterexample, reproducer or traceback differs.

    python -m conformance.snapshot write before/      # on the old tree
    python -m conformance.snapshot write after/       # on the new tree
    python -m conformance.snapshot compare before/ after/ [--rename OLD=NEW ...]

Backends that kill or block the interpreter (``hostile.ToBytesHangsInC`` and
friends) need ``isolate=True``; their own tests check them, so they are left out.
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import json
import multiprocessing
import pkgutil
import re
import sys
from pathlib import Path
from typing import Any

__all__ = ["compare", "normalise", "targets", "write"]

REFERENCE = "bufferspec.cpu:buffer_prototype"
#: Options of every snapshot run (small, so a snapshot of every backend takes minutes).
OPTIONS: dict[str, Any] = {"seed": 0, "max_examples": 10, "deadline": 5.0}
#: Backends that kill or hang the process: checked with isolate=True by their own tests.
NEEDS_ISOLATION = frozenset({"ToBytesHangsInC", "ToBytesSegfaults", "ToBytesExitsProcess", "segfaulting_prototype"})
FIELDS = ("status", "reason", "level", "detail", "counterexample", "reproducer", "traceback")


def targets() -> list[str]:
    """``module:attr`` of the reference and of every backend class or prototype in ``conformance.backends``."""
    import conformance.backends as package
    from bufferspec.conformance import resolve_target

    found = [REFERENCE]
    for info in pkgutil.iter_modules(package.__path__):
        try:
            module = importlib.import_module(f"{package.__name__}.{info.name}")
        except ImportError:  # an optional dependency (torch) is missing
            continue
        for name, obj in vars(module).items():
            defined_here = not inspect.isclass(obj) or obj.__module__ == module.__name__
            if name.startswith("__") or name in NEEDS_ISOLATION or not defined_here:
                continue
            if inspect.ismodule(obj) or inspect.isfunction(obj):
                continue
            try:
                resolve_target(obj)
            except Exception:  # noqa: BLE001 - not a target: a helper, a table, a base class
                continue
            found.append(f"{module.__name__}:{name}")
    return found


def normalise(text: str) -> str:
    """*text* without what a refactor of the kit may change: kit frames, serials, addresses, line numbers."""
    text = re.sub(r'File "[^"]*bufferspec/conformance/[^"]*", line \d+, in \w+\n(    .*\n)?', 'File "<kit>"\n', text)
    text = re.sub(r'(File "[^"]*", line )\d+', r"\1N", text)
    text = re.sub(r"(, line )\d+\)", r"\1N)", text)
    text = re.sub(r"<bufferspec step \d+>", "<bufferspec step>", text)
    text = re.sub(r"0x[0-9a-f]{6,}", "0x?", text)
    return "\n".join(line for line in text.split("\n") if not re.fullmatch(r"\s*[~^]+\s*", line))


def _one(job: tuple[str, str]) -> str:
    spec, folder = job
    from bufferspec.conformance import run

    try:
        report = json.loads(run(spec, **OPTIONS).to_json())
        rows = {row["id"]: {key: normalise(str(row[key])) for key in FIELDS} for row in report["results"]}
        data: dict[str, Any] = {"target": spec, "results": rows}
    except Exception as exc:  # noqa: BLE001 - a target the kit refuses is part of the snapshot
        data = {"target": spec, "error": f"{type(exc).__name__}: {exc}"}
    path = Path(folder) / (spec.replace(":", "__") + ".json")
    path.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return spec


def write(folder: Path, *, processes: int = 2, only: list[str] | None = None) -> list[str]:
    """Write one normalised report per target into *folder*; return the targets."""
    folder.mkdir(parents=True, exist_ok=True)
    chosen = only if only is not None else targets()
    jobs = [(spec, str(folder)) for spec in chosen]
    if processes <= 1:
        for job in jobs:
            _one(job)
    else:
        with multiprocessing.get_context("spawn").Pool(processes) as pool:
            for done, spec in enumerate(pool.imap_unordered(_one, jobs), start=1):
                print(f"{done}/{len(jobs)} {spec}", file=sys.stderr, flush=True)
    return chosen


def compare(before: Path, after: Path, renames: dict[str, str] | None = None) -> list[str]:
    """Lines describing each difference between two snapshots (empty: the same verdicts everywhere).

    *renames* maps a backend module's old dotted name to its new one, for snapshots
    taken across a rename.
    """
    renames = renames or {}

    def renamed(text: str) -> str:
        for old, new in renames.items():
            text = text.replace(old, new).replace(old.replace(".", "/") + ".py", new.replace(".", "/") + ".py")
        return text

    old = {renamed(path.name): path for path in before.glob("*.json")}
    new = {path.name: path for path in after.glob("*.json")}
    found = [f"only in {before}: {name}" for name in sorted(set(old) - set(new))]
    found += [f"only in {after}: {name}" for name in sorted(set(new) - set(old))]
    for name in sorted(set(old) & set(new)):
        a = json.loads(renamed(old[name].read_text(encoding="utf-8")))
        b = json.loads(new[name].read_text(encoding="utf-8"))
        if a.get("error") != b.get("error"):
            found.append(f"{name}: target error {a.get('error')!r} -> {b.get('error')!r}")
        rows_a, rows_b = a.get("results", {}), b.get("results", {})
        for contract in sorted(set(rows_a) | set(rows_b)):
            x, y = rows_a.get(contract), rows_b.get(contract)
            if x is None or y is None:
                found.append(f"{name}: {contract} only {'after' if x is None else 'before'}")
                continue
            found += [f"{name}: {contract} {key}: {x[key]!r} -> {y[key]!r}" for key in FIELDS if x[key] != y[key]]
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m conformance.snapshot", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    take = sub.add_parser("write", help="snapshot every backend into FOLDER")
    take.add_argument("folder", type=Path)
    take.add_argument("--processes", type=int, default=2)
    check = sub.add_parser("compare", help="list the differences between two snapshots (exit 1 if any)")
    check.add_argument("before", type=Path)
    check.add_argument("after", type=Path)
    check.add_argument("--rename", action="append", default=[], metavar="OLD=NEW",
                       help="a backend module renamed between the snapshots (dotted names)")
    args = parser.parse_args(argv)
    if args.command == "write":
        written = write(args.folder, processes=args.processes)
        print(f"{len(written)} targets written to {args.folder}")
        return 0
    renames = dict(item.split("=", 1) for item in args.rename)
    differences = compare(args.before, args.after, renames)
    for line in differences:
        print(line)
    print(f"{len(differences)} differences")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
