"""Run the catalogue against a target: statuses, expected failures, Hypothesis settings."""

from __future__ import annotations

import fnmatch
import time
import traceback
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from hypothesis import HealthCheck, Verbosity, given, settings
from hypothesis import seed as hypothesis_seed
from hypothesis import strategies as st

from bufferspec.conformance._context import CheckContext
from bufferspec.conformance._contract import Contract, ContractFailure, catalogue
from bufferspec.conformance._report import Report, Result, Status
from bufferspec.conformance._target import Target, resolve_target

__all__ = ["DEFAULT_MAX_EXAMPLES", "UnknownContractError", "check_contract", "run"]

DEFAULT_MAX_EXAMPLES = 25


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
) -> Report:
    """Check *target* against every applicable contract and return the report.

    Parameters
    ----------
    target
        A ``BufferPrototype``, a Buffer class, an NDBuffer class, a
        ``"module:attr"`` string naming one, or a resolved ``Target``.
    expected_failures
        ``{contract id: reason}``.  A listed contract that fails is XFAIL; one
        that passes is XPASS, which counts as a failure.
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

    Raises
    ------
    UnknownContractError
        If *expected_failures* names an id that is not in the catalogue.
    TargetError
        If *target* is not something the kit can check.
    ValueError
        If *max_examples* is not positive.
    """
    if max_examples < 1:
        raise ValueError(f"max_examples: expected a positive integer, got {max_examples!r}")
    resolved = target if isinstance(target, Target) else resolve_target(target, capabilities=capabilities)
    xfails = dict(expected_failures or {})
    contracts = catalogue()
    known = {c.id for c in contracts}
    unknown = sorted(set(xfails) - known)
    if unknown:
        raise UnknownContractError(
            f"expected_failures: unknown contract ids {unknown}; ids must match the catalogue exactly"
        )
    chosen = [c for c in contracts if select is None or fnmatch.fnmatchcase(c.id, select)]
    results: list[Result] = []
    for index, item in enumerate(chosen, start=1):
        result = check_contract(
            item, resolved, xfail_reason=xfails.get(item.id), max_examples=max_examples, seed=seed
        )
        results.append(result)
        if progress is not None:
            progress(result, index, len(chosen))
    return Report(target=resolved.name, results=tuple(results))


def check_contract(
    item: Contract,
    target: Target,
    *,
    xfail_reason: str | None = None,
    max_examples: int = DEFAULT_MAX_EXAMPLES,
    seed: int | None = None,
) -> Result:
    """Run one contract against *target* and classify the outcome."""
    missing = sorted(item.needs - target.capabilities)
    if missing:
        return Result(item.id, Status.SKIP, f"needs {', '.join(missing)}", level=item.level.value)
    started = time.perf_counter()
    failure, context = _execute(item, target, max_examples=max_examples, seed=seed)
    elapsed = time.perf_counter() - started
    if failure is None:
        if xfail_reason is not None:
            return Result(item.id, Status.XPASS, f"passed, but expected to fail: {xfail_reason}",
                          level=item.level.value, seconds=elapsed)
        return Result(item.id, Status.PASS, "", level=item.level.value, seconds=elapsed)
    reproducer = context.reproducer() if context is not None else ""
    example = context.counterexample() if context is not None else ""
    if xfail_reason is not None:
        return Result(item.id, Status.XFAIL, xfail_reason, level=item.level.value, seconds=elapsed,
                      detail=failure, counterexample=example, reproducer=reproducer)
    return Result(item.id, Status.FAIL, failure, level=item.level.value, seconds=elapsed,
                  counterexample=example, reproducer=reproducer)


def _describe_error(exc: BaseException) -> str:
    if isinstance(exc, ContractFailure):
        return str(exc)
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" (at {frames[-1].name}, line {frames[-1].lineno})" if frames else ""
    return f"raised {type(exc).__name__}: {exc}{where}"


def _execute(
    item: Contract, target: Target, *, max_examples: int, seed: int | None
) -> tuple[str | None, CheckContext | None]:
    """Run the check; return (failure message or None, the context of the failing run)."""
    if not item.examples:
        context = CheckContext(target)
        try:
            item.check(context)
        except Exception as exc:
            return _describe_error(exc), context
        return None, context

    last: list[CheckContext] = []

    def body(data: Any) -> None:
        context = CheckContext(target, draw=lambda strategy: data.draw(strategy))
        last[:] = [context]
        item.check(context)

    test: Any = given(st.data())(body)
    # Per-check settings on top of the caller's current profile (never loaded globally).
    overrides: dict[str, Any] = {
        "max_examples": max_examples,
        "deadline": None,
        "verbosity": Verbosity.quiet,
        "print_blob": False,
        "suppress_health_check": list(HealthCheck),
    }
    if seed is not None:
        overrides["database"] = None  # replaying stored failures would break determinism
    test = settings(**overrides)(test)
    if seed is not None:
        test = hypothesis_seed(seed)(test)
    try:
        test()
    except BaseException as exc:  # noqa: BLE001 - classify everything a backend can raise
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            raise
        first = exc
        while isinstance(first, BaseExceptionGroup) and first.exceptions:
            first = first.exceptions[0]
        return _describe_error(first), (last[0] if last else None)
    return None, None
