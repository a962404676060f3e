"""The record of a mutation run (``conformance/mutation/results.json``), its classification and its report.

The record is keyed to the exact sources: the sha256 of every mutated file,
and for every mutant its name *and* its mutation (the changed lines).  A
classification in ``survivors.toml`` names the mutant and repeats its
mutation; :func:`problems` lists every way the record and the classification
no longer fit today's sources, and ``python -m conformance.mutation report``
exits 1 when there is any.

``survivors.toml`` classifies only what the machine cannot decide: survivors
the battery saw behave differently (``differs``) are ``missed`` (a rule the
kit should judge and does not; the reason names the rule) or ``unspecified``
(the reason quotes what the specification leaves open).
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["Classification", "counts", "docs_table", "dump", "load_classification", "problems", "render", "sources_digest"]

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "conformance" / "mutation"
SURVIVORS = DATA / "survivors.toml"
#: What the kit's verdict was for each ``how`` (see :func:`conformance.mutation_judge.caught_by`).
VERDICT_KILLS = ("assertion", "exception")
TIMEOUT_KILLS = ("timeout", "mutmut-timeout")


def sources_digest(patterns: list[str]) -> dict[str, str]:
    """``{path: sha256}`` of every mutated source file (*patterns* are ``only_mutate``'s globs)."""
    found: dict[str, str] = {}
    for pattern in sorted(patterns):
        for file in sorted(ROOT.glob(pattern)):
            found[file.relative_to(ROOT).as_posix()] = hashlib.sha256(file.read_bytes()).hexdigest()
    return found


@dataclass(frozen=True)
class Classification:
    """What ``survivors.toml`` says about one survivor the battery saw differ."""

    status: str  # "missed" or "unspecified"
    reason: str
    diff: tuple[str, ...]


def load_classification(path: Path = SURVIVORS) -> dict[str, Classification]:
    if not path.exists():
        return {}
    data: dict[str, Any] = tomllib.loads(path.read_text("utf-8"))
    return {name: Classification(entry["status"], entry["reason"], tuple(entry["diff"]))
            for name, entry in data.get("mutant", {}).items()}


def counts(mutants: list[dict[str, Any]]) -> dict[str, Any]:
    """The published numbers of a record's mutants."""
    how = Counter(m["how"] for m in mutants)
    battery = Counter(m.get("battery", "") for m in mutants if m["how"] == "survived")
    total = len(mutants)
    unreached = how["no tests"]
    tested = total - unreached
    verdict = sum(how[k] for k in VERDICT_KILLS)
    equivalent = battery["equivalent"]
    return {
        "mutants": total,
        "unreached": unreached,
        "tested": tested,
        "killed_by_assertion": how["assertion"],
        "killed_by_exception": how["exception"],
        "killed_by_verdict": verdict,
        "timeouts": sum(how[k] for k in TIMEOUT_KILLS),
        "killed_at_import": how["import"],
        "caught_by_error_only": how["error"],
        "survived": how["survived"],
        "equivalent": equivalent,
        "unspecified_wording": battery["wording"],
        "differs": battery["differs"],
        "other": {k: v for k, v in how.items() if k not in (*VERDICT_KILLS, *TIMEOUT_KILLS, "import", "error",
                                                                 "survived", "no tests")},
    }


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def score(numbers: dict[str, Any], unspecified: int) -> dict[str, Any]:
    """Kills by verdict among the non-equivalent mutants, and among those that break a rule."""
    non_equivalent = numbers["tested"] - numbers["equivalent"]
    breaking = non_equivalent - numbers["unspecified_wording"] - unspecified
    return {
        "verdict_of_non_equivalent": f"{numbers['killed_by_verdict']}/{non_equivalent}",
        "percent_of_non_equivalent": _percent(numbers["killed_by_verdict"], non_equivalent),
        "verdict_of_rule_breaking": f"{numbers['killed_by_verdict']}/{breaking}",
        "percent_of_rule_breaking": _percent(numbers["killed_by_verdict"], breaking),
    }


def problems(results: dict[str, Any], today: dict[str, str], classification: dict[str, Classification]) -> list[str]:
    """Every way the record no longer fits today's sources or its classification (empty: it fits)."""
    found: list[str] = []
    recorded = results.get("sources", {})
    for path in sorted(set(recorded) | set(today)):
        if recorded.get(path) != today.get(path):
            state = "is new" if path not in recorded else "is gone" if path not in today else "changed"
            found.append(f"{path} {state} since the recorded run: run `python -m conformance.mutation run` again")
    by_name = {m["name"]: m for m in results.get("mutants", [])}
    for name, entry in sorted(classification.items()):
        mutant = by_name.get(name)
        if mutant is None or mutant["how"] != "survived" or mutant.get("battery") != "differs":
            found.append(f"{SURVIVORS.name}: {name} is not a survivor that differs in the record")
        elif tuple(mutant["diff"]) != entry.diff:
            found.append(f"{SURVIVORS.name}: {name} names another mutation now ({' | '.join(mutant['diff'])})")
        if entry.status not in ("missed", "unspecified") or not entry.reason:
            found.append(f"{SURVIVORS.name}: {name}: status must be missed or unspecified, with a reason")
    for name, mutant in sorted(by_name.items()):
        if mutant["how"] == "survived" and mutant.get("battery") == "differs" and name not in classification:
            found.append(f"{SURVIVORS.name}: {name} differs from the reference and is not classified")
    return found


def dump(results: dict[str, Any]) -> str:
    """*results* as JSON with one line per mutant."""
    head = {k: v for k, v in results.items() if k != "mutants"}
    text = json.dumps(head, indent=1, ensure_ascii=False)[:-2]
    rows = ",".join("\n  " + json.dumps(m, ensure_ascii=False) for m in results["mutants"])
    return text + f',\n "mutants": [{rows}\n ]\n}}\n'


def render(results: dict[str, Any], classification: dict[str, Classification]) -> str:
    """The human-readable report of a record."""
    numbers = results["counts"]
    unspecified = sum(1 for c in classification.values() if c.status == "unspecified")
    missed = [(name, c) for name, c in sorted(classification.items()) if c.status == "missed"]
    marks = score(numbers, unspecified)
    out = [
        f"command: {results['command']}  (mutmut: {results['mutmut_command']}; {results['cpus']} CPUs, "
        f"{results['wall_seconds']:.0f} s)",
        "versions: " + ", ".join(f"{k} {v}" for k, v in results["versions"].items()),
        f"kit: {results['contracts']} contracts; mutated: {', '.join(results['sources'])}",
        f"mutants: {numbers['mutants']} ({numbers['unreached']} not reached by any contract; {numbers['tested']} tested)",
        f"  killed by a contract's verdict: {numbers['killed_by_verdict']} "
        f"(an assertion {numbers['killed_by_assertion']}, an exception from the reference {numbers['killed_by_exception']})",
        f"  timeouts: {numbers['timeouts']}   killed at import: {numbers['killed_at_import']}   "
        f"caught only by ERROR: {numbers['caught_by_error_only']}",
        f"  survived: {numbers['survived']} = equivalent {numbers['equivalent']} (the battery sees no difference) "
        f"+ unspecified wording {numbers['unspecified_wording']} + differ {numbers['differs']} "
        f"(unspecified {unspecified}, missed {len(missed)})",
        f"score: killed by verdict / non-equivalent = {marks['verdict_of_non_equivalent']} = "
        f"{marks['percent_of_non_equivalent']} %; / rule-breaking (non-equivalent, not unspecified) = "
        f"{marks['verdict_of_rule_breaking']} = {marks['percent_of_rule_breaking']} %",
    ]
    kills = Counter(m["contract"] for m in results["mutants"] if m["how"] in VERDICT_KILLS)
    out.append(f"contracts that killed mutants: {len(kills)} of {results['contracts']}")
    if missed:
        out.append("missed (the kit should judge these):")
        out.extend(f"  {name}: {c.reason}\n      {' | '.join(c.diff)}" for name, c in missed)
    reasons = Counter(c.reason for c in classification.values() if c.status == "unspecified")
    if reasons:
        out.append("unspecified (differs, but the specification leaves it open):")
        out.extend(f"  {n:4d}  {reason}" for reason, n in reasons.most_common())
    errors = [m for m in results["mutants"] if m["how"] == "error"]
    if errors:
        out.append("caught only by ERROR:")
        out.extend(f"  {m['name']}: {m['contract']}: {m['reason'][:120]}" for m in errors)
    return "\n".join(out)


def docs_table(results: dict[str, Any], classification: dict[str, Classification]) -> str:
    """The numbers of the record as the Markdown table ``docs/mutation-testing.md`` shows (a test compares)."""
    numbers = results["counts"]
    unspecified = sum(1 for c in classification.values() if c.status == "unspecified")
    missed = sum(1 for c in classification.values() if c.status == "missed")
    marks = score(numbers, unspecified)
    rows = [
        ("mutants made", numbers["mutants"]),
        ("not reached by any contract", numbers["unreached"]),
        ("tested", numbers["tested"]),
        ("killed by a contract's verdict: an assertion of the check", numbers["killed_by_assertion"]),
        ("killed by a contract's verdict: the reference raised where it had to succeed", numbers["killed_by_exception"]),
        ("timed out (the kit's deadline or mutmut's)", numbers["timeouts"]),
        ("killed at import (the reference no longer imports)", numbers["killed_at_import"]),
        ("caught only by an ERROR (the kit could not run a check)", numbers["caught_by_error_only"]),
        ("survived: equivalent (the battery sees no difference)", numbers["equivalent"]),
        ("survived: unspecified, only the wording of a message or a warning differs", numbers["unspecified_wording"]),
        ("survived: differs, unspecified (with the reason)", unspecified),
        ("survived: differs, missed by the kit", missed),
    ]
    lines = ["| | mutants |", "|---|---:|"] + [f"| {label} | {value:,} |" for label, value in rows]
    lines.append(f"| **killed by verdict, of the non-equivalent mutants** | **{marks['verdict_of_non_equivalent']} "
                 f"= {marks['percent_of_non_equivalent']} %** |")
    lines.append(f"| **killed by verdict, of the mutants that break a rule** (not equivalent, not unspecified) | "
                 f"**{marks['verdict_of_rule_breaking']} = {marks['percent_of_rule_breaking']} %** |")
    return "\n".join(lines)
