"""Classify what escaped a check: FAIL (the contract is violated) or ERROR (the check could not run).

The rule, documented on :class:`~bufferspec.conformance.Status`:

- an assertion of the check (an ``AssertionError`` raised by a step's
  ``assert``, by a helper of the kit, or a :class:`ContractFailure`) and
  :class:`DeadlineExpired` (the check did not finish in time) are FAIL;
- ``MemoryError`` is ERROR ("ran out of memory");
- any other exception is FAIL when it came from the backend: some frame of
  its traceback is the backend's code (anything that is not the kit, the
  standard library, NumPy or Hypothesis), wherever the kit caught it (a
  set-up step, a kit helper reading a result back, an element's ``__eq__``
  called by the backend's ``all_equal``), or the kit looked up the member
  the contract is about and it is missing;
- ERROR is left for what the kit cannot blame on the backend: an exception
  raised by the kit itself, the standard library or NumPy with no backend
  frame below the kit's call, an attribute the kit needs for set-up that the
  backend lacks, and running out of memory.
"""

from __future__ import annotations

import os
import sys
import sysconfig
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import hypothesis
import numpy as np

from bufferspec.conformance._core.context import is_step_file
from bufferspec.conformance._core.model import Contract, ContractFailure
from bufferspec.conformance._core.report import Status
from bufferspec.conformance._core.target import Target, safe_str  # safe_str is re-exported
from bufferspec.conformance._engine.deadline import DeadlineExpired

__all__ = ["Outcome", "classify", "first_of", "is_assertion", "is_plumbing", "safe_str", "short_path"]

#: The kit's package: a frame in a module below it is the kit's own code, wherever its files lie.
_KIT_PACKAGE = __name__.rsplit(".", 2)[0]  # bufferspec.conformance
#: The machinery below a check (hidden from the tracebacks users see): the engine and the step runner.
_PLUMBING_MODULES = (f"{_KIT_PACKAGE}._engine", f"{_KIT_PACKAGE}._core.context")
_HYPOTHESIS_DIR = os.path.dirname(os.path.abspath(hypothesis.__file__))

def _folders(*paths: str) -> tuple[str, ...]:
    return tuple(sorted({os.path.abspath(path) + os.sep for path in paths}))


_PATHS = sysconfig.get_paths()
#: Code that is never the backend's: NumPy and Hypothesis ...
_NEVER_BACKEND = _folders(os.path.dirname(os.path.abspath(np.__file__)), _HYPOTHESIS_DIR)
#: ... installed packages, which are the backend's (and may lie below the standard library) ...
_PACKAGES = _folders(_PATHS["purelib"], _PATHS["platlib"])
#: ... and the standard library, which is not.
_STDLIB = _folders(_PATHS["stdlib"], _PATHS["platstdlib"])


#: ``(number of loaded modules when built, {absolute source path: module name})`` of the kit's modules.
_kit_files: tuple[int, dict[str, str]] = (-1, {})


def _module_of(filename: str) -> str | None:
    """The name of the loaded kit module whose source is *filename* (None for none).

    The map from files to modules is rebuilt only when modules were imported
    since it was built, so classifying a traceback reads ``sys.modules`` once.
    """
    global _kit_files
    count, files = _kit_files
    if count != len(sys.modules):
        files = {}
        for name, module in list(sys.modules.items()):
            if _below(name, _KIT_PACKAGE):
                source = getattr(module, "__file__", None)
                if source:
                    files[os.path.abspath(source)] = name
        _kit_files = (len(sys.modules), files)
    return files.get(os.path.abspath(filename))


def _below(name: str | None, package: str) -> bool:
    return name is not None and (name == package or name.startswith(package + "."))


@dataclass(frozen=True)
class Outcome:
    """How a check ended when something escaped it."""

    status: Status
    reason: str
    traceback: str = ""


def _leaves(exc: BaseException) -> Iterator[BaseException]:
    if isinstance(exc, BaseExceptionGroup) and exc.exceptions:
        for inner in exc.exceptions:
            yield from _leaves(inner)
    else:
        yield exc


def is_assertion(exc: BaseException) -> bool:
    """Whether *exc* is an assertion of the check: raised by a step, the kit's helpers, or a ContractFailure.

    An ``AssertionError`` raised inside the backend (its own ``assert``) is
    not: its last frame is the backend's.
    """
    if isinstance(exc, ContractFailure):
        return True
    if not isinstance(exc, AssertionError):
        return False
    frames = traceback.extract_tb(exc.__traceback__)
    return bool(frames) and _is_kit(frames[-1])


def first_of(exc: BaseException) -> BaseException:
    """The exception that decides the outcome: a contract failure, else a timeout, else the first one."""
    leaves = list(_leaves(exc))
    for leaf in leaves:
        if is_assertion(leaf):
            return leaf
    for leaf in leaves:
        if isinstance(leaf, DeadlineExpired):
            return leaf
    return leaves[0]


def classify(exc: BaseException, item: Contract, target: Target, deadline: float | None) -> Outcome:
    """The FAIL or ERROR outcome of *exc* escaping the check of *item* on *target*."""
    exc = first_of(exc)
    frames = traceback.extract_tb(exc.__traceback__)
    shown = _format(exc, frames)
    if is_assertion(exc):
        context = exc.__context__
        cause = "" if context is None else _format(context, traceback.extract_tb(context.__traceback__))
        return Outcome(Status.FAIL, safe_str(exc), cause)
    if isinstance(exc, DeadlineExpired):
        return Outcome(Status.FAIL, f"timed out after {deadline:g} s", shown)
    if isinstance(exc, MemoryError):
        message = safe_str(exc)
        return Outcome(Status.ERROR, "ran out of memory" + (f" (MemoryError: {message})" if message else ""), shown)
    method = item.member.rsplit(".", 1)[-1]
    absent = _absent_member(item, target)
    if absent is not None:
        return Outcome(Status.FAIL, absent, shown)
    missing = _missing_attribute(exc, frames, target)
    if missing is not None:
        return Outcome(Status.FAIL if missing[0] == method else Status.ERROR, missing[1], shown)
    where = f" (at {frames[-1].name}, line {frames[-1].lineno})" if frames else ""
    reason = f"raised {type(exc).__name__}: {safe_str(exc)}{where}"
    status = Status.FAIL if any(_is_backend(frame) for frame in frames) else Status.ERROR
    return Outcome(status, reason, shown)


def short_path(filename: str) -> str:
    """*filename* relative to the working directory when it lies below it (stable, readable reports)."""
    try:
        relative = os.path.relpath(filename)
    except ValueError:  # another drive
        return filename
    return filename if relative.startswith(os.pardir) else relative


def is_plumbing(filename: str) -> bool:
    """Whether a traceback frame in *filename* is the kit's machinery or Hypothesis (hidden from users)."""
    if not filename or filename == "<string>":
        return filename == "<string>"
    if os.path.abspath(filename).startswith(_HYPOTHESIS_DIR + os.sep):
        return True
    module = _module_of(filename)
    return any(_below(module, package) for package in _PLUMBING_MODULES)


def _is_kit(frame: traceback.FrameSummary) -> bool:
    """A frame of the kit: a module of its package (found by name, not by folder), or a check's step."""
    return is_step_file(frame.filename) or _below(_module_of(frame.filename), _KIT_PACKAGE)


def _is_backend(frame: traceback.FrameSummary) -> bool:
    """Whether *frame* runs the backend's code: not the kit, the standard library, NumPy or Hypothesis.

    Frames without a source file (``<string>``, ``<frozen ...>``: generated
    or built-in code) are nobody's.
    """
    filename = frame.filename
    if not filename or filename.startswith("<") or _is_kit(frame):
        return False
    path = os.path.abspath(filename)
    if path.startswith(_NEVER_BACKEND):
        return False
    return path.startswith(_PACKAGES) or not path.startswith(_STDLIB)


def _absent_member(item: Contract, target: Target) -> str | None:
    """The "missing attribute" reason when the target's class lacks the member *item* is about."""
    role, _, method = item.member.partition(".")
    cls = {"Buffer": target.buffer, "BufferClass": target.buffer,
           "NDBuffer": target.nd_buffer, "NDBufferClass": target.nd_buffer}.get(role)
    if cls is None or not method:
        return None
    try:
        getattr(cls, method)
    except Exception:  # noqa: BLE001 - AttributeError, or whatever a hostile metaclass raises
        kind = "Buffer" if role.startswith("Buffer") else "NDBuffer"
        return f"missing attribute {method!r}: the {kind} class {_qualname(cls)} does not define it"
    return None


def _missing_attribute(
    exc: BaseException, frames: traceback.StackSummary, target: Target
) -> tuple[str, str] | None:
    """``(name, reason)`` when the kit itself looked up an attribute the target's class lacks."""
    if not isinstance(exc, AttributeError) or not frames or not _is_kit(frames[-1]):
        return None
    name: Any = getattr(exc, "name", None)
    owner: Any = getattr(exc, "obj", None)
    if not isinstance(name, str):
        return None
    for role, cls in (("Buffer", target.buffer), ("NDBuffer", target.nd_buffer)):
        if cls is None:
            continue
        try:
            ours = owner is cls or isinstance(owner, cls)
        except Exception:  # noqa: BLE001 - a hostile __class__ or metaclass
            ours = False
        if ours:
            return name, f"missing attribute {name!r}: the {role} class {_qualname(cls)} does not define it"
    return None


def _qualname(cls: Any) -> str:
    return safe_str(getattr(cls, "__qualname__", cls), 200)


def _format(exc: BaseException, frames: traceback.StackSummary) -> str:
    """The traceback without the kit's plumbing and Hypothesis's frames, and the exception line."""
    kept = traceback.StackSummary.from_list([frame for frame in frames if not is_plumbing(frame.filename)])
    for frame in kept:
        frame.filename = short_path(frame.filename)
    lines = ["Traceback (most recent call last):\n", *kept.format()]
    try:
        lines.extend(traceback.format_exception_only(type(exc), exc))
    except Exception:  # noqa: BLE001 - a hostile __str__
        lines.append(f"{type(exc).__name__}: {safe_str(exc)}\n")
    return "".join(lines)
