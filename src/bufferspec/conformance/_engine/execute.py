"""Execute one contract on a resolved target: skip, run under Hypothesis with a deadline, classify.

Everything a check leaves behind (the context of its last example, how many
error messages it checked) is kept on an :class:`_Attempt` object, not in
closures, and the journal an isolated worker keeps is passed down explicitly.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from hypothesis import HealthCheck, Phase, Verbosity, given, settings
from hypothesis import seed as hypothesis_seed
from hypothesis import strategies as st

from bufferspec.conformance._core.context import CheckContext, ContractSkipped
from bufferspec.conformance._core.model import Contract, Level
from bufferspec.conformance._core.report import Result, Status
from bufferspec.conformance._core.target import Target, safe_str
from bufferspec.conformance._engine.deadline import DEFAULT_DEADLINE, call_with_deadline, check_deadline
from bufferspec.conformance._engine.determinism import without_local_constants
from bufferspec.conformance._engine.outcome import classify

__all__ = ["DEFAULT_MAX_EXAMPLES", "check_contract", "example_seed", "execute_contract", "skip_reason"]

DEFAULT_MAX_EXAMPLES = 25


def example_seed(contract_id: str, seed: int | None) -> int:
    """The Hypothesis seed of one contract: fixed per contract id, another one for each *seed*."""
    digest = hashlib.sha256(f"{contract_id}\0{'' if seed is None else seed}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


def skip_reason(item: Contract, target: Target) -> str | None:
    """Why *item* is SKIP on *target* before it runs (a capability it needs, or this interpreter), or None."""
    missing = sorted(item.needs - target.capabilities)
    if missing:
        return f"needs {', '.join(missing)}"
    return item.unavailable


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
    return execute_contract(item, target, xfail_reason=xfail_reason, max_examples=max_examples, seed=seed,
                            deadline=deadline)


def execute_contract(
    item: Contract,
    target: Target,
    *,
    xfail_reason: str | None,
    max_examples: int,
    seed: int | None,
    deadline: float | None,
    journal: str | None = None,
) -> Result:
    """:func:`check_contract`, writing the reproducer so far to *journal* before every step (an isolated worker)."""
    level = item.level.value
    skipped = skip_reason(item, target)
    if skipped is not None:
        return Result(item.id, Status.SKIP, skipped, level=level)
    deadline = check_deadline(deadline)
    started = time.perf_counter()
    attempt = _Attempt(item, target, journal)
    ended = attempt.run(max_examples=max_examples, seed=seed, deadline=deadline)
    elapsed = time.perf_counter() - started
    if ended.skipped is not None:
        return Result(item.id, Status.SKIP, ended.skipped, level=level, seconds=elapsed)
    if ended.escaped is None:
        if xfail_reason is not None:
            return Result(item.id, Status.XPASS, f"passed, but expected to fail: {xfail_reason}",
                          level=level, seconds=elapsed)
        return Result(item.id, Status.PASS, "", level=level, seconds=elapsed)
    outcome = classify(ended.escaped, item, target, deadline)
    status = Status.WARN if outcome.status is Status.FAIL and item.level is Level.SHOULD else outcome.status
    reproducer, example = _evidence(attempt.context)
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
class _Ended:
    """How one check ended: what escaped it (None: passed), or a SKIP reason."""

    escaped: BaseException | None = None
    skipped: str | None = None


class _Attempt:
    """The runs of one check on one target: a fresh context per example, the last one kept for the evidence."""

    def __init__(self, item: Contract, target: Target, journal: str | None) -> None:
        self.item = item
        self.target = target
        self.journal = journal
        self.messages = item.message_of is not None
        self.context: CheckContext | None = None
        self.messages_checked = 0

    def once(self, draw: Callable[[Any], Any] | None) -> None:
        """One example: the check on a new context (drawing with *draw* under Hypothesis)."""
        self.context = CheckContext(self.target, draw=draw, messages=self.messages, journal=self.journal)
        try:
            self.item.check(self.context)
        finally:
            self.messages_checked += self.context.messages_checked

    def _test(self, max_examples: int, seed: int | None) -> Callable[[], None]:
        if not self.item.examples:
            return lambda: self.once(None)

        def body(data: Any) -> None:
            self.once(data.draw)

        # Per-check settings on top of the caller's current profile (never loaded globally).
        test: Callable[[], None] = settings(
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
        return hypothesis_seed(example_seed(self.item.id, seed))(test)

    def run(self, *, max_examples: int, seed: int | None, deadline: float | None) -> _Ended:
        """Run the check with its own fixed Hypothesis seed and no example database."""
        test = self._test(max_examples, seed)
        try:
            with without_local_constants():  # the examples depend on the contract and the seed, not on the caller
                call_with_deadline(test, deadline)
        except KeyboardInterrupt:
            raise
        except ContractSkipped as exc:
            return _Ended(skipped=safe_str(exc))
        except BaseException as exc:  # noqa: BLE001 - classify everything a backend can raise, SystemExit too
            return _Ended(escaped=exc)
        if self.messages and not self.messages_checked:
            return _Ended(skipped=f"no call raised, so there is no message to check (see {self.item.message_of})")
        return _Ended()
