"""The kit checked against backends: the reference, broken mutants, and an independent implementation."""

from __future__ import annotations

import pytest

from bufferspec import cpu
from bufferspec.conformance import Status, run
from conformance.backends.broken import MUTANTS
from conformance.backends.pure_python import PurePythonBuffer


@pytest.mark.parametrize("mutant", list(MUTANTS), ids=lambda cls: cls.__name__)
def test_kit_fails_each_mutant_on_the_rule_it_breaks(mutant: type) -> None:
    contract_id = MUTANTS[mutant]
    report = run(mutant, seed=0, select=contract_id)
    result = report.by_id(contract_id)
    assert result.status is Status.FAIL, f"{mutant.__name__} should fail {contract_id}: {result}"
    assert result.reason
    assert "import" in result.reproducer and mutant.__qualname__ in result.reproducer


def test_mutants_are_at_least_twenty_and_distinct() -> None:
    assert len(MUTANTS) >= 20
    assert len(set(MUTANTS.values())) == len(MUTANTS)


def test_reference_passes_with_zero_failures_and_zero_expected_failures() -> None:
    report = run(cpu.buffer_prototype, seed=1)
    assert report.ok, report.to_table()
    assert report.summary["xfail"] == 0 and report.summary["skip"] == 0


def test_pure_python_backend_passes_every_buffer_contract() -> None:
    report = run(PurePythonBuffer, seed=0)
    failures = [r for r in report.results if r.status.is_failure]
    assert not failures, report.to_table()
    assert all(r.status is Status.SKIP for r in report.results if r.id.startswith("ndbuffer."))
    assert sum(r.status is Status.PASS for r in report.results if r.id.startswith("buffer.")) > 50
