"""The kit's three front-ends: the CLI, the base test class and the pytest plugin."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from bufferspec.conformance import catalogue
from bufferspec.conformance._frontends.cli import main

pytest_plugins = ["pytester"]

BROKEN_MODULE = '''
from typing import Any
from bufferspec import cpu


class StepTolerantBuffer(cpu.Buffer):
    __slots__ = ()

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, slice) and key.step not in (None, 1):
            return type(self).from_bytes(self.as_numpy_array()[key].tobytes())
        return super().__getitem__(key)
'''


def _cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(args), out=out, err=err)
    return status, out.getvalue(), err.getvalue()


@pytest.fixture
def broken_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    (tmp_path / "broken_backend.py").write_text(BROKEN_MODULE, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.chdir(tmp_path)
    return "broken_backend:StepTolerantBuffer"


def test_cli_default_target_is_the_reference_and_passes(tmp_path: Path) -> None:
    status, out, _ = _cli("check", "--seed", "0", "--json", str(tmp_path / "r.json"),
                          "--markdown", str(tmp_path / "r.md"))
    assert status == 0
    checkable = [c for c in catalogue() if c.unavailable is None]  # PEP 688 needs Python 3.12+
    assert out.count("PASS") == len(checkable)
    assert "bufferspec.cpu:buffer_prototype" in out.splitlines()[-1]
    document = json.loads((tmp_path / "r.json").read_text())
    assert document["target"] == "bufferspec.cpu:buffer_prototype"
    assert set(document) >= {"target", "bufferspec_version", "results", "summary"}
    assert all(set(r) >= {"id", "status", "reason"} for r in document["results"])
    assert document["summary"]["pass"] == len(checkable)
    assert (tmp_path / "r.md").read_text().startswith("# Conformance of")


def test_cli_exit_1_on_failures_with_reproducer(broken_module: str) -> None:
    status, out, _ = _cli("check", broken_module, "--seed", "0", "--select", "buffer.getitem.*")
    assert status == 1
    assert "buffer.getitem.rejects_step" in out and "FAIL" in out
    assert "from broken_backend import StepTolerantBuffer as Buffer" in out


def test_cli_xfail_file(broken_module: str, tmp_path: Path) -> None:
    xfail = tmp_path / "xfail.toml"
    xfail.write_text('[expected_failures]\n"buffer.getitem.rejects_step" = "steps allowed"\n')
    status, out, _ = _cli("check", broken_module, "--seed", "0", "--select", "buffer.getitem.*", "--xfail", str(xfail))
    assert status == 0 and "XFAIL" in out and "steps allowed" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check", "no_such_module_xyz:thing"], "cannot import"),
        (["check", "bufferspec.cpu:NoSuch"], "no attribute"),
        (["check", "bufferspec.cpu:as_numpy_array_wrapper"], "expected a BufferPrototype"),
        (["check", "--max-examples", "0"], "max-examples"),
        (["check", "--all", "bufferspec.cpu:buffer_prototype"], "not both"),
    ],
)
def test_cli_usage_errors_exit_2(args: list[str], message: str) -> None:
    status, out, err = _cli(*args)
    assert status == 2
    assert message in err
    assert "Traceback" not in err + out


def test_cli_unknown_xfail_id_exits_2(tmp_path: Path) -> None:
    xfail = tmp_path / "xfail.toml"
    xfail.write_text('[expected_failures]\n"buffer.nope.nope" = "typo"\n')
    status, _, err = _cli("check", "--xfail", str(xfail))
    assert status == 2 and "buffer.nope.nope" in err


def test_cli_contracts_and_list() -> None:
    status, out, _ = _cli("contracts")
    assert status == 0 and len(out.splitlines()) == len(catalogue())
    status, out, _ = _cli("list")
    assert status == 0


def test_python_dash_m_runs_the_same_cli() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "bufferspec", "check", "--select", "buffer.from_bytes.*", "--seed", "0"],
        capture_output=True, text=True, check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert "buffer.from_bytes.roundtrip" in completed.stdout


def test_base_class_one_item_per_contract(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(broken_backend=BROKEN_MODULE)
    pytester.makepyfile(test_backend=textwrap.dedent('''
        from bufferspec.conformance import BufferConformanceTests

        class TestReference(BufferConformanceTests):
            target = "bufferspec.cpu:buffer_prototype"
            seed = 0

        class TestBroken(BufferConformanceTests):
            target = "broken_backend:StepTolerantBuffer"
            seed = 0
            expected_failures = {"buffer.getitem.rejects_non_slice": "wrongly expected"}
    '''))
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-q")
    outcomes = result.parseoutcomes()
    n = len(catalogue())
    unavailable = sum(1 for c in catalogue() if c.unavailable is not None)  # PEP 688 needs Python 3.12+
    # The broken module has no NDBuffer class and no as_numpy_array_wrapper of its own.
    broken_buffer_skips = sum(1 for c in catalogue()
                              if "nd_buffer" in c.needs or "wrapper" in c.needs or c.unavailable is not None)
    assert outcomes["passed"] == (n - unavailable) + (n - broken_buffer_skips - 2)
    assert outcomes["failed"] == 2  # rejects_step FAIL and rejects_non_slice XPASS
    assert outcomes["skipped"] == unavailable + broken_buffer_skips
    result.stdout.fnmatch_lines(["*TestBroken::test_contract[[]buffer.getitem.rejects_step[]]*"])
    selected = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-q", "-k", "TestReference and buffer.from_bytes")
    assert selected.parseoutcomes()["passed"] >= 1


def test_base_class_rejects_unknown_expected_failure_ids() -> None:
    from bufferspec.conformance import BufferConformanceTests, UnknownContractError

    with pytest.raises(UnknownContractError, match="buffer.typo.id"):
        type("TestTypo", (BufferConformanceTests,), {"expected_failures": {"buffer.typo.id": "x"}})


def test_pytest_plugin_adds_items_only_when_asked(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_plain="def test_nothing():\n    pass\n")
    plain = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-q")
    assert plain.parseoutcomes() == {"passed": 1}
    checked = pytester.runpytest_subprocess(
        "-p", "no:cacheprovider", "-q", "--bufferspec-target", "bufferspec.cpu:buffer_prototype",
        "--bufferspec-seed", "0",
    )
    assert checked.parseoutcomes()["passed"] == 1 + sum(1 for c in catalogue() if c.unavailable is None)
    bad = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--bufferspec-target", "nope_xyz:thing")
    assert bad.ret == pytest.ExitCode.USAGE_ERROR


def test_cli_all_checks_every_advertised_backend(monkeypatch: pytest.MonkeyPatch, broken_module: str) -> None:
    import bufferspec.conformance._frontends.cli as cli

    advertised = {"reference": "bufferspec.cpu:buffer_prototype", "broken": broken_module}
    monkeypatch.setattr(cli, "_advertised_backends", lambda: advertised)
    status, out, _ = _cli("list")
    assert status == 0 and "reference  bufferspec.cpu:buffer_prototype" in out
    status, out, _ = _cli("check", "--all", "--seed", "0", "--select", "buffer.getitem.*")
    assert status == 1  # the broken backend fails
    assert "contracts on bufferspec.cpu:buffer_prototype" in out and f"contracts on {broken_module}" in out
    monkeypatch.setattr(cli, "_advertised_backends", lambda: {})
    status, _, err = _cli("check", "--all")
    assert status == 2 and "no backends" in err


def test_advertised_backends_reads_the_entry_point_group() -> None:
    from importlib.metadata import entry_points

    import bufferspec.conformance._frontends.cli as cli

    expected = {ep.name: ep.value for ep in entry_points(group="bufferspec.backends")}
    advertised = cli._advertised_backends()
    assert advertised == expected
    # bufferspec advertises its own reference (pyproject.toml), so the group is never empty here.
    assert advertised["reference"] == "bufferspec.cpu:buffer_prototype"


HOSTILE_MODULE = '''
import ctypes
from bufferspec import cpu


class Hangs(cpu.Buffer):
    __slots__ = ()

    def to_bytes(self):
        while True:
            pass


class Crashes(cpu.Buffer):
    """to_bytes segfaults; len() hangs."""

    __slots__ = ()

    def to_bytes(self):
        return ctypes.string_at(0)

    def __len__(self):
        while True:
            pass
'''


def test_base_class_deadline_and_isolate(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(hostile_backend=HOSTILE_MODULE)
    pytester.makepyfile(test_hostile=textwrap.dedent('''
        from bufferspec.conformance import BufferConformanceTests

        class TestHangs(BufferConformanceTests):
            target = "hostile_backend:Hangs"
            seed = 0
            deadline = 0.5

        class TestCrashes(BufferConformanceTests):
            target = "hostile_backend:Crashes"
            seed = 0
            deadline = 0.5
            isolate = True
    '''))
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-q", "-k", "to_bytes or nbytes")
    outcomes = result.parseoutcomes()
    assert (outcomes["failed"], outcomes["passed"]) == (7, 1)
    result.stdout.fnmatch_lines([
        "*TestHangs.test_contract[[]buffer.to_bytes.contents[]]*",
        "buffer.to_bytes.contents: MUST FAIL: timed out after 0.5 s",
        "*TestCrashes.test_contract[[]buffer.len.nbytes[]]*",
        "buffer.len.nbytes: MUST FAIL: timed out after 0.5 s",
        "*TestCrashes.test_contract[[]buffer.to_bytes.contents[]]*",
        "buffer.to_bytes.contents: MUST ERROR: crashed: signal 11 (SIGSEGV)",
        "*hostile_backend.py*in to_bytes",
    ])
    result.stdout.no_fnmatch_line("*TestHangs::test_contract[[]buffer.len.nbytes[]]*")


def test_base_class_rejects_a_bad_deadline() -> None:
    from bufferspec.conformance import BufferConformanceTests

    with pytest.raises(ValueError, match="TestSlow.deadline: expected a positive number"):
        type("TestSlow", (BufferConformanceTests,), {"deadline": -1})


def test_pytest_plugin_deadline_and_isolate(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(hostile_backend=HOSTILE_MODULE)
    result = pytester.runpytest_subprocess(
        "-p", "no:cacheprovider", "-q", "--bufferspec-target", "hostile_backend:Crashes", "--bufferspec-seed", "0",
        "--bufferspec-isolate", "--bufferspec-deadline", "0.5", "--bufferspec-memory-limit", "1G",
        "-k", "to_bytes or nbytes",
    )
    outcomes = result.parseoutcomes()
    assert outcomes["failed"] == 4 and "passed" not in outcomes
    result.stdout.fnmatch_lines([
        "buffer.len.nbytes: MUST FAIL: timed out after 0.5 s",
        "buffer.to_bytes.snapshot: MUST ERROR: crashed: signal 11 (SIGSEGV)",
    ])
    for option, value in (("--bufferspec-deadline", "-1"), ("--bufferspec-memory-limit", "lots")):
        bad = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--bufferspec-target",
                                            "hostile_backend:Crashes", option, value)
        assert bad.ret == pytest.ExitCode.USAGE_ERROR
        bad.stderr.fnmatch_lines([f"*{option}*"])
