"""Fast, cached ``isinstance`` support for bufferspec's runtime-checkable protocols.

A plain ``@runtime_checkable`` protocol re-checks every member on every
``isinstance`` call (one ``inspect.getattr_static`` per member on Python 3.12+).
That costs tens of microseconds for a protocol the size of ``NDArrayLike``,
which is far too slow for a chunk-level hot path.

:class:`CachedProtocolMeta` answers from a per-protocol, per-type cache
whenever the answer provably depends only on the type of the instance:

* a **positive** answer is cached when every protocol member is found on the
  *type* (its MRO) with a usable value, so every instance of that type has it;
* a **negative** answer is cached only when instances of the type cannot carry
  instance attributes (the type has no ``__dict__`` slot, like ``list`` or
  ``numpy.ndarray``), so no instance could add the missing member later.

Everything else (for example a class whose instances set ``dtype`` in
``__init__``) falls through to the normal structural check on every call, so
the cache never changes an answer.  The cache holds at most
:data:`CACHE_LIMIT` types per protocol and is cleared when full; like the
caches of :mod:`abc`, it does not notice members added to or deleted from a
class *after* that class was first checked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from typing_extensions import Protocol

__all__ = ["CACHE_LIMIT", "CachedProtocolMeta", "clear_instance_check_caches"]

#: Most types remembered per protocol before that protocol's cache is cleared.
CACHE_LIMIT = 1024

if TYPE_CHECKING:
    # typeshed's name for the metaclass of ``Protocol``; pyrefly rejects a protocol whose
    # metaclass does not derive from it.
    from typing import _ProtocolMeta as _ProtocolMetaBase  # pyright: ignore[reportPrivateUsage]
else:
    _ProtocolMetaBase = type(Protocol)

_MISSING = object()
_ALL_PROTOCOLS: list[type] = []


def _type_determines_member(tp: type, name: str, non_callable: frozenset[str]) -> bool:
    """Whether every instance of *tp* statically has protocol member *name*."""
    for klass in tp.__mro__:
        value = klass.__dict__.get(name, _MISSING)
        if value is not _MISSING:
            # ``None`` marks a method as explicitly unsupported (typing's rule).
            return value is not None or name in non_callable
    return False


class CachedProtocolMeta(_ProtocolMetaBase):
    """Metaclass of bufferspec's protocols: structural ``isinstance`` with a type cache.

    Behaves exactly like the metaclass of :class:`typing_extensions.Protocol`
    (presence of members is checked with :func:`inspect.getattr_static`,
    properties are not evaluated), only faster on repeated checks.
    """

    # The ``_abc_`` prefix keeps typing from treating the cache as a protocol member.
    _abc_bufferspec_cache: dict[type, bool]

    def __init__(cls, *args: Any, **kwargs: Any) -> None:  # noqa: N805 - a metaclass method: its first argument is the class
        super().__init__(*args, **kwargs)
        cls._abc_bufferspec_cache = {}
        _ALL_PROTOCOLS.append(cls)

    def register(cls, subclass: type[Any]) -> type[Any]:  # noqa: N805 - a metaclass method
        """Register a virtual subclass (as :meth:`abc.ABCMeta.register`) and forget cached answers.

        Every protocol's cache is cleared, because registering with a
        sub-protocol also changes the answers of the protocols it extends.
        """
        registered: type[Any] = super().register(subclass)
        clear_instance_check_caches(*_ALL_PROTOCOLS)
        return registered

    def __instancecheck__(cls, instance: object) -> bool:  # noqa: N805 - a metaclass method
        tp = type(instance)
        try:
            # Plain attribute look-up (cached by the type's method cache) is cheaper than
            # ``cls.__dict__[...]``; it finds *this* class's own cache, which __init__ sets
            # on every class of this metaclass.
            return cls._abc_bufferspec_cache[tp]
        except KeyError:
            pass
        answer: bool = super().__instancecheck__(instance)
        if not getattr(cls, "_is_protocol", False) or not getattr(
            cls, "_is_runtime_protocol", False
        ):
            # A concrete class deriving from a protocol: nominal check, already
            # cached by ``abc``.
            return answer
        if _is_type_determined(cls, tp, answer):
            cache: dict[type, bool] = cls.__dict__["_abc_bufferspec_cache"]
            if len(cache) >= CACHE_LIMIT:
                cache.clear()
            cache[tp] = answer
        return answer


def _is_type_determined(cls: type, tp: type, answer: bool) -> bool:
    """Whether *answer* holds for every instance of *tp* (see module docstring)."""
    members: frozenset[str] = frozenset(getattr(cls, "__protocol_attrs__", ()))
    non_callable: frozenset[str] = frozenset(
        getattr(cls, "__non_callable_proto_members__", ())
    )
    if answer:
        return all(_type_determines_member(tp, name, non_callable) for name in members)
    # Negative answers: only types whose instances have no ``__dict__``.
    return tp.__dictoffset__ == 0


def clear_instance_check_caches(*protocols: type) -> None:
    """Forget every cached ``isinstance`` answer of the given protocols.

    Call it after adding members to, or deleting members from, a class that
    was already checked against a bufferspec protocol.
    """
    for proto in protocols:
        cache = proto.__dict__.get("_abc_bufferspec_cache")
        if cache is not None:
            cache.clear()
