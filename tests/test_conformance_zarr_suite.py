"""The runner of zarr's own test suite (``python -m conformance.zarr_suite``), without running zarr's suite.

The comparison, the expected-difference discipline, the selection, the
environment of each mode, the plugin's outcome records, and the published
page's freshness.  The real runs need the sdist and minutes; CI runs the
``ci`` selection with ``python -m conformance.zarr_suite run``.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from conformance.zarr_suite._compare import differences, judge, load_expected, module_counts
from conformance.zarr_suite._page import PAGE, load_results, render
from conformance.zarr_suite._runs import _run_as_group, load_selection, mode_environment

pytest_plugins = ["pytester"]


def _runs(baseline: dict[str, str], bufferspec: dict[str, str], control: dict[str, str]) -> dict[str, Any]:
    return {"baseline": {"outcomes": baseline}, "bufferspec": {"outcomes": bufferspec, "messages": {"t::b": "boom"}},
            "control": {"outcomes": control}}


def test_differences_are_classified_by_the_control_run() -> None:
    found = differences(_runs(
        {"t::a": "passed", "t::b": "passed", "t::c": "passed", "t::d": "skipped"},
        {"t::a": "passed", "t::b": "failed", "t::c": "failed", "t::e": "passed"},
        {"t::a": "passed", "t::b": "passed", "t::c": "failed", "t::d": "skipped"},
    ))
    by_test = {d.test: d for d in found}
    assert set(by_test) == {"t::b", "t::c", "t::d", "t::e"}
    assert by_test["t::b"].cls == "bufferspec" and by_test["t::b"].message == "boom"
    assert by_test["t::c"].cls == "zarr"
    assert (by_test["t::d"].bufferspec, by_test["t::d"].cls) == ("not run", "bufferspec")
    assert (by_test["t::e"].baseline, by_test["t::e"].control) == ("not run", "not run")


def test_judge_separates_explained_unexpected_reclassified_and_stale() -> None:
    found = differences(_runs({"t::a": "passed", "t::b": "passed", "t::c": "passed"},
                              {"t::a": "failed", "t::b": "failed", "t::c": "failed"},
                              {"t::a": "failed", "t::b": "passed", "t::c": "passed"}))
    expected = {"t::a": ("zarr", "zarr limitation"), "t::b": ("zarr", "wrong class"),
                "t::gone": ("bufferspec", "fixed since"), "t::elsewhere": ("zarr", "not in this selection")}
    verdict = judge(found, expected, collected={"t::a", "t::b", "t::c", "t::gone"})
    assert [(d.test, reason) for d, reason in verdict.explained] == [("t::a", "zarr limitation")]
    assert [d.test for d in verdict.unexpected] == ["t::c"]
    assert [(d.test, cls) for d, cls in verdict.misclassified] == [("t::b", "zarr")]
    assert verdict.stale == ("t::gone",)
    assert not verdict.ok
    assert judge(found[:1], {"t::a": ("zarr", "x")}, {"t::a"}).ok


@pytest.mark.parametrize(("entry", "message"), [
    ('class = "numpy"\nreason = "x"', "class must be one of"),
    ('class = "zarr"\nreason = "  "', "needs a reason"),
])
def test_expected_entries_need_a_class_and_a_reason(tmp_path: Path, entry: str, message: str) -> None:
    path = tmp_path / "expected.toml"
    path.write_text(f'["3.4.2"."tests/test_a.py::test_b"]\n{entry}\n', encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        load_expected("3.4.2", path)


def test_expected_entries_are_per_zarr_version(tmp_path: Path) -> None:
    path = tmp_path / "expected.toml"
    path.write_text('["3.4.2"."tests/test_a.py::test_b"]\nclass = "zarr"\nreason = "limit"\n', encoding="utf-8")
    assert load_expected("3.4.2", path) == {"tests/test_a.py::test_b": ("zarr", "limit")}
    assert load_expected("3.1.6", path) == {}


def test_the_committed_expectations_load() -> None:
    for version in ("3.1.6", "3.4.2"):
        for cls, reason in load_expected(version).values():
            assert cls in ("zarr", "bufferspec") and reason


def test_module_counts() -> None:
    assert module_counts({"a.py::x": "passed", "a.py::y": "failed", "b.py::z": "passed"}) == {
        "a.py": {"failed": 1, "passed": 1}, "b.py": {"passed": 1}}


def test_selection_leaves_out_absent_paths_and_refuses_unknown_names(tmp_path: Path) -> None:
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_here.py").write_text("", encoding="utf-8")
    selections = tmp_path / "selections.toml"
    selections.write_text('[s]\ndescription = "d"\npaths = ["tests/test_here.py::test_x", "tests/test_gone.py"]\n',
                          encoding="utf-8")
    selection = load_selection("s", tmp_path, selections)
    assert selection.paths == ("tests/test_here.py::test_x",) and selection.absent == ("tests/test_gone.py",)
    with pytest.raises(KeyError, match="expected one of"):
        load_selection("nope", tmp_path, selections)


def test_the_committed_selections_name_the_ci_subset() -> None:
    import tomllib

    table = tomllib.loads(Path("conformance/zarr_suite/selections.toml").read_text(encoding="utf-8"))
    assert {"full", "ci"} <= set(table)
    assert "tests/test_array.py::test_multiprocessing" in table["ci"]["paths"]
    assert set(table["ci"]["paths"]) - {"tests/test_array.py::test_multiprocessing"} <= set(table["full"]["paths"])


def test_each_mode_selects_its_buffers_through_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZARR_BUFFER", "leftover.Buffer")
    baseline = mode_environment("baseline", tmp_path, tmp_path / "out.json")
    assert "ZARR_BUFFER" not in baseline and "ZARR_NDBUFFER" not in baseline
    ours = mode_environment("bufferspec", tmp_path, tmp_path / "out.json")
    assert (ours["ZARR_BUFFER"], ours["ZARR_NDBUFFER"]) == ("bufferspec.cpu.Buffer", "bufferspec.cpu.NDBuffer")
    control = mode_environment("control", tmp_path, tmp_path / "out.json")
    assert control["ZARR_BUFFER"].startswith("conformance.zarr_suite.control.")
    assert ours["BUFFERSPEC_ZARR_SUITE_MODE"] == "bufferspec"
    # only a link to the conformance package is importable: bufferspec's tests/ must not shadow zarr's
    assert sorted(os.listdir(ours["PYTHONPATH"])) == ["conformance"]
    with pytest.raises(ValueError, match="mode: expected one of"):
        mode_environment("gpu", tmp_path, tmp_path / "out.json")


def test_plugin_records_every_outcome_and_the_stored_classes(pytester: pytest.Pytester, tmp_path: Path) -> None:
    pytest.importorskip("zarr")
    pytester.makepyfile(test_sample="""
        import pytest, zarr, numpy as np

        def test_pass():
            zarr.create_array(zarr.storage.MemoryStore(), shape=(4,), chunks=(2,), dtype="u1")[:] = np.arange(4)

        def test_fail():
            assert 1 == 2, "one is not two"

        @pytest.mark.skip(reason="no")
        def test_skip():
            pass

        @pytest.mark.xfail(reason="known")
        def test_xfail():
            assert False

        @pytest.fixture
        def broken():
            raise RuntimeError("setup broke")

        def test_error(broken):
            pass
    """)
    out = tmp_path / "out.json"
    os.environ["BUFFERSPEC_ZARR_SUITE_OUT"] = str(out)
    try:
        pytester.runpytest_inprocess("-p", "conformance.zarr_suite.plugin", "-p", "no:cacheprovider")
    finally:
        del os.environ["BUFFERSPEC_ZARR_SUITE_OUT"]
    document = json.loads(out.read_text(encoding="utf-8"))
    outcomes = {test.split("::")[1]: outcome for test, outcome in document["outcomes"].items()}
    assert outcomes == {"test_pass": "passed", "test_fail": "failed", "test_skip": "skipped",
                        "test_xfail": "xfailed", "test_error": "error"}
    messages = {test.split("::")[1]: text for test, text in document["messages"].items()}
    assert "one is not two" in messages["test_fail"] and "setup broke" in messages["test_error"]
    assert sum(document["stored"].values()) >= 3  # metadata and two chunks
    assert any(name.endswith("cpu.Buffer") for name in document["stored"])


def test_page_is_rendered_from_the_recorded_results() -> None:
    documents = load_results()
    assert PAGE.read_text(encoding="utf-8") == render(documents), (
        "stale: run python -m conformance.zarr_suite render --write")


def test_recorded_differences_are_all_expected_with_their_reasons() -> None:
    for document in load_results():
        expected = load_expected(str(document["zarr"]))
        for difference in document["differences"]:
            assert expected.get(difference["test"]) == (difference["class"], difference["reason"]), difference["test"]


def _is_running(pid: int) -> bool:
    """Whether *pid* is alive (a zombie waiting for its reaper counts as dead)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text(encoding="ascii").rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")


@pytest.mark.skipif(not Path("/proc/self/stat").exists() or not hasattr(signal, "setitimer"),
                    reason="needs /proc and signal.setitimer (Linux)")
def test_an_interrupted_run_kills_pytest_and_its_children(tmp_path: Path) -> None:
    pids = tmp_path / "pids"
    # a "pytest" that starts a child of its own, as zarr's multiprocessing tests do, and hangs
    script = ("import subprocess, sys, time, pathlib\n"
              "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'])\n"
              f"pathlib.Path({str(pids)!r}).write_text(f'{{child.pid}}')\n"
              "time.sleep(60)\n")

    def interrupt(signum: int, frame: object) -> None:
        if pids.exists():
            raise KeyboardInterrupt
        signal.setitimer(signal.ITIMER_REAL, 0.1)

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, 0.2)
    try:
        with (tmp_path / "log").open("w", encoding="utf-8") as sink, pytest.raises(KeyboardInterrupt):
            _run_as_group([sys.executable, "-c", script], tmp_path, dict(os.environ), sink)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    grandchild = int(pids.read_text())
    deadline = time.monotonic() + 10
    while _is_running(grandchild) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _is_running(grandchild)
