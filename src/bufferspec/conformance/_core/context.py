"""The object a check works through: steps that run and record themselves, so the reproducer is the check.

A check never calls the backend directly.  It binds values (``let``, ``draw``)
and runs *steps*: Python source executed in a namespace that holds the
target's classes as ``Buffer`` and ``NDBuffer``, NumPy as ``np`` and the
helpers of :mod:`~bufferspec.conformance._core.step_helpers`.  Every step is
recorded before it runs, and its assertions are ``assert`` statements, so the
reproducer of a failure is exactly the code that failed, ending in the
assertion (or the call) that did: pasted into a fresh interpreter, it fails
with the reason the report gives.
"""

from __future__ import annotations

import array as pyarray
import ast
import builtins
import contextlib
import copy
import functools
import inspect
import io
import itertools
import linecache
import math
import operator
import pickle
import re
import struct
import sys
import textwrap
import warnings
import zlib
from collections.abc import Callable, Iterator
from types import CodeType, ModuleType
from typing import Any, NoReturn

import numpy as np

from bufferspec.conformance._core import step_helpers
from bufferspec.conformance._core.source import source_of
from bufferspec.conformance._core.target import Target

__all__ = ["CheckContext", "ContractSkipped", "esc", "fstring", "import_source", "is_step_file"]

_STEP_FILE_PREFIX = "<bufferspec step "

#: Modules a step may use by name (always as ``name.attribute``); the reproducer imports those it uses.
_MODULES: dict[str, ModuleType] = {
    module.__name__: module
    for module in (copy, io, math, operator, pickle, re, struct, sys, warnings, zlib)
}

#: Helper functions a step may call; the reproducer carries the source of those it uses.
_HELPERS: dict[str, Callable[..., Any]] = {name: getattr(step_helpers, name) for name in step_helpers.__all__}


class ContractSkipped(Exception):  # noqa: N818 - an outcome, not an error
    """Raised by a check that finds nothing it could check for this target (the contract is SKIP)."""


def is_step_file(filename: str) -> bool:
    """Whether a traceback frame's file name is a check's step (source run by :class:`CheckContext`)."""
    return filename.startswith(_STEP_FILE_PREFIX)


# -- compiled steps ---------------------------------------------------------------------------

_COMPILED: dict[tuple[str, str], CodeType] = {}
_COMPILED_LIMIT = 8192
_SERIAL = itertools.count()


def _compile(source: str, mode: str) -> CodeType:
    """*source* compiled once, under a file name that tracebacks can show the line of."""
    key = (source, mode)
    code = _COMPILED.get(key)
    if code is None:
        if len(_COMPILED) >= _COMPILED_LIMIT:
            for stale in _COMPILED.values():
                linecache.cache.pop(stale.co_filename, None)
            _COMPILED.clear()
        filename = f"{_STEP_FILE_PREFIX}{next(_SERIAL)}>"
        code = compile(source, filename, mode, dont_inherit=True, optimize=0)
        linecache.cache[filename] = (len(source), None, source.splitlines(keepends=True), filename)
        _COMPILED[key] = code
    return code


def fstring(body: str) -> str:
    """The source of an f-string whose body (literal text and ``{expressions}``) is *body*.

    Quoted so that quotes inside the ``{expressions}`` stay valid on Python
    3.11 (where an expression may not contain a backslash or the enclosing
    quote): single or double quotes when the body has only the other kind,
    triple quotes when it has both.
    """
    if "'" in body and '"' in body:
        for quote in ('"""', "'''"):
            if quote not in body and not body.endswith(quote[0]) and "\\" not in body and "\n" not in body:
                return f"f{quote}{body}{quote}"
    return "f" + repr(body)


def esc(text: str) -> str:
    """*text* as literal text of a message (an f-string body): braces doubled.

    The one escaping helper of the kit: :meth:`CheckContext.check` and
    :meth:`CheckContext.raises` take f-string bodies, whose ``{...}`` parts
    are evaluated when the step runs; text that is not to be evaluated (the
    source of an argument, a ``repr``) goes through this.
    """
    return text.replace("{", "{{").replace("}", "}}")


def _names(exceptions: type[BaseException] | tuple[type[BaseException], ...]) -> tuple[str, str]:
    """``(source of the except clause, text for messages)`` for one exception class or several."""
    group = exceptions if isinstance(exceptions, tuple) else (exceptions,)
    for exc in group:
        if getattr(builtins, exc.__name__, None) is not exc:
            raise ValueError(f"exceptions: {exc!r} is not a built-in exception a reproducer can name")
    names = [exc.__name__ for exc in group]
    clause = names[0] if len(names) == 1 else "(" + ", ".join(names) + ")"
    return clause, " or ".join(names)


class CheckContext:
    """What a contract check sees: the target, a namespace of steps, and the recorded reproducer.

    Inputs are made only through the target's own constructors and results
    are read back only through ``as_numpy_array``, so the same check runs on
    host and device backends.

    Parameters
    ----------
    target
        The backend under test.
    draw
        Hypothesis's ``data.draw`` for property checks, None otherwise.
    messages
        True when the check runs as the SHOULD twin of a contract that also
        requires the wording of error messages: :meth:`raises` then checks
        that the message names the argument, and :meth:`check` (a MUST part)
        is recorded as a comment instead of run.
    journal
        A file to which the reproducer so far is written before every step
        (an isolated worker passes one, so that when a step kills the process
        the parent still has the reproducer up to that step), or None.
    """

    def __init__(self, target: Target, draw: Callable[[Any], Any] | None = None, *, messages: bool = False,
                 journal: str | None = None) -> None:
        self.target = target
        self.messages = messages
        self.journal = journal
        self.messages_checked: int = 0
        self._draw = draw
        self.lines: list[str] = []
        self.draws: list[tuple[str, str]] = []
        self.ns: dict[str, Any] = {"__builtins__": builtins, "np": np, **_MODULES, **_HELPERS}
        self._imports: dict[str, str] = {}
        self._bind_class("Buffer", target.buffer)
        self._bind_class("NDBuffer", target.nd_buffer)
        self._bind_class("ForeignBuffer", target.foreign_buffer)
        self._bind_class("ForeignNDBuffer", target.foreign_nd_buffer)
        self.bind("pyarray", pyarray, "import array as pyarray")
        self.bind("protocols", _protocols(), "from bufferspec import protocols")

    # -- the target ---------------------------------------------------------------------

    @property
    def Buffer(self) -> Any:  # noqa: N802 - reads like the class it is
        """The target's Buffer class."""
        return self.target.buffer

    @property
    def NDBuffer(self) -> Any:  # noqa: N802
        """The target's NDBuffer class."""
        return self.target.nd_buffer

    @property
    def has(self) -> frozenset[str]:
        """The target's capabilities."""
        return self.target.capabilities

    def bind(self, name: str, obj: Any, import_line: str) -> None:
        """Make *obj* available to steps as *name*; the reproducer gets *import_line* when it uses it."""
        self.ns[name] = obj
        self._imports[name] = import_line

    def _bind_class(self, alias: str, cls: Any) -> None:
        if cls is not None:
            self.bind(alias, cls, import_source(cls, alias))

    # -- inputs -------------------------------------------------------------------------

    def let(self, name: str, value: Any) -> Any:
        """Bind *value* to *name* for the following steps; the reproducer writes it as an exact literal."""
        self.lines.append(f"{name} = {source_of(value)}")
        self.ns[name] = value
        return value

    def draw(self, strategy: Any, label: str) -> Any:
        """Draw an input from a Hypothesis strategy and bind it to *label*; it is shown in the counterexample."""
        if self._draw is None:
            raise RuntimeError(f"draw({label!r}) used in a check not registered with examples=True")
        value = self._draw(strategy)
        self.let(label, value)
        self.draws.append((label, self.lines[-1].split(" = ", 1)[1]))
        return value

    @property
    def drawing(self) -> bool:
        """Whether the check runs under Hypothesis (registered with ``examples=True``) and may draw."""
        return self._draw is not None

    def choose(self, strategy: Any, label: str | None) -> Any:
        """Draw a choice that steps spell out themselves (a size, a construction path): not bound, not
        recorded as a step, only shown in the counterexample as ``label=value`` (not at all when *label*
        is None)."""
        if self._draw is None:
            raise RuntimeError(f"choose({label!r}) used in a check not registered with examples=True")
        value = self._draw(strategy)
        if label is not None:
            self.draws.append((label, source_of(value)))
        return value

    def __getitem__(self, name: str) -> Any:
        """The value a step bound to *name* (reading it records nothing)."""
        return self.ns[name]

    # -- steps --------------------------------------------------------------------------

    def run(self, source: str) -> None:
        """Record the statement(s) *source*, then execute them in the check's namespace."""
        self.lines.append(source)
        if self.journal is not None:
            with open(self.journal, "w", encoding="utf-8") as journal:
                journal.write(self.reproducer())
        exec(_compile(source, "exec"), self.ns)  # noqa: S102 - the kit's own step source

    def check(self, condition: str, message: str) -> None:
        """Assert *condition* (an expression); *message* is the body of the f-string the failure reports.

        Recorded and executed as ``assert condition, f"message"``.  When the
        check runs for the wording of messages (see *messages*), the assertion
        belongs to the MUST contract, not to its wording twin: it is recorded
        as a comment (so the reproducer shows it was not checked) and not run.
        """
        statement = f"assert {condition}, {fstring(message)}"
        if self.messages:
            self.lines.append(f"# not checked here (the MUST contract checks it): {statement}")
            return
        self.run(statement)

    def raises(
        self,
        source: str,
        exceptions: type[BaseException] | tuple[type[BaseException], ...],
        *,
        argument: str | None = None,
        what: str | None = None,
    ) -> None:
        """Run the statement *source*, which must raise one of *exceptions*.

        The exception is bound to ``raised``.  *what* (an f-string body)
        names the operation in messages; by default the source itself.  When
        the check runs for the wording of messages, it is the exception's
        message that is checked instead: it must contain *argument* as a
        whole word (``fill_value`` does not name ``value``; a call without
        *argument* is then left out).
        """
        clause, text = _names(exceptions)
        label = esc(source) if what is None else what
        body = textwrap.indent(source, "    ")
        if self.messages:
            if argument is None:
                return
            message = fstring(f"{label} raised {{type(raised).__name__}}({{str(raised)!r}}), "
                              f"whose message does not name {argument!r}")
            self.ns.pop("raised", None)
            self.run(f"try:\n{body}\nexcept Exception as exc:\n    raised = exc\n"
                     f"    assert re.search({_whole_word(argument)!r}, str(raised)), {message}")
            if "raised" in self.ns:
                self.messages_checked += 1
            return
        wrong = fstring(f"{label} raised {{type(exc).__name__}}: {{exc}}, expected {text}")
        missing = fstring(f"{label} did not raise {text}")
        self.run(f"try:\n{body}\nexcept {clause} as exc:\n    raised = exc\nexcept Exception as exc:\n"
                 f"    raise AssertionError({wrong})\nelse:\n    raise AssertionError({missing})")

    def skip(self, reason: str) -> NoReturn:
        """End the check as SKIP: there is nothing it can check on this target."""
        raise ContractSkipped(reason)

    @contextlib.contextmanager
    def case(self) -> Iterator[None]:
        """One case of a check with several: when it passes, its steps and names are dropped.

        So the reproducer of a failure holds the steps before the loop and
        those of the failing case only.
        """
        mark = len(self.lines)
        saved = dict(self.ns)
        yield
        del self.lines[mark:]
        self.ns.clear()
        self.ns.update(saved)

    # -- reporting ----------------------------------------------------------------------

    def reproducer(self) -> str:
        """Python that repeats the failing run: imports, the helpers it uses, then every step up to the failure."""
        body = "\n".join(self.lines)
        header = ["import numpy as np"]
        header += [f"import {name}" for name in _MODULES if re.search(rf"\b{name}\.", body)]
        header += [line for name, line in self._imports.items() if re.search(rf"\b{re.escape(name)}\b", body)]
        helpers = [helper_source(name) for name in _helpers_used(body)]
        parts = ["\n".join(dict.fromkeys(header))]
        if helpers:
            parts.append("# helpers of the bufferspec kit, as the check used them\n" + "\n\n".join(helpers))
        parts.append(body)
        return "\n\n\n".join(parts) if helpers else "\n".join(parts)

    def counterexample(self) -> str:
        """The drawn inputs, ``label=value`` separated by commas."""
        return ", ".join(f"{label}={value}" for label, value in self.draws)


def _protocols() -> ModuleType:
    from bufferspec import protocols

    return protocols


def _whole_word(word: str) -> str:
    """A regular expression that finds *word* where no letter, digit or underscore touches it."""
    return rf"(?<!\w){re.escape(word)}(?!\w)"


def import_source(cls: Any, alias: str) -> str:
    """The import that binds *cls* to *alias* in a reproducer (nested classes through their outer class)."""
    module = getattr(cls, "__module__", None)
    qualname = getattr(cls, "__qualname__", None)
    if not isinstance(module, str) or not isinstance(qualname, str):
        raise TypeError(f"cannot import {cls!r} by name")
    outer, _, rest = qualname.partition(".")
    if not rest:
        return f"from {module} import {qualname} as {alias}" if qualname != alias else f"from {module} import {alias}"
    return f"from {module} import {outer} as _{outer}; {alias} = _{outer}.{rest}"


def _helpers_used(body: str) -> list[str]:
    """The helpers *body* calls and, transitively, the helpers those call; in the order of the module."""
    wanted: set[str] = set()
    pending = [body]
    while pending:
        text = pending.pop()
        for name in _HELPERS:
            if name not in wanted and re.search(rf"(?<![\w.]){name}\(", text):
                wanted.add(name)
                pending.append(_raw_source(name))
    return [name for name in _HELPERS if name in wanted]


@functools.cache
def _raw_source(name: str) -> str:
    return textwrap.dedent(inspect.getsource(_HELPERS[name]))


@functools.cache
def helper_source(name: str) -> str:
    """The source of a helper as a reproducer carries it: no annotations, nothing but NumPy needed."""
    tree = ast.parse(_raw_source(name))
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef):
            if node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant):
                node.body = node.body[1:] or [ast.Pass()]  # the docstring
            node.returns = None
            for arg in (*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs, node.args.vararg,
                        node.args.kwarg):
                if arg is not None:
                    arg.annotation = None
    return ast.unparse(tree)

