"""Views and argument errors shared by the CPU and GPU reference NDBuffers.

:class:`bufferspec.cpu.NDBuffer` wraps a NumPy array and
:class:`bufferspec.gpu.NDBuffer` a CuPy array; both delegate their views
(``reshape``, ``squeeze``, ``transpose``, ``[key]``) to the array and map
the array library's errors to the exceptions and messages the specification
documents.  That mapping lives here once, so that the two references cannot
drift apart.

The helpers never import an array library for the views: they call the
array's own method (``data.reshape(...)``, ...) with the caller's argument
as it is, so the same code serves NumPy and CuPy arrays (and the CuPy
stand-in of the tests), and return what the method returns.  The helpers
for indexing (:func:`key_error`, :func:`assignment_error`) map an error the
caller caught and return the exception instead of raising it: indexing stays
on the caller's fast path, and the caller raises the result ``from None``.

The module's name starts with ``_cpu_`` as the other helpers the GPU
reference borrows from the CPU one (``_cpu_common``, ``_cpu_ndarray_tools``,
``_cpu_values``): mutation testing covers the ``_cpu_*`` modules.
"""

from __future__ import annotations

from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from bufferspec._cpu_common import describe, shown

__all__ = [
    "ViewableArray",
    "assignment_error",
    "checked_equal_nan",
    "first_length",
    "host_array",
    "key_error",
    "reshaped",
    "squeezed",
    "transposed",
]


class ViewableArray(Protocol):
    """What the view helpers use of an array: a NumPy or a CuPy ``ndarray``.

    Only the metadata and ``len()`` are typed; the view methods are called as
    ``data.reshape(newshape)``, ``data.squeeze(axis)`` and
    ``data.transpose(axes)``, with one positional argument, which NumPy and
    CuPy arrays both accept.
    """

    @property
    def shape(self) -> tuple[int, ...]:
        """The length of every dimension."""
        ...

    @property
    def ndim(self) -> int:
        """The number of dimensions."""
        ...

    def __len__(self) -> int:
        """The length of the first dimension (``TypeError`` for a 0-d array)."""
        ...


def reshaped(data: Any, newshape: object) -> Any:
    """``data.reshape(newshape)``: a view of *data* where the layout allows (*data* is not changed).

    Raises
    ------
    TypeError
        For a *newshape* of the wrong type (neither an integer nor a tuple of integers).
    ValueError
        For a *newshape* with another number of elements (or a dimension that overflows).
    """
    try:
        return data.reshape(newshape)
    except (ValueError, OverflowError) as exc:
        raise ValueError(f"newshape: cannot reshape {_shape_of(data)} to {shown(newshape)}: {exc}") from None
    except TypeError:
        raise TypeError(f"newshape: expected an integer or a tuple of integers, got {shown(newshape)}") from None


def squeezed(data: Any, axis: object) -> Any:
    """``data.squeeze(axis)``: a view of *data* without the given length-1 axes.

    The array library's type of error is kept (NumPy's ``AxisError``, ...),
    but an ``OverflowError`` becomes a ``ValueError``.

    Raises
    ------
    TypeError
        For an *axis* of the wrong type (not a tuple of integers).
    ValueError
        For an axis out of range or of a length other than 1.
    """
    try:
        return data.squeeze(axis)
    except (OverflowError, ValueError, TypeError) as exc:
        raise _retyped(exc, f"axis: cannot squeeze axes {shown(axis)} of shape {_shape_of(data)}: {exc}") from None


def transposed(data: Any, axes: object) -> Any:
    """``data.transpose(axes)``: a view of *data* with the axes permuted (reversed for ``None``).

    Errors are typed as for :func:`squeezed`.

    Raises
    ------
    TypeError
        For *axes* of the wrong type (neither ``None``, an integer nor a sequence of integers).
    ValueError
        For *axes* that do not permute the axes of *data*.
    """
    try:
        return data.transpose(axes)
    except (OverflowError, ValueError, TypeError) as exc:
        raise _retyped(exc, f"axes: {shown(axes)} is not a permutation of {data.ndim} axes: {exc}") from None


def first_length(data: ViewableArray) -> int:
    """The length of the first dimension of *data*, for ``len(nd)``.

    Parameters
    ----------
    data : numpy.ndarray or cupy.ndarray
        The array of the NDBuffer.

    Returns
    -------
    int
        ``len(data)``: ``data.shape[0]``.

    Raises
    ------
    TypeError
        If *data* is 0-d (it has no first dimension).
    """
    if data.ndim == 0:
        raise TypeError("len() of a 0-d NDBuffer (it has no first dimension)")
    return len(data)


def key_error(exc: Exception) -> Exception:
    """The error to raise for *exc*, raised by the array while reading ``data[key]``.

    Parameters
    ----------
    exc : Exception
        An ``IndexError``, ``TypeError``, ``ValueError`` or ``OverflowError``
        from the array library.

    Returns
    -------
    Exception
        An error of the same type, its message prefixed by ``key:``; for an
        ``OverflowError`` (an index beyond the platform's integers), an
        ``IndexError`` saying the index is out of bounds.
    """
    if isinstance(exc, (IndexError, TypeError, ValueError)):
        return type(exc)(f"key: {exc}")
    return IndexError(f"key: index out of bounds ({exc})")


def assignment_error(exc: Exception, key: object, value: object, overflow_in_key: bool) -> Exception:
    """The error to raise for *exc*, raised by the array while assigning ``data[key] = value``.

    Parameters
    ----------
    exc : Exception
        An ``IndexError``, ``TypeError``, ``ValueError`` or ``OverflowError``
        from the array library.
    key, value : object
        What the caller passed, for the message.
    overflow_in_key : bool
        Whether an ``OverflowError`` comes from an index beyond the
        platform's integers (else the value overflowed).  Not read for other
        errors.

    Returns
    -------
    Exception
        ``IndexError`` prefixed by ``key:`` for an invalid key, or an index
        overflow; else ``ValueError`` naming *value* and *key*.
    """
    if isinstance(exc, IndexError):
        return IndexError(f"key: {exc}")
    if isinstance(exc, OverflowError) and overflow_in_key:
        return IndexError(f"key: index out of bounds ({exc})")
    return ValueError(f"value: cannot assign {describe(value)} to key {shown(key)}: {exc}")


def checked_equal_nan(flag: object) -> bool:
    """*flag* as a ``bool``, for an ``equal_nan`` argument that is not a ``bool`` itself.

    Parameters
    ----------
    flag : object
        What the caller passed as ``equal_nan``.

    Returns
    -------
    bool
        ``bool(flag)`` for a NumPy ``bool_``.

    Raises
    ------
    TypeError
        If *flag* is neither a ``bool`` nor a NumPy ``bool_``.
    """
    if type(flag) is not bool and not isinstance(flag, np.bool_):
        raise TypeError(f"equal_nan: expected a bool, got {describe(flag)}")
    return bool(flag)


def host_array(array_like: object) -> npt.NDArray[Any]:
    """``numpy.asanyarray(array_like)``, for ``NDBuffer.from_numpy_array``; NumPy arrays are not copied.

    Parameters
    ----------
    array_like : object
        Anything :func:`numpy.asanyarray` accepts.

    Returns
    -------
    numpy.ndarray
        The host array (an ndarray subclass is kept).

    Raises
    ------
    ValueError
        If NumPy cannot make an array of *array_like* (e.g. ragged lists).
    """
    try:
        return np.asanyarray(array_like)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"array_like: cannot convert to a numpy array: {exc}") from None


def _shape_of(data: ViewableArray) -> tuple[int, ...]:
    """The shape of *data* as a tuple (as NumPy gives it), for messages."""
    return tuple(data.shape)


def _retyped(exc: Exception, message: str) -> Exception:
    """An error of *exc*'s type with *message*; a ``ValueError`` for an ``OverflowError``."""
    if isinstance(exc, OverflowError):
        return ValueError(message)
    return type(exc)(message)
