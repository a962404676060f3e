"""Contracts of ``BufferPrototype`` and ``as_numpy_array_wrapper``."""

from __future__ import annotations
