"""The catalogue: contracts register with :func:`contract`; their modules are discovered, not listed.

Every contract lives in the module named after its id: the ``<root>.<member>.*``
contracts are in ``bufferspec.conformance._contracts.<root>.<member>``.  The
catalogue imports every module below that package (:func:`pkgutil.walk_packages`),
so a new module needs no registration, and :func:`contract` refuses an id whose
prefix does not name the module that defines it.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
import re
from collections.abc import Callable

from bufferspec.conformance._core.capabilities import CAPABILITIES
from bufferspec.conformance._core.context import CheckContext
from bufferspec.conformance._core.model import MESSAGE_SUFFIX, Contract, Level

__all__ = ["CONTRACTS_PACKAGE", "catalogue", "contract", "get_contract"]

#: The package whose modules hold the contracts, one module per member.
CONTRACTS_PACKAGE = "bufferspec.conformance._contracts"

_ID_PATTERN = re.compile(r"^(buffer|ndbuffer|prototype|wrapper)(\.[a-z0-9_]+){2,}$")

_CATALOGUE: dict[str, Contract] = {}


def contract(
    id: str,
    *,
    member: str,
    text: str,
    needs: tuple[str, ...] = (),
    level: Level = Level.MUST,
    examples: bool = False,
    unavailable: str | None = None,
    names_argument: str | None = None,
) -> Callable[[Callable[[CheckContext], None]], Callable[[CheckContext], None]]:
    """Register the decorated function as the check of a new contract.

    The function must be defined in the module of its member:
    ``bufferspec.conformance._contracts.<root>.<member>`` for an id
    ``<root>.<member>.<rule>``.

    *unavailable*, when given, is why the check cannot run in this
    interpreter: the contract is then SKIP with that reason (never a PASS
    that checked nothing).

    *names_argument*, for a contract that requires an exception, also
    registers its SHOULD twin ``<id>.names_argument``: the exception's
    message names that argument.  The behaviour (exception type, objects
    left unchanged) keeps the contract's level; the wording is SHOULD, so a
    backend that raises the right exceptions with other messages gets
    warnings, not failures.

    Raises
    ------
    ValueError
        If *id* is not a dotted lower-case id, is already registered, or
        does not start with the member the defining module is named after;
        or *needs* names an unknown capability.
    """
    if not _ID_PATTERN.match(id):
        raise ValueError(f"id: {id!r} is not a dotted lower-case contract id")
    unknown = set(needs) - CAPABILITIES
    if unknown:
        raise ValueError(f"needs: unknown capabilities {sorted(unknown)} for {id}")
    root = id.split(".", 1)[0]
    implied = {"buffer": ("buffer",), "ndbuffer": ("nd_buffer",)}.get(root, ())

    def register(check: Callable[[CheckContext], None]) -> Callable[[CheckContext], None]:
        home = f"{CONTRACTS_PACKAGE}.{'.'.join(id.split('.')[:2])}"
        if check.__module__ != home:
            raise ValueError(f"id: contract {id!r} must be defined in {home}, not in {check.__module__}")
        twin = f"{id}{MESSAGE_SUFFIX}"
        for new in (id, twin) if names_argument is not None else (id,):
            if new in _CATALOGUE:
                raise ValueError(f"id: contract {new!r} is defined twice")

        def entry(new: str, new_level: Level, new_text: str, message_of: str | None = None) -> Contract:
            return Contract(id=new, member=member, level=new_level, text=" ".join(new_text.split()),
                            needs=frozenset(needs) | frozenset(implied), check=check, examples=examples,
                            unavailable=unavailable, message_of=message_of)

        _CATALOGUE[id] = entry(id, level, text)
        if names_argument is not None:
            wording = (f"The exceptions that {id} requires carry a message that names the argument "
                       f"{names_argument}, so a user sees which argument was wrong.")
            _CATALOGUE[twin] = entry(twin, Level.SHOULD, wording, message_of=id)
        return check

    return register


@functools.cache
def _load_contracts() -> None:
    """Import every module below :data:`CONTRACTS_PACKAGE` once; each fills the catalogue as it is defined."""
    package = importlib.import_module(CONTRACTS_PACKAGE)
    for info in pkgutil.walk_packages(package.__path__, prefix=CONTRACTS_PACKAGE + "."):
        importlib.import_module(info.name)


def catalogue() -> tuple[Contract, ...]:
    """Every contract, in a stable order (by id)."""
    _load_contracts()
    return tuple(_CATALOGUE[key] for key in sorted(_CATALOGUE))


def get_contract(id: str) -> Contract:
    """The contract with this exact id.

    Raises
    ------
    KeyError
        If no contract has that id.
    """
    _load_contracts()
    try:
        return _CATALOGUE[id]
    except KeyError:
        raise KeyError(f"id: no contract {id!r} in the catalogue") from None
