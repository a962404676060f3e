"""The ``bufferspec`` command's entry point: it says what to install when the kit's dependencies are missing.

The command line itself lives in :mod:`bufferspec.conformance._cli`; importing
it needs Hypothesis, which ``pip install bufferspec`` does not bring.  This
module imports nothing beyond the standard library until it has checked.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence

__all__ = ["KIT_DEPENDENCIES", "kit_missing_message", "main", "missing_kit_dependencies"]

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


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``bufferspec`` command line; exit status 2 with one line when the kit cannot load."""
    missing = missing_kit_dependencies()
    if missing:
        sys.stderr.write(f"bufferspec: error: {kit_missing_message(missing)}\n")
        return 2
    from bufferspec.conformance._cli import main as cli_main

    return cli_main(argv)


if __name__ == "__main__":  # pragma: no cover - python -m bufferspec._console
    raise SystemExit(main())
