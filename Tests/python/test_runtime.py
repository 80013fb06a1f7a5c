"""Library, build and thread queries; GEMM kernel choice; activation names and defaults."""
import re

import pytest

import dendrite_c as dd
from conftest import available_gemm_kernels


def test_version_and_build_info():
    assert re.fullmatch(r"\d+\.\d+\.\d+", dd.version())
    assert dd.build_info()
    assert dd.openmp_enabled() in (True, False)


def test_threads_set_get(threads):
    assert dd.num_procs() >= 1
    if not dd.openmp_enabled():
        threads(4)
        assert dd.get_num_threads() == 1
        return
    threads(1)
    assert dd.get_num_threads() == 1
    threads(3)
    assert dd.get_num_threads() == 3
    threads(0)  # n < 1 is treated as 1
    assert dd.get_num_threads() == 1
    threads(-5)
    assert dd.get_num_threads() == 1


KNOWN = ("portable", "avx2", "avx512")


def test_gemm_kernel_choice(gemm_kernel):
    assert dd.gemm_get_kernel() in KNOWN  # never "auto"
    names = set()
    for k in available_gemm_kernels():
        assert gemm_kernel(k)
        assert dd.gemm_get_kernel() == k
        name = dd.gemm_kernel_name()
        assert name.replace("-", "").startswith(k), (k, name)
        names.add(name)
    assert len(names) == len(available_gemm_kernels())
    before = dd.gemm_get_kernel()
    assert not gemm_kernel(7)  # unknown: refused, choice unchanged
    assert dd.gemm_get_kernel() == before
    assert gemm_kernel("auto")
    assert dd.gemm_get_kernel() in KNOWN


def test_act_names():
    for i, name in enumerate(dd.ACTS):
        assert dd.act_name(i) == name
    assert dd.act_name(len(dd.ACTS)) is None
    assert dd.act_name(-1) is None


def test_act_params_default():
    p = dd.act_params_default().as_dict()
    assert p == dict(slope=0.01, ceiling=6.0, alpha=1.0, beta=1.0, threshold=20.0,
                     min_val=-1.0, max_val=1.0)


@pytest.mark.parametrize("dtype", ["float16", "int32"])
def test_binding_rejects_other_dtypes(dtype):
    import numpy as np
    with pytest.raises(TypeError):
        dd.act_forward("relu", np.zeros(3, dtype))
