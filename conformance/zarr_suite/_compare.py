"""Compare the runs of zarr's test suite: per-module counts, every difference with its class and reason."""

from __future__ import annotations

import tomllib
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["EXPECTED", "Difference", "Verdict", "differences", "judge", "load_expected", "module_counts"]

EXPECTED = Path(__file__).with_name("expected.toml")
_CLASSES = ("zarr", "bufferspec")


@dataclass(frozen=True)
class Difference:
    """A test whose outcome with bufferspec's buffers is not its baseline outcome."""

    test: str
    baseline: str
    bufferspec: str
    control: str
    cls: str  # "zarr" when the control run differs the same way, else "bufferspec"
    message: str


@dataclass(frozen=True)
class Verdict:
    """Differences against the expected list: explained, unexpected, and expectations that did not happen."""

    explained: tuple[tuple[Difference, str], ...]
    unexpected: tuple[Difference, ...]
    misclassified: tuple[tuple[Difference, str], ...]  # (difference, expected class)
    stale: tuple[str, ...]

    @property
    def ok(self) -> bool:
        """Whether every difference is expected, with its class, and every expectation happened."""
        return not (self.unexpected or self.misclassified or self.stale)


def module_counts(outcomes: Mapping[str, str]) -> dict[str, dict[str, int]]:
    """Test module -> outcome -> count."""
    counts: dict[str, Counter[str]] = {}
    for test, outcome in outcomes.items():
        counts.setdefault(test.split("::")[0], Counter())[outcome] += 1
    return {module: dict(sorted(c.items())) for module, c in sorted(counts.items())}


def differences(runs: Mapping[str, Mapping[str, Any]]) -> list[Difference]:
    """Every test whose ``bufferspec`` outcome differs from its ``baseline`` outcome.

    A test missing from a run counts as ``not run``.  The class is ``zarr``
    when the ``control`` run (zarr's own classes under another name) has the
    same outcome as the bufferspec run, else ``bufferspec``.
    """
    base, ours, control = (runs[m]["outcomes"] for m in ("baseline", "bufferspec", "control"))
    messages = runs["bufferspec"].get("messages", {})
    found = []
    for test in sorted(set(base) | set(ours)):
        before, after = base.get(test, "not run"), ours.get(test, "not run")
        if before == after:
            continue
        seen = control.get(test, "not run")
        found.append(Difference(test, before, after, seen, "zarr" if seen == after else "bufferspec",
                                messages.get(test, "")))
    return found


def load_expected(version: str, path: Path = EXPECTED) -> dict[str, tuple[str, str]]:
    """Test id -> (class, reason) of the differences expected with zarr *version*.

    Raises
    ------
    ValueError
        If an entry lacks a reason or names a class other than ``zarr`` or ``bufferspec``.
    """
    table = tomllib.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    expected: dict[str, tuple[str, str]] = {}
    for test, entry in table.get(version, {}).items():
        cls, reason = entry.get("class"), str(entry.get("reason", "")).strip()
        if cls not in _CLASSES:
            raise ValueError(f"{path.name}: [{version!r}] {test!r}: class must be one of {_CLASSES}, got {cls!r}")
        if not reason:
            raise ValueError(f"{path.name}: [{version!r}] {test!r}: an expected difference needs a reason")
        expected[test] = (cls, reason)
    return expected


def judge(found: list[Difference], expected: Mapping[str, tuple[str, str]], collected: set[str]) -> Verdict:
    """Match *found* against *expected*; expectations for tests this run did not collect are not stale."""
    explained, unexpected, misclassified = [], [], []
    for difference in found:
        entry = expected.get(difference.test)
        if entry is None:
            unexpected.append(difference)
        elif entry[0] != difference.cls:
            misclassified.append((difference, entry[0]))
        else:
            explained.append((difference, entry[1]))
    seen = {d.test for d in found}
    stale = tuple(sorted(t for t in expected if t in collected and t not in seen))
    return Verdict(tuple(explained), tuple(unexpected), tuple(misclassified), stale)
