"""The check context: its message mode leaves nothing out silently, and its journal is an argument."""

from __future__ import annotations

from pathlib import Path

import pytest

from bufferspec import cpu
from bufferspec.conformance import CheckContext, resolve_target
from bufferspec.conformance._core.context import esc


def test_message_mode_records_the_assertion_it_does_not_run() -> None:
    ctx = CheckContext(resolve_target(cpu.buffer_prototype), messages=True)
    ctx.run("buf = Buffer.from_bytes(b'abc')")
    ctx.check("len(buf) == 4", "len(buf) is {len(buf)}, expected 4")  # false, but not this twin's rule
    reproducer = ctx.reproducer()
    assert "# not checked here (the MUST contract checks it): assert len(buf) == 4" in reproducer
    exec(compile(reproducer, "<reproducer>", "exec"), {})  # the comment runs nothing


def test_the_same_assertion_runs_outside_message_mode() -> None:
    ctx = CheckContext(resolve_target(cpu.buffer_prototype))
    ctx.run("buf = Buffer.from_bytes(b'abc')")
    with pytest.raises(AssertionError) as raised:
        ctx.check("len(buf) == 4", "len(buf) is {len(buf)}, expected 4")
    assert str(raised.value) == "len(buf) is 3, expected 4"


def test_the_journal_is_written_before_every_step(tmp_path: Path) -> None:
    journal = tmp_path / "journal.py"
    ctx = CheckContext(resolve_target(cpu.buffer_prototype), journal=str(journal))
    ctx.run("buf = Buffer.from_bytes(b'abc')")
    assert journal.read_text(encoding="utf-8").endswith("buf = Buffer.from_bytes(b'abc')")
    ctx.run("n = len(buf)")
    assert journal.read_text(encoding="utf-8").endswith("n = len(buf)")
    assert not (tmp_path / "other").exists()
    quiet = CheckContext(resolve_target(cpu.buffer_prototype))
    quiet.run("x = 1")
    assert journal.read_text(encoding="utf-8").endswith("n = len(buf)")  # another context writes no journal


def test_esc_keeps_literal_text_literal() -> None:
    ctx = CheckContext(resolve_target(cpu.buffer_prototype))
    ctx.run("value = {'a': 1}")
    with pytest.raises(AssertionError) as raised:
        ctx.check("False", f"{esc(repr({'a': 1}))} and {{value['a']}}")
    assert str(raised.value) == "{'a': 1} and 1"
