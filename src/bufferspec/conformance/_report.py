"""Results and the report: table, JSON and Markdown renderings."""

from __future__ import annotations

import enum
import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Report", "Result", "Status"]


class Status(enum.Enum):
    """Outcome of one contract.

    ``PASS``
        The check ran to the end and found no violation.
    ``FAIL``
        The contract is violated: an assertion of the check failed (a wrong
        value or type, "raised X where Y was required", "did not raise"), the
        member the contract is about raised an exception where it had to
        succeed or is missing, or the check did not finish within its
        deadline ("timed out after N s").
    ``ERROR``
        The check could not be carried out: an unexpected exception escaped
        from a set-up step (making the inputs, reading a result back through
        another member, a missing member the contract is not about), the
        backend ran out of memory, or, with ``isolate=True``, the worker
        process crashed.  The result carries the traceback.
    ``XFAIL``
        A FAIL or ERROR that was listed as an expected failure.
    ``XPASS``
        A PASS that was listed as an expected failure.
    ``SKIP``
        The contract needs a capability the target does not declare.

    FAIL, ERROR and XPASS make a run fail (:attr:`is_failure`).
    """

    PASS = "pass"
    FAIL = "fail"
    ERROR = "error"
    XFAIL = "xfail"
    XPASS = "xpass"
    SKIP = "skip"

    @property
    def is_failure(self) -> bool:
        """FAIL, ERROR and XPASS make a run fail."""
        return self in (Status.FAIL, Status.ERROR, Status.XPASS)


@dataclass(frozen=True)
class Result:
    """The outcome of one contract on one target.

    Attributes
    ----------
    id : str
        The contract id.
    status : Status
        PASS, FAIL, ERROR, XFAIL, XPASS or SKIP (see :class:`Status`).
    reason : str
        One line: why it failed, errored or was skipped, or the expected-failure reason.
    level : str
        ``"MUST"`` or ``"SHOULD"``.
    seconds : float
        Time spent in the check.
    detail : str
        For XFAIL, the failure that was expected (prefixed ``"error: "`` for an expected ERROR).
    counterexample : str
        The (minimal) drawn inputs of a failing property check.
    reproducer : str
        Python that rebuilds the failing inputs with the target's constructors.
    traceback : str
        For ERROR (and a FAIL or XFAIL caused by an exception), where the
        exception was raised: the formatted traceback without the kit's and
        Hypothesis's own frames, or what a crashed worker wrote to stderr.
    """

    id: str
    status: Status
    reason: str
    level: str = "MUST"
    seconds: float = 0.0
    detail: str = ""
    counterexample: str = ""
    reproducer: str = ""
    traceback: str = ""

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "id": self.id,
            "status": self.status.value,
            "reason": self.reason,
            "level": self.level,
            "seconds": round(self.seconds, 4),
            "detail": self.detail,
            "counterexample": self.counterexample,
            "reproducer": self.reproducer,
            "traceback": self.traceback,
        }


@dataclass(frozen=True)
class Report:
    """All results of one run on one target.

    :attr:`ok` is false as soon as one row is FAIL, ERROR or XPASS; the
    statuses are defined on :class:`Status`.
    """

    target: str
    results: tuple[Result, ...]
    version: str = field(default_factory=lambda: _version())

    @property
    def summary(self) -> dict[str, int]:
        """``{status: count}`` for every status (zeros included)."""
        counts = Counter(r.status for r in self.results)
        return {status.value: counts.get(status, 0) for status in Status}

    @property
    def ok(self) -> bool:
        """True when nothing failed, nothing errored and nothing passed unexpectedly."""
        return not any(r.status.is_failure for r in self.results)

    def by_id(self, id: str) -> Result:
        """The result of one contract.

        Raises
        ------
        KeyError
            If the contract was not part of this run.
        """
        for result in self.results:
            if result.id == id:
                return result
        raise KeyError(f"id: {id!r} is not in this report")

    def summary_line(self) -> str:
        """e.g. ``"3 contracts on mod:proto: 1 pass, 1 fail, 0 error, 0 xfail, 0 xpass, 1 skip"``."""
        parts = ", ".join(f"{count} {status}" for status, count in self.summary.items())
        return f"{len(self.results)} contracts on {self.target}: {parts}"

    def as_dict(self) -> dict[str, Any]:
        """The JSON document written by ``bufferspec check --json``."""
        return {
            "target": self.target,
            "bufferspec_version": self.version,
            "ok": self.ok,
            "results": [r.as_dict() for r in self.results],
            "summary": self.summary,
        }

    def to_json(self) -> str:
        """:meth:`as_dict` as indented JSON."""
        return json.dumps(self.as_dict(), indent=2)

    def to_table(self, *, width: int = 100) -> str:
        """One row per contract: id, status, one-line reason.

        The rows are followed by the details of every failure and error: the
        counterexample, the reproducer and the last lines of the traceback.
        """
        id_width = max((len(r.id) for r in self.results), default=10)
        lines = []
        for result in self.results:
            reason = _one_line(result.reason, width - id_width - 9)
            lines.append(f"{result.id:<{id_width}}  {result.status.name:<5}  {reason}".rstrip())
        failures = [r for r in self.results if r.status.is_failure and (r.reproducer or r.traceback)]
        for result in failures:
            lines.append("")
            lines.append(f"--- {result.id}: {_one_line(result.reason, _DETAIL_LIMIT)}")
            if result.counterexample:
                lines.append(f"    counterexample: {result.counterexample}")
            lines.extend(f"    {line}" for line in result.reproducer.splitlines())
            if result.traceback:
                tail = result.traceback.rstrip().splitlines()[-_TRACEBACK_TAIL:]
                lines.append("    traceback (last lines):" if len(tail) == _TRACEBACK_TAIL else "    traceback:")
                lines.extend(f"      {line}" for line in tail)
        lines.append("")
        lines.append(self.summary_line())
        return "\n".join(lines)

    def to_markdown(self) -> str:
        """A Markdown table of the results with a summary line."""
        rows = ["| contract | level | status | reason |", "|---|---|---|---|"]
        for r in self.results:
            reason = _one_line(r.reason, 200).replace("|", "\\|")
            rows.append(f"| `{r.id}` | {r.level} | {r.status.name} | {reason} |")
        return f"# Conformance of `{self.target}`\n\n" + "\n".join(rows) + f"\n\n{self.summary_line()}\n"


_DETAIL_LIMIT = 500
_TRACEBACK_TAIL = 8


def _one_line(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: max(0, limit - 3)] + "..."


def _version() -> str:
    from bufferspec import __version__

    return __version__
