"""Selecting bufferspec without code: zarr's entry points and ``ZARR_BUFFER`` / ``ZARR_NDBUFFER``.

bufferspec ships entry points in zarr's ``zarr.buffer`` and ``zarr.ndbuffer``
groups (``pyproject.toml``).  zarr loads every entry point of those groups in
every process the first time it resolves a buffer class; loading connects
bufferspec to zarr only when zarr's configuration names bufferspec's classes.

Most tests run a fresh interpreter (:func:`run_script`) whose only tie to
bufferspec is its environment, as a spawned worker or a dask worker would be:
what a process selects must be decided before zarr's first use, and must not
depend on what this pytest process already did.  The script reports what its
stores received (a spy), and whether bufferspec is connected.
"""

from __future__ import annotations

import importlib.metadata
import json
import multiprocessing
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("zarr")

import zarr  # noqa: E402
import zarr.abc.buffer  # noqa: E402
import zarr.registry  # noqa: E402

import bufferspec.zarr  # noqa: E402
from bufferspec import _zarr_entry_points, _zarr_setup, cpu  # noqa: E402

OURS = {"ZARR_BUFFER": "bufferspec.cpu.Buffer", "ZARR_NDBUFFER": "bufferspec.cpu.NDBuffer"}
ROOT = Path(__file__).resolve().parent.parent

# Imported by every script: a spy on zarr's stores and a report of zarr's state.  Calls nothing
# of bufferspec's; it only reads bufferspec._zarr_setup.is_connected() if zarr's entry point
# loading imported that module.
PRELUDE = '''
import abc, json, os, sys
import numpy as np
import zarr, zarr.abc.buffer, zarr.registry
from zarr.storage import LocalStore, MemoryStore

SEEN = {"written": set(), "read": set()}


def _name(cls):
    return f"{cls.__module__}.{cls.__qualname__}"


def _is_chunk(key):
    return key.rsplit("/", 1)[-1] not in ("zarr.json", ".zarray", ".zattrs", ".zgroup")


def spy(base):
    class Spy(base):
        async def set(self, key, value, *args, **kwargs):
            if _is_chunk(key):
                SEEN["written"].add(_name(type(value)))
            return await super().set(key, value, *args, **kwargs)

        def set_sync(self, key, value, *args, **kwargs):
            if _is_chunk(key):
                SEEN["written"].add(_name(type(value)))
            return super().set_sync(key, value, *args, **kwargs)

        async def get(self, key, *args, **kwargs):
            result = await super().get(key, *args, **kwargs)
            if _is_chunk(key) and result is not None:
                SEEN["read"].add(_name(type(result)))
            return result

        def get_sync(self, key, *args, **kwargs):
            result = super().get_sync(key, *args, **kwargs)
            if _is_chunk(key) and result is not None:
                SEEN["read"].add(_name(type(result)))
            return result

    return Spy


def round_trip(kind="memory", path=None, shards=None):
    """Write and read an array; what the store saw, and whether the values came back."""
    SEEN["written"].clear()
    SEEN["read"].clear()
    store = spy(MemoryStore)() if kind == "memory" else spy(LocalStore)(path)
    array = zarr.create_array(store, shape=(20,), chunks=(5,), shards=shards, dtype="f8")
    array[...] = np.arange(20.0)
    ok = bool((zarr.open_array(store, mode="r")[...] == np.arange(20.0)).all())
    return {"written": sorted(SEEN["written"]), "read": sorted(SEEN["read"]), "ok": ok, **state()}


def _registry(name):
    return getattr(zarr.registry, "_" + name, None) or vars(zarr.registry)["__" + name]


def state():
    """zarr's configuration and everything bufferspec could have changed in zarr."""
    setup = sys.modules.get("bufferspec._zarr_setup")
    registered = sorted(
        _name(ref()) for ref in abc._get_dump(zarr.abc.buffer.Buffer)[0] if ref() is not None
    )
    modules = ["zarr.core.array", "zarr.codecs.bytes", "zarr.codecs.vlen_utf8"]
    return {
        "config": [zarr.config.get("buffer"), zarr.config.get("ndbuffer")],
        "connected": None if setup is None else setup.is_connected(),
        "patched": sorted(
            name for name in modules
            if getattr(sys.modules.get(name), "NDBuffer", zarr.abc.buffer.NDBuffer)
            is not zarr.abc.buffer.NDBuffer
        ),
        "abc_registered": [name for name in registered if name.startswith("bufferspec.")],
        "in_registry": sorted(
            key for key in (*_registry("buffer_registry"), *_registry("ndbuffer_registry"))
            if key.startswith("bufferspec.")
        ),
        "bufferspec_zarr_imported": "bufferspec.zarr" in sys.modules,
    }


def report(**values):
    print("REPORT " + json.dumps(values, sort_keys=True))
'''


def run_script(tmp_path: Path, body: str, selected: bool) -> dict[str, Any]:
    """Run PRELUDE + *body* as ``main.py`` in a fresh interpreter; its ``report(...)``.

    *selected*: whether ``ZARR_BUFFER`` / ``ZARR_NDBUFFER`` name bufferspec's
    classes (else both are removed from the environment).
    """
    script = tmp_path / "main.py"
    script.write_text(PRELUDE + textwrap.dedent(body), encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if key not in OURS}
    if selected:
        env.update(OURS)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, (str(ROOT), env.get("PYTHONPATH"))))
    result = subprocess.run(
        [sys.executable, str(script)], cwd=tmp_path, env=env, capture_output=True, text=True,
        timeout=300, check=False,
    )
    assert result.returncode == 0, f"the script failed:\n{result.stdout}\n{result.stderr}"
    lines = [line for line in result.stdout.splitlines() if line.startswith("REPORT ")]
    assert len(lines) == 1, result.stdout
    report: dict[str, Any] = json.loads(lines[0].removeprefix("REPORT "))
    return report


SELECTED = {
    "config": ["bufferspec.cpu.Buffer", "bufferspec.cpu.NDBuffer"],
    "connected": True,
    "abc_registered": ["bufferspec._zarr_setup.BufferWhileConnected"],
    "in_registry": ["bufferspec.cpu.Buffer", "bufferspec.cpu.NDBuffer"],
    "bufferspec_zarr_imported": False,  # nothing of bufferspec's public API was used
}
BUFFERSPEC_CHUNKS = {"written": ["bufferspec.cpu.Buffer"], "read": ["bufferspec.cpu.Buffer"], "ok": True}


def expected_patches() -> list[str]:
    """The modules whose ``NDBuffer`` check bufferspec replaces with this zarr version."""
    with bufferspec.zarr.enabled():
        return sorted(bufferspec.zarr.patched_modules())


# -- the entry points -------------------------------------------------------------------------


def test_entry_points_are_installed_in_zarrs_groups() -> None:
    found = {
        group: [(e.name, e.value) for e in importlib.metadata.entry_points(group=group)
                if e.value.startswith("bufferspec")]
        for group in ("zarr.buffer", "zarr.ndbuffer")
    }
    assert found == {
        "zarr.buffer": [("bufferspec", "bufferspec._zarr_entry_points:Buffer")],
        "zarr.ndbuffer": [("bufferspec", "bufferspec._zarr_entry_points:NDBuffer")],
    }, "entry points missing: re-install bufferspec (pip install -e .) after editing pyproject.toml"


@pytest.fixture
def unselected(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """zarr's own classes configured and no ``ZARR_BUFFER`` / ``ZARR_NDBUFFER``; nothing connected after."""
    for variable in OURS:
        monkeypatch.delenv(variable, raising=False)
    assert not _zarr_setup.is_connected(), "an earlier test left bufferspec connected"
    with zarr.config.set({"buffer": "zarr.buffer.cpu.Buffer", "ndbuffer": "zarr.buffer.cpu.NDBuffer"}):
        try:
            yield
        finally:
            _zarr_setup.disconnect()


@pytest.mark.usefixtures("unselected")
def test_loading_the_entry_points_connects_only_when_selected() -> None:
    """What zarr does at its first buffer look-up: ``EntryPoint.load()``, which gives the classes."""
    points = [
        *importlib.metadata.entry_points(group="zarr.buffer", name="bufferspec"),
        *importlib.metadata.entry_points(group="zarr.ndbuffer", name="bufferspec"),
    ]
    assert [point.load() for point in points] == [cpu.Buffer, cpu.NDBuffer]
    assert not bufferspec.zarr.is_connected() and bufferspec.zarr.patched_modules() == ()
    assert not isinstance(cpu.Buffer.from_bytes(b"x"), zarr.abc.buffer.Buffer)

    with zarr.config.set({"ndbuffer": "bufferspec.cpu.NDBuffer"}):  # one key is enough
        assert points[0].load() is cpu.Buffer
    assert bufferspec.zarr.is_connected()
    assert bufferspec.zarr.patched_modules() == tuple(expected_patches())
    assert isinstance(cpu.Buffer.from_bytes(b"x"), zarr.abc.buffer.Buffer)


def test_the_entry_point_module_has_only_the_two_classes() -> None:
    with pytest.raises(AttributeError, match="has no attribute 'Widget'"):
        _zarr_entry_points.Widget  # noqa: B018


@pytest.mark.usefixtures("unselected")
@pytest.mark.parametrize(
    ("value", "selects"),
    [("bufferspec.cpu.NDBuffer", True), ("'bufferspec.cpu.Buffer'", True),  # donfig reads literals
     ("zarr.buffer.cpu.Buffer", False), ("bufferspec.cpu", False), ("[1, 2", False), ("[1, {}]", False)],
)
def test_the_environment_alone_counts_as_a_selection(
    monkeypatch: pytest.MonkeyPatch, value: str, selects: bool
) -> None:
    """``ZARR_*`` is what ``zarr.config.reset()`` returns to, even inside a ``config.set`` block."""
    monkeypatch.setenv("ZARR_NDBUFFER" if "NDBuffer" in value else "ZARR_BUFFER", value)
    assert _zarr_setup.selected_by_configuration() is selects
    assert _zarr_setup.connect_if_selected() is selects


# -- processes that select bufferspec by their environment alone ----------------------------

START_METHODS = [m for m in ("spawn", "forkserver") if m in multiprocessing.get_all_start_methods()]


@pytest.mark.parametrize("method", START_METHODS)
@pytest.mark.parametrize(("kind", "shards"), [("memory", None), ("local", (10,))], ids=["memory", "local-sharded"])
@pytest.mark.parametrize("selected", [True, False], ids=["env-selected", "not-selected"])
def test_child_process_uses_what_its_environment_selects(
    tmp_path: Path, method: str, kind: str, shards: tuple[int] | None, selected: bool
) -> None:
    """A worker started by *method* from a parent that only has the environment variables.

    Neither process calls bufferspec; the worker writes and reads an array
    and reports what its store received.  Without the variables, the worker
    is zarr as usual: nothing of bufferspec's connected.
    """
    report = run_script(tmp_path, f"""
        import multiprocessing
        if __name__ == "__main__":
            with multiprocessing.get_context({method!r}).Pool(1) as pool:
                child = pool.apply_async(round_trip, ({kind!r}, {str(tmp_path / "store")!r}, {shards!r}))
                report(child=child.get(timeout=120), parent=state())
    """, selected=selected)
    child = report["child"]
    if selected:
        assert child == {**SELECTED, **BUFFERSPEC_CHUNKS, "patched": expected_patches()}
    else:
        assert child == {
            "written": ["zarr.core.buffer.cpu.Buffer"], "read": ["zarr.core.buffer.cpu.Buffer"], "ok": True,
            "config": ["zarr.buffer.cpu.Buffer", "zarr.buffer.cpu.NDBuffer"], "connected": False, "patched": [],
            "abc_registered": [], "in_registry": ["bufferspec.cpu.Buffer", "bufferspec.cpu.NDBuffer"],
            "bufferspec_zarr_imported": False,
        }
    parent = report["parent"]  # it never resolved a buffer class: nothing loaded, nothing changed
    assert parent["connected"] is not True and parent["abc_registered"] == parent["patched"] == []


def test_config_set_before_first_use_selects_bufferspec(tmp_path: Path) -> None:
    report = run_script(tmp_path, """
        zarr.config.set({"buffer": "bufferspec.cpu.Buffer", "ndbuffer": "bufferspec.cpu.NDBuffer"})
        report(run=round_trip())
    """, selected=False)
    assert report["run"] == {**SELECTED, **BUFFERSPEC_CHUNKS, "patched": expected_patches()}


def test_reset_keeps_a_selection_by_environment(tmp_path: Path) -> None:
    """``zarr.config.reset()`` (zarr's test fixtures run it around every test) reads the variables again."""
    report = run_script(tmp_path, """
        first = round_trip()
        zarr.config.reset()
        after_reset = round_trip("local", "store")
        with zarr.config.set({"buffer": "zarr.buffer.cpu.Buffer", "ndbuffer": "zarr.buffer.cpu.NDBuffer"}):
            inside = round_trip()["written"]
        zarr.config.refresh()
        report(first=first, after_reset=after_reset, inside=inside, after_refresh=round_trip())
    """, selected=True)
    expected = {**SELECTED, **BUFFERSPEC_CHUNKS, "patched": expected_patches()}
    assert report["first"] == report["after_reset"] == report["after_refresh"] == expected
    assert report["inside"] == ["zarr.core.buffer.cpu.Buffer"]  # zarr.config.set still wins inside


def test_first_use_inside_a_config_block_still_connects_the_environments_choice(tmp_path: Path) -> None:
    """zarr loads the entry points while a block selects its own classes; the variables still count."""
    report = run_script(tmp_path, """
        with zarr.config.set({"buffer": "zarr.buffer.cpu.Buffer", "ndbuffer": "zarr.buffer.cpu.NDBuffer"}):
            inside = round_trip()["written"]
        report(inside=inside, after=round_trip())
    """, selected=True)
    assert report["inside"] == ["zarr.core.buffer.cpu.Buffer"]
    assert report["after"] == {**SELECTED, **BUFFERSPEC_CHUNKS, "patched": expected_patches()}


def test_disable_keeps_what_the_environment_selected(tmp_path: Path) -> None:
    """``disable()`` and the exit of ``enabled()`` leave connected a process whose variables select bufferspec."""
    report = run_script(tmp_path, """
        import bufferspec.zarr
        round_trip()
        bufferspec.zarr.enable()
        bufferspec.zarr.disable()
        after_disable = round_trip()
        with bufferspec.zarr.enabled():
            pass
        report(after_disable=after_disable, after_block=round_trip())
    """, selected=True)
    expected = {**SELECTED, **BUFFERSPEC_CHUNKS, "patched": expected_patches(), "bufferspec_zarr_imported": True}
    assert report["after_disable"] == report["after_block"] == expected


def test_selection_after_first_use_needs_enable(tmp_path: Path) -> None:
    """The documented limit: zarr loads entry points once, so a later ``config.set`` connects nothing.

    ``enable()`` connects whenever it is called (and selects the classes too).
    """
    report = run_script(tmp_path, """
        import bufferspec.zarr
        before = round_trip()
        zarr.config.set({"buffer": "bufferspec.cpu.Buffer", "ndbuffer": "bufferspec.cpu.NDBuffer"})
        late = state()
        bufferspec.zarr.enable()
        report(before=before, late=late, enabled=round_trip())
    """, selected=False)
    assert report["before"]["written"] == ["zarr.core.buffer.cpu.Buffer"]
    assert report["late"]["connected"] is False
    assert report["enabled"] == {
        **SELECTED, **BUFFERSPEC_CHUNKS, "patched": expected_patches(), "bufferspec_zarr_imported": True
    }


def test_unselected_process_sees_zarr_unchanged(tmp_path: Path) -> None:
    """Installed entry points, loaded by zarr, and still: no ABC registration, no patched module."""
    report = run_script(tmp_path, """
        from bufferspec import cpu
        run = round_trip("local", "store", (10,))
        ours, theirs = cpu.Buffer.from_bytes(b"abc"), zarr.core.buffer.cpu.Buffer.from_bytes(b"abc")
        report(run=run, accepted=isinstance(ours, zarr.abc.buffer.Buffer), equal=bool(theirs == ours))
    """, selected=False)
    assert report["run"] == {
        "written": ["zarr.core.buffer.cpu.Buffer"], "read": ["zarr.core.buffer.cpu.Buffer"], "ok": True,
        "config": ["zarr.buffer.cpu.Buffer", "zarr.buffer.cpu.NDBuffer"], "connected": False, "patched": [],
        "abc_registered": [], "in_registry": ["bufferspec.cpu.Buffer", "bufferspec.cpu.NDBuffer"],
        "bufferspec_zarr_imported": False,
    }
    assert report["accepted"] is False and report["equal"] is False  # zarr's own semantics
