"""``--static``: check a target's classes against the protocols with mypy.

A small module is generated that assigns the target's Buffer/NDBuffer
classes (and a subclass of each) to the instance and constructor protocols.
mypy checks it through :mod:`mypy.api`; every missing member or conflicting
signature becomes a FAIL row named after the protocol member.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bufferspec.conformance._report import Report, Result, Status
from bufferspec.conformance._target import Target, resolve_target

__all__ = ["STATIC_IDS", "static_check", "static_report"]


@dataclass(frozen=True)
class _Assertion:
    id: str
    protocol: str
    source: str  # one line; {cls} is the implementation class


_ASSERTIONS: dict[str, tuple[_Assertion, ...]] = {
    "buffer": (
        _Assertion("static.buffer.instance", "Buffer", "def _b1(x: {cls}) -> None: _: protocols.Buffer = x"),
        _Assertion("static.buffer.class", "BufferClass", "_b2: protocols.BufferClass = {cls}"),
        _Assertion("static.buffer.subclass", "Buffer", "def _b3(x: _BufferSub) -> None: _: protocols.Buffer = x"),
    ),
    "nd_buffer": (
        _Assertion("static.ndbuffer.instance", "NDBuffer", "def _n1(x: {cls}) -> None: _: protocols.NDBuffer = x"),
        _Assertion("static.ndbuffer.class", "NDBufferClass", "_n2: protocols.NDBufferClass = {cls}"),
        _Assertion("static.ndbuffer.subclass", "NDBuffer", "def _n3(x: _NDBufferSub) -> None: _: protocols.NDBuffer = x"),
    ),
}

#: Ids of the rows ``--static`` adds (each may be followed by ``.<member>``).
STATIC_IDS = tuple(a.id for group in _ASSERTIONS.values() for a in group)

_LINE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+): (?P<kind>error|note): (?P<text>.*)$")
_DEF = re.compile(r"def (?:\[[^]]*\] )?(?P<name>\w+)\(")


def _importable(cls: type) -> bool:
    return cls.__module__ != "__main__" and "<locals>" not in cls.__qualname__


def static_check(target: object) -> tuple[Result, ...]:
    """Rows for every static assertion on *target* (PASS, one FAIL per broken member, or SKIP)."""
    resolved = target if isinstance(target, Target) else resolve_target(target)
    lines = ["from __future__ import annotations", "from bufferspec import protocols"]
    wanted: dict[int, _Assertion] = {}
    results: list[Result] = []
    for part, cls in (("buffer", resolved.buffer), ("nd_buffer", resolved.nd_buffer)):
        if cls is None:
            continue
        if not _importable(cls):
            results.extend(Result(a.id, Status.SKIP, "class is not importable by module path") for a in _ASSERTIONS[part])
            continue
        alias = "_Impl" + ("Buffer" if part == "buffer" else "NDBuffer")
        lines.append(f"from {cls.__module__} import {cls.__qualname__.split('.')[0]} as {alias}_root")
        rest = cls.__qualname__.split(".", 1)[1:] 
        lines.append(f"{alias} = {alias}_root" + (f".{rest[0]}" if rest else ""))
        lines.append(f"class {'_BufferSub' if part == 'buffer' else '_NDBufferSub'}({alias}): pass")
        for assertion in _ASSERTIONS[part]:
            lines.append(assertion.source.format(cls=alias))
            wanted[len(lines)] = assertion
    if not wanted:
        return tuple(results)
    from mypy import api

    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch, "bufferspec_static_check.py")
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        stdout, _, _ = api.run([
            str(path), "--strict", "--no-incremental", "--show-error-codes", "--no-color-output",
            "--follow-imports=silent", "--config-file", os.devnull, "--cache-dir", os.path.join(scratch, "cache"),
        ])
    return tuple(results) + _rows(stdout, wanted, path.name)


def _rows(stdout: str, wanted: dict[int, _Assertion], filename: str) -> tuple[Result, ...]:
    messages: dict[int, list[tuple[str, str]]] = {}
    for raw in stdout.splitlines():
        match = _LINE.match(raw)
        if match and Path(match["file"]).name == filename:
            messages.setdefault(int(match["line"]), []).append((match["kind"], match["text"]))
    rows: list[Result] = []
    for line, assertion in sorted(wanted.items()):
        found = messages.get(line, [])
        if not any(kind == "error" for kind, _ in found):
            rows.append(Result(assertion.id, Status.PASS, f"satisfies protocols.{assertion.protocol}"))
            continue
        rows.extend(_member_rows(assertion, found))
    return tuple(rows)


def _member_rows(assertion: _Assertion, found: list[tuple[str, str]]) -> list[Result]:
    rows: list[Result] = []
    mode = ""
    expected: str | None = None
    first_error = "mypy reported an error"
    for kind, text in found:
        stripped = text.strip()
        if kind == "error":
            first_error = stripped
            continue
        if "missing following" in stripped:
            mode = "missing"
        elif "have conflicts" in stripped:
            mode = "conflict"
        elif stripped == "Expected:":
            expected = ""
        elif stripped == "Got:":
            expected = None if expected is None else expected
        elif mode == "missing" and re.fullmatch(r"[\w, ]+", stripped):
            for member in (m.strip() for m in stripped.split(",")):
                rows.append(Result(f"{assertion.id}.{member}", Status.FAIL,
                                   f"protocols.{assertion.protocol}.{member} is missing"))
        elif mode == "conflict" and (match := _DEF.search(stripped)):
            if expected == "":
                expected = stripped
            elif expected:
                member = match["name"]
                rows.append(Result(f"{assertion.id}.{member}", Status.FAIL,
                                   f"protocols.{assertion.protocol}.{member}: expected {expected}, got {stripped}"))
                expected = None
        elif "more conflict" in stripped:
            rows.append(Result(f"{assertion.id}.more", Status.FAIL, stripped.strip("<>")))
    if not rows:
        rows.append(Result(assertion.id, Status.FAIL, first_error))
    return rows


def static_report(target: object, report: Report) -> Report:
    """*report* with the static rows appended."""
    return Report(target=report.target, results=report.results + static_check(target), version=report.version)
