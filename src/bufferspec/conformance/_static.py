"""``static=True`` / ``--static``: check a target's classes against the protocols with mypy.

A small module is generated that assigns the target's Buffer and NDBuffer
classes (an instance, the class itself, and an instance of a subclass) to the
instance and constructor protocols, and mypy checks it through :mod:`mypy.api`.
mypy shows at most two conflicting members per assignment, so the module also
assigns each class to one single-member protocol per member of the
specification (the member's declaration copied from
:mod:`bufferspec.protocols`): every missing member and every conflicting
signature becomes its own FAIL row, with a reproducer (a file to run mypy on)
and a hint how to fix it.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import os
import re
import sys
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from bufferspec._console import kit_missing_message, missing_kit_dependencies
from bufferspec.conformance._report import Result, Status
from bufferspec.conformance._target import Target, resolve_target

__all__ = ["STATIC_IDS", "require_mypy", "static_check"]


@dataclass(frozen=True)
class _Assertion:
    id: str
    protocol: str
    subject: str  # "instance", "class" or "subclass"


_ASSERTIONS: dict[str, tuple[_Assertion, ...]] = {
    "buffer": (
        _Assertion("static.buffer.instance", "Buffer", "instance"),
        _Assertion("static.buffer.class", "BufferClass", "class"),
        _Assertion("static.buffer.subclass", "Buffer", "subclass"),
    ),
    "nd_buffer": (
        _Assertion("static.ndbuffer.instance", "NDBuffer", "instance"),
        _Assertion("static.ndbuffer.class", "NDBufferClass", "class"),
        _Assertion("static.ndbuffer.subclass", "NDBuffer", "subclass"),
    ),
}

#: Ids of the rows static checking adds (a failing one is followed by ``.<member>``).
STATIC_IDS = tuple(a.id for group in _ASSERTIONS.values() for a in group)

_LINE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+): (?P<kind>error|note): (?P<text>.*)$")
_DEF = re.compile(r"def (?:\[[^]]*\] )?(?P<name>\w+)\(")


def require_mypy() -> None:
    """Raise ``ModuleNotFoundError`` with one line of advice when mypy is not installed."""
    if missing_kit_dependencies(["mypy.api"]):
        raise ModuleNotFoundError(kit_missing_message(["mypy"], "static checking (--static)"))


def _importable(cls: type) -> bool:
    return cls.__module__ != "__main__" and "<locals>" not in cls.__qualname__


def _defining_module(protocol: str) -> Any:
    """The module whose source defines ``protocols.<protocol>``."""
    return importlib.import_module(getattr(importlib.import_module("bufferspec.protocols"), protocol).__module__)


class _Qualify(ast.NodeTransformer):
    """Write the specification's own names as ``protocols.X``, so a user's class called ``Buffer`` cannot clash."""

    def __init__(self) -> None:
        from bufferspec import protocols

        self.public = set(protocols.__all__)

    def visit_Name(self, node: ast.Name) -> ast.AST:  # noqa: N802 - the ast API
        if node.id in self.public:
            return ast.copy_location(ast.Attribute(ast.Name("protocols", ast.Load()), node.id, ast.Load()), node)
        return node


@cache
def _member_declarations(protocol: str) -> tuple[tuple[str, str], ...]:
    """``(member, source)`` of every member of ``bufferspec.protocols.<protocol>``, docstrings dropped."""
    tree = ast.parse(inspect.getsource(_defining_module(protocol)))
    node = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == protocol)
    members: dict[str, list[str]] = {}
    for item in node.body:
        if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
            item.body = [ast.Expr(ast.Constant(...))]
            members.setdefault(item.name, []).append(ast.unparse(_Qualify().visit(item)))
        elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
            members.setdefault(item.target.id, []).append(ast.unparse(_Qualify().visit(item)))
    return tuple((name, "\n".join(parts)) for name, parts in members.items())


#: ``Protocol`` for the single-member protocols, under a name no import of the specification uses.
_PROTOCOL_IMPORT = "from typing_extensions import Protocol as _SingleMember"


@cache
def _protocol_imports(protocol: str) -> tuple[str, ...]:
    """The imports the declarations of *protocol* need: those of its module, except bufferspec's own names."""
    tree = ast.parse(inspect.getsource(_defining_module(protocol)))
    wanted = []
    for node in tree.body:
        if isinstance(node, ast.Import) or (isinstance(node, ast.ImportFrom) and node.module != "__future__"
                                            and not (node.module or "").startswith("bufferspec")):
            wanted.append(ast.unparse(node))
    return tuple(wanted)


def _member_protocol_name(protocol: str, member: str) -> str:
    """``Buffer_getitem`` for ``protocols.Buffer.__getitem__``."""
    return f"{protocol}_{member.strip('_') or 'member'}"


def _single_member_protocol(protocol: str, member: str, source: str) -> str:
    """A protocol with only *member*, declared as the specification declares it."""
    body = "\n".join("    " + line for line in source.splitlines())
    return f"class {_member_protocol_name(protocol, member)}(_SingleMember):\n{body}"


@dataclass
class _Plan:
    """The generated module: lines, and which line checks which assertion (and member)."""

    lines: list[str]
    wanted: dict[int, tuple[_Assertion, str | None]]
    headers: dict[str, list[str]]  # per part: imports and class lines a reproducer needs
    names: dict[str, tuple[str, str]]  # per part: (class name, subclass name)


def _plan(resolved: Target) -> tuple[_Plan, list[Result]]:
    skipped: list[Result] = []
    head = ["from __future__ import annotations", "from bufferspec import protocols"]
    for protocol in ("Buffer", "BufferClass", "NDBuffer", "NDBufferClass"):
        head.extend(line for line in _protocol_imports(protocol) if line not in head)
    head.append(_PROTOCOL_IMPORT)
    plan = _Plan(list(head), {}, {}, {})
    taken: set[str] = set()
    for part, cls in (("buffer", resolved.buffer), ("nd_buffer", resolved.nd_buffer)):
        if cls is None:
            continue
        if not _importable(cls):
            skipped.extend(Result(a.id, Status.SKIP, "class is not importable by module path") for a in _ASSERTIONS[part])
            continue
        outer, _, rest = cls.__qualname__.partition(".")
        name = cls.__name__ if cls.__name__ not in taken else f"{cls.__name__}_{part}"
        taken.add(name)
        sub = f"SubclassOf{name}"
        lines = [f"from {cls.__module__} import {outer}" + (f" as _{outer}" if rest or outer != name else "")]
        if rest:
            lines.append(f"{name} = _{outer}.{rest}")
        elif outer != name:
            lines[-1] = f"from {cls.__module__} import {outer} as {name}"
        lines.append(f"class {sub}({name}): pass")
        plan.lines.extend(lines)
        plan.headers[part] = lines
        plan.names[part] = (name, sub)
    protocols = dict.fromkeys(a.protocol for part in plan.names for a in _ASSERTIONS[part])
    for protocol in protocols:  # each single-member protocol once, before the assignments that use it
        plan.lines.extend(_single_member_protocol(protocol, member, source)
                          for member, source in _member_declarations(protocol))
    for part, (name, sub) in plan.names.items():
        for index, assertion in enumerate(_ASSERTIONS[part]):
            plan.lines.append(_assignment(assertion, f"protocols.{assertion.protocol}", name, sub, f"_{part}{index}"))
            plan.wanted[len(plan.lines)] = (assertion, None)
            for member, _ in _member_declarations(assertion.protocol):
                plan.lines.append(_assignment(assertion, _member_protocol_name(assertion.protocol, member),
                                              name, sub, f"_{part}{index}_{member.strip('_')}"))
                plan.wanted[len(plan.lines)] = (assertion, member)
    return plan, skipped


def _assignment(assertion: _Assertion, protocol: str, name: str, sub: str, function: str) -> str:
    """One line that mypy rejects when the class does not satisfy *protocol* (last line of the text)."""
    if assertion.subject == "class":
        return f"{function}: {protocol} = {name}"
    return f"def {function}(x: {sub if assertion.subject == 'subclass' else name}) -> None: _: {protocol} = x"


def static_check(target: object) -> tuple[Result, ...]:
    """Rows for every static assertion on *target*: PASS, one FAIL per broken member, or SKIP.

    Raises
    ------
    ModuleNotFoundError
        If mypy is not installed.
    """
    require_mypy()
    resolved = target if isinstance(target, Target) else resolve_target(target)
    plan, results = _plan(resolved)
    if not plan.wanted:
        return tuple(results)
    from mypy import api

    source = "\n".join(plan.lines) + "\n"
    # the line number mypy reports for an entry is that of its last physical line
    numbered: dict[int, tuple[_Assertion, str | None]] = {}
    physical = 0
    for index, text in enumerate(plan.lines, start=1):
        physical += text.count("\n") + 1
        if index in plan.wanted:
            numbered[physical] = plan.wanted[index]
    roots = _import_roots(resolved)
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch, "bufferspec_static_check.py")
        path.write_text(source, encoding="utf-8")
        config = Path(scratch, "mypy.ini")  # where the backend imports from, as this interpreter sees it
        config.write_text("[mypy]\nmypy_path = " + ",".join(roots) + "\n", encoding="utf-8")
        stdout, _, _ = api.run([
            str(path), "--strict", "--no-incremental", "--show-error-codes", "--no-color-output",
            "--follow-imports=silent", "--config-file", str(config), "--cache-dir", os.path.join(scratch, "cache"),
        ])
    unresolved = _import_problem(stdout, path.name, plan)
    if unresolved is not None:
        return (*results, *(Result(a.id, Status.ERROR, unresolved) for part in plan.names for a in _ASSERTIONS[part]))
    return (*results, *_rows(stdout, numbered, path.name, plan))


def _import_roots(resolved: Target) -> list[str]:
    """The folders the target's modules import from, unless they are installed (mypy finds those itself)."""
    roots: list[str] = []
    for cls in (resolved.buffer, resolved.nd_buffer):
        module = sys.modules.get(getattr(cls, "__module__", ""))
        filename = getattr(module, "__file__", None)
        if module is None or not filename or "site-packages" in filename:
            continue
        root = Path(filename).resolve().parent
        for _ in range(module.__name__.count(".") + (Path(filename).name == "__init__.py")):
            root = root.parent
        if str(root) not in roots:
            roots.append(str(root))
    return roots


def _import_problem(stdout: str, filename: str, plan: _Plan) -> str | None:
    """Why mypy could not load the target's classes (an error on an import line of the module), or None."""
    targets = {line for header in plan.headers.values() for line in header if line.startswith("from ")}
    imports = {index for index, line in enumerate(plan.lines, start=1) if line in targets}
    for line, found in _messages(stdout, filename).items():
        errors = [text for kind, text in found if kind == "error"]
        if line in imports and errors:
            return f"mypy cannot load the target's module: {errors[0]}"
    return None


def _messages(stdout: str, filename: str) -> dict[int, list[tuple[str, str]]]:
    messages: dict[int, list[tuple[str, str]]] = {}
    for raw in stdout.splitlines():
        match = _LINE.match(raw)
        if match and Path(match["file"]).name == filename:
            messages.setdefault(int(match["line"]), []).append((match["kind"], match["text"]))
    return messages


def _rows(stdout: str, numbered: dict[int, tuple[_Assertion, str | None]], filename: str, plan: _Plan) -> list[Result]:
    messages = _messages(stdout, filename)
    failing: dict[str, list[Result]] = {}
    whole: dict[str, str] = {}
    for line, (assertion, member) in sorted(numbered.items()):
        found = messages.get(line, [])
        errors = [text for kind, text in found if kind == "error"]
        if member is None:
            if errors:
                whole[assertion.id] = errors[0]
            continue
        if errors:
            failing.setdefault(assertion.id, []).append(_member_row(assertion, member, found, plan))
    rows: list[Result] = []
    for part in plan.names:
        for assertion in _ASSERTIONS[part]:
            if assertion.id in failing:
                rows.extend(failing[assertion.id])
            elif assertion.id in whole:
                rows.append(Result(assertion.id, Status.FAIL, whole[assertion.id],
                                   reproducer=_reproducer(plan, part, assertion, None)))
            else:
                rows.append(Result(assertion.id, Status.PASS, f"satisfies protocols.{assertion.protocol}"))
    return rows


def _member_row(assertion: _Assertion, member: str, found: list[tuple[str, str]], plan: _Plan) -> Result:
    part = "buffer" if assertion.id.startswith("static.buffer.") else "nd_buffer"
    name, sub = plan.names[part]
    subject = {"instance": f"an instance of {name}", "class": f"the class {name}",
               "subclass": f"an instance of a subclass of {name}"}[assertion.subject]
    expected = got = None
    pending: str | None = None
    missing = False
    for kind, text in found:
        stripped = text.strip()
        if kind == "error":
            continue
        if "missing following" in stripped or stripped.startswith('"') and "is missing" in stripped:
            missing = True
        elif stripped in ("Expected:", "Got:"):
            pending = stripped
        elif pending and (_DEF.search(stripped) or stripped.startswith(("@", member))):
            if pending == "Expected:" and expected is None:
                expected = stripped
            elif pending == "Got:" and got is None:
                got = stripped
    declared = dict(_member_declarations(assertion.protocol))[member].splitlines()
    declaration = next((line.strip() for line in declared if "def " in line or ":" in line), member)
    if missing or (expected is None and got is None):
        reason = f"{subject} lacks {member}, required by protocols.{assertion.protocol}.{member}"
        hint = f"define {member} on {name} as declared by protocols.{assertion.protocol}: {declaration.rstrip(':')}"
    else:
        reason = (f"{subject} does not match protocols.{assertion.protocol}.{member}: "
                  f"expected {expected or '?'}, got {got or '?'}")
        hint = _conflict_hint(assertion, member, name, sub, expected or "", got or "")
    return Result(f"{assertion.id}.{member}", Status.FAIL, reason, hint=hint,
                  reproducer=_reproducer(plan, part, assertion, member))


def _conflict_hint(assertion: _Assertion, member: str, name: str, sub: str, expected: str, got: str) -> str:
    expected_return = expected.rsplit("->", 1)[-1].strip()
    got_return = got.rsplit("->", 1)[-1].strip()
    if assertion.subject == "subclass" and expected_return == sub and got_return == name:
        return (f"annotate the return type of {name}.{member} as Self (typing.Self, or typing_extensions.Self "
                f"before Python 3.11), so that a subclass of {name} returns its own type")
    if assertion.subject == "class" and expected_return in ("Buffer", "NDBuffer") and got_return == name:
        kind = "buffer" if expected_return == "Buffer" else "ndbuffer"
        return (f"{name}.{member} returns {name}, which is not a protocols.{expected_return} itself: fix the "
                f"static.{kind}.instance.* rows first, and this one goes too if the parameters match: {expected}")
    return f"change {name}.{member} to match protocols.{assertion.protocol}.{member}: {expected}"


def _reproducer(plan: _Plan, part: str, assertion: _Assertion, member: str | None) -> str:
    """A file for mypy that fails on its last line exactly as the row says."""
    name, sub = plan.names[part]
    lines = ["# Check with: mypy --strict this_file.py (the error is on the last line)",
             "from __future__ import annotations", "from bufferspec import protocols"]
    index = _ASSERTIONS[part].index(assertion)
    if member is None:
        lines += plan.headers[part] + [_assignment(assertion, f"protocols.{assertion.protocol}", name, sub, "_check")]
    else:
        lines += [line for line in _protocol_imports(assertion.protocol) if line not in lines]
        lines += [_PROTOCOL_IMPORT, *plan.headers[part]]
        lines.append(_single_member_protocol(assertion.protocol, member, dict(_member_declarations(assertion.protocol))[member]))
        lines.append(_assignment(assertion, _member_protocol_name(assertion.protocol, member), name, sub,
                                 f"_{part}{index}"))
    return "\n".join(lines)
