"""
Shared fixtures of the Python conformance suite.

Random inputs come from `rng`, seeded from a base seed (DENDRITE_TEST_SEED, default
20240611) and the test's id, so every test sees the same numbers on every run and in any
order; a failing test reports its seed, and the same DENDRITE_TEST_SEED reproduces it.
"""
import os
import zlib

import numpy as np
import pytest

import dendrite_c as dd
import support

BASE_SEED = int(os.environ.get("DENDRITE_TEST_SEED", "20240611"))

# hypothesis keeps a small cache on disk: in the build folder, not the work tree
os.environ.setdefault("HYPOTHESIS_STORAGE_DIRECTORY", str(dd.REPO / "build" / "python" / ".hypothesis"))

try:
    import hypothesis

    hypothesis.settings.register_profile(
        "dendrite", derandomize=True, deadline=None, database=None, print_blob=True,
        max_examples=int(os.environ.get("DENDRITE_HYPOTHESIS_EXAMPLES", "150")))
    hypothesis.settings.load_profile("dendrite")
except ImportError:
    pass


def _environment_lines():
    lines = [
        f"dendrite: {dd.LIB_PATH}",
        f"dendrite: version {dd.version()}, {dd.build_info()}, openmp "
        f"{'on' if dd.openmp_enabled() else 'off'}, threads {dd.get_num_threads()}, "
        f"gemm kernel {dd.gemm_kernel_name()}",
        f"autodiff: {support.AD_NAME or 'none'} {support.AD_VERSION or ''}".rstrip(),
        f"numpy {np.__version__}; base seed {BASE_SEED} (DENDRITE_TEST_SEED)",
    ]
    try:
        import optax
        lines.append(f"optax {optax.__version__}")
    except ImportError:
        lines.append("optax: not installed")
    try:
        import torch
        lines.append(f"torch {torch.__version__}")
    except ImportError:
        lines.append("torch: not installed (its comparisons are skipped)")
    return lines


def pytest_report_header(config):
    return _environment_lines()


def pytest_terminal_summary(terminalreporter):
    """The same facts at the end, where -q runs (scripts/test-python) show them too."""
    if terminalreporter.config.get_verbosity() < 0:
        for line in _environment_lines():
            terminalreporter.write_line(line)


def seed_for(nodeid):
    return (BASE_SEED + zlib.crc32(nodeid.encode())) % (2 ** 32)


@pytest.fixture
def seed(request):
    s = seed_for(request.node.nodeid)
    request.node._dd_seed = s
    return s


@pytest.fixture
def rng(seed):
    return np.random.default_rng(seed)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    s = getattr(item, "_dd_seed", None)
    if report.failed and s is not None:
        report.sections.append(
            ("random seed", f"seed {s} (DENDRITE_TEST_SEED={BASE_SEED}; the seed is "
                            f"DENDRITE_TEST_SEED + crc32(test id))"))


@pytest.fixture
def threads():
    """Sets the kernels' thread count for one test, then restores it."""
    before = dd.get_num_threads()
    yield dd.set_num_threads
    dd.set_num_threads(before)


def available_gemm_kernels():
    """The GEMM micro kernels this CPU and build can run (portable always)."""
    ks = ["portable"]
    for k in ("avx2", "avx512"):
        if dd.gemm_set_kernel(k):
            ks.append(k)
    dd.gemm_set_kernel("auto")
    return ks


@pytest.fixture
def gemm_kernel():
    """Chooses a GEMM micro kernel for one test, then restores automatic choice."""
    yield dd.gemm_set_kernel
    dd.gemm_set_kernel("auto")


@pytest.fixture
def need_ad():
    if not support.have_ad():
        pytest.skip("neither jax nor autograd is installed: no autodiff reference")


def _float_variants():
    """float32 through each float path the library has (AVX2 vector math, portable C),
    float64 through its single (libm) path."""
    vs = []
    if dd.HAVE_VMATH_HOOK:
        before = dd.vmath_avx2()
        dd.vmath_set_avx2(True)
        if dd.vmath_avx2():
            vs.append("f32-avx2")
        dd.vmath_set_avx2(before)
        vs.append("f32-portable")
    else:
        vs.append("f32")
    vs.append("f64")
    return vs


VARIANTS = _float_variants()


@pytest.fixture(params=VARIANTS)
def variant(request):
    """The dtype to test, with the float path chosen for float32; restored afterwards."""
    v = request.param
    if dd.HAVE_VMATH_HOOK and v.startswith("f32-"):
        dd.vmath_set_avx2(v == "f32-avx2")
        yield np.float32
        dd.vmath_set_avx2(True)
    else:
        yield np.float32 if v.startswith("f32") else np.float64
