"""Tests of :mod:`bufferspec.protocols`: runtime checks, the isinstance cache, introspection.

Also covers the small public surface of :mod:`bufferspec.cpu` that is about
protocols rather than buffer behaviour: the prototypes, ``__all__``,
``py.typed`` and ``as_numpy_array_wrapper``.
"""

from __future__ import annotations

import array
import collections.abc
import importlib.resources
import pickle
import re
import sys
import threading
from collections.abc import Callable, Iterator
from typing import Any, cast, get_args

import numpy as np
import numpy.typing as npt
import pytest
from typing_extensions import Protocol, runtime_checkable

from bufferspec import _runtime_check, cpu, protocols
from bufferspec.protocols import (
    ArrayLike,
    Buffer,
    BufferClass,
    BufferPrototype,
    NDArrayLike,
    NDBuffer,
    NDBufferClass,
)
from tests.foreign import ForeignBuffer, ForeignNDBuffer, StridedForeignBuffer

PROTOCOLS: tuple[type, ...] = (ArrayLike, NDArrayLike, Buffer, BufferClass, NDBuffer, NDBufferClass)
ARRAY_PROTOCOLS: tuple[type, ...] = (ArrayLike, NDArrayLike)

#: typing's own ``isinstance`` for protocols: the answer without bufferspec's cache.
_UncachedMeta: Any = type(Protocol)


def uncached_isinstance(obj: object, proto: type) -> bool:
    return bool(_UncachedMeta.__instancecheck__(proto, obj))


def is_instance(obj: object, proto: type) -> bool:
    """``isinstance`` without the static narrowing that makes later asserts "unreachable"."""
    return isinstance(obj, proto)


def is_subclass(cls: type, proto: type) -> bool:
    return issubclass(cls, proto)


def protocol_attrs(proto: type) -> frozenset[str]:
    return frozenset(getattr(proto, "__protocol_attrs__"))


def cache_of(proto: type) -> dict[type, bool]:
    return cast("dict[type, bool]", proto.__dict__["_abc_bufferspec_cache"])


@pytest.fixture(autouse=True)
def _fresh_caches() -> Iterator[None]:
    """Every test starts and ends with empty caches (throwaway classes are released)."""
    protocols.clear_instance_check_caches(*PROTOCOLS)
    yield
    protocols.clear_instance_check_caches(*PROTOCOLS)


# -- sample objects -------------------------------------------------------------------


class PlainSubArray(np.ndarray[tuple[int, ...], np.dtype[Any]]):
    """An ndarray subclass whose instances have a ``__dict__``."""


class SlottedSubArray(np.ndarray[tuple[int, ...], np.dtype[Any]]):
    """An ndarray subclass without a ``__dict__``."""

    __slots__ = ()


class SubBuffer(cpu.Buffer):
    __slots__ = ()


class SubNDBuffer(cpu.NDBuffer):
    __slots__ = ()


def _arrays() -> dict[str, object]:
    return {
        "uint8-1d": np.zeros(8, dtype=np.uint8),
        "float64-2d": np.zeros((2, 3), dtype=np.float64),
        "float64-3d-strided": np.zeros((4, 3, 2))[::2, :, ::-1],
        "bool-0d": np.zeros((), dtype=bool),
        "subclass": np.zeros(4, dtype=np.uint8).view(PlainSubArray),
        "subclass-2d": np.zeros((2, 2)).view(PlainSubArray),
        "slotted-subclass": np.zeros(4, dtype=np.uint8).view(SlottedSubArray),
        "masked": np.ma.masked_array(np.zeros(3)),
        "recarray": np.zeros(2, dtype=[("a", "i4")]).view(np.recarray),
    }


def _non_arrays() -> dict[str, object]:
    return {
        "bytes": b"abc",
        "bytearray": bytearray(b"abc"),
        "list": [1, 2, 3],
        "tuple": (1, 2, 3),
        "memoryview": memoryview(b"abc"),
        "array.array": array.array("B", b"abc"),
        "numpy-scalar-float64": np.float64(1),
        "numpy-scalar-uint8": np.uint8(1),
        "None": None,
        "int": 3,
        "str": "abc",
        "dtype": np.dtype("u1"),
        "cpu.Buffer": cpu.Buffer.from_bytes(b"abc"),
        "cpu.NDBuffer": cpu.NDBuffer.create(shape=(2,), dtype="f8"),
    }


def _buffers() -> dict[str, object]:
    return {
        "cpu.Buffer": cpu.Buffer.from_bytes(b"abc"),
        "cpu.Buffer-empty": cpu.Buffer.create_zero_length(),
        "cpu.Buffer-subclass": SubBuffer.from_bytes(b"abc"),
        "ForeignBuffer": ForeignBuffer(np.zeros(3, np.uint8)),
        "StridedForeignBuffer": StridedForeignBuffer(np.zeros(3, np.uint8)),
    }


def _ndbuffers() -> dict[str, object]:
    return {
        "cpu.NDBuffer": cpu.NDBuffer.create(shape=(2, 3), dtype="f8"),
        "cpu.NDBuffer-0d": cpu.NDBuffer.create(shape=(), dtype="i4"),
        "cpu.NDBuffer-subclass": SubNDBuffer.create(shape=(2,), dtype="u1"),
        "ForeignNDBuffer": ForeignNDBuffer(np.zeros((2, 2))),
    }


def _not_buffers() -> dict[str, object]:
    return {
        "bytes": b"abc",
        "bytearray": bytearray(b"abc"),
        "memoryview": memoryview(b"abc"),
        "ndarray": np.zeros(3, np.uint8),
        "list": [1, 2, 3],
        "None": None,
        **{f"NDBuffer:{k}": v for k, v in _ndbuffers().items()},
    }


def _not_ndbuffers() -> dict[str, object]:
    return {
        "bytes": b"abc",
        "ndarray": np.zeros(3),
        "numpy-scalar": np.float64(1),
        "list": [1.0],
        "None": None,
        **{f"Buffer:{k}": v for k, v in _buffers().items()},
    }


def _params(samples: dict[str, object]) -> pytest.MarkDecorator:
    return pytest.mark.parametrize("obj", list(samples.values()), ids=list(samples))


# -- runtime isinstance / issubclass -------------------------------------------------------


@pytest.mark.parametrize("proto", ARRAY_PROTOCOLS, ids=lambda p: p.__name__)
@_params(_arrays())
def test_ndarrays_are_array_like(obj: object, proto: type) -> None:
    assert isinstance(obj, proto)
    assert isinstance(obj, proto)  # answered from the cache the second time
    assert uncached_isinstance(obj, proto)


@pytest.mark.parametrize("proto", ARRAY_PROTOCOLS, ids=lambda p: p.__name__)
@_params(_non_arrays())
def test_non_arrays_are_not_array_like(obj: object, proto: type) -> None:
    assert not isinstance(obj, proto)
    assert not isinstance(obj, proto)
    assert not uncached_isinstance(obj, proto)


@_params(_buffers())
def test_buffers_are_buffers(obj: object) -> None:
    assert isinstance(obj, Buffer)
    assert isinstance(obj, Buffer)
    assert not isinstance(obj, NDBuffer)


@_params(_not_buffers())
def test_non_buffers_are_not_buffers(obj: object) -> None:
    assert not isinstance(obj, Buffer)
    assert not isinstance(obj, Buffer)


@_params(_ndbuffers())
def test_ndbuffers_are_ndbuffers(obj: object) -> None:
    assert isinstance(obj, NDBuffer)
    assert isinstance(obj, NDBuffer)
    assert not isinstance(obj, Buffer)


@_params(_not_ndbuffers())
def test_non_ndbuffers_are_not_ndbuffers(obj: object) -> None:
    assert not isinstance(obj, NDBuffer)
    assert not isinstance(obj, NDBuffer)


BUFFER_CLASSES: list[type] = [cpu.Buffer, SubBuffer, ForeignBuffer, StridedForeignBuffer]
NDBUFFER_CLASSES: list[type] = [cpu.NDBuffer, SubNDBuffer, ForeignNDBuffer]


@pytest.mark.parametrize("cls", BUFFER_CLASSES, ids=lambda c: c.__qualname__)
def test_buffer_classes_are_buffer_class(cls: type) -> None:
    assert is_subclass(cls, BufferClass)
    assert is_instance(cls, BufferClass)
    assert is_instance(cls, BufferClass)
    assert not is_subclass(cls, NDBufferClass)
    assert not is_instance(cls, NDBufferClass)


@pytest.mark.parametrize("cls", NDBUFFER_CLASSES, ids=lambda c: c.__qualname__)
def test_ndbuffer_classes_are_ndbuffer_class(cls: type) -> None:
    assert is_subclass(cls, NDBufferClass)
    assert is_instance(cls, NDBufferClass)
    assert is_instance(cls, NDBufferClass)
    assert not is_subclass(cls, BufferClass)
    assert not is_instance(cls, BufferClass)


@pytest.mark.parametrize("cls", [bytes, bytearray, list, np.ndarray, int, type], ids=lambda c: c.__name__)
def test_other_classes_are_not_class_protocols(cls: type) -> None:
    for proto in (BufferClass, NDBufferClass):
        assert not issubclass(cls, proto)
        assert not isinstance(cls, proto)


def _member_stub(proto: type, name: str) -> object:
    """A value that satisfies protocol member *name* (a property for data members)."""
    if name in getattr(proto, "__non_callable_proto_members__", ()):
        return property(lambda self: None)

    def method(self: object, *args: object, **kwargs: object) -> None:
        return None

    return method


def _complete_namespace(proto: type) -> dict[str, object]:
    return {name: _member_stub(proto, name) for name in protocol_attrs(proto) if name != "__hash__"}


def _droppable(proto: type) -> list[str]:
    """Members a class can lack: those ``object`` does not already provide."""
    return sorted(name for name in protocol_attrs(proto) if not hasattr(object, name))


@pytest.mark.parametrize("proto", PROTOCOLS, ids=lambda p: p.__name__)
def test_a_class_with_every_member_conforms(proto: type) -> None:
    cls = type("Complete", (), _complete_namespace(proto))
    assert isinstance(cls(), proto)
    if not getattr(proto, "__non_callable_proto_members__", None):
        assert issubclass(cls, proto)


@pytest.mark.parametrize(
    ("proto", "missing"),
    [(proto, name) for proto in PROTOCOLS for name in _droppable(proto)],
    ids=[f"{proto.__name__}-{name}" for proto in PROTOCOLS for name in _droppable(proto)],
)
def test_a_class_missing_one_member_is_rejected(proto: type, missing: str) -> None:
    namespace = _complete_namespace(proto)
    del namespace[missing]
    for slots in (False, True):  # negative answers are cached for dict-less types only
        cls = type("Incomplete", (), {**namespace, **({"__slots__": ()} if slots else {})})
        assert not isinstance(cls(), proto)
        assert not isinstance(cls(), proto)
        if not getattr(proto, "__non_callable_proto_members__", None):
            assert not issubclass(cls, proto)


def test_a_method_set_to_none_is_unsupported() -> None:
    namespace = _complete_namespace(ArrayLike)
    namespace["copy"] = None
    cls = type("NoCopy", (), namespace)
    assert not isinstance(cls(), ArrayLike)
    # A data member set to None is still present (typing's rule).
    namespace = _complete_namespace(ArrayLike)
    namespace["dtype"] = None
    cls = type("NoneDtype", (), namespace)
    assert isinstance(cls(), ArrayLike)


def test_class_protocol_requires_every_constructor() -> None:
    class OnlyFromBytes:
        @classmethod
        def from_bytes(cls, bytes_like: object) -> OnlyFromBytes:
            return cls()

    assert not issubclass(OnlyFromBytes, BufferClass)
    assert not isinstance(OnlyFromBytes, BufferClass)


# -- the cache (bufferspec._runtime_check) ------------------------------------------------


def _mixed_objects() -> list[object]:
    return [
        *_arrays().values(),
        *_non_arrays().values(),
        *_buffers().values(),
        *_ndbuffers().values(),
        *BUFFER_CLASSES,
        *NDBUFFER_CLASSES,
    ]


def _answers(objects: list[object]) -> list[tuple[bool, ...]]:
    return [tuple(isinstance(obj, proto) for proto in PROTOCOLS) for obj in objects]


def test_cached_answers_equal_uncached_answers() -> None:
    objects = _mixed_objects()
    expected = [tuple(uncached_isinstance(obj, proto) for proto in PROTOCOLS) for obj in objects]
    assert _answers(objects) == expected
    assert _answers(objects) == expected
    assert _answers(objects[::-1]) == expected[::-1]
    protocols.clear_instance_check_caches(*PROTOCOLS)
    assert _answers(objects[::-1]) == expected[::-1]
    assert _answers(objects) == expected


def test_type_determined_answers_are_cached() -> None:
    assert isinstance(np.zeros(1), NDArrayLike)
    assert cache_of(NDArrayLike)[np.ndarray] is True
    assert not isinstance([1], NDArrayLike)
    assert cache_of(NDArrayLike)[list] is False  # list instances have no __dict__
    assert isinstance(cpu.Buffer.from_bytes(b""), Buffer)
    assert cache_of(Buffer)[cpu.Buffer] is True


class LazyArray:
    """Methods on the class; the data members only on instances built with ``complete=True``."""

    dtype: np.dtype[Any]
    ndim: int
    size: int

    def __init__(self, complete: bool) -> None:
        if complete:
            self.dtype = np.dtype("u1")
            self.ndim = 1
            self.size = 0

    def __len__(self) -> int:
        return 0

    def __getitem__(self, key: slice) -> LazyArray:
        return self

    def __setitem__(self, key: slice, value: object) -> None:
        pass

    def copy(self) -> LazyArray:
        return self

    def view(self, dtype: object) -> LazyArray:
        return self


@pytest.mark.parametrize("order", ["with-first", "without-first", "alternating"])
def test_instance_attributes_are_answered_per_instance(order: str) -> None:
    with_attrs, without_attrs = LazyArray(True), LazyArray(False)
    sequence = {
        "with-first": [with_attrs, without_attrs] * 3,
        "without-first": [without_attrs, with_attrs] * 3,
        "alternating": [with_attrs, without_attrs, without_attrs, with_attrs, with_attrs, without_attrs],
    }[order]
    for obj in sequence:
        assert isinstance(obj, ArrayLike) is (obj is with_attrs)
    assert LazyArray not in cache_of(ArrayLike)


def test_instance_attribute_added_after_a_check() -> None:
    obj = LazyArray(False)
    assert not isinstance(obj, ArrayLike)
    obj.dtype, obj.ndim, obj.size = np.dtype("u1"), 1, 0
    assert isinstance(obj, ArrayLike)
    del obj.dtype
    assert not isinstance(obj, ArrayLike)


def _slotted_class(i: int) -> type:
    return type(f"Throwaway{i}", (), {"__slots__": ()})


def _array_subclass(i: int) -> type:
    return type(f"ThrowawayArray{i}", (np.ndarray,), {})


@pytest.mark.parametrize(
    ("make_class", "make_instance", "answer"),
    [
        (_slotted_class, lambda cls: cls(), False),
        (_array_subclass, lambda cls: np.zeros(1).view(cls), True),
    ],
    ids=["negative", "positive"],
)
def test_cache_is_bounded(
    make_class: Callable[[int], type], make_instance: Callable[[type], object], answer: bool
) -> None:
    limit = _runtime_check.CACHE_LIMIT
    cache = cache_of(NDArrayLike)
    largest = 0
    for i in range(limit + 100):
        assert isinstance(make_instance(make_class(i)), NDArrayLike) is answer
        largest = max(largest, len(cache))
        assert len(cache) <= limit
    assert largest == limit  # the answers were cached, up to the limit
    # Still correct after the cache was cleared for being full.
    assert isinstance(np.zeros(2), NDArrayLike)
    assert not isinstance([1], NDArrayLike)


def test_clear_instance_check_caches() -> None:
    for proto in PROTOCOLS:
        isinstance(np.zeros(1), proto)
        isinstance([1], proto)
        isinstance(cpu.Buffer.from_bytes(b""), proto)
    assert cache_of(ArrayLike) and cache_of(NDArrayLike) and cache_of(Buffer)
    protocols.clear_instance_check_caches(ArrayLike)
    assert cache_of(ArrayLike) == {}
    assert cache_of(NDArrayLike)
    protocols.clear_instance_check_caches()  # nothing given, nothing cleared
    assert cache_of(NDArrayLike)
    # Objects that are not bufferspec protocols are ignored.
    protocols.clear_instance_check_caches(int, collections.abc.Sized)
    protocols.clear_instance_check_caches(*PROTOCOLS)
    assert all(cache_of(proto) == {} for proto in PROTOCOLS)
    assert isinstance(np.zeros(1), ArrayLike)


def test_clear_after_changing_a_class() -> None:
    cls = type("Growing", (), {"__slots__": (), **_complete_namespace(ArrayLike)})
    copy = getattr(cls, "copy")
    delattr(cls, "copy")
    assert not isinstance(cls(), ArrayLike)
    cls.copy = copy  # type: ignore[attr-defined]
    protocols.clear_instance_check_caches(ArrayLike)
    assert isinstance(cls(), ArrayLike)


def test_concrete_subclass_of_a_protocol_is_nominal() -> None:
    class Declared(Buffer):
        """Explicitly derives from the protocol, implements nothing."""

    obj = Declared()  # type: ignore[abstract]  # runtime protocols do not enforce it
    assert isinstance(obj, Buffer)
    assert isinstance(obj, Buffer)
    assert isinstance(obj, Declared)
    assert not isinstance(cpu.Buffer.from_bytes(b""), Declared)
    assert not isinstance(ForeignBuffer(np.zeros(1, np.uint8)), Declared)
    assert cache_of(Declared) == {}


def test_subprotocol_gets_its_own_cache() -> None:
    @runtime_checkable
    class Closable(Buffer, Protocol):
        def close(self) -> None: ...

    class ClosableBuffer(cpu.Buffer):
        __slots__ = ()

        def close(self) -> None:
            pass

    assert "_abc_bufferspec_cache" not in protocol_attrs(Closable)
    assert protocol_attrs(Closable) == protocol_attrs(Buffer) | {"close"}
    assert not isinstance(cpu.Buffer.from_bytes(b""), Closable)
    assert isinstance(ClosableBuffer.from_bytes(b""), Closable)
    assert isinstance(ClosableBuffer.from_bytes(b""), Buffer)
    assert cache_of(Closable) is not cache_of(Buffer)


def test_register_after_a_cached_negative_answer() -> None:
    @runtime_checkable
    class Sized1d(ArrayLike, Protocol):
        pass

    class Virtual:
        __slots__ = ()

    assert not isinstance(Virtual(), Sized1d)
    cast(Any, Sized1d).register(Virtual)
    assert uncached_isinstance(Virtual(), Sized1d)
    assert isinstance(Virtual(), Sized1d)


def test_isinstance_from_many_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    # A tiny limit makes the threads clear the caches all the time.
    monkeypatch.setattr(_runtime_check, "CACHE_LIMIT", 3)
    objects = _mixed_objects() + [LazyArray(True), LazyArray(False)]
    expected = [tuple(uncached_isinstance(obj, proto) for proto in PROTOCOLS) for obj in objects]
    n_threads, rounds = 8, 20
    barrier = threading.Barrier(n_threads)
    results: list[list[list[tuple[bool, ...]]]] = [[] for _ in range(n_threads)]
    errors: list[BaseException] = []

    def work(index: int) -> None:
        try:
            barrier.wait()
            order = objects if index % 2 else objects[::-1]
            for round_ in range(rounds):
                answers = _answers(order)
                results[index].append(answers if index % 2 else answers[::-1])
                if index == 0 and round_ % 5 == 0:
                    protocols.clear_instance_check_caches(*PROTOCOLS)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(n_threads)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    for per_thread in results:
        assert len(per_thread) == rounds
        assert all(answers == expected for answers in per_thread)
    assert all(len(cache_of(proto)) <= 3 for proto in PROTOCOLS)


# -- the structural cause of the slow path is gone ---------------------------------------


@pytest.mark.parametrize("proto", ARRAY_PROTOCOLS, ids=lambda p: p.__name__)
def test_array_protocols_do_not_declare_eq_or_hash(proto: type) -> None:
    attrs = protocol_attrs(proto)
    assert "__eq__" not in attrs
    assert "__hash__" not in attrs
    assert "__hash__" not in proto.__dict__ or proto.__dict__["__hash__"] is not None


@pytest.mark.parametrize("proto", PROTOCOLS, ids=lambda p: p.__name__)
def test_cache_is_not_a_protocol_member(proto: type) -> None:
    assert "_abc_bufferspec_cache" not in protocol_attrs(proto)
    assert not any(name.startswith("_abc_") for name in protocol_attrs(proto))
    assert isinstance(proto, _runtime_check.CachedProtocolMeta)


@pytest.mark.parametrize("proto", ARRAY_PROTOCOLS, ids=lambda p: p.__name__)
def test_ndarray_check_is_type_determined(proto: type) -> None:
    # Every member is found on numpy.ndarray itself, so one check caches the answer.
    non_callable = frozenset(getattr(proto, "__non_callable_proto_members__", ()))
    for name in protocol_attrs(proto):
        assert _runtime_check._type_determines_member(np.ndarray, name, non_callable), name
    isinstance(np.zeros(1), proto)
    assert cache_of(proto) == {np.ndarray: True}


# -- BufferPrototype --------------------------------------------------------------------


def test_buffer_prototype_is_a_named_tuple() -> None:
    assert issubclass(BufferPrototype, tuple)
    assert BufferPrototype._fields == ("buffer", "nd_buffer")
    proto = cpu.buffer_prototype
    assert isinstance(proto, BufferPrototype)
    assert proto.buffer is cpu.Buffer
    assert proto.nd_buffer is cpu.NDBuffer
    assert tuple(proto) == (cpu.Buffer, cpu.NDBuffer)
    with pytest.raises(AttributeError):
        proto.buffer = ForeignBuffer  # type: ignore[misc]
    assert proto.buffer is cpu.Buffer


@pytest.mark.parametrize("protocol", range(pickle.HIGHEST_PROTOCOL + 1))
def test_buffer_prototype_pickles(protocol: int) -> None:
    restored = pickle.loads(pickle.dumps(cpu.buffer_prototype, protocol=protocol))
    assert restored == cpu.buffer_prototype
    assert type(restored) is BufferPrototype
    assert restored.buffer is cpu.Buffer
    assert restored.nd_buffer is cpu.NDBuffer
    assert hash(restored) == hash(cpu.buffer_prototype)


def test_buffer_prototype_with_foreign_classes_pickles() -> None:
    proto = BufferPrototype(buffer=ForeignBuffer, nd_buffer=ForeignNDBuffer)
    restored = pickle.loads(pickle.dumps(proto))
    assert restored == proto
    assert restored.buffer is ForeignBuffer


def test_buffer_prototype_compares_by_value() -> None:
    same = BufferPrototype(cpu.Buffer, cpu.NDBuffer)
    assert same == cpu.buffer_prototype
    assert same is not cpu.buffer_prototype
    assert hash(same) == hash(cpu.buffer_prototype)
    assert BufferPrototype(buffer=cpu.Buffer, nd_buffer=cpu.NDBuffer) == cpu.buffer_prototype
    foreign = BufferPrototype(ForeignBuffer, ForeignNDBuffer)
    mixed = BufferPrototype(ForeignBuffer, cpu.NDBuffer)
    assert foreign != cpu.buffer_prototype
    assert mixed != cpu.buffer_prototype
    assert mixed != foreign
    registry = {cpu.buffer_prototype: "cpu", foreign: "foreign"}
    assert registry[same] == "cpu"
    assert registry[BufferPrototype(ForeignBuffer, ForeignNDBuffer)] == "foreign"
    assert mixed not in registry
    assert len({cpu.buffer_prototype, same, foreign, mixed}) == 3


def test_prototype_functions() -> None:
    assert cpu.numpy_buffer_prototype() == cpu.buffer_prototype
    assert cpu.default_buffer_prototype() == cpu.buffer_prototype
    assert isinstance(cpu.numpy_buffer_prototype(), BufferPrototype)
    assert isinstance(cpu.default_buffer_prototype(), BufferPrototype)


def test_prototype_classes_satisfy_class_protocols() -> None:
    assert isinstance(cpu.buffer_prototype.buffer, BufferClass)
    assert isinstance(cpu.buffer_prototype.nd_buffer, NDBufferClass)
    made = cpu.buffer_prototype.buffer.from_bytes(b"x")
    assert isinstance(made, Buffer)
    nd = cpu.buffer_prototype.nd_buffer.create(shape=(2,), dtype="f8")
    assert isinstance(nd, NDBuffer)


# -- introspection -----------------------------------------------------------------------


PROTOCOL_NAMES = {"ArrayLike", "Buffer", "BufferClass", "NDArrayLike", "NDBuffer", "NDBufferClass"}


def test_all_names_exist() -> None:
    assert len(set(protocols.__all__)) == len(protocols.__all__)
    for name in protocols.__all__:
        assert hasattr(protocols, name), name
    assert set(protocols.__all__) == PROTOCOL_NAMES | {
        "BufferPrototype",
        "BytesLike",
        "Endian",
        "ScalarType",
        "clear_instance_check_caches",
    }


def test_protocols_in_all() -> None:
    found = {
        name
        for name in protocols.__all__
        if isinstance(getattr(protocols, name), type) and getattr(getattr(protocols, name), "_is_protocol", False)
    }
    assert found == PROTOCOL_NAMES


@pytest.mark.parametrize("name", sorted(PROTOCOL_NAMES))
def test_protocol_is_runtime_checkable_and_documented(name: str) -> None:
    proto = getattr(protocols, name)
    assert getattr(proto, "_is_protocol", False)
    assert getattr(proto, "_is_runtime_protocol", False)
    assert proto.__module__ == "bufferspec.protocols"
    assert proto.__doc__ and len(proto.__doc__.strip()) > 40
    assert protocol_attrs(proto)


def test_public_non_protocols_are_documented() -> None:
    assert BufferPrototype.__doc__
    assert BufferPrototype.__module__ == "bufferspec.protocols"
    assert protocols.clear_instance_check_caches.__doc__


_NORMATIVE = re.compile(r"\b(MUST|SHOULD|MAY)\b")


def _members() -> list[tuple[str, str]]:
    """``(protocol, member)`` for every member; ``__hash__`` (implied by ``__eq__``) excluded."""
    return [
        (proto.__name__, name)
        for proto in PROTOCOLS
        for name in sorted(protocol_attrs(proto))
        if not (name == "__hash__" and proto.__dict__.get(name, 0) is None)
    ]


#: Members whose docstring states no MUST/SHOULD/MAY (see the issue: "Every member's
#: docstring is normative").  Remove an entry when its docstring is fixed.
_NOT_NORMATIVE: set[tuple[str, str]] = set()  # every member docstring is normative now


def _member_doc(proto_name: str, name: str) -> tuple[object, str]:
    value = getattr(protocols, proto_name).__dict__[name]
    return value, getattr(value, "__doc__", None) or ""


@pytest.mark.parametrize(("proto_name", "name"), _members(), ids=[f"{p}.{n}" for p, n in _members()])
def test_member_is_documented(proto_name: str, name: str) -> None:
    value, doc = _member_doc(proto_name, name)
    assert callable(value) or isinstance(value, property)
    assert doc.strip(), f"{proto_name}.{name} has no docstring"


@pytest.mark.parametrize(
    ("proto_name", "name"),
    [
        pytest.param(
            p,
            n,
            marks=pytest.mark.xfail(
                strict=True, reason=f"bug: docstring of {p}.{n} states no MUST/SHOULD/MAY"
            ),
        )
        if (p, n) in _NOT_NORMATIVE
        else (p, n)
        for p, n in _members()
    ],
    ids=[f"{p}.{n}" for p, n in _members()],
)
def test_member_docstring_is_normative(proto_name: str, name: str) -> None:
    value, doc = _member_doc(proto_name, name)
    assert isinstance(value, property) or _NORMATIVE.search(doc), doc


def test_buffer_hash_member_is_none() -> None:
    # Declaring __eq__ on Buffer makes ``__hash__ = None`` a (non-callable) member:
    # conforming Buffers are unhashable.
    assert Buffer.__dict__["__hash__"] is None
    assert "__hash__" in getattr(Buffer, "__non_callable_proto_members__")
    with pytest.raises(TypeError):
        hash(cpu.Buffer.from_bytes(b""))


def test_endian() -> None:
    assert get_args(protocols.Endian) == ("little", "big")


def test_scalar_type() -> None:
    args = get_args(protocols.ScalarType)
    for tp in (int, float, complex, bytes, str, bool, np.generic):
        assert tp in args
    assert isinstance(np.float64(1), args)
    assert isinstance(cpu.NDBuffer.create(shape=(), dtype="f8").as_scalar(), args)


def _bytes_likes() -> dict[str, object]:
    return {
        "bytes": b"ab",
        "bytearray": bytearray(b"ab"),
        "memoryview": memoryview(b"ab"),
        "array.array": array.array("d", [1.0]),
        "ndarray": np.zeros(3),
    }


@_params(_bytes_likes())
def test_bytes_like_objects_export_the_buffer_protocol(obj: object) -> None:
    assert memoryview(cast(Any, obj)).nbytes > 0


@pytest.mark.skipif(
    sys.version_info < (3, 12),
    reason="collections.abc.Buffer (PEP 688) exists from Python 3.12; on 3.11 "
    "typing_extensions.Buffer only knows bytes, bytearray and memoryview at runtime",
)
@_params(_bytes_likes())
def test_bytes_like_is_pep688_buffer(obj: object) -> None:
    abc_buffer = getattr(collections.abc, "Buffer")
    assert protocols.BytesLike is abc_buffer
    assert isinstance(obj, abc_buffer)
    assert not isinstance("text", abc_buffer)
    assert not isinstance([1, 2], abc_buffer)


# -- bufferspec.cpu surface ----------------------------------------------------------------


def test_cpu_all() -> None:
    assert set(cpu.__all__) == {
        "Buffer",
        "NDBuffer",
        "as_numpy_array_wrapper",
        "buffer_prototype",
        "default_buffer_prototype",
        "numpy_buffer_prototype",
    }
    assert len(cpu.__all__) == len(set(cpu.__all__))
    for name in cpu.__all__:
        assert hasattr(cpu, name)


def test_py_typed_ships() -> None:
    marker = importlib.resources.files("bufferspec").joinpath("py.typed")
    assert marker.is_file()


# -- as_numpy_array_wrapper ---------------------------------------------------------------


FOREIGN_PROTOTYPE = BufferPrototype(buffer=ForeignBuffer, nd_buffer=ForeignNDBuffer)


def _reverse(array: npt.NDArray[Any]) -> bytes:
    return bytes(array.tobytes()[::-1])


def _as_float64(array: npt.NDArray[Any]) -> npt.NDArray[np.float64]:
    return array.astype(np.float64)


@pytest.mark.parametrize(
    "prototype", [cpu.buffer_prototype, FOREIGN_PROTOTYPE], ids=["cpu", "foreign"]
)
@pytest.mark.parametrize(
    "source",
    [cpu.Buffer.from_bytes(b"\x01\x02\x03"), ForeignBuffer(np.array([1, 2, 3], np.uint8))],
    ids=["cpu-input", "foreign-input"],
)
def test_wrapper_returning_bytes(prototype: BufferPrototype, source: Buffer) -> None:
    result = cpu.as_numpy_array_wrapper(_reverse, source, prototype)
    assert type(result) is cast(type, prototype.buffer)
    assert isinstance(result, Buffer)
    assert result.to_bytes() == b"\x03\x02\x01"
    assert source.to_bytes() == b"\x01\x02\x03"


@pytest.mark.parametrize(
    "prototype", [cpu.buffer_prototype, FOREIGN_PROTOTYPE], ids=["cpu", "foreign"]
)
def test_wrapper_returning_an_array_gives_its_raw_bytes(prototype: BufferPrototype) -> None:
    source = cpu.Buffer.from_bytes(b"\x00\x01\xff")
    result = cpu.as_numpy_array_wrapper(_as_float64, source, prototype)
    assert type(result) is cast(type, prototype.buffer)
    assert result.to_bytes() == np.array([0.0, 1.0, 255.0]).tobytes()
    assert len(result) == 24


@pytest.mark.parametrize(
    "source",
    [cpu.Buffer.from_bytes(bytearray(b"abc")), ForeignBuffer(np.frombuffer(b"abc", np.uint8).copy())],
    ids=["cpu", "foreign"],
)
def test_wrapper_passes_the_host_array_without_copy(source: Buffer) -> None:
    seen: list[npt.NDArray[Any]] = []

    def func(array: npt.NDArray[Any]) -> bytes:
        seen.append(array)
        return b"ok"

    assert cpu.as_numpy_array_wrapper(func, source, cpu.buffer_prototype).to_bytes() == b"ok"
    assert len(seen) == 1
    assert seen[0] is source.as_numpy_array()
    assert np.shares_memory(seen[0], source.as_numpy_array())


def test_wrapper_does_not_copy_the_result_for_a_host_prototype() -> None:
    out = np.arange(4, dtype=np.uint8)
    result = cpu.as_numpy_array_wrapper(lambda a: out, cpu.Buffer.from_bytes(b"x"), cpu.buffer_prototype)
    assert np.shares_memory(result.as_numpy_array(), out)


def _never_called(array: npt.NDArray[Any]) -> bytes:
    raise AssertionError("func must not be called")


@pytest.mark.parametrize(
    ("func", "buf", "prototype", "argument"),
    [
        (42, cpu.Buffer.from_bytes(b"abc"), cpu.buffer_prototype, "func"),
        (None, cpu.Buffer.from_bytes(b"abc"), cpu.buffer_prototype, "func"),
        (_never_called, b"abc", cpu.buffer_prototype, "buf"),
        (_never_called, np.zeros(3, np.uint8), cpu.buffer_prototype, "buf"),
        (_never_called, cpu.NDBuffer.create(shape=(3,), dtype="u1"), cpu.buffer_prototype, "buf"),
        (_never_called, cpu.Buffer.from_bytes(b"abc"), object(), "prototype"),
        (_never_called, cpu.Buffer.from_bytes(b"abc"), (cpu.Buffer, cpu.NDBuffer), "prototype"),
        (_never_called, cpu.Buffer.from_bytes(b"abc"), None, "prototype"),
        (lambda a: "text", cpu.Buffer.from_bytes(b"abc"), cpu.buffer_prototype, "func"),
        (lambda a: 7, cpu.Buffer.from_bytes(b"abc"), cpu.buffer_prototype, "func"),
        (lambda a: None, cpu.Buffer.from_bytes(b"abc"), cpu.buffer_prototype, "func"),
        (lambda a: [1, 2], cpu.Buffer.from_bytes(b"abc"), cpu.buffer_prototype, "func"),
    ],
    ids=[
        "func-int",
        "func-None",
        "buf-bytes",
        "buf-ndarray",
        "buf-ndbuffer",
        "prototype-object",
        "prototype-plain-tuple",
        "prototype-None",
        "returns-str",
        "returns-int",
        "returns-None",
        "returns-list",
    ],
)
def test_wrapper_errors(func: Any, buf: Any, prototype: Any, argument: str) -> None:
    before = buf.to_bytes() if isinstance(buf, Buffer) else None
    with pytest.raises(TypeError, match=rf"^{re.escape(argument)}\b"):
        cpu.as_numpy_array_wrapper(func, buf, prototype)
    if before is not None:
        assert isinstance(buf, Buffer)
        assert buf.to_bytes() == before


def test_wrapper_accepts_a_buffer_returned_by_func() -> None:
    returned = ForeignBuffer(np.array([7, 8], np.uint8))
    result = cpu.as_numpy_array_wrapper(lambda a: returned, cpu.Buffer.from_bytes(b"x"), cpu.buffer_prototype)
    assert result.to_bytes() == b"\x07\x08"
