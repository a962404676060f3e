"""The switch itself: :func:`bufferspec.zarr.enable`, ``disable``, ``enabled``, ``is_enabled``."""

from __future__ import annotations

import importlib
from collections.abc import Iterator

import pytest

pytest.importorskip("zarr")

import zarr  # noqa: E402
import zarr.abc.buffer  # noqa: E402
import zarr.buffer  # noqa: E402
import zarr.registry  # noqa: E402
import zarr.storage  # noqa: E402

import bufferspec.zarr  # noqa: E402
from bufferspec import cpu  # noqa: E402
from bufferspec._zarr_setup import NDBUFFER_CHECK_SITES, AnyNDBuffer, disconnect, release  # noqa: E402

OURS = {"buffer": "bufferspec.cpu.Buffer", "ndbuffer": "bufferspec.cpu.NDBuffer"}


def config() -> dict[str, object]:
    return {key: zarr.config.get(key) for key in ("buffer", "ndbuffer")}


@pytest.fixture(autouse=True)
def _restore_zarr() -> Iterator[None]:
    """Start from zarr's defaults and leave zarr as found, even if a test fails halfway."""
    before = config()
    assert not bufferspec.zarr.is_enabled(), "an earlier test left bufferspec enabled"
    try:
        yield
    finally:
        bufferspec.zarr.disable()
        zarr.config.set(before)


def test_enable_selects_bufferspec_and_disable_restores() -> None:
    before = config()
    assert before != OURS
    bufferspec.zarr.enable()
    assert bufferspec.zarr.is_enabled()
    assert config() == OURS
    # typed as object: statically zarr's classes and bufferspec's are unrelated
    prototype: tuple[object, object] = tuple(zarr.buffer.default_buffer_prototype())  # type: ignore[assignment]
    assert prototype == (cpu.Buffer, cpu.NDBuffer)
    selected: tuple[object, object] = (
        zarr.registry.get_buffer_class(),
        zarr.registry.get_ndbuffer_class(),
    )
    assert selected == (cpu.Buffer, cpu.NDBuffer)
    assert isinstance(cpu.Buffer.create_zero_length(), zarr.abc.buffer.Buffer)
    bufferspec.zarr.disable()
    assert not bufferspec.zarr.is_enabled()
    assert config() == before


def is_zarr_buffer(value: object) -> bool:
    """``isinstance(value, zarr.abc.buffer.Buffer)``, without static narrowing in the caller."""
    return isinstance(value, zarr.abc.buffer.Buffer)


def test_bufferspec_buffers_are_zarr_buffers_only_while_enabled() -> None:
    """The ``Buffer`` ABC relation ends with the block, so zarr's own semantics return.

    zarr's ``Buffer.__eq__`` compares by content only instances of its ABC;
    outside the block a bufferspec Buffer is not one, so it compares unequal
    (what the conformance kit records for zarr's classes).
    """
    ours: object = cpu.Buffer.from_bytes(b"abc")
    theirs: object = zarr.buffer.cpu.Buffer.from_bytes(b"abc")

    class SubBuffer(cpu.Buffer):
        __slots__ = ()

    sub = SubBuffer.from_bytes(b"abc")
    assert not is_zarr_buffer(ours) and theirs != ours
    for _ in range(2):  # the second round reuses ABC caches: they must be reset each time
        with bufferspec.zarr.enabled():
            assert is_zarr_buffer(ours) and theirs == ours
            assert is_zarr_buffer(sub)
            assert not is_zarr_buffer(b"abc")
        assert not is_zarr_buffer(ours) and theirs != ours
        assert not is_zarr_buffer(sub)
    bufferspec.zarr.enable()
    assert is_zarr_buffer(ours)
    bufferspec.zarr.disable()
    assert not is_zarr_buffer(ours)
    assert is_zarr_buffer(theirs)  # zarr's own classes are unaffected


def test_enable_is_idempotent() -> None:
    before = config()
    bufferspec.zarr.enable()
    patched = bufferspec.zarr.patched_modules()
    bufferspec.zarr.enable()
    assert config() == OURS and bufferspec.zarr.patched_modules() == patched
    bufferspec.zarr.disable()
    assert config() == before and bufferspec.zarr.patched_modules() == ()
    bufferspec.zarr.disable()  # a second disable changes nothing
    assert config() == before


def test_disable_restores_a_non_default_config() -> None:
    custom = {"buffer": "zarr.core.buffer.cpu.Buffer", "ndbuffer": "zarr.core.buffer.cpu.NDBuffer"}
    zarr.config.set(custom)
    bufferspec.zarr.enable()
    zarr.config.set(
        {"buffer": "zarr.buffer.cpu.Buffer"}
    )  # changed meanwhile: not what disable restores
    bufferspec.zarr.enable()
    bufferspec.zarr.disable()
    assert config() == custom


def test_is_enabled_follows_zarr_config() -> None:
    bufferspec.zarr.enable()
    zarr.config.set({"ndbuffer": "zarr.buffer.cpu.NDBuffer"})
    assert not bufferspec.zarr.is_enabled()
    bufferspec.zarr.enable()
    assert bufferspec.zarr.is_enabled()


def test_enabled_restores_on_exit_and_on_error() -> None:
    before = config()
    with bufferspec.zarr.enabled():
        assert bufferspec.zarr.is_enabled() and config() == OURS
    assert not bufferspec.zarr.is_enabled() and config() == before
    with pytest.raises(KeyError, match="boom"), bufferspec.zarr.enabled():
        raise KeyError("boom")
    assert not bufferspec.zarr.is_enabled() and config() == before
    assert bufferspec.zarr.patched_modules() == ()


def test_enabled_nests() -> None:
    before = config()
    with bufferspec.zarr.enabled():
        patched = bufferspec.zarr.patched_modules()
        with bufferspec.zarr.enabled():
            assert config() == OURS
        assert bufferspec.zarr.is_enabled() and bufferspec.zarr.patched_modules() == patched
        bufferspec.zarr.disable()  # inside the block: back to the config from before the block
        assert config() == before and not bufferspec.zarr.is_enabled()
        with bufferspec.zarr.enabled():
            assert bufferspec.zarr.is_enabled()
        assert not bufferspec.zarr.is_enabled() and config() == before
    assert not bufferspec.zarr.is_enabled() and config() == before


def test_enabled_undoes_enable_inside_the_block() -> None:
    before = config()
    with bufferspec.zarr.enabled():
        bufferspec.zarr.enable()
    assert not bufferspec.zarr.is_enabled() and config() == before
    bufferspec.zarr.enable()
    with bufferspec.zarr.enabled():
        bufferspec.zarr.disable()
    assert bufferspec.zarr.is_enabled() and bufferspec.zarr.patched_modules()
    assert is_zarr_buffer(cpu.Buffer.create_zero_length())
    bufferspec.zarr.disable()
    assert config() == before  # the config from before the first enable() survived the block


def test_ndbuffer_checks_are_replaced_only_while_enabled() -> None:
    """zarr's ``NDBuffer`` name is swapped exactly where it is bound, and put back afterwards."""
    zarr_ndbuffer = zarr.abc.buffer.NDBuffer
    modules = {name: importlib.import_module(name) for name in NDBUFFER_CHECK_SITES}
    bound = {
        name
        for name, module in modules.items()
        if getattr(module, "NDBuffer", None) is zarr_ndbuffer
    }
    assert "zarr.core.array" in bound  # the out= check, in every zarr 3 version
    with bufferspec.zarr.enabled():
        assert set(bufferspec.zarr.patched_modules()) == bound
        for name in bound:
            check = modules[name].NDBuffer
            assert check is AnyNDBuffer
            assert isinstance(cpu.NDBuffer.create(shape=(1,), dtype="u1"), check)
            assert isinstance(zarr.buffer.cpu.NDBuffer.create(shape=(1,), dtype="u1"), check)
            assert not isinstance(object(), check)
    assert bufferspec.zarr.patched_modules() == ()
    for name in bound:
        assert modules[name].NDBuffer is zarr_ndbuffer


def test_disabled_zarr_writes_its_own_buffers() -> None:
    """Control: after the block, chunks are zarr's buffers again (the store's check is not vacuous)."""
    with bufferspec.zarr.enabled():
        pass
    store = zarr.storage.MemoryStore()
    array = zarr.create_array(store, shape=(4,), chunks=(2,), dtype="i2")
    array[...] = 1
    stored: object = store._store_dict["c/0"]
    assert type(stored) is not cpu.Buffer


def test_disable_keeps_the_connection_a_configuration_needs() -> None:
    """A config that names bufferspec on its own (``zarr.config.set``) stays usable after ``disable()``.

    ``disable()`` and the exit of ``enabled()`` disconnect only when nothing
    selects bufferspec any more; here the restored configuration still does.
    """
    before = config()
    zarr.config.set(OURS)  # selected by the config alone (in a fresh process: before first use)
    try:
        for switch in ("enabled-block", "enable-disable"):
            disconnect()  # this process loaded zarr's entry points long ago: not connected
            if switch == "enabled-block":
                with bufferspec.zarr.enabled():
                    pass
            else:
                bufferspec.zarr.enable()
                bufferspec.zarr.disable()
            assert config() == OURS and bufferspec.zarr.is_connected(), switch
            assert not bufferspec.zarr.is_enabled()  # not through enable(): is_connected() tells
            store = zarr.storage.MemoryStore()
            zarr.create_array(store, shape=(4,), chunks=(2,), dtype="i2")[...] = 1
            stored: object = store._store_dict["c/0"]
            assert type(stored) is cpu.Buffer
    finally:
        zarr.config.set(before)
        release()  # nothing selects bufferspec now: disconnects
    assert not bufferspec.zarr.is_connected() and bufferspec.zarr.patched_modules() == ()
    assert not is_zarr_buffer(cpu.Buffer.create_zero_length())
