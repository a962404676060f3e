"""The kit checked against backends: the reference, broken mutants, and an independent implementation."""

from __future__ import annotations

import sys

import pytest

from bufferspec import cpu
from bufferspec.conformance import Status, catalogue, get_contract, run
from conformance.backends.broken import MUTANTS
from conformance.backends.broken_axes import AXES_SHOULD_MUTANTS
from conformance.backends.broken_values import VALUES_SHOULD_MUTANTS
from conformance.backends.mistakes import MISTAKES
from conformance.backends.pure_python import PurePythonBuffer


@pytest.mark.parametrize("mutant", list(MUTANTS), ids=lambda cls: cls.__name__)
def test_kit_fails_each_mutant_on_the_rule_it_breaks(mutant: type) -> None:
    contract_id = MUTANTS[mutant]
    report = run(mutant, seed=0, select=contract_id)
    result = report.by_id(contract_id)
    assert result.status is Status.FAIL, f"{mutant.__name__} should fail {contract_id}: {result}"
    assert result.reason
    assert "import" in result.reproducer and mutant.__qualname__ in result.reproducer


SHOULD_MUTANTS = {**AXES_SHOULD_MUTANTS, **VALUES_SHOULD_MUTANTS}


@pytest.mark.parametrize("mutant", list(SHOULD_MUTANTS), ids=lambda cls: cls.__name__)
def test_kit_warns_each_should_mutant_and_fails_it_when_strict(mutant: type) -> None:
    contract_id = SHOULD_MUTANTS[mutant]
    assert get_contract(contract_id).level.name == "SHOULD"
    assert run(mutant, select=contract_id).by_id(contract_id).status is Status.WARN
    report = run(mutant, select=contract_id, strict=True)
    assert report.by_id(contract_id).status is Status.WARN and not report.ok


@pytest.mark.parametrize("name", list(MISTAKES))
def test_kit_flags_each_realistic_mistake(name: str) -> None:
    """Mistakes written from the specification alone, after the contracts: FAIL for a MUST, WARN for a SHOULD."""
    contract_id, how = MISTAKES[name]
    result = run(f"conformance.backends.mistakes:{name}", select=contract_id).by_id(contract_id)
    assert result.status is {"fail": Status.FAIL, "warn": Status.WARN}[how], result
    assert result.reproducer and "conformance.backends.mistakes import" in result.reproducer


def test_mutants_are_at_least_twenty_and_distinct() -> None:
    assert len(MUTANTS) >= 20
    assert len(set(MUTANTS.values())) == len(MUTANTS)


def test_reference_passes_with_zero_failures_and_zero_expected_failures() -> None:
    report = run(cpu.buffer_prototype, seed=1)
    assert report.ok, report.to_table()
    skipped = {result.id: result.reason for result in report.results if result.status is Status.SKIP}
    # Only what this interpreter cannot check is skipped (PEP 688 needs Python 3.12+).
    assert skipped == {item.id: item.unavailable for item in catalogue() if item.unavailable is not None}
    assert report.summary["xfail"] == 0
    assert report.summary["pass"] == len(catalogue()) - len(skipped)


def test_a_contract_this_interpreter_cannot_check_is_skipped_not_passed() -> None:
    pep688 = get_contract("buffer.pep688.buffer_export")
    result = run(cpu.buffer_prototype, select=pep688.id, seed=0).by_id(pep688.id)
    if sys.version_info >= (3, 12):
        assert pep688.unavailable is None and result.status is Status.PASS
    else:
        assert result.status is Status.SKIP and "PEP 688" in result.reason


def test_pure_python_backend_passes_every_buffer_contract() -> None:
    report = run(PurePythonBuffer, seed=0)
    failures = [r for r in report.results if r.status.is_failure]
    assert not failures, report.to_table()
    assert all(r.status is Status.SKIP for r in report.results if r.id.startswith("ndbuffer."))
    assert sum(r.status is Status.PASS for r in report.results if r.id.startswith("buffer.")) > 50
