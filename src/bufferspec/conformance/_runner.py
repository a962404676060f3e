"""Run the catalogue against a target: statuses, expected failures, Hypothesis settings."""

from __future__ import annotations

import difflib
import fnmatch
import hashlib
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from hypothesis import HealthCheck, Phase, Verbosity, given, settings
from hypothesis import seed as hypothesis_seed
from hypothesis import strategies as st

from bufferspec.conformance._context import CheckContext, ContractSkipped
from bufferspec.conformance._contract import Contract, Level, catalogue
from bufferspec.conformance._deadline import DEFAULT_DEADLINE, DeadlineExpired, call_with_deadline, check_deadline
from bufferspec.conformance._determinism import without_local_constants
from bufferspec.conformance._outcome import classify, safe_str
from bufferspec.conformance._report import Report, Result, Status
from bufferspec.conformance._target import Target, TargetError, resolve_target

__all__ = [
    "DEFAULT_DEADLINE",
    "DEFAULT_MAX_EXAMPLES",
    "DEFAULT_MEMORY_LIMIT",
    "UnknownContractError",
    "check_contract",
    "check_expected_failures",
    "example_seed",
    "run",
    "select_contracts",
]

DEFAULT_MAX_EXAMPLES = 25

#: Bytes of address space an isolated worker may add to its size after start-up.
DEFAULT_MEMORY_LIMIT = 4 * 2**30


class UnknownContractError(ValueError):
    """An expected-failures entry names a contract id that is not in the catalogue, or a selection matches none."""


def select_contracts(select: str | None, *, static: bool = False) -> list[Contract]:
    """The contracts whose id matches the glob *select* (all for None), in catalogue order.

    With *static*, a *select* that matches only static ids (``"static.*"``)
    is fine too: it selects no contract and only static rows.

    Raises
    ------
    UnknownContractError
        If *select* matches no contract id (a run that checks nothing is a mistake).
    """
    contracts = list(catalogue())
    if select is None:
        return contracts
    chosen = [c for c in contracts if fnmatch.fnmatchcase(c.id, select)]
    if not chosen and not (static and _matches_static(select)):
        stems = sorted({".".join(c.id.split(".")[:2]) + ".*" for c in contracts} | {c.id for c in contracts})
        if static:
            from bufferspec.conformance._static import STATIC_IDS

            groups = {i.rsplit(".", n)[0] + ".*" for i in STATIC_IDS for n in (1, 3)}  # static.mypy.buffer.*
            stems += ["static.*", *sorted(groups), *STATIC_IDS]
        close = difflib.get_close_matches(select, stems, n=3, cutoff=0.6)
        hint = f"; did you mean {' or '.join(repr(x) for x in close)}?" if close else ""
        raise UnknownContractError(f"select: {select!r} matches no contract id{hint} (bufferspec contracts lists them)")
    return chosen


def _matches_static(select: str, ids: Iterable[str] | None = None) -> bool:
    """Whether *select* matches a static assertion or one of its member rows (``<assertion id>.<member>``)."""
    from bufferspec.conformance._static import STATIC_IDS

    return any(fnmatch.fnmatchcase(i, select) or fnmatch.fnmatchcase(i + ".x", select)
               for i in (STATIC_IDS if ids is None else ids))


def _selected_checkers(checkers: tuple[str, ...], select: str | None) -> tuple[str, ...]:
    """The checkers of *checkers* that have a row *select* matches (``"static.pyright.*"``: pyright only)."""
    from bufferspec.conformance._static import static_ids

    return tuple(c for c in checkers if select is None or _matches_static(select, static_ids((c,))))


def check_expected_failures(expected_failures: Mapping[str, str], argument: str = "expected_failures") -> None:
    """Reject ids that are not in the catalogue.

    Raises
    ------
    UnknownContractError
        If an id of *expected_failures* is not in the catalogue.
    """
    known = {c.id for c in catalogue()}
    unknown = sorted(set(expected_failures) - known)
    if unknown:
        hints = [f"{u!r} (did you mean {close[0]!r}?)" if (close := difflib.get_close_matches(u, known, n=1)) else repr(u)
                 for u in unknown]
        raise UnknownContractError(
            f"{argument}: unknown contract ids {', '.join(hints)}; ids must match the catalogue exactly"
        )


def example_seed(contract_id: str, seed: int | None) -> int:
    """The Hypothesis seed of one contract: fixed per contract id, another one for each *seed*."""
    digest = hashlib.sha256(f"{contract_id}\0{'' if seed is None else seed}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


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
    strict: bool = False,
    static: bool = False,
    checkers: str | Iterable[str] | None = None,
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
        Which examples the property contracts draw.  Runs are deterministic
        either way: the same kit, backend and options give the same report.
        ``None`` (the default) draws a fixed set per contract; an integer
        draws another set, the same for that integer.  No example database
        is used.
    select
        A glob (``fnmatch``) on contract ids, e.g. ``"buffer.from_bytes.*"``;
        it must match at least one id (with *static*, static ids count:
        ``"static.*"`` runs only the static checks).
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
    strict
        Make SHOULD contracts binding: a WARN then fails the run
        (:attr:`Report.ok`).  The statuses are the same either way.
    static
        Also check the target's classes against the protocols with type
        checkers (rows ``static.<checker>.*``, see
        :func:`bufferspec.conformance.static_check`); needs at least one of
        mypy (which the ``kit`` extra installs), pyright and pyrefly.  Each
        checker run is bound by *deadline* too (600 s without one).
    checkers
        With *static*: which type checkers give rows, ``"mypy"``,
        ``"pyright"``, ``"pyrefly"``, ``"all"`` or several of them (an
        iterable, or one string separated by commas).  None (the default):
        every installed one.  One that is named but not installed gives
        SKIP rows that say what to install.

    Raises
    ------
    UnknownContractError
        If *expected_failures* names an id that is not in the catalogue, or
        *select* matches no contract.
    TargetError
        If *target* is not something the kit can check (it does not import,
        it is the wrong kind of object, its import timed out or, with
        *isolate*, it cannot be loaded in the worker).
    ValueError
        If *max_examples* is not positive, *deadline* is not positive,
        *memory_limit* is not positive, *checkers* names an unknown checker,
        or *checkers* is given without *static*.
    TypeError
        If *deadline* or *memory_limit* is not a number, or *checkers* is
        not a string or an iterable of strings.
    ModuleNotFoundError
        With *static*, if none of the checkers asked for (by default: no
        checker at all) is installed.
    """
    if max_examples < 1:
        raise ValueError(f"max_examples: expected a positive integer, got {max_examples!r}")
    deadline = check_deadline(deadline)
    xfails = dict(expected_failures or {})
    check_expected_failures(xfails)
    chosen = select_contracts(select, static=static)
    static_checkers: tuple[str, ...] = ()
    if checkers is not None and not static:
        raise ValueError("checkers: only with static=True (it chooses the type checkers of the static rows)")
    if static:
        from bufferspec.conformance._static_checkers import require_checkers

        static_checkers = _selected_checkers(require_checkers(checkers), select)
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
            name = checker.name
        resolved = None
    else:
        resolved = _resolve(target, capabilities, deadline)
        results = _run_in_process(resolved, chosen, xfails, max_examples, seed, deadline, progress)
        name = resolved.name
    if static_checkers:
        from bufferspec.conformance._static import static_check

        rows = static_check(resolved if resolved is not None else target, checkers=static_checkers, timeout=deadline)
        results.extend(row for row in rows if select is None or fnmatch.fnmatchcase(row.id, select)
                       or fnmatch.fnmatchcase(row.id.rsplit(".", 1)[0], select))
    return Report(target=name, results=tuple(results), strict=strict, seed=seed)


def _run_in_process(
    resolved: Target,
    chosen: list[Contract],
    xfails: dict[str, str],
    max_examples: int,
    seed: int | None,
    deadline: float | None,
    progress: Callable[[Result, int, int], None] | None,
) -> list[Result]:
    results: list[Result] = []
    for index, item in enumerate(chosen, start=1):
        result = check_contract(
            item, resolved, xfail_reason=xfails.get(item.id), max_examples=max_examples, seed=seed, deadline=deadline
        )
        results.append(result)
        if progress is not None:
            progress(result, index, len(chosen))
    return results


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

    A violated SHOULD contract is WARN, a violated MUST contract FAIL.  Never
    raises for anything the backend does (``KeyboardInterrupt`` still
    propagates); *deadline* is the contract's time limit in seconds, ``None``
    for none.
    """
    level = item.level.value
    missing = sorted(item.needs - target.capabilities)
    if missing:
        return Result(item.id, Status.SKIP, f"needs {', '.join(missing)}", level=level)
    if item.unavailable is not None:
        return Result(item.id, Status.SKIP, item.unavailable, level=level)
    deadline = check_deadline(deadline)
    started = time.perf_counter()
    run = _execute(item, target, max_examples=max_examples, seed=seed, deadline=deadline)
    elapsed = time.perf_counter() - started
    if run.skipped is not None:
        return Result(item.id, Status.SKIP, run.skipped, level=level, seconds=elapsed)
    if run.escaped is None:
        if xfail_reason is not None:
            return Result(item.id, Status.XPASS, f"passed, but expected to fail: {xfail_reason}",
                          level=level, seconds=elapsed)
        return Result(item.id, Status.PASS, "", level=level, seconds=elapsed)
    outcome = classify(run.escaped, item, target, deadline)
    status = Status.WARN if outcome.status is Status.FAIL and item.level is Level.SHOULD else outcome.status
    reproducer, example = _evidence(run.context)
    if xfail_reason is not None:
        detail = outcome.reason if outcome.status is Status.FAIL else f"error: {outcome.reason}"
        return Result(item.id, Status.XFAIL, xfail_reason, level=level, seconds=elapsed, detail=detail,
                      counterexample=example, reproducer=reproducer, traceback=outcome.traceback)
    return Result(item.id, status, outcome.reason, level=level, seconds=elapsed,
                  counterexample=example, reproducer=reproducer, traceback=outcome.traceback)


def _evidence(context: CheckContext | None) -> tuple[str, str]:
    """``(reproducer, counterexample)`` of the failing run; never raises."""
    if context is None:
        return "", ""
    try:
        return context.reproducer(), context.counterexample()
    except Exception as exc:  # noqa: BLE001 - e.g. a class whose __qualname__ is hostile
        return f"# could not build a reproducer: {type(exc).__name__}: {safe_str(exc, 200)}", ""


@dataclass
class _Run:
    """How one check ended: what escaped it (None: passed), the context of the last example, or a SKIP reason."""

    escaped: BaseException | None = None
    context: CheckContext | None = None
    skipped: str | None = None


def _execute(item: Contract, target: Target, *, max_examples: int, seed: int | None, deadline: float | None) -> _Run:
    """Run the check with its own fixed Hypothesis seed and no example database."""
    last: list[CheckContext] = []
    messages = item.message_of is not None
    checked = [0]

    def once(draw: Callable[[Any], Any] | None) -> None:
        context = CheckContext(target, draw=draw, messages=messages)
        last[:] = [context]
        try:
            item.check(context)
        finally:
            checked[0] += context.messages_checked

    test: Callable[[], None]
    if not item.examples:

        def test() -> None:
            once(None)

    else:

        def body(data: Any) -> None:
            once(data.draw)

        # Per-check settings on top of the caller's current profile (never loaded globally).
        test = settings(
            max_examples=max_examples,
            deadline=None,  # the kit's per-contract deadline catches hangs; slowness is no violation
            verbosity=Verbosity.quiet,
            print_blob=False,
            suppress_health_check=list(HealthCheck),
            database=None,  # replaying stored examples would make runs differ (and write .hypothesis/)
            report_multiple_bugs=False,  # one failure, so its reason and its reproducer are the same example
            # The explain phase re-runs a failing check hundreds of times to annotate its
            # traceback; the kit shows a counterexample and a reproducer instead.
            phases=[phase for phase in Phase if phase is not Phase.explain],
        )(given(st.data())(body))
        test = hypothesis_seed(example_seed(item.id, seed))(test)
    try:
        with without_local_constants():  # the examples depend on the contract and the seed, not on the caller
            call_with_deadline(test, deadline)
    except KeyboardInterrupt:
        raise
    except ContractSkipped as exc:
        return _Run(skipped=safe_str(exc))
    except BaseException as exc:  # noqa: BLE001 - classify everything a backend can raise, SystemExit too
        return _Run(escaped=exc, context=last[0] if last else None)
    if messages and not checked[0]:
        return _Run(skipped=f"no call raised, so there is no message to check (see {item.message_of})")
    return _Run()
