"""Run the catalogue against a target: statuses, expected failures, Hypothesis settings."""

from __future__ import annotations

import fnmatch
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from hypothesis import HealthCheck, Phase, Verbosity, given, settings
from hypothesis import seed as hypothesis_seed
from hypothesis import strategies as st

from bufferspec.conformance._context import CheckContext
from bufferspec.conformance._contract import Contract, catalogue
from bufferspec.conformance._deadline import DEFAULT_DEADLINE, DeadlineExpired, call_with_deadline, check_deadline
from bufferspec.conformance._outcome import classify, safe_str
from bufferspec.conformance._report import Report, Result, Status
from bufferspec.conformance._target import Target, TargetError, resolve_target

__all__ = ["DEFAULT_DEADLINE", "DEFAULT_MAX_EXAMPLES", "DEFAULT_MEMORY_LIMIT", "UnknownContractError", "check_contract", "run"]

DEFAULT_MAX_EXAMPLES = 25

#: Bytes of address space an isolated worker may add to its size after start-up.
DEFAULT_MEMORY_LIMIT = 4 * 2**30


class UnknownContractError(ValueError):
    """An expected-failures entry names a contract id that is not in the catalogue."""


def run(
    target: object,
    *,
    expected_failures: Mapping[str, str] | None = None,
    capabilities: Iterable[str] | None = None,
    max_examples: int = DEFAULT_MAX_EXAMPLES,
    seed: int | None = None,
    select: str | None = None,
    progress: Callable[[Result, int, int], None] | None = None,
    deadline: float | None = DEFAULT_DEADLINE,
    isolate: bool = False,
    memory_limit: int | None = DEFAULT_MEMORY_LIMIT,
) -> Report:
    """Check *target* against every applicable contract and return the report.

    Every contract runs on its own: whatever the backend does in one (raise,
    return the wrong thing, hang, and with *isolate* crash the interpreter or
    exhaust memory) becomes that contract's FAIL or ERROR row (see
    :class:`Status`) and the run goes on.

    Parameters
    ----------
    target
        A ``BufferPrototype``, a Buffer class, an NDBuffer class, a
        ``"module:attr"`` string naming one, or a resolved ``Target``.
    expected_failures
        ``{contract id: reason}``.  A listed contract that fails or errors is
        XFAIL; one that passes is XPASS, which counts as a failure.
    capabilities
        Override what the backend declares it can do; contracts needing a
        missing capability are SKIP.
    max_examples
        Hypothesis examples per property contract.
    seed
        Makes the run deterministic (and disables the example database).
    select
        A glob (``fnmatch``) on contract ids, e.g. ``"buffer.from_bytes.*"``.
    progress
        Called after each contract with ``(result, index, total)``.
    deadline
        Seconds one contract may take, all its Hypothesis examples together
        (default 60); a contract still running then is interrupted and FAILs
        with "timed out after N s".  ``None`` disables it.  Hypothesis's own
        per-example ``deadline`` is always off: a slow backend is not a
        broken one.  In-process, pure-Python code is interrupted; C code that
        never returns needs *isolate*.  Resolving a ``"module:attr"`` target
        (importing it) is bound by the same deadline.
    isolate
        Run the contracts in a worker process (one, restarted after a crash),
        so that a segfault, an exhausted memory or a hang in C code becomes a
        row of the report.  The target must be importable by name in the
        worker: a ``"module:attr"`` string, or an object that pickles by
        reference (a module-level class or prototype).
    memory_limit
        With *isolate*: bytes of address space the worker may add to its size
        after start-up (``RLIMIT_AS``, on Linux); default 4 GiB, ``None``: no
        limit.  A contract that runs out gets ERROR "ran out of memory".
        Ignored without *isolate*.

    Raises
    ------
    UnknownContractError
        If *expected_failures* names an id that is not in the catalogue.
    TargetError
        If *target* is not something the kit can check (it does not import,
        it is the wrong kind of object, its import timed out or, with
        *isolate*, it cannot be loaded in the worker).
    ValueError
        If *max_examples* is not positive, *deadline* is not positive or
        *memory_limit* is not positive.
    TypeError
        If *deadline* or *memory_limit* is not a number.
    """
    if max_examples < 1:
        raise ValueError(f"max_examples: expected a positive integer, got {max_examples!r}")
    deadline = check_deadline(deadline)
    xfails = dict(expected_failures or {})
    contracts = catalogue()
    known = {c.id for c in contracts}
    unknown = sorted(set(xfails) - known)
    if unknown:
        raise UnknownContractError(
            f"expected_failures: unknown contract ids {unknown}; ids must match the catalogue exactly"
        )
    chosen = [c for c in contracts if select is None or fnmatch.fnmatchcase(c.id, select)]
    if isolate:
        from bufferspec.conformance._isolate import IsolatedChecker, check_memory_limit

        limit = check_memory_limit(memory_limit)
        with IsolatedChecker(target, capabilities=capabilities, memory_limit=limit, deadline=deadline) as checker:
            results: list[Result] = []
            for index, item in enumerate(chosen, start=1):
                result = checker.check(item, xfail_reason=xfails.get(item.id), max_examples=max_examples,
                                       seed=seed, deadline=deadline)
                results.append(result)
                if progress is not None:
                    progress(result, index, len(chosen))
            return Report(target=checker.name, results=tuple(results))
    resolved = _resolve(target, capabilities, deadline)
    results = []
    for index, item in enumerate(chosen, start=1):
        result = check_contract(
            item, resolved, xfail_reason=xfails.get(item.id), max_examples=max_examples, seed=seed, deadline=deadline
        )
        results.append(result)
        if progress is not None:
            progress(result, index, len(chosen))
    return Report(target=resolved.name, results=tuple(results))


def _resolve(target: object, capabilities: Iterable[str] | None, deadline: float | None) -> Target:
    """``resolve_target`` bound by the deadline (importing a module can hang too)."""
    if isinstance(target, Target):
        return target
    try:
        return call_with_deadline(lambda: resolve_target(target, capabilities=capabilities), deadline)
    except DeadlineExpired:
        raise TargetError(f"target: resolving {safe_str(target, 200)} timed out after {deadline:g} s") from None


def check_contract(
    item: Contract,
    target: Target,
    *,
    xfail_reason: str | None = None,
    max_examples: int = DEFAULT_MAX_EXAMPLES,
    seed: int | None = None,
    deadline: float | None = DEFAULT_DEADLINE,
) -> Result:
    """Run one contract against *target* and classify the outcome (see :class:`Status`).

    Never raises for anything the backend does (``KeyboardInterrupt`` still
    propagates); *deadline* is the contract's time limit in seconds, ``None``
    for none.
    """
    missing = sorted(item.needs - target.capabilities)
    if missing:
        return Result(item.id, Status.SKIP, f"needs {', '.join(missing)}", level=item.level.value)
    if item.unavailable is not None:
        return Result(item.id, Status.SKIP, item.unavailable, level=item.level.value)
    deadline = check_deadline(deadline)
    started = time.perf_counter()
    escaped, context = _execute(item, target, max_examples=max_examples, seed=seed, deadline=deadline)
    elapsed = time.perf_counter() - started
    level = item.level.value
    if escaped is None:
        if xfail_reason is not None:
            return Result(item.id, Status.XPASS, f"passed, but expected to fail: {xfail_reason}",
                          level=level, seconds=elapsed)
        return Result(item.id, Status.PASS, "", level=level, seconds=elapsed)
    outcome = classify(escaped, item, target, deadline)
    reproducer, example = _evidence(context)
    if xfail_reason is not None:
        detail = outcome.reason if outcome.status is Status.FAIL else f"error: {outcome.reason}"
        return Result(item.id, Status.XFAIL, xfail_reason, level=level, seconds=elapsed, detail=detail,
                      counterexample=example, reproducer=reproducer, traceback=outcome.traceback)
    return Result(item.id, outcome.status, outcome.reason, level=level, seconds=elapsed,
                  counterexample=example, reproducer=reproducer, traceback=outcome.traceback)


def _evidence(context: CheckContext | None) -> tuple[str, str]:
    """``(reproducer, counterexample)`` of the failing run; never raises."""
    if context is None:
        return "", ""
    try:
        return context.reproducer(), context.counterexample()
    except Exception as exc:  # noqa: BLE001 - e.g. a class whose __qualname__ is hostile
        return f"# could not build a reproducer: {type(exc).__name__}: {safe_str(exc, 200)}", ""


def _execute(
    item: Contract, target: Target, *, max_examples: int, seed: int | None, deadline: float | None
) -> tuple[BaseException | None, CheckContext | None]:
    """Run the check; return (what escaped it or None, the context of the failing run)."""
    last: list[CheckContext] = []
    test: Callable[[], None]
    if not item.examples:

        def test() -> None:
            context = CheckContext(target)
            last[:] = [context]
            item.check(context)

    else:

        def body(data: Any) -> None:
            context = CheckContext(target, draw=lambda strategy: data.draw(strategy))
            last[:] = [context]
            item.check(context)

        test = given(st.data())(body)
        # Per-check settings on top of the caller's current profile (never loaded globally).
        overrides: dict[str, Any] = {
            "max_examples": max_examples,
            "deadline": None,  # the kit's per-contract deadline catches hangs; slowness is no violation
            "verbosity": Verbosity.quiet,
            "print_blob": False,
            "suppress_health_check": list(HealthCheck),
            # The explain phase re-runs a failing check hundreds of times to annotate its
            # traceback; the kit shows a counterexample and a reproducer instead.
            "phases": [phase for phase in Phase if phase is not Phase.explain],
        }
        if seed is not None:
            overrides["database"] = None  # replaying stored failures would break determinism
        test = settings(**overrides)(test)
        if seed is not None:
            test = hypothesis_seed(seed)(test)
    try:
        call_with_deadline(test, deadline)
    except KeyboardInterrupt:
        raise
    except BaseException as exc:  # noqa: BLE001 - classify everything a backend can raise, SystemExit too
        return exc, (last[0] if last else None)
    return None, None
