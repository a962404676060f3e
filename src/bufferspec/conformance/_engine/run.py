"""Run the catalogue against a target, one way: resolve the target once, then every contract, then the static rows.

In-process, the target is resolved here (bound by the deadline, since importing
can hang) and the resolved :class:`Target` goes to every contract and to the
static rows.  With ``isolate=True`` the parent never imports the target: the
worker resolves it once, runs every contract on that resolution and, asked for
static rows, computes them there too.
"""

from __future__ import annotations

import difflib
import fnmatch
from collections.abc import Callable, Iterable, Mapping

from bufferspec.conformance._core.model import Contract
from bufferspec.conformance._core.registry import catalogue
from bufferspec.conformance._core.report import Report, Result
from bufferspec.conformance._core.target import Target, TargetError, resolve_target, safe_str
from bufferspec.conformance._engine.deadline import (
    DEFAULT_DEADLINE,
    DeadlineExpired,
    call_with_deadline,
    check_deadline,
)
from bufferspec.conformance._engine.execute import DEFAULT_MAX_EXAMPLES, check_contract, example_seed

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
            from bufferspec.conformance._static.assertions import STATIC_IDS

            groups = {i.rsplit(".", n)[0] + ".*" for i in STATIC_IDS for n in (1, 3)}  # static.mypy.buffer.*
            stems += ["static.*", *sorted(groups), *STATIC_IDS]
        close = difflib.get_close_matches(select, stems, n=3, cutoff=0.6)
        hint = f"; did you mean {' or '.join(repr(x) for x in close)}?" if close else ""
        raise UnknownContractError(f"select: {select!r} matches no contract id{hint} (bufferspec contracts lists them)")
    return chosen


def _matches_static(select: str, ids: Iterable[str] | None = None) -> bool:
    """Whether *select* matches a static assertion or one of its member rows (``<assertion id>.<member>``)."""
    from bufferspec.conformance._static.assertions import STATIC_IDS

    return any(fnmatch.fnmatchcase(i, select) or fnmatch.fnmatchcase(i + ".x", select)
               for i in (STATIC_IDS if ids is None else ids))


def _selected_checkers(checkers: tuple[str, ...], select: str | None) -> tuple[str, ...]:
    """The checkers of *checkers* that have a row *select* matches (``"static.pyright.*"``: pyright only)."""
    from bufferspec.conformance._static.assertions import static_ids

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
        from bufferspec.conformance._static.checkers import require_checkers

        static_checkers = _selected_checkers(require_checkers(checkers), select)

    def report(result: Result, index: int) -> Result:
        if progress is not None:
            progress(result, index, len(chosen))
        return result

    def selected(rows: Iterable[Result]) -> list[Result]:
        return [row for row in rows if select is None or fnmatch.fnmatchcase(row.id, select)
                or fnmatch.fnmatchcase(row.id.rsplit(".", 1)[0], select)]

    results: list[Result]
    if isolate:
        from bufferspec.conformance._engine.isolate import IsolatedChecker, check_memory_limit

        limit = check_memory_limit(memory_limit)
        with IsolatedChecker(target, capabilities=capabilities, memory_limit=limit, deadline=deadline) as checker:
            results = [report(checker.check(item, xfail_reason=xfails.get(item.id), max_examples=max_examples,
                                            seed=seed, deadline=deadline), index)
                       for index, item in enumerate(chosen, start=1)]
            if static_checkers:
                results.extend(selected(checker.static_rows(static_checkers, timeout=deadline)))
            name = checker.name
    else:
        resolved = _resolve(target, capabilities, deadline)
        results = [report(check_contract(item, resolved, xfail_reason=xfails.get(item.id), max_examples=max_examples,
                                         seed=seed, deadline=deadline), index)
                   for index, item in enumerate(chosen, start=1)]
        if static_checkers:
            from bufferspec.conformance._static.assertions import static_check

            results.extend(selected(static_check(resolved, checkers=static_checkers, timeout=deadline)))
        name = resolved.name
    return Report(target=name, results=tuple(results), strict=strict, seed=seed)


def _resolve(target: object, capabilities: Iterable[str] | None, deadline: float | None) -> Target:
    """``resolve_target`` bound by the deadline (importing a module can hang too)."""
    if isinstance(target, Target):
        return target
    try:
        return call_with_deadline(lambda: resolve_target(target, capabilities=capabilities), deadline)
    except DeadlineExpired:
        raise TargetError(f"target: resolving {safe_str(target, 200)} timed out after {deadline:g} s") from None
