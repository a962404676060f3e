#!/usr/bin/env bash
# Wheels for the GPU device run (conformance/gpu_device_run.py), downloaded here, carried there.
# The device image has Python 3.12, CuPy, NumPy, pytest, hypothesis, PyYAML, packaging and
# typing-extensions but no package index: this fetches bufferspec itself (built from this checkout)
# and zarr with the dependencies the image lacks, for CPython 3.12 on manylinux x86_64, into .whl/
# (ignored by git through .git/info/exclude). On the device machine, then:
#   python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl \
#     && export PYTHONPATH=/tmp/site && python3 -m conformance.gpu_device_run --out "$OUT"
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-python3}
zarr_version=${ZARR_VERSION:-3.4.2}
grep -qx '/.whl/' .git/info/exclude 2> /dev/null || echo '/.whl/' >> .git/info/exclude
rm -rf .whl && mkdir .whl
"$python" -m pip wheel --quiet --no-deps --wheel-dir .whl .
platforms=()
for tag in manylinux_2_28_x86_64 manylinux_2_27_x86_64 manylinux_2_24_x86_64 manylinux_2_17_x86_64 manylinux2014_x86_64; do
    platforms+=(--platform "$tag")
done
"$python" -m pip download --quiet --no-deps --only-binary=:all: --python-version 3.12 --implementation cp \
    "${platforms[@]}" -d .whl "zarr==$zarr_version" donfig "google-crc32c>=1.5" "msgspec>=0.19" \
    "numcodecs!=0.17.0,>=0.16.6"
ls -l .whl
