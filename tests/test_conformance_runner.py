"""The kit's core: statuses, expected failures, selection, determinism, reports."""

from __future__ import annotations

import json
import re
from typing import Any

import numpy as np
import pytest

from bufferspec import cpu
from bufferspec.conformance import (
    Report,
    Result,
    Status,
    TargetError,
    UnknownContractError,
    catalogue,
    get_contract,
    resolve_target,
    run,
)
from conformance.backends.broken import SliceAcceptsStep


class OffByOneBuffer(cpu.Buffer):
    """Breaks slicing: drops the last byte of every slice (a property contract must find it)."""

    __slots__ = ()

    def __getitem__(self, key: Any) -> Any:
        part = super().__getitem__(key)
        return part if len(part) == 0 else super(OffByOneBuffer, part).__getitem__(slice(0, len(part) - 1))


def test_reference_passes_every_contract() -> None:
    report = run(cpu.buffer_prototype, seed=0)
    assert report.ok, report.to_table()
    assert report.summary["fail"] == report.summary["xfail"] == report.summary["xpass"] == 0
    # Only what this interpreter cannot check is skipped (PEP 688 needs Python 3.12+).
    assert report.summary["skip"] == sum(1 for c in catalogue() if c.unavailable is not None)
    assert len(report.results) == len(catalogue())


def test_a_broken_backend_fails_the_broken_contract_only() -> None:
    report = run(SliceAcceptsStep, seed=0, select="buffer.*")
    failed = {r.id for r in report.results if r.status is Status.FAIL}
    assert failed == {"buffer.getitem.rejects_step"}, report.to_table()
    assert not report.ok


def test_property_failure_has_a_minimal_counterexample_and_reproducer() -> None:
    result = run(OffByOneBuffer, seed=0, select="buffer.getitem.slice_semantics").by_id(
        "buffer.getitem.slice_semantics"
    )
    assert result.status is Status.FAIL
    assert "data=" in result.counterexample and "key=" in result.counterexample
    assert "Buffer.from_bytes(" in result.reproducer
    assert f"import {OffByOneBuffer.__qualname__} as Buffer" in result.reproducer


def test_expected_failure_is_xfail_and_unexpected_pass_is_xpass() -> None:
    failing = run(SliceAcceptsStep, seed=0, select="buffer.getitem.rejects_step",
                  expected_failures={"buffer.getitem.rejects_step": "steps are allowed here"})
    result = failing.by_id("buffer.getitem.rejects_step")
    assert result.status is Status.XFAIL and result.reason == "steps are allowed here"
    assert failing.ok
    passing = run(cpu.Buffer, seed=0, select="buffer.getitem.rejects_step",
                  expected_failures={"buffer.getitem.rejects_step": "wrongly expected"})
    assert passing.by_id("buffer.getitem.rejects_step").status is Status.XPASS
    assert not passing.ok


def test_unknown_expected_failure_id_is_an_error() -> None:
    with pytest.raises(UnknownContractError, match="buffer.getitem"):
        run(cpu.Buffer, expected_failures={"buffer.getitem": "a prefix is not an id"})


def test_missing_capabilities_skip_with_a_reason() -> None:
    report = run(cpu.Buffer, seed=0, capabilities=())
    skipped = [r for r in report.results if r.status is Status.SKIP]
    assert skipped
    assert all(r.reason.startswith("needs ") for r in skipped)
    assert report.by_id("buffer.getitem.view").status is Status.SKIP
    assert report.by_id("ndbuffer.create.fill_negative_zero").reason == "needs nd_buffer"


def test_the_wrapper_contracts_check_the_targets_own_wrapper() -> None:
    # Found in the module the target is named in, else beside its Buffer class; none: SKIP.
    assert resolve_target("bufferspec.cpu:buffer_prototype").wrapper is cpu.as_numpy_array_wrapper
    assert resolve_target(cpu.Buffer).wrapper is cpu.as_numpy_array_wrapper
    assert resolve_target(OffByOneBuffer).wrapper is None
    assert "wrapper" not in resolve_target(OffByOneBuffer).capabilities
    skipped = run(OffByOneBuffer, seed=0, select="wrapper.*")
    assert {r.reason for r in skipped.results} == {"needs wrapper"}
    # A broken wrapper is the one checked (before issue 25 the kit checked the reference's).
    for target, contract_id in (
        ("conformance.backends.witnesses_wrapper_class:class_prototype", "wrapper.as_numpy_array_wrapper.roundtrip"),
        ("conformance.backends.witnesses_wrapper_bytes:casting_prototype",
         "wrapper.as_numpy_array_wrapper.ndarray_result"),
    ):
        result = run(target, seed=0, select="wrapper.*")
        assert [r.id for r in result.results if r.status is Status.FAIL] == [contract_id]
        assert "from conformance.backends." in result.by_id(contract_id).reproducer


def test_select_is_a_glob_on_ids() -> None:
    report = run(cpu.buffer_prototype, seed=0, select="buffer.from_bytes.*")
    assert report.results and all(r.id.startswith("buffer.from_bytes.") for r in report.results)


def test_seed_makes_runs_deterministic() -> None:
    first = run(OffByOneBuffer, seed=3, select="buffer.getitem.slice_semantics")
    second = run(OffByOneBuffer, seed=3, select="buffer.getitem.slice_semantics")
    a, b = (r.by_id("buffer.getitem.slice_semantics") for r in (first, second))
    assert (a.counterexample, a.reproducer) == (b.counterexample, b.reproducer)


def test_progress_is_reported_for_every_contract() -> None:
    seen: list[tuple[str, int, int]] = []
    report = run(cpu.Buffer, seed=0, select="buffer.from_bytes.*",
                 progress=lambda result, i, n: seen.append((result.id, i, n)))
    assert [s[0] for s in seen] == [r.id for r in report.results]
    assert seen[-1][1] == seen[-1][2] == len(report.results)


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="max_examples"):
        run(cpu.Buffer, max_examples=0)
    with pytest.raises(TargetError, match="target"):
        resolve_target(42)
    with pytest.raises(TargetError, match="cannot import"):
        resolve_target("no_such_module_xyz:thing")
    with pytest.raises(TargetError, match="no attribute"):
        resolve_target("bufferspec.cpu:NoSuchThing")
    with pytest.raises(TargetError, match="module:attr"):
        resolve_target("bufferspec.cpu")
    with pytest.raises(KeyError, match="no contract"):
        get_contract("buffer.nothing.here")


def test_catalogue_ids_are_unique_stable_and_documented() -> None:
    contracts = catalogue()
    ids = [c.id for c in contracts]
    assert ids == sorted(set(ids))
    for item in contracts:
        assert item.text.endswith("."), item.id
        assert item.member, item.id
        assert item.level.value in ("MUST", "SHOULD")


def test_report_renderings() -> None:
    report = Report(target="t", results=(
        Result("buffer.a.b", Status.PASS, ""),
        Result("buffer.a.c", Status.FAIL, "broken | badly", counterexample="x=1", reproducer="buf = 1"),
        Result("buffer.a.d", Status.SKIP, "needs writable"),
        Result("buffer.a.e", Status.ERROR, "raised RuntimeError: boom",
               traceback='Traceback (most recent call last):\n  File "b.py", line 3, in from_bytes\nRuntimeError: boom\n'),
    ))
    document = json.loads(report.to_json())
    assert document["target"] == "t" and document["bufferspec_version"]
    assert {r["status"] for r in document["results"]} == {"pass", "fail", "skip", "error"}
    assert document["summary"] == {"pass": 1, "warn": 0, "fail": 1, "error": 1, "xfail": 0, "xpass": 0, "skip": 1}
    assert document["ok"] is False
    assert "RuntimeError: boom" in document["results"][3]["traceback"]
    table = report.to_table(width=100)
    assert "buffer.a.c" in table and "FAIL" in table and "buf = 1" in table and "x=1" in table
    assert "buffer.a.e  MUST    ERROR  raised RuntimeError: boom" in table
    assert 'File "b.py", line 3, in from_bytes' in table  # the traceback follows the rows
    assert "--- buffer.a.c  [MUST FAIL]" in table and "--- buffer.a.e  [MUST ERROR]" in table
    summary, verdict = table.rstrip().splitlines()[-2:]
    assert summary.endswith("1 pass, 0 warn, 1 fail, 1 error, 0 xfail, 0 xpass, 1 skip")
    assert verdict.startswith("t: does not conform to bufferspec")
    markdown = report.to_markdown()
    assert "broken \\| badly" in markdown and "| `buffer.a.e` | MUST | ERROR |" in markdown
    assert "1 error" in markdown


def test_error_is_a_failure_status() -> None:
    assert Status.ERROR.is_failure and Status.FAIL.is_failure and Status.XPASS.is_failure
    assert not any(s.is_failure for s in (Status.PASS, Status.XFAIL, Status.SKIP))
    assert not Report(target="t", results=(Result("buffer.a.b", Status.ERROR, "x"),)).ok


def test_checks_never_touch_device_memory_directly() -> None:
    """A backend whose arrays refuse host access except through as_numpy_array still passes."""

    class DeviceArray(np.ndarray):
        def __array__(self, *args: Any, **kwargs: Any) -> Any:
            raise RuntimeError("device memory: use as_numpy_array()")

    class DeviceBuffer(cpu.Buffer):
        __slots__ = ()
        bufferspec_capabilities = ("writable",)

        @classmethod
        def from_bytes(cls, bytes_like: Any) -> Any:
            buf = super().from_bytes(bytes_like)
            return cls.from_array_like(buf.as_numpy_array().view(DeviceArray))

        def as_numpy_array(self) -> Any:
            return np.array(self.as_array_like().view(np.ndarray), copy=True)

    report = run(DeviceBuffer, seed=0, select="buffer.*")
    broken = [r for r in report.results if r.status is Status.FAIL and "device memory" in r.reason]
    assert not broken, [r.id for r in broken]


def test_load_expected_failures_reads_the_table(tmp_path: Any) -> None:
    from bufferspec.conformance import load_expected_failures

    path = tmp_path / "xfail.toml"
    path.write_text('[expected_failures]\n"buffer.eq.non_buffer" = "raises like zarr"\n', encoding="utf-8")
    assert load_expected_failures(path) == {"buffer.eq.non_buffer": "raises like zarr"}
    assert load_expected_failures(str(path)) == {"buffer.eq.non_buffer": "raises like zarr"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[other]\n", "expected a [expected_failures] table"),
        ('[expected_failures]\n"buffer.eq.non_buffer" = " "\n', "needs a non-empty reason string"),
        ('[expected_failures]\n"buffer.eq.non_buffer" = 3\n', "needs a non-empty reason string"),
        ("[expected_failures\n", "xfail file"),
    ],
)
def test_load_expected_failures_rejects_bad_files(tmp_path: Any, text: str, message: str) -> None:
    from bufferspec.conformance import load_expected_failures

    path = tmp_path / "xfail.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=re.escape(message)) as info:
        load_expected_failures(path)
    assert "xfail.toml" in str(info.value)
    with pytest.raises(ValueError, match="xfail file"):
        load_expected_failures(tmp_path / "missing.toml")
