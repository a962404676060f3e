"""``static=True`` / ``--static``: check a target's classes against the protocols with type checkers.

A small module is generated that assigns the target's Buffer and NDBuffer
classes (an instance, the class itself, and an instance of a subclass) to the
instance and constructor protocols.  A checker shows only some of the
conflicting members of one assignment, so the module also assigns each class
to one single-member protocol per member of the specification (the member's
declaration copied from :mod:`bufferspec.protocols`): an error on such a line
means that member fails, and every missing member and every conflicting
signature becomes its own FAIL row, with a reproducer (a file the checker
rejects on its last line) and a hint how to fix it.

Each checker of :data:`~bufferspec.conformance._static.checkers.CHECKERS`
(mypy, pyright, pyrefly) checks the module once, in a child process with a
time limit (see :mod:`bufferspec.conformance._static.checkers`); its rows are
``static.<checker>.buffer.instance``, ``static.<checker>.buffer.instance.<member>``
and so on.  A checker that is asked for but not installed gives SKIP rows
that say what to install; one that crashes, times out or does not reject the
module's deliberate error gives ERROR rows.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import math
import re
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from bufferspec.conformance._core.report import Result, Status
from bufferspec.conformance._core.target import Target, resolve_target
from bufferspec.conformance._static import checkers as checkers_module
from bufferspec.conformance._static.checkers import (
    CHECKERS,
    DEFAULT_STATIC_TIMEOUT,
    INSTALL_HINTS,
    Checker,
    CheckerOutput,
    Diagnostic,
    require_checkers,
)

__all__ = ["CHECKERS", "STATIC_IDS", "require_checkers", "static_check", "static_ids"]


@dataclass(frozen=True)
class _Assertion:
    part: str  # "buffer" or "nd_buffer": the target's class it is about
    key: str  # "buffer.instance": the row id without "static.<checker>."
    protocol: str
    subject: str  # "instance", "class" or "subclass"

    def row_id(self, checker: str, member: str | None = None) -> str:
        """``static.<checker>.<key>``, with ``.<member>`` for a member's row."""
        return f"static.{checker}.{self.key}" + (f".{member}" if member else "")


_ASSERTIONS: dict[str, tuple[_Assertion, ...]] = {
    "buffer": (
        _Assertion("buffer", "buffer.instance", "Buffer", "instance"),
        _Assertion("buffer", "buffer.class", "BufferClass", "class"),
        _Assertion("buffer", "buffer.subclass", "Buffer", "subclass"),
    ),
    "nd_buffer": (
        _Assertion("nd_buffer", "ndbuffer.instance", "NDBuffer", "instance"),
        _Assertion("nd_buffer", "ndbuffer.class", "NDBufferClass", "class"),
        _Assertion("nd_buffer", "ndbuffer.subclass", "NDBuffer", "subclass"),
    ),
}


def static_ids(checkers: tuple[str, ...] = CHECKERS) -> tuple[str, ...]:
    """The ids of the static assertions of *checkers*, checker by checker (a failing one adds ``.<member>``)."""
    return tuple(a.row_id(checker) for checker in checkers for group in _ASSERTIONS.values() for a in group)


#: Ids of the rows static checking adds, ``static.<checker>.<class>.<subject>``; a failing one is followed by
#: ``.<member>``.
STATIC_IDS = static_ids()

_DEF = re.compile(r"def (?:\[[^]]*\] )?(?P<name>\w+)\(")
#: The last line of the generated module: every checker must reject it, or its silence means nothing.
_CANARY = '_bufferspec_canary: int = "every type checker rejects this line"'


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


def _declaration(assertion: _Assertion, member: str) -> str:
    """The member's signature as the specification declares it (``def to_bytes(self) -> bytes``).

    A constructor protocol declares what the class object offers, so its
    members read as class methods (``@classmethod def from_bytes(cls, ...)``).
    """
    declared = [line.strip() for line in dict(_member_declarations(assertion.protocol))[member].splitlines()]
    at = next((i for i, line in enumerate(declared) if line.startswith("def ")), None)
    if at is None:  # an annotated attribute
        return next((line for line in declared if ":" in line), member)
    decorators = [line for line in declared[:at] if line.startswith("@")]
    signature = declared[at].rstrip(":")
    if assertion.subject == "class":
        signature = re.sub(r"\(self(, |\))", lambda m: "(cls" + m[1], signature, count=1)
        decorators = ["@classmethod", *decorators]
    return " ".join([*decorators, signature])


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
    """The generated module: its text, and which (physical, 1-based) line checks which assertion and member."""

    lines: list[str] = field(default_factory=list)
    wanted: dict[int, tuple[_Assertion, str | None]] = field(default_factory=dict)
    imports: dict[str, int] = field(default_factory=dict)  # per part: the line that imports the class
    headers: dict[str, list[str]] = field(default_factory=dict)  # per part: imports and class lines a reproducer needs
    names: dict[str, tuple[str, str]] = field(default_factory=dict)  # per part: (class name, subclass name)
    canary: int = 0

    def add(self, text: str) -> int:
        """Append *text* (one or more lines); the number of its last line."""
        self.lines.extend(text.splitlines())
        return len(self.lines)

    @property
    def source(self) -> str:
        return "\n".join(self.lines) + "\n"


def _plan(resolved: Target) -> tuple[_Plan, dict[str, str]]:
    """The module checking *resolved*, and ``{part: why}`` for the classes it cannot check."""
    skipped: dict[str, str] = {}
    plan = _Plan()
    head = ["from __future__ import annotations", "from bufferspec import protocols"]
    for protocol in ("Buffer", "BufferClass", "NDBuffer", "NDBufferClass"):
        head.extend(line for line in _protocol_imports(protocol) if line not in head)
    head.append(_PROTOCOL_IMPORT)
    for line in head:
        plan.add(line)
    taken: set[str] = set()
    for part, cls in (("buffer", resolved.buffer), ("nd_buffer", resolved.nd_buffer)):
        if cls is None:
            continue
        if not _importable(cls):
            skipped[part] = "class is not importable by module path"
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
        plan.imports[part] = plan.add(lines[0])
        for text in lines[1:]:
            plan.add(text)
        plan.headers[part] = lines
        plan.names[part] = (name, sub)
    protocols = dict.fromkeys(a.protocol for part in plan.names for a in _ASSERTIONS[part])
    for protocol in protocols:  # each single-member protocol once, before the assignments that use it
        for member, source in _member_declarations(protocol):
            plan.add(_single_member_protocol(protocol, member, source))
    for part, (name, sub) in plan.names.items():
        for index, assertion in enumerate(_ASSERTIONS[part]):
            number = plan.add(_assignment(assertion, f"protocols.{assertion.protocol}", name, sub, f"_{part}{index}"))
            plan.wanted[number] = (assertion, None)
            for member, _ in _member_declarations(assertion.protocol):
                number = plan.add(_assignment(assertion, _member_protocol_name(assertion.protocol, member),
                                              name, sub, f"_{part}{index}_{member.strip('_')}"))
                plan.wanted[number] = (assertion, member)
    plan.canary = plan.add(_CANARY)
    return plan, skipped


def _assignment(assertion: _Assertion, protocol: str, name: str, sub: str, function: str) -> str:
    """One line that a checker rejects when the class does not satisfy *protocol* (last line of the text)."""
    if assertion.subject == "class":
        return f"{function}: {protocol} = {name}"
    return f"def {function}(x: {sub if assertion.subject == 'subclass' else name}) -> None: _: {protocol} = x"


def _check_timeout(timeout: float | None) -> float:
    if timeout is None:
        return DEFAULT_STATIC_TIMEOUT
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)):
        raise TypeError(f"timeout: expected a number of seconds, got {type(timeout).__name__}")
    if not (timeout > 0 and math.isfinite(timeout)):
        raise ValueError(f"timeout: expected a positive number of seconds, got {timeout!r}")
    return float(timeout)


def static_check(target: object, *, checkers: str | Iterable[str] | None = None,
                 timeout: float | None = None) -> tuple[Result, ...]:
    """Rows for every static assertion on *target*, per checker: PASS, one FAIL per broken member, SKIP or ERROR.

    Parameters
    ----------
    target
        A ``BufferPrototype``, a Buffer class, an NDBuffer class, a
        ``"module:attr"`` string naming one, or a resolved ``Target``.  The
        classes must be importable by module path (else their rows are SKIP).
    checkers
        ``"mypy"``, ``"pyright"``, ``"pyrefly"``, ``"all"``, several of them
        (an iterable, or one string separated by commas), or None (the
        default): every installed checker.  A checker named here that is not
        installed gives SKIP rows whose reason says what to install.
    timeout
        Seconds each checker may run (they run side by side); one still
        running then gives ERROR rows.  None: 600.

    Raises
    ------
    ModuleNotFoundError
        If none of the checkers asked for (by default: no checker at all) is installed.
    TypeError, ValueError
        If *checkers* names an unknown checker or *timeout* is not a positive number.
    """
    names = require_checkers(checkers)
    limit = _check_timeout(timeout)
    resolved = target if isinstance(target, Target) else resolve_target(target)
    plan, skipped = _plan(resolved)
    found = {name: checkers_module.find_checker(name) for name in names}  # by attribute: tests replace it
    outputs: dict[str, CheckerOutput] = {}
    if plan.names:
        outputs = _run_checkers([c for c in found.values() if c is not None], plan, _import_roots(resolved), limit)
    rows: list[Result] = []
    for name in names:
        for part in ("buffer", "nd_buffer"):
            if part in skipped:
                rows.extend(Result(a.row_id(name), Status.SKIP, skipped[part]) for a in _ASSERTIONS[part])
            elif part in plan.names:
                checker = found[name]
                if checker is None:
                    reason = f"{name} is not installed: {INSTALL_HINTS[name]}"
                    rows.extend(Result(a.row_id(name), Status.SKIP, reason) for a in _ASSERTIONS[part])
                else:
                    rows.extend(_rows(outputs[name], plan, part))
    return tuple(rows)


def _run_checkers(checkers: list[Checker], plan: _Plan, roots: list[str], timeout: float) -> dict[str, CheckerOutput]:
    """Each checker on its own copy of the module, side by side."""
    from concurrent.futures import ThreadPoolExecutor  # only when static checks run

    with tempfile.TemporaryDirectory(prefix="bufferspec-static-") as scratch:
        modules = {}
        for checker in checkers:
            folder = Path(scratch, checker.name)
            folder.mkdir()
            modules[checker.name] = folder / "bufferspec_static_check.py"
            modules[checker.name].write_text(plan.source, encoding="utf-8")
        with ThreadPoolExecutor(max_workers=max(1, len(checkers))) as pool:
            futures = {c.name: pool.submit(checkers_module.run_checker, c, modules[c.name], roots, timeout)
                       for c in checkers}
            return {name: future.result() for name, future in futures.items()}


def _import_roots(resolved: Target) -> list[str]:
    """The folders the target's modules import from, unless they are installed (the checkers find those)."""
    roots: list[str] = []
    for cls in (resolved.buffer, resolved.nd_buffer):
        module = sys.modules.get(getattr(cls, "__module__", ""))
        filename = getattr(module, "__file__", None)
        if module is None or not filename or "site-packages" in filename or "dist-packages" in filename:
            continue
        root = Path(filename).resolve().parent
        for _ in range(module.__name__.count(".") + (Path(filename).name == "__init__.py")):
            root = root.parent
        if str(root) not in roots:
            roots.append(str(root))
    return roots


def _by_line(diagnostics: tuple[Diagnostic, ...]) -> dict[int, list[Diagnostic]]:
    found: dict[int, list[Diagnostic]] = {}
    for diagnostic in diagnostics:
        found.setdefault(diagnostic.line, []).append(diagnostic)
    return found


def _errors(found: list[Diagnostic]) -> list[Diagnostic]:
    return [d for d in found if d.severity == "error"]


def _problem(output: CheckerOutput, plan: _Plan, part: str) -> str | None:
    """Why *output* says nothing about *part*: the checker failed, could not import the class, or missed the canary."""
    label = output.checker.label
    if output.failure is not None:
        return output.failure
    messages = _by_line(output.diagnostics)
    errors = _errors(messages.get(plan.imports[part], []))
    if errors:
        return f"{label} cannot load the target's module: {errors[0].message.strip().splitlines()[0]}"
    if not _errors(messages.get(plan.canary, [])):
        said = f" (it wrote: {output.stderr})" if output.stderr else ""
        return (f"{label} reported no error on line {plan.canary} of the generated module, which must fail "
                f"(a deliberate error): it did not check the module, so its silence means nothing{said}")
    return None


def _rows(output: CheckerOutput, plan: _Plan, part: str) -> list[Result]:
    """The rows of one checker for the assertions about one of the target's classes."""
    checker = output.checker
    problem = _problem(output, plan, part)
    if problem is not None:
        return [Result(a.row_id(checker.name), Status.ERROR, problem) for a in _ASSERTIONS[part]]
    messages = _by_line(output.diagnostics)
    failed: dict[tuple[_Assertion, str | None], list[Diagnostic]] = {}
    for line, (assertion, member) in sorted(plan.wanted.items()):
        found = messages.get(line, [])
        if assertion.part == part and _errors(found):
            failed[(assertion, member)] = found
    rows: list[Result] = []
    for assertion in _ASSERTIONS[part]:
        members = [(member, found) for (a, member), found in failed.items() if a == assertion and member]
        if members:
            rows.extend(_member_row(checker, assertion, member, found, plan, failed) for member, found in members)
        elif (assertion, None) in failed:
            message = _errors(failed[(assertion, None)])[0].message.strip().splitlines()[0]
            rows.append(Result(assertion.row_id(checker.name), Status.FAIL, message,
                               reproducer=_reproducer(plan, checker, assertion, None)))
        else:
            rows.append(Result(assertion.row_id(checker.name), Status.PASS,
                               f"satisfies protocols.{assertion.protocol} ({checker.label})"))
    return rows


def _subject(assertion: _Assertion, name: str) -> str:
    return {"instance": f"an instance of {name}", "class": f"the class {name}",
            "subclass": f"an instance of a subclass of {name}"}[assertion.subject]


def _member_row(checker: Checker, assertion: _Assertion, member: str, found: list[Diagnostic], plan: _Plan,
                failed: dict[tuple[_Assertion, str | None], list[Diagnostic]]) -> Result:
    name, sub = plan.names[assertion.part]
    if checker.name == "mypy":
        reason, hint = _mypy_reason_and_hint(assertion, member, found, name, sub)
    else:
        reason, hint = _other_reason_and_hint(checker, assertion, member, found, name, failed)
    return Result(assertion.row_id(checker.name, member), Status.FAIL, reason, hint=hint,
                  reproducer=_reproducer(plan, checker, assertion, member))


def _mypy_reason_and_hint(assertion: _Assertion, member: str, found: list[Diagnostic], name: str,
                          sub: str) -> tuple[str, str]:
    """From mypy's notes: ``Expected:`` / ``Got:`` signatures, ``member: expected "X", got "Y"``, or missing."""
    subject = _subject(assertion, name)
    expected = got = None
    pending: str | None = None
    missing = False
    attribute = re.compile(rf'^{re.escape(member)}: expected "(?P<expected>.*)", got "(?P<got>.*)"$')
    for diagnostic in found:
        stripped = diagnostic.message.strip()
        if diagnostic.severity == "error":
            continue
        conflict = attribute.match(stripped)
        if conflict and expected is None:
            expected, got = f"{member}: {conflict['expected']}", f"{member}: {conflict['got']}"
        elif "missing following" in stripped or stripped.startswith('"') and "is missing" in stripped:
            missing = True
        elif stripped in ("Expected:", "Got:"):
            pending = stripped
        elif pending and (_DEF.search(stripped) or stripped.startswith(("@", member))):
            if pending == "Expected:" and expected is None:
                expected = stripped
            elif pending == "Got:" and got is None:
                got = stripped
    declaration = _declaration(assertion, member)
    if missing or (expected is None and got is None):
        reason = f"{subject} lacks {member}, required by protocols.{assertion.protocol}.{member}"
        hint = f"define {member} on {name} as declared by protocols.{assertion.protocol}: {declaration}"
        return reason, hint
    reason = (f"{subject} does not match protocols.{assertion.protocol}.{member}: "
              f"expected {expected or '?'}, got {got or '?'}")
    return reason, _conflict_hint(assertion, member, name, sub, expected or "", got or "")


def _conflict_hint(assertion: _Assertion, member: str, name: str, sub: str, expected: str, got: str) -> str:
    expected_return = expected.rsplit("->", 1)[-1].strip()
    got_return = got.rsplit("->", 1)[-1].strip()
    if assertion.subject == "subclass" and expected_return == sub and got_return == name:
        return (f"annotate the return type of {name}.{member} as Self (typing.Self, or typing_extensions.Self "
                f"before Python 3.11), so that a subclass of {name} returns its own type")
    if assertion.subject == "class" and expected_return in ("Buffer", "NDBuffer") and got_return == name:
        kind = "buffer" if expected_return == "Buffer" else "ndbuffer"
        return (f"{name}.{member} returns {name}, which is not a protocols.{expected_return} itself: fix the "
                f"static.mypy.{kind}.instance.* rows first, and this one goes too if the parameters match: {expected}")
    return f"change {name}.{member} to match protocols.{assertion.protocol}.{member}: {expected}"


def _readable(checker: Checker, message: str, assertion: _Assertion, member: str) -> str:
    """The one or two lines of a pyright or pyrefly message that say what is wrong with *member*.

    The single-member protocol's generated name is written as the
    specification's protocol.  pyright nests its explanation (indented lines):
    the line naming the member and the first line below it.  pyrefly's second
    line says what the member's type is and what the protocol wants.
    """
    generated = re.compile(rf"\b{re.escape(_member_protocol_name(assertion.protocol, member))}\b")
    lines = [generated.sub(f"protocols.{assertion.protocol}", line.rstrip())
             for line in message.splitlines() if line.strip()]
    if not lines:
        return "(no message)"
    if checker.name == "pyright":
        at = next((i for i, line in enumerate(lines) if f'"{member}"' in line), None)
        if at is None:
            picked = lines[:1]
        else:
            picked = [lines[at]]
            indent = len(lines[at]) - len(lines[at].lstrip())
            if at + 1 < len(lines) and len(lines[at + 1]) - len(lines[at + 1].lstrip()) > indent:
                picked.append(lines[at + 1])
    else:
        picked = lines[1:2] or lines[:1]
    text = "; ".join(line.strip() for line in picked)
    return text if len(text) <= 500 else text[:497] + "..."


def _other_reason_and_hint(checker: Checker, assertion: _Assertion, member: str, found: list[Diagnostic],
                           name: str, failed: dict[tuple[_Assertion, str | None], list[Diagnostic]]) -> tuple[str, str]:
    """pyright's and pyrefly's rows: their own message, and a hint from what is known for sure.

    The hint follows from which rows fail, not from parsing the message: a
    member that fails only for a subclass depends on the type of ``self``
    (a return type that should be ``Self``); a constructor that fails while
    the instance assertion fails too returns a class that is no Buffer.
    """
    message = _errors(found)[0].message
    detail = _readable(checker, message, assertion, member)
    reason = (f"{_subject(assertion, name)} does not match protocols.{assertion.protocol}.{member} "
              f"({checker.label}: {detail})")
    declaration = _declaration(assertion, member)
    instance = next(a for a in _ASSERTIONS[assertion.part] if a.subject == "instance")
    instance_fails = any(a == instance for a, _ in failed)
    if assertion.subject == "subclass" and (instance, member) not in failed:
        hint = (f"{name}.{member} satisfies protocols.{assertion.protocol} for {name} itself but not for a "
                f"subclass: annotate its return type as Self (typing.Self, or typing_extensions.Self before "
                f"Python 3.11) instead of {name}; the protocol declares: {declaration}")
    elif assertion.subject == "class" and instance_fails:
        hint = (f"an instance of {name} is not a protocols.{instance.protocol} (see the "
                f"{instance.row_id(checker.name)}.* rows), so a constructor that returns {name} fails too: fix "
                f"those first; if this row stays, make {name}.{member} match: {declaration}")
    else:
        hint = (f"make {name}.{member} match protocols.{assertion.protocol}.{member} (define it if it is "
                f"missing): {declaration}")
    return reason, hint


def _reproducer(plan: _Plan, checker: Checker, assertion: _Assertion, member: str | None) -> str:
    """A file that *checker* rejects on its last line, as the row says."""
    name, sub = plan.names[assertion.part]
    lines = [f"# Check with: {checker.reproduce_command} (the error is on the last line)",
             "from __future__ import annotations", "from bufferspec import protocols"]
    index = _ASSERTIONS[assertion.part].index(assertion)
    if member is None:
        lines += plan.headers[assertion.part]
        lines.append(_assignment(assertion, f"protocols.{assertion.protocol}", name, sub, "_check"))
    else:
        lines += [line for line in _protocol_imports(assertion.protocol) if line not in lines]
        lines += [_PROTOCOL_IMPORT, *plan.headers[assertion.part]]
        lines.append(_single_member_protocol(assertion.protocol, member,
                                             dict(_member_declarations(assertion.protocol))[member]))
        lines.append(_assignment(assertion, _member_protocol_name(assertion.protocol, member), name, sub,
                                 f"_{assertion.part}{index}"))
    return "\n".join(lines)
