"""Results and the report: the verdict, and table, JSON and Markdown renderings."""

from __future__ import annotations

import enum
import json
import shutil
import textwrap
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

__all__ = ["ConformanceWarning", "Report", "Result", "Status"]


class ConformanceWarning(UserWarning):
    """A SHOULD contract failed (WARN): the base class and the pytest plugin warn instead of failing."""


class Status(enum.Enum):
    """Outcome of one contract.

    ``PASS``
        The check ran to the end and found no violation.
    ``FAIL``
        A MUST contract is violated: an assertion of the check failed (a
        wrong value or type, "raised X where Y was required", "did not
        raise"), the backend's code raised an exception where it had to
        succeed (the member the contract is about, a set-up step making the
        inputs, a member the kit reads a result back through, wherever the
        kit caught it), the member the contract is about is missing, or the
        check did not finish within its deadline ("timed out after N s").
    ``WARN``
        A SHOULD contract is violated (for the same reasons as FAIL).  Shown
        everywhere, but it fails a run only in strict mode.
    ``ERROR``
        The check could not be carried out, for a reason the kit cannot
        blame on the backend's code: an exception raised by the kit itself,
        the standard library or NumPy with no frame of the backend below the
        kit's call, a missing member the contract is not about, running out
        of memory, or, with ``isolate=True``, a crash of the worker process.
        The result carries the traceback.
    ``XFAIL``
        A FAIL, WARN or ERROR that was listed as an expected failure.
    ``XPASS``
        A PASS that was listed as an expected failure.
    ``SKIP``
        The contract needs a capability the target does not declare, cannot
        be checked in this interpreter, or found nothing to check.

    FAIL, ERROR and XPASS make a run fail (:attr:`is_failure`); WARN does in
    strict mode.
    """

    PASS = "pass"
    WARN = "warn"
    FAIL = "fail"
    ERROR = "error"
    XFAIL = "xfail"
    XPASS = "xpass"
    SKIP = "skip"

    @property
    def is_failure(self) -> bool:
        """FAIL, ERROR and XPASS make a run fail (WARN only in strict mode)."""
        return self in (Status.FAIL, Status.ERROR, Status.XPASS)


#: Statuses whose rows get a section with the full reason, reproducer and traceback.
_DETAILED = (Status.FAIL, Status.WARN, Status.ERROR, Status.XPASS)


@dataclass(frozen=True)
class Result:
    """The outcome of one contract on one target.

    Attributes
    ----------
    id : str
        The contract id.
    status : Status
        PASS, WARN, FAIL, ERROR, XFAIL, XPASS or SKIP (see :class:`Status`).
    reason : str
        Why it failed, errored or was skipped, or the expected-failure reason.
    level : str
        ``"MUST"`` or ``"SHOULD"``.
    seconds : float
        Time spent in the check.
    detail : str
        For XFAIL, the failure that was expected (prefixed ``"error: "`` for an expected ERROR).
    counterexample : str
        The (minimal) drawn inputs of a failing property check.
    reproducer : str
        Python that repeats the failing run with the target's classes and
        ends in the assertion or call that failed: run alone, it fails with
        :attr:`reason`.  For a static (``--static``) row, a file to check with
        mypy.
    traceback : str
        Where an exception was raised, for ERROR and for a FAIL or XFAIL
        caused by an exception: the formatted traceback without the kit's and
        Hypothesis's own frames, or what a crashed worker wrote to stderr.
    hint : str
        How to fix the failure, where the kit can tell (static rows).
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
    hint: str = ""

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
            "hint": self.hint,
        }


@dataclass(frozen=True)
class Report:
    """All results of one run on one target.

    :attr:`ok` is false as soon as one row is FAIL, ERROR or XPASS, and in
    strict mode also for a WARN; the statuses are defined on :class:`Status`.

    Attributes
    ----------
    target : str
        The target as shown in reports.
    results : tuple of Result
        One per contract, in catalogue order (static rows last).
    version : str
        The bufferspec version that checked it.
    strict : bool
        Whether SHOULD contracts were binding (a WARN fails the run).
    seed : int or None
        The ``seed`` option of the run; None for the default examples.
    """

    target: str
    results: tuple[Result, ...]
    version: str = field(default_factory=lambda: _version())
    strict: bool = False
    seed: int | None = None

    @property
    def summary(self) -> dict[str, int]:
        """``{status: count}`` for every status (zeros included)."""
        counts = Counter(r.status for r in self.results)
        return {status.value: counts.get(status, 0) for status in Status}

    @property
    def ok(self) -> bool:
        """True when nothing failed, errored or passed unexpectedly (and, when strict, nothing warned)."""
        return not any(r.status.is_failure or (self.strict and r.status is Status.WARN) for r in self.results)

    @property
    def conforms(self) -> bool:
        """True when every MUST contract that was checked passed (no FAIL, ERROR, XFAIL or XPASS of a MUST)."""
        return not any(r.level == "MUST" and r.status not in (Status.PASS, Status.SKIP) for r in self.results)

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

    def verdict(self) -> str:
        """One line: does the target conform, with the MUST and SHOULD counts.

        e.g. ``"conforms to bufferspec 0.2.0 (MUST: 170/170 pass; SHOULD: 24/26 pass, 2 warnings)"``.
        """
        levels = []
        for level in ("MUST", "SHOULD"):
            rows = [r for r in self.results if r.level == level and r.status is not Status.SKIP]
            counts = Counter(r.status for r in rows)
            text = f"{level}: {counts[Status.PASS]}/{len(rows)} pass"
            for status, word in ((Status.WARN, "warning"), (Status.FAIL, "failure"), (Status.ERROR, "error"),
                                 (Status.XFAIL, "expected failure"), (Status.XPASS, "unexpected pass")):
                if counts[status]:
                    text += f", {_count(counts[status], word)}"
            levels.append(text)
        counts = Counter(r.status for r in self.results)
        if self.ok:
            head = f"conforms to bufferspec {self.version}" if self.conforms else (
                f"meets its expected failures, but does not conform to bufferspec {self.version}")
        else:
            problems = [_count(counts[s], w) for s, w in ((Status.FAIL, "failed contract"),
                        (Status.ERROR, "error"), (Status.XPASS, "unexpected pass")) if counts[s]]
            if self.strict and counts[Status.WARN]:
                problems.append(_count(counts[Status.WARN], "SHOULD warning") + " (strict)")
            head = f"does not conform to bufferspec {self.version}: {', '.join(problems)}"
        return f"{head} ({'; '.join(levels)})"

    def summary_line(self) -> str:
        """e.g. ``"3 contracts on mod:proto: 1 pass, 0 warn, 1 fail, 0 error, 0 xfail, 0 xpass, 1 skip"``."""
        parts = ", ".join(f"{count} {status}" for status, count in self.summary.items())
        seed = "" if self.seed is None else f" (seed {self.seed})"
        return f"{_count(len(self.results), 'contract')} on {self.target}{seed}: {parts}"

    def as_dict(self) -> dict[str, Any]:
        """The JSON document written by ``bufferspec check --json``."""
        return {
            "target": self.target,
            "bufferspec_version": self.version,
            "ok": self.ok,
            "conforms": self.conforms,
            "verdict": self.verdict(),
            "strict": self.strict,
            "seed": self.seed,
            "results": [r.as_dict() for r in self.results],
            "summary": self.summary,
        }

    def to_json(self) -> str:
        """:meth:`as_dict` as indented JSON."""
        return json.dumps(self.as_dict(), indent=2)

    def to_table(self, *, width: int | None = None) -> str:
        """One row per contract (id, level, status, reason), then a section per FAIL, WARN, ERROR and XPASS.

        *width* is the line width to wrap reasons at; by default the
        terminal's (``COLUMNS`` when set).  Ids are never cut and reasons are
        wrapped, never cut.  Each section has the full reason, the
        counterexample, the reproducer, the hint and the end of the
        traceback; the summary and the verdict close the table.
        """
        width = width if width is not None else shutil.get_terminal_size((100, 24)).columns
        id_width = max((len(r.id) for r in self.results), default=8)
        prefix = f"{'':<{id_width}}  {'':<6}  {'':<5}  "
        room = width - len(prefix)
        lines = []
        for result in self.results:
            head = f"{result.id:<{id_width}}  {result.level:<6}  {result.status.name:<5}"
            reason = " ".join(result.reason.split())
            if not reason:
                lines.append(head.rstrip())
            elif room >= _MIN_REASON_WIDTH:
                wrapped = textwrap.wrap(reason, room, break_long_words=False, break_on_hyphens=False)
                lines.append(f"{head}  {wrapped[0]}")
                lines.extend(f"{prefix}{part}" for part in wrapped[1:])
            else:  # a narrow terminal: the reason goes below the row, across the whole width
                lines.append(head.rstrip())
                lines.extend(textwrap.wrap(reason, max(width - 4, 20), initial_indent="    ", subsequent_indent="    ",
                                           break_long_words=False, break_on_hyphens=False))
        for result in self.results:
            if result.status in _DETAILED:
                lines.append("")
                lines.extend(_section(result, width))
        lines.append("")
        lines.append(self.summary_line())
        lines.append(f"{self.target}: {self.verdict()}")
        return "\n".join(lines)

    def to_markdown(self) -> str:
        """A Markdown table of the results, the summary line and the verdict."""
        rows = ["| contract | level | status | reason |", "|---|---|---|---|"]
        for r in self.results:
            reason = " ".join(r.reason.split()).replace("|", "\\|")
            rows.append(f"| `{r.id}` | {r.level} | {r.status.name} | {reason} |")
        return (f"# Conformance of `{self.target}`\n\n**Verdict:** {self.verdict()}\n\n" + "\n".join(rows)
                + f"\n\n{self.summary_line()}\n")


_TRACEBACK_TAIL = 12
#: Below this many columns for the reason, reasons go on lines of their own.
_MIN_REASON_WIDTH = 40


def _section(result: Result, width: int) -> list[str]:
    """The details of one row: reason, counterexample, reproducer, hint and traceback, indented."""
    lines = [f"--- {result.id}  [{result.level} {result.status.name}]"]
    lines.extend(textwrap.wrap(" ".join(result.reason.split()), max(width - 4, 30), initial_indent="    ",
                               subsequent_indent="    ", break_long_words=False, break_on_hyphens=False)
                 or ["    (no reason given)"])
    if result.counterexample:
        lines.append(f"    counterexample: {result.counterexample}")
    if result.hint:
        lines.extend(textwrap.wrap("fix: " + result.hint, max(width - 4, 30), initial_indent="    ",
                                   subsequent_indent="      ", break_long_words=False, break_on_hyphens=False))
    if result.reproducer:
        lines.append("    reproducer:")
        lines.extend(f"      {line}".rstrip() for line in result.reproducer.splitlines())
    if result.traceback:
        tail = result.traceback.rstrip().splitlines()[-_TRACEBACK_TAIL:]
        lines.append("    traceback (last lines):" if len(tail) == _TRACEBACK_TAIL else "    traceback:")
        lines.extend(f"      {line}" for line in tail)
    return lines


def _count(number: int, noun: str) -> str:
    """``"1 contract"``, ``"2 contracts"``, ``"2 unexpected passes"``."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}{'es' if noun.endswith('s') else 's'}"


def _version() -> str:
    from bufferspec import __version__

    return __version__
