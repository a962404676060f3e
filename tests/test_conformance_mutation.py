"""The kit still kills a fixed sample of the mutants a mutmut run killed (conformance/mutation/sample.toml).

Each sampled mutant is a one-line patch of the reference implementation:
it is applied to a copy of the ``bufferspec`` package, first on ``sys.path``
of a fresh interpreter, and the contract recorded as its killer must FAIL
there (strict).  The unpatched copy must pass the same contracts, so the
test can fail.  Needs neither mutmut nor ``mutants/``
(``python -m conformance.mutation`` is the full run).
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from conformance.mutation import RESULTS, SAMPLE, Patch, apply_patch, check_contracts, copy_package, load_sample
from conformance.mutation_record import Classification, counts, docs_table, load_classification, problems

SAMPLE_PATCHES = load_sample()


def test_the_sample_is_varied() -> None:
    assert len(SAMPLE_PATCHES) >= 8
    modules = Counter(patch.file for patch in SAMPLE_PATCHES)
    assert len(modules) >= 5, modules
    assert len({patch.contract for patch in SAMPLE_PATCHES}) >= len(SAMPLE_PATCHES) - 2
    for patch in SAMPLE_PATCHES:
        assert patch.original != patch.mutated, patch.mutant


def _patched_statuses(tmp_path: Path, patch: Patch) -> str:
    root = tmp_path / patch.mutant.rsplit(".", 1)[1].replace("ǁ", "_")
    root.mkdir()
    apply_patch(copy_package(root), patch)
    return check_contracts(root, [patch.contract])[patch.contract]


def test_each_sampled_mutant_is_killed_and_the_reference_passes(tmp_path: Path) -> None:
    clean = tmp_path / "clean"
    clean.mkdir()
    copy_package(clean)
    with ThreadPoolExecutor(max_workers=2) as pool:
        reference = pool.submit(check_contracts, clean, sorted({p.contract for p in SAMPLE_PATCHES}))
        killed = dict(zip((p.mutant for p in SAMPLE_PATCHES),
                          pool.map(lambda patch: _patched_statuses(tmp_path, patch), SAMPLE_PATCHES), strict=True))
        passed = reference.result()
    assert passed == dict.fromkeys(passed, "PASS"), "the unpatched reference fails a sampled contract"
    survivors = {mutant: status for mutant, status in killed.items() if status != "FAIL"}
    assert not survivors, f"sampled mutants of {SAMPLE.name} no longer killed by their contract: {survivors}"


def test_a_patch_whose_line_is_gone_says_to_resample(tmp_path: Path) -> None:
    package = copy_package(tmp_path)
    patch = Patch(mutant="m", file="_cpu_common.py", line=1, original="no such line", mutated="x", contract="c")
    with pytest.raises(ValueError, match="re-pick the sample"):
        apply_patch(package, patch)


# -- the record: keyed to today's sources, its numbers on the docs page --------------------------------

ROOT = Path(__file__).resolve().parent.parent


def _record() -> dict[str, Any]:
    results: dict[str, Any] = json.loads(RESULTS.read_text("utf-8"))
    return results


def test_the_report_exits_0_on_the_committed_record() -> None:
    # The CI guard: the recorded run fits today's reference sources and every differing survivor is classified.
    done = subprocess.run([sys.executable, "-m", "conformance.mutation", "report"], cwd=ROOT, capture_output=True,
                          text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "killed by a contract's verdict" in done.stdout


def test_any_change_to_the_references_sources_makes_the_record_stale() -> None:
    results = _record()
    classification = load_classification()
    today = dict(results["sources"])
    assert problems(results, today, classification) == []
    for path in today:
        changed = today | {path: "0" * 64}
        assert any(path in problem and "changed" in problem for problem in problems(results, changed, classification))
    assert problems(results, today | {"src/bufferspec/_cpu_new.py": "1" * 64}, classification)


def test_a_classification_is_keyed_to_the_mutation_text_not_only_the_name() -> None:
    results = _record()
    classification = load_classification()
    today = dict(results["sources"])
    differing = [m for m in results["mutants"] if m["how"] == "survived" and m.get("battery") == "differs"]
    assert differing, "no survivor differs: nothing to classify"
    name = differing[0]["name"]
    wrong = classification | {name: Classification("missed", "a rule", ("-x = 1", "+x = 2"))}
    assert any(name in problem and "another mutation" in problem for problem in problems(results, today, wrong))
    missing = {key: value for key, value in classification.items() if key != name}
    assert any(name in problem and "not classified" in problem for problem in problems(results, today, missing))


def test_the_docs_page_shows_the_recorded_numbers() -> None:
    page = (ROOT / "docs" / "mutation-testing.md").read_text("utf-8")
    assert docs_table(_record(), load_classification()) in page, (
        "docs/mutation-testing.md does not show the numbers of conformance/mutation/results.json: paste "
        "conformance.mutation_record.docs_table's output")


def test_kills_are_credited_to_a_contract_and_counted_apart_from_errors_and_timeouts() -> None:
    results = _record()
    from bufferspec.conformance import catalogue

    ids = {item.id for item in catalogue()}
    for mutant in results["mutants"]:
        if mutant["how"] in ("assertion", "exception", "timeout", "error"):
            assert mutant["contract"] in ids, mutant
    numbers = counts(results["mutants"])
    assert numbers == results["counts"]
    assert numbers["killed_by_verdict"] == numbers["killed_by_assertion"] + numbers["killed_by_exception"]
    assert numbers["tested"] == sum(v for k, v in numbers.items() if k in (
        "killed_by_verdict", "timeouts", "killed_at_import", "caught_by_error_only", "survived")) + sum(
        numbers["other"].values())


def test_the_battery_is_deterministic_and_sees_a_broken_reference(monkeypatch: pytest.MonkeyPatch) -> None:
    from bufferspec import cpu
    from conformance.mutation_battery import observe
    from conformance.mutation_judge import battery_verdict

    first, second = observe(examples=10), observe(examples=10)
    reference = {"spec": first.spec, "strict": first.strict}
    assert battery_verdict(reference, {"spec": second.spec, "strict": second.strict}) == {"battery": "equivalent"}
    # Only a message's wording changes: "wording", the specification leaves it open.
    reworded = [line.replace("raise ValueError: value:", "raise ValueError: value: (reworded)") for line in first.strict]
    assert reworded != first.strict
    assert battery_verdict(reference, {"spec": first.spec, "strict": reworded}) == {"battery": "wording"}
    # An all_equal that only looks at the first element: the battery sees it.
    original = cpu.NDBuffer.all_equal

    def first_only(self: Any, other: Any, equal_nan: bool = True) -> bool:
        data = self.as_numpy_array().reshape(-1)[:1]
        return bool(original(cpu.NDBuffer.from_numpy_array(data.copy()), other, equal_nan))

    monkeypatch.setattr(cpu.NDBuffer, "all_equal", first_only)
    broken = observe(examples=10)
    verdict = battery_verdict(reference, {"spec": broken.spec, "strict": broken.strict})
    assert verdict["battery"] == "differs" and "all_equal" in verdict["reference"], verdict
