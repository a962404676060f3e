"""What a held-out broken backend breaks, and the proof: the record the held-out corpora share.

The held-out corpora are realistic broken backends written from the protocol
docstrings alone, without reading the conformance kit's checks, so the share of
them the kit catches measures how well it catches bugs it has never seen:

* :mod:`conformance.backends.heldout_rule_classes`: bugs grouped by the rule
  class they break (construction, layout, size, bits, dtype, atomicity,
  pickle), the SHOULD-level pickle rules included;
* :mod:`conformance.backends.heldout_input_kinds`: several bugs per member,
  each in a kind of input a fast path forgot (Fortran, reversed or unaligned
  memory, items wider than a byte, NumPy-integer and list keys, empty and
  read-only buffers, structured, datetime, float16 and object dtypes, ndarray
  subclasses);
* :mod:`conformance.backends.heldout_one_per_member`: one bug in each of 30
  members of Buffer and NDBuffer.

Each maps every backend class to a :class:`Witness`; ``tests/test_conformance_heldout_*.py``
run the witnesses and the kit over each corpus.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Witness"]


@dataclass(frozen=True)
class Witness:
    """What one broken backend breaks: the member, the rule quoted, and a snippet proving it.

    Attributes
    ----------
    member : str
        The protocol member whose rule the backend breaks, e.g. ``"from_bytes"``
        (:mod:`~conformance.backends.heldout_rule_classes` names where the rule
        is written instead: ``"Protocol.member"``, ``"Protocol"`` or ``"protocols"``).
    rule : str
        The sentence broken, quoted verbatim (whitespace aside) from the protocol docstrings.
    witness : str
        Python source in which ``Buffer`` and ``NDBuffer`` name the class under
        test (the reference class on the other side) and ``np`` is NumPy; it
        passes on the reference classes and raises ``AssertionError`` on the
        backend, so the backend really is broken.
    level : str
        The keyword of the rule: ``"MUST"``, or ``"SHOULD"``.
    """

    member: str
    rule: str
    witness: str
    level: str = "MUST"
