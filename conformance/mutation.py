"""How strong is the kit?  Mutation testing of the reference implementation, with the kit as the test suite.

mutmut (pinned: the ``mutation`` extra) changes the reference implementation,
``bufferspec._cpu_*`` and ``bufferspec._all_equal``, one small edit at a time
(a mutant) and runs the conformance kit against each mutant through its
pytest plugin, strict (``--bufferspec-target bufferspec.cpu:buffer_prototype
--bufferspec-strict``; the configuration is ``[tool.mutmut]`` in
pyproject.toml, the shim that makes the plugin's items selectable by mutmut,
imports the reference afresh for every mutant and records each contract's
outcome is ``conformance/mutation/kit_suite/``).

Every mutant is then judged mechanically (:mod:`conformance.mutation_judge`):
a kill is credited to the contract whose FAIL or WARN made it (an assertion,
or an exception from the reference); timeouts, kills at import and mutants
caught only by an ERROR are counted apart; each survivor runs the
differential battery (:mod:`conformance.mutation_battery`) in a fresh process
against the unmutated reference: no difference is "equivalent", a difference
in wording only is "unspecified", any other difference must be classified in
``conformance/mutation/survivors.toml`` as "missed" or "unspecified" with a
reason.  The record (:mod:`conformance.mutation_record`) is keyed to the
sha256 of every mutated file and to each mutant's mutation text.

Usage (from the repository root, with ``pip install -e ".[test,mutation]"``)::

    python -m conformance.mutation run      # fresh run; writes conformance/mutation/results.json, prints the report
    python -m conformance.mutation report   # the report; exit status 1 when the record does not fit today's sources
    python -m conformance.mutation sample   # re-pick the CI sample (conformance/mutation/sample.toml)
    python -m conformance.mutation kills ID...  # which missed survivors these contracts kill now (no mutmut run)

``run`` deletes ``mutants/`` first: mutmut reuses what it finds there, and the
kit under test may have changed since.  The CI tests
``tests/test_conformance_mutation.py`` replay the sample without mutmut and
check that the record fits today's sources.
"""

from __future__ import annotations

import argparse
import ast
import importlib
import json
import os
import platform
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from conformance.mutation_battery import EXAMPLES
from conformance.mutation_judge import caught_by, judge_survivors
from conformance.mutation_record import counts, dump, load_classification, problems, render, sources_digest

__all__ = [
    "DATA",
    "MUTMUT_VERSION",
    "RESULTS",
    "ROOT",
    "SAMPLE",
    "SURVIVORS",
    "TARGET",
    "Patch",
    "apply_patch",
    "check_contracts",
    "copy_package",
    "load_sample",
    "main",
]

#: The repository root (mutmut runs here: it reads ``[tool.mutmut]`` from ./pyproject.toml).
ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "conformance" / "mutation"
RESULTS = DATA / "results.json"
SURVIVORS = DATA / "survivors.toml"
SAMPLE = DATA / "sample.toml"
MUTANTS = ROOT / "mutants"
LOG = MUTANTS / "mutation-run.log"

MUTMUT_VERSION = "3.8.1"
TARGET = "bufferspec.cpu:buffer_prototype"

#: mutmut's own arguments for every pytest run (``runners/harness.py``, mutmut 3.8.1).
_MUTMUT_PYTEST_ARGS = ["--rootdir=.", "--tb=native", "-x", "-q", "-p", "no:randomly", "-p", "no:random-order"]


# -- run ---------------------------------------------------------------------------------------


def _mutmut_config() -> dict[str, Any]:
    config: dict[str, Any] = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["mutmut"]
    return config


def _versions() -> dict[str, str]:
    found = {"python": platform.python_version()}
    for name in ("mutmut", "bufferspec", "numpy", "hypothesis", "pytest"):
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "not installed"
    return found


def _mutmut_argv(max_children: int) -> list[str]:
    return ["run", "--max-children", str(max_children)]


def _test_suite_command(config: dict[str, Any]) -> str:
    """The pytest command mutmut runs in ``mutants/`` (the whole suite; per mutant it names the tests)."""
    args = ["python", "-m", "pytest", *_MUTMUT_PYTEST_ARGS, *config["pytest_add_cli_args_test_selection"],
            *config["pytest_add_cli_args"]]
    return shlex.join(args)


def run(max_children: int) -> int:
    """Run mutmut from scratch, then write :data:`RESULTS` and print the summary."""
    try:
        importlib.import_module("mutmut")
    except ImportError:
        print('mutmut is not installed: pip install -e ".[mutation]"', file=sys.stderr)
        return 2
    found = version("mutmut")
    if found != MUTMUT_VERSION:
        print(f"warning: mutmut {found} is installed; this setup is made for mutmut {MUTMUT_VERSION}", file=sys.stderr)
    os.chdir(ROOT)
    shutil.rmtree(MUTANTS, ignore_errors=True)
    MUTANTS.mkdir()
    argv = _mutmut_argv(max_children)
    code = "import sys; from mutmut.__main__ import cli; cli.main(args=sys.argv[1:], prog_name='mutmut')"
    print(f"mutmut {' '.join(argv)}  (log: {LOG.relative_to(ROOT)})", flush=True)
    started = time.monotonic()
    with LOG.open("w", encoding="utf-8") as log:
        process = subprocess.run([sys.executable, "-c", code, *argv], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                                 check=False)
    wall = time.monotonic() - started
    text = LOG.read_text("utf-8", errors="replace")
    if process.returncode != 0 or "mutations/second" not in text:
        print(f"mutmut failed (exit status {process.returncode}); the end of its log:", file=sys.stderr)
        print(_clean_log(text)[-3000:], file=sys.stderr)
        if "Failed to run clean test" in text:
            print("The unmutated reference fails the kit: fix that first "
                  "(bufferspec check --strict bufferspec.cpu:buffer_prototype).", file=sys.stderr)
        return 1
    results = collect_results(wall_seconds=wall, argv=argv, max_children=max_children)
    RESULTS.write_text(dump(results), encoding="utf-8")
    print(f"wrote {RESULTS.relative_to(ROOT)}")
    return report()


def _clean_log(text: str) -> str:
    """mutmut's log without its spinner lines (it redraws one line with carriage returns)."""
    return "\n".join(line.rsplit("\r", 1)[-1] for line in text.splitlines())


@dataclass(frozen=True)
class _Mutant:
    name: str  # mutmut's name: bufferspec._cpu_buffer.xǁBufferǁ__getitem____mutmut_3
    path: str  # src/bufferspec/_cpu_buffer.py
    status: str  # mutmut's status: killed, survived, timeout, no tests, ...

    @property
    def module(self) -> str:
        return self.name.rsplit(".", 1)[0]

    @property
    def function(self) -> str:
        """``Class.method`` or ``function``, as in the source."""
        mangled = self.name.rsplit(".", 1)[1].partition("__mutmut_")[0]
        if mangled.startswith("xǁ"):
            _, cls, method = mangled.split("ǁ")
            return f"{cls}.{method}"
        return mangled.removeprefix("x_")


def _mutmut(module: str) -> Any:
    """A module of mutmut (imported by name: mutmut is an optional dependency, needed by `run` and `sample`)."""
    return importlib.import_module(f"mutmut.{module}")


def _mutants() -> list[_Mutant]:
    status_by_exit_code = _mutmut("stats").status_by_exit_code
    found: list[_Mutant] = []
    for meta in sorted((MUTANTS / "src").rglob("*.py.meta")):
        path = meta.relative_to(MUTANTS).as_posix().removesuffix(".meta")
        codes: dict[str, int | None] = json.loads(meta.read_text("utf-8"))["exit_code_by_key"]
        found.extend(_Mutant(name, path, status_by_exit_code[code]) for name, code in codes.items())
    return found


def _changed_lines(mutant: _Mutant) -> tuple[int | None, list[str]]:
    """The first changed line in the original file and the diff's changed lines (``-``/``+``).

    mutmut renders a method at the indentation of a function; the lines are
    re-indented to sit where they are in the file.
    """
    diff: list[str] = _mutmut("mutation.diff_apply").get_diff_for_mutant(mutant.name, path=mutant.path).splitlines()
    changed = [line for line in diff if line[:1] in "-+" and not line.startswith(("---", "+++"))]
    removed = [line[1:] for line in changed if line.startswith("-")]
    number, shift = _locate(mutant, removed)
    return number, [text[0] + " " * shift + text[1:] if text[1:].strip() else text for text in changed]


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def _locate(mutant: _Mutant, removed: list[str]) -> tuple[int | None, int]:
    """Where the removed lines start in the original file (within the mutated function), and their indent shift."""
    source = (ROOT / mutant.path).read_text("utf-8")
    lines = source.splitlines()
    span = _function_span(source, mutant.function)
    if span is None:
        return None, 0
    start, end = span
    if not removed:
        return start, 0
    for number in range(start, end + 1):
        window = lines[number - 1:number - 1 + len(removed)]
        if [w.strip() for w in window] == [r.strip() for r in removed]:
            return number, _indent(window[0]) - _indent(removed[0])
    return None, 0


def _function_span(source: str, function: str) -> tuple[int, int] | None:
    cls, _, name = function.rpartition(".")
    body: Sequence[ast.stmt] = ast.parse(source).body
    if cls:
        body = next((node.body for node in body if isinstance(node, ast.ClassDef) and node.name == cls), [])
    for node in body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == name:
            return node.lineno, node.end_lineno or node.lineno
    return None


def collect_results(*, wall_seconds: float, argv: list[str], max_children: int) -> dict[str, Any]:
    """The record of the run in ``mutants/``: every mutant with its mutation and how the kit caught it.

    Survivors run the differential battery (:mod:`conformance.mutation_judge`), each in a fresh process.
    """
    from bufferspec.conformance import catalogue

    config = _mutmut_config()
    mutants = _mutants()
    entries: list[dict[str, Any]] = []
    for mutant in mutants:
        line, diff = _changed_lines(mutant)
        entry: dict[str, Any] = {"name": mutant.name, "line": line, "diff": [d[0] + d[1:].strip() for d in diff]}
        if mutant.status in ("killed", "survived"):
            entry |= caught_by(mutant.name, mutant.status)
        else:
            entry["how"] = "mutmut-timeout" if mutant.status == "timeout" else mutant.status
        entries.append(entry)
    survivors = [entry["name"] for entry in entries if entry["how"] == "survived"]
    print(f"{len(survivors)} survivors: running the differential battery on each", flush=True)
    verdicts = judge_survivors(survivors, workers=max_children)
    for entry in entries:
        entry |= verdicts.get(entry["name"], {})
    return {
        "tool": "mutmut",
        "command": f"python -m conformance.mutation run --max-children {max_children}",
        "mutmut_command": shlex.join(["mutmut", *argv]),
        "test_suite": _test_suite_command(config),
        "battery": f"python -m conformance.mutation_battery ({EXAMPLES} examples per probe, seed 25)",
        "sources": sources_digest(config["only_mutate"]),
        "contracts": len(catalogue()),
        "versions": _versions(),
        "cpus": os.cpu_count(),
        "wall_seconds": round(wall_seconds, 1),
        "counts": counts(entries),
        "mutants": entries,
    }


def _source_path(name: str) -> str:
    """The file of a mutant, relative to the repository root (``src/bufferspec/_cpu_buffer.py``)."""
    return "src/" + _where(name)[0].replace(".", "/") + ".py"


def _where(name: str) -> tuple[str, str]:
    """``(module, function)`` of a mutant name (``Class.method`` for a method)."""
    mutant = _Mutant(name, "", "")
    return mutant.module, mutant.function


# -- report ------------------------------------------------------------------------------------


def report() -> int:
    """Print the report of :data:`RESULTS`; exit status 1 when it does not fit today's sources."""
    if not RESULTS.exists():
        print(f"no {RESULTS.relative_to(ROOT)}: run `python -m conformance.mutation run` first", file=sys.stderr)
        return 1
    results = json.loads(RESULTS.read_text("utf-8"))
    classification = load_classification()
    print(render(results, classification))
    found = problems(results, sources_digest(_mutmut_config()["only_mutate"]), classification)
    for problem in found:
        print(f"stale: {problem}", file=sys.stderr)
    return 1 if found else 0


# -- the CI sample: killed mutants as patches, replayed without mutmut ---------------------------


@dataclass(frozen=True)
class Patch:
    """One killed mutant as a one-line edit of the reference, and the contract that kills it."""

    mutant: str
    file: str  # relative to the bufferspec package, e.g. "_cpu_buffer.py"
    line: int
    original: str
    mutated: str
    contract: str


def load_sample(path: Path = SAMPLE) -> list[Patch]:
    data = tomllib.loads(path.read_text("utf-8"))
    return [Patch(mutant=name, **fields) for name, fields in data["mutant"].items()]


def copy_package(destination: Path) -> Path:
    """A copy of the installed ``bufferspec`` package under *destination* (which goes first on sys.path)."""
    import bufferspec

    package = destination / "bufferspec"
    shutil.copytree(Path(bufferspec.__file__).parent, package, ignore=shutil.ignore_patterns("__pycache__"))
    return package


def apply_patch(package: Path, patch: Patch) -> None:
    """Replace the patch's line in the copy; the line is found by content (the number is a hint).

    Raises
    ------
    ValueError
        If the original line is not in the file (the reference changed: re-pick the sample).
    """
    file = package / patch.file
    lines = file.read_text("utf-8").splitlines(keepends=True)
    found = [i for i, line in enumerate(lines) if line.rstrip("\n") == patch.original]
    if not found:
        raise ValueError(f"{patch.mutant}: line {patch.original.strip()!r} is not in {patch.file} any more; "
                         "re-pick the sample: python -m conformance.mutation sample")
    index = patch.line - 1 if patch.line - 1 in found else found[0]
    lines[index] = patch.mutated + "\n"
    file.write_text("".join(lines), encoding="utf-8")


#: Runs contracts against the ``bufferspec`` first on sys.path; prints ``<id> <STATUS>`` per contract.
_CHECK = """\
import sys
sys.path.insert(0, sys.argv[1])
import bufferspec
from pathlib import Path
assert Path(bufferspec.__file__).parent == Path(sys.argv[1]) / "bufferspec", bufferspec.__file__
from bufferspec.conformance import run
for contract in sys.argv[3:]:
    report = run(sys.argv[2], select=contract, strict=True)
    print(contract, report.by_id(contract).status.name, flush=True)
"""


def check_contracts(root: Path, contracts: Iterable[str], *, timeout: float = 120) -> dict[str, str]:
    """``{contract id: status name}`` of the kit of the ``bufferspec`` package in *root*, checked in a fresh process.

    A process that dies or times out gives the status ``CRASHED`` to the contracts it did not print.
    """
    ids = list(contracts)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "MUTANT_UNDER_TEST")}
    env["HYPOTHESIS_STORAGE_DIRECTORY"] = str(root / ".hypothesis")
    try:
        done = subprocess.run([sys.executable, "-c", _CHECK, str(root), TARGET, *ids], cwd=root, env=env,
                              capture_output=True, text=True, timeout=timeout, check=False)
        output = done.stdout
    except subprocess.TimeoutExpired as exc:
        output = (exc.stdout or b"").decode(errors="replace")  # bytes, whatever text= says
    statuses = dict(line.split(" ", 1) for line in output.splitlines() if line.count(" ") == 1)
    return {cid: statuses.get(cid, "CRASHED") for cid in ids}


def _killer(patch: Patch, candidates: list[str]) -> str | None:
    """The first of *candidates* that FAILs with *patch* applied (checked in batches of a few)."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        apply_patch(copy_package(root), patch)
        for start in range(0, len(candidates), 8):
            batch = candidates[start:start + 8]
            statuses = check_contracts(root, batch)
            for cid in batch:
                if statuses[cid] == "FAIL":
                    return cid
    return None


def _sample_candidates() -> list[tuple[_Mutant, Patch, list[str]]]:
    """Killed single-line mutants whose original line is unique in its file, with the contracts that reach them."""
    stats = json.loads((MUTANTS / "mutmut-stats.json").read_text("utf-8"))
    tests: dict[str, list[str]] = stats["tests_by_mangled_function_name"]
    durations: dict[str, float] = stats["duration_by_test"]
    found = []
    for mutant in _mutants():
        if mutant.status != "killed":
            continue
        line, diff = _changed_lines(mutant)
        if len(diff) != 2 or line is None or not diff[0].startswith("-") or not diff[1].startswith("+"):
            continue
        original, mutated = diff[0][1:], diff[1][1:]
        source = (ROOT / mutant.path).read_text("utf-8").splitlines()
        if source.count(original) != 1 or mutated.strip() == original.strip():
            continue
        patch = Patch(mutant=mutant.name, file=Path(mutant.path).name, line=line, original=original,
                      mutated=mutated, contract="")
        reached = sorted(tests.get(mutant.name.partition("__mutmut_")[0], []), key=lambda t: durations.get(t, 0))
        found.append((mutant, patch, [t.rpartition("::")[2] for t in reached]))
    return found


def sample(count: int) -> int:
    """Pick *count* killed mutants spread over the modules and functions; write :data:`SAMPLE`."""
    if not (MUTANTS / "mutmut-stats.json").exists():
        print("no mutants/ of a finished run: run `python -m conformance.mutation run` first", file=sys.stderr)
        return 1
    os.chdir(ROOT)
    by_module: dict[str, list[tuple[_Mutant, Patch, list[str]]]] = defaultdict(list)
    for candidate in _sample_candidates():
        by_module[candidate[0].module].append(candidate)
    # Round-robin over the modules, each time the next function not sampled yet (spread over the mutant list).
    queues = {module: _spread(entries) for module, entries in sorted(by_module.items())}
    chosen: list[Patch] = []
    used_functions: set[str] = set()
    while len(chosen) < count and any(queues.values()):
        for module, queue in queues.items():
            while queue and len(chosen) < count:
                mutant, patch, candidates = queue.pop(0)
                if f"{module}.{mutant.function}" in used_functions:
                    continue
                killer = _killer(patch, candidates)
                if killer is None:
                    continue
                used_functions.add(f"{module}.{mutant.function}")
                chosen.append(Patch(**{**patch.__dict__, "contract": killer}))
                print(f"{mutant.name}: killed by {killer}", flush=True)
                break
    SAMPLE.write_text(_sample_toml(chosen), encoding="utf-8")
    print(f"wrote {SAMPLE.relative_to(ROOT)} ({len(chosen)} mutants)")
    return 0


def _spread(entries: list[tuple[_Mutant, Patch, list[str]]]) -> list[tuple[_Mutant, Patch, list[str]]]:
    """One entry per function first (the function's middle mutant), in a fixed order."""
    per_function: dict[str, list[tuple[_Mutant, Patch, list[str]]]] = defaultdict(list)
    for entry in entries:
        per_function[entry[0].function].append(entry)
    firsts = [group[len(group) // 2] for _, group in sorted(per_function.items())]
    rest = [e for _, group in sorted(per_function.items()) for e in group if e not in firsts]
    return firsts + rest


def _toml_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid TOML basic string


def _sample_toml(patches: list[Patch]) -> str:
    out = [
        "# Killed mutants of the reference, replayed by tests/test_conformance_mutation.py without mutmut:",
        "# each one-line patch is applied to a copy of the bufferspec package and `contract` must FAIL on it",
        "# (strict), while the unpatched copy passes. Picked from a mutmut run by",
        "# `python -m conformance.mutation sample` (the line number is a hint; the line is found by content).",
        "",
    ]
    for patch in patches:
        out += [
            f"[mutant.{_toml_string(patch.mutant)}]",
            f"file = {_toml_string(patch.file)}",
            f"line = {patch.line}",
            f"original = {_toml_string(patch.original)}",
            f"mutated = {_toml_string(patch.mutated)}",
            f"contract = {_toml_string(patch.contract)}",
            "",
        ]
    return "\n".join(out)


# -- kills: check contracts against the missed survivors ---------------------------------------


def mutant_package(root: Path, mutant: str, path: str) -> Path:
    """A copy of the package under *root* with *mutant*'s function (from ``mutants/``) in place of the original."""
    libcst: Any = importlib.import_module("libcst")
    diff_apply = _mutmut("mutation.diff_apply")
    package = copy_package(root)
    functions = diff_apply.read_functions_from_index(mutant, path)
    if functions is None:
        module = diff_apply.read_mutants_module(path)
        functions = (diff_apply.read_original_function(module, mutant), diff_apply.read_mutant_function(module, mutant))
    mutated = functions[1]
    file = package / Path(path).name
    tree = libcst.parse_module(file.read_text("utf-8"))
    original = diff_apply.find_top_level_function_or_method(tree, mutated.name.value)
    if original is None:
        raise ValueError(f"{mutant}: no function {mutated.name.value} in {file}")
    file.write_text(tree.deep_replace(original, mutated).code, encoding="utf-8")
    return package


def kills(contracts: Sequence[str], names: Sequence[str]) -> int:
    """Check the contracts *contracts* of today's kit against every survivor classified "missed" (or *names*).

    A quick loop for writing a contract against a survivor, before a full
    ``run`` measures the kit again.  Needs the ``mutants/`` of the run that
    :data:`RESULTS` records.  Prints one line per mutant; returns 0 when
    every one is killed.
    """
    if not (MUTANTS / "mutmut-stats.json").exists():
        print("no mutants/ of a finished run: run `python -m conformance.mutation run` first", file=sys.stderr)
        return 1
    os.chdir(ROOT)
    from bufferspec.conformance import catalogue

    known = {c.id for c in catalogue()}
    unknown = [cid for cid in contracts if cid not in known]
    if unknown:
        print(f"unknown contract ids: {', '.join(unknown)} (bufferspec contracts lists them)", file=sys.stderr)
        return 2
    classification = load_classification()
    record = json.loads(RESULTS.read_text("utf-8"))["mutants"]
    survivors = {m["name"] for m in record if m["how"] == "survived"}
    chosen = [n for n in (names or sorted(classification))
              if n in survivors and (names or classification[n].status == "missed")]
    with tempfile.TemporaryDirectory() as tmp:
        clean = Path(tmp) / "clean"
        clean.mkdir()
        copy_package(clean)
        baseline = check_contracts(clean, contracts, timeout=300)
        if any(status != "PASS" for status in baseline.values()):
            print(f"the unmutated reference does not pass them all: {baseline}", file=sys.stderr)
            return 2

        def check(name: str) -> tuple[str, dict[str, str]]:
            root = Path(tmp) / name.rsplit(".", 1)[1].replace("ǁ", "_")
            root.mkdir()
            mutant_package(root, name, _source_path(name))
            statuses = check_contracts(root, contracts, timeout=300)
            shutil.rmtree(root)
            return name, statuses

        with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
            results = dict(pool.map(check, chosen))
    alive = crashed = 0
    for name in chosen:
        # WARN: a SHOULD contract broken (the mutation suite runs strict); a crash is reported, not counted
        failed = [cid for cid, status in results[name].items() if status in ("FAIL", "WARN", "ERROR")]
        broke = [cid for cid, status in results[name].items() if status == "CRASHED"]
        alive += not failed and not broke
        crashed += bool(broke) and not failed
        rule = classification[name].reason if name in classification else ""
        verdict = "killed" if failed else "CRASH " if broke else "ALIVE "
        print(f"{verdict}  {name}  {rule}  {' '.join(failed or broke)}")
    killed = len(chosen) - alive - crashed
    print(f"{killed}/{len(chosen)} killed by {', '.join(contracts)}" + (f"; {crashed} crashed" if crashed else ""))
    return 1 if alive or crashed else 0


# -- command line ------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m conformance.mutation", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    run_parser = commands.add_parser("run", help="run mutmut from scratch and write results.json")
    run_parser.add_argument("--max-children", type=int, default=os.cpu_count() or 2, metavar="N",
                            help="mutants tested in parallel (default: the number of CPUs)")
    commands.add_parser("report", help="summarise results.json with the survivors' classification")
    sample_parser = commands.add_parser("sample", help="re-pick the CI sample from the last run's mutants/")
    sample_parser.add_argument("--count", type=int, default=10, metavar="N")
    kills_parser = commands.add_parser("kills", help="which missed survivors the given contracts kill now")
    kills_parser.add_argument("contracts", nargs="+", metavar="ID", help="contract ids of today's kit")
    kills_parser.add_argument("--mutant", action="append", default=[], metavar="NAME",
                              help="check this mutant (repeatable; default: every missed survivor)")
    args = parser.parse_args(argv)
    if args.command == "kills":
        return kills(args.contracts, args.mutant)
    if args.command == "run":
        return run(args.max_children)
    if args.command == "report":
        return report()
    return sample(args.count)


if __name__ == "__main__":
    sys.exit(main())
