"""Expected failures from a TOML file: ``[expected_failures]`` maps contract ids to reasons."""

from __future__ import annotations

import tomllib
from pathlib import Path

__all__ = ["load_expected_failures"]


def load_expected_failures(path: str | Path) -> dict[str, str]:
    """Read ``{contract id: reason}`` from a TOML file, for ``run(..., expected_failures=...)``.

    The file has one table, ``[expected_failures]``, mapping exact contract
    ids to a non-empty reason string.  Ids are not checked here: ``run``,
    the CLI and the base class reject unknown ids.

    Raises
    ------
    ValueError
        If the file cannot be read or parsed, or an entry is not ``id = "reason"``.
    """
    try:
        document = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ValueError(f"xfail file {str(path)!r}: {exc}") from None
    table = document.get("expected_failures")
    if not isinstance(table, dict):
        raise ValueError(f"xfail file {str(path)!r}: expected a [expected_failures] table")
    result: dict[str, str] = {}
    for key, reason in table.items():
        if not isinstance(reason, str) or not reason.strip():
            raise ValueError(f"xfail file {str(path)!r}: {key!r} needs a non-empty reason string")
        result[key] = reason
    return result
