"""The recorded results of zarr's test suite, and the docs page rendered from them."""

from __future__ import annotations

import json
import platform
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from conformance.zarr_suite._compare import Verdict, module_counts
from conformance.zarr_suite._runs import MODES, ModeRun, Selection
from conformance.zarr_suite._setup import ROOT

__all__ = ["PAGE", "RESULTS", "load_results", "render", "results_document"]

RESULTS = Path(__file__).with_name("results")
PAGE = ROOT / "docs" / "zarr-compatibility.md"
_OUTCOMES = ("passed", "failed", "error", "skipped", "xfailed", "xpassed")


def results_document(version: str, selection: Selection, runs: Mapping[str, ModeRun], verdict: Verdict) -> dict[str, Any]:
    """What a run records: environment, counts per mode and module, the spy, every difference and its reason."""
    outcomes = {mode: runs[mode].document["outcomes"] for mode in MODES}
    per_module: dict[str, dict[str, dict[str, int]]] = {}
    for mode in MODES:
        for module, counts in module_counts(outcomes[mode]).items():
            per_module.setdefault(module, {})[mode] = counts
    differences = [
        {"test": d.test, "baseline": d.baseline, "bufferspec": d.bufferspec, "control": d.control,
         "class": d.cls, "message": d.message, "reason": reason}
        for d, reason in verdict.explained
    ]
    return {
        "zarr": version,
        "python": platform.python_version(),
        "numpy": np.__version__,
        "selection": selection.name,
        "description": selection.description,
        "paths": list(selection.paths),
        "absent": list(selection.absent),
        "seconds": {mode: round(runs[mode].seconds) for mode in MODES},
        "counts": {mode: dict(sorted(Counter(outcomes[mode].values()).items())) for mode in MODES},
        "modules": dict(sorted(per_module.items())),
        "stored": {mode: runs[mode].document["stored"] for mode in MODES},
        "differences": differences,
    }


def load_results(directory: Path = RESULTS) -> list[dict[str, Any]]:
    """Every recorded result, newest zarr first, the full selection before the CI one."""
    documents = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(directory.glob("*.json"))]
    order = {"full": 0, "ci": 1}
    return sorted(documents, key=lambda d: (tuple(-int(x) for x in str(d["zarr"]).split(".") if x.isdigit()),
                                            order.get(str(d["selection"]), 2)))


def _counts(counts: Mapping[str, int]) -> str:
    return ", ".join(f"{counts[o]} {o}" for o in _OUTCOMES if counts.get(o))


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _section(document: Mapping[str, Any]) -> list[str]:
    lines = [f"## zarr {document['zarr']}: the `{document['selection']}` selection", ""]
    lines.append(f"Python {document['python']}, NumPy {document['numpy']}. "
                 f"Selection: {document['description']} (`{'`, `'.join(document['paths'])}`).")
    if document["absent"]:
        lines.append(f"Not in this zarr version: `{'`, `'.join(document['absent'])}`.")
    lines += ["", "| run | tests | outcomes | seconds | values the stores received |", "|---|---|---|---|---|"]
    for mode in MODES:
        counts = document["counts"][mode]
        stored = ", ".join(f"`{name}` {n}" for name, n in document["stored"][mode].items()) or "—"
        lines.append(f"| {mode} | {sum(counts.values())} | {_counts(counts)} | {document['seconds'][mode]} | {stored} |")
    lines += ["", "Per module (passed / not passed in each run):", "",
              "| module | baseline | bufferspec | control |", "|---|---|---|---|"]
    for module, by_mode in document["modules"].items():
        cells = []
        for mode in MODES:
            counts = by_mode.get(mode, {})
            cells.append(f"{counts.get('passed', 0)} / {sum(counts.values()) - counts.get('passed', 0)}")
        lines.append(f"| `{module}` | " + " | ".join(cells) + " |")
    lines.append("")
    if not document["differences"]:
        lines += ["Every test has the same outcome with bufferspec's buffers as with zarr's own.", ""]
        return lines
    lines += [f"{len(document['differences'])} tests differ from the baseline, each one expected with its reason "
              "(`conformance/zarr_suite/expected.toml`):", "",
              "| test | baseline → bufferspec (control) | class | reason |", "|---|---|---|---|"]
    for d in document["differences"]:
        lines.append(f"| `{_cell(d['test'])}` | {d['baseline']} → {d['bufferspec']} ({d['control']}) | "
                     f"{d['class']} | {_cell(d['reason'])} |")
    lines.append("")
    return lines


def render(documents: Sequence[Mapping[str, Any]]) -> str:
    """The page ``docs/zarr-compatibility.md``: deterministic, from the recorded results only."""
    lines = [
        "# zarr compatibility",
        "",
        "<!-- Generated by `python -m conformance.zarr_suite run --selection full --write`; do not edit. -->",
        "",
        "zarr-python's own test suite, which nobody at bufferspec wrote, is the judge of the drop-in. "
        "`python -m conformance.zarr_suite` fetches it from the sdist of the installed zarr and runs a "
        "selection of it three times: **baseline** (zarr's own buffers), **bufferspec** (only "
        "`ZARR_BUFFER=bufferspec.cpu.Buffer` and `ZARR_NDBUFFER=bufferspec.cpu.NDBuffer` set in the "
        "environment) and **control** (trivial subclasses of zarr's own buffers, selected the same way). "
        "A difference that the control run shares is a zarr limitation for any non-default buffer class "
        "(class `zarr`); one it does not share is bufferspec's to fix (class `bufferspec`). The last "
        "column of the first table is the spy: the classes of the values zarr's stores received.",
        "",
        "Run it yourself (Python 3.12 for zarr 3.4; the first run downloads the sdist and builds a "
        "virtual environment under `.zarr-suite/`):",
        "",
        "```sh",
        "python -m conformance.zarr_suite run --selection full   # about 13,000 tests, three times",
        "python -m conformance.zarr_suite run --selection ci     # the subset CI runs",
        "```",
        "",
    ]
    for document in documents:
        lines += _section(document)
    if not documents:
        lines += ["No run is recorded yet.", ""]
    return "\n".join(lines).rstrip("\n") + "\n"
