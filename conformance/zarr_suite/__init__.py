"""zarr-python's own test suite as the judge of the drop-in (``python -m conformance.zarr_suite``).

The runner fetches the test suite from the sdist of the zarr version
installed here (with pip: nothing else is reachable), installs it with its
test tools into a virtual environment of its own under ``.zarr-suite/``, and
runs a named selection of it three times:

``baseline``
    zarr's own buffers, as zarr ships;
``bufferspec``
    ``ZARR_BUFFER=bufferspec.cpu.Buffer`` and ``ZARR_NDBUFFER=bufferspec.cpu.NDBuffer``
    in the environment, nothing else: the selection every process (spawned
    children included) must honour;
``control``
    trivial subclasses of zarr's own cpu buffers selected the same way
    (:mod:`conformance.zarr_suite.control`): what zarr does with *any*
    buffer class other than its default.

A pytest plugin (:mod:`conformance.zarr_suite.plugin`) records the outcome of
every test and, as a spy, the class of every value the stores received, so a
run proves which buffers were used.  The comparison lists every test whose
outcome differs from the baseline, with its class: ``zarr`` when the control
run differs the same way, ``bufferspec`` otherwise.  Expected differences
are exact test ids with reasons in ``expected.toml``; a new difference, or an
expected one that no longer happens, fails the run.
"""
