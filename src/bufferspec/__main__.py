"""``python -m bufferspec``: the same command line as the ``bufferspec`` script."""

from __future__ import annotations

from bufferspec._console import main

if __name__ == "__main__":
    raise SystemExit(main())
