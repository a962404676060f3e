"""The ``bufferspec`` command's entry point: it says what to install when the kit's dependencies are missing.

The command line itself lives in :mod:`bufferspec.conformance._frontends.cli`; importing
it needs Hypothesis, which ``pip install bufferspec`` does not bring.  This
module imports nothing beyond the standard library until it has checked.
"""

from __future__ import annotations

import importlib
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

__all__ = ["KIT_DEPENDENCIES", "hypothesis_cache", "kit_missing_message", "main", "missing_kit_dependencies"]

#: What the conformance kit imports that ``pip install bufferspec`` does not install.
KIT_DEPENDENCIES = ("hypothesis",)


def missing_kit_dependencies(names: Sequence[str] = KIT_DEPENDENCIES) -> list[str]:
    """The modules of *names* that cannot be imported here (the kit imports them next anyway)."""
    missing = []
    for name in names:
        try:
            importlib.import_module(name)
        except ImportError:
            missing.append(name)
    return missing


def kit_missing_message(missing: Sequence[str], what: str = "the conformance kit") -> str:
    """One line telling the user to install the ``kit`` extra."""
    names = " and ".join(missing)
    verb = "is" if len(missing) == 1 else "are"
    return f"{what} needs {names}, which {verb} not installed: pip install 'bufferspec[kit]'"


def hypothesis_cache() -> Path:
    """Where the command keeps Hypothesis's caches: the user's cache folder, never the working directory.

    Hypothesis writes caches (Unicode tables, constants it collected) into
    ``.hypothesis/`` in the working directory unless told otherwise; the kit
    uses no example database, so these caches are all it would write.
    ``HYPOTHESIS_STORAGE_DIRECTORY``, when set, wins.
    """
    base = os.environ.get("XDG_CACHE_HOME") or os.environ.get("LOCALAPPDATA") or str(Path.home() / ".cache")
    folder = Path(base) / "bufferspec" / "hypothesis"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:  # no writable home: a folder of its own under the temporary directory
        folder = Path(tempfile.gettempdir()) / f"bufferspec-hypothesis-{os.getuid() if hasattr(os, 'getuid') else 0}"
    return folder


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``bufferspec`` command line; exit status 2 with one line when the kit cannot load.

    Nothing is written to the working directory unless asked (``--json``,
    ``--markdown``): Hypothesis's caches go to :func:`hypothesis_cache`.
    """
    os.environ.setdefault("HYPOTHESIS_STORAGE_DIRECTORY", str(hypothesis_cache()))
    missing = missing_kit_dependencies()
    if missing:
        sys.stderr.write(f"bufferspec: error: {kit_missing_message(missing)}\n")
        return 2
    from bufferspec.conformance._frontends.cli import main as cli_main

    return cli_main(argv)


if __name__ == "__main__":  # pragma: no cover - python -m bufferspec._console
    raise SystemExit(main())
