"""
support - what the conformance tests share: the autodiff backend, tolerances, comparison.

Autodiff: JAX on CPU in 64-bit mode when it is importable, else HIPS autograd (the
fallback scripts/test-python installs when JAX cannot be). DENDRITE_AD=autograd forces
autograd (to exercise the fallback). Both give the same small interface below, and the
differentiated functions are written against `anp` (jax.numpy or autograd.numpy).
"""
import os

os.environ.setdefault("JAX_PLATFORMS", "cpu")

import numpy as np

AD_NAME = None
AD_VERSION = None
_want = os.environ.get("DENDRITE_AD", "").lower()

if _want in ("", "jax"):
    try:
        import jax

        jax.config.update("jax_enable_x64", True)
        jax.config.update("jax_platforms", "cpu")
        import jax.numpy as anp
        import jax.scipy.special as _special

        AD_NAME, AD_VERSION = "jax", jax.__version__

        def ad_vjp(f, x, g):
            """g^T J_f(x): the reverse-mode product."""
            _, pull = jax.vjp(f, np.asarray(x, np.float64))
            return np.asarray(pull(np.asarray(g, np.float64))[0])

        def ad_grad(f, x):
            return np.asarray(jax.grad(f)(np.asarray(x, np.float64)))

        def ad_jacobian(f, x):
            return np.asarray(jax.jacobian(f)(np.asarray(x, np.float64)))

        def ad_jvp(f, x, v):
            """J_f(x) v: the forward-mode product."""
            _, t = jax.jvp(f, (np.asarray(x, np.float64),), (np.asarray(v, np.float64),))
            return np.asarray(t)

    except ImportError:
        if _want == "jax":
            raise

if AD_NAME is None:
    try:
        import autograd
        import autograd.numpy as anp
        import autograd.scipy.special as _special
        from importlib.metadata import version as _version

        AD_NAME = "autograd"
        try:
            AD_VERSION = _version("autograd")
        except Exception:  # pragma: no cover - metadata missing
            AD_VERSION = "?"

        # autograd differentiates with NumPy, whose overflow warnings (tanh' = 1 / cosh^2
        # at +-1000, which is the right 0) are noise here
        def ad_vjp(f, x, g):
            with np.errstate(over="ignore", under="ignore"):
                pull, _ = autograd.make_vjp(f)(np.asarray(x, np.float64))
                return np.asarray(pull(np.asarray(g, np.float64)))

        def ad_grad(f, x):
            with np.errstate(over="ignore", under="ignore"):
                return np.asarray(autograd.grad(f)(np.asarray(x, np.float64)))

        def ad_jacobian(f, x):
            with np.errstate(over="ignore", under="ignore"):
                return np.asarray(autograd.jacobian(f)(np.asarray(x, np.float64)))

        def ad_jvp(f, x, v):
            # autograd is reverse mode: J v through the explicit Jacobian
            J = ad_jacobian(f, x)
            x = np.asarray(x)
            return J.reshape(J.shape[: J.ndim - x.ndim] + (x.size,)) @ np.ravel(v)

    except ImportError:
        anp = None
        _special = None

        def _missing(*_a, **_k):
            import pytest

            pytest.skip("neither jax nor autograd is installed: no autodiff reference")

        ad_vjp = ad_grad = ad_jacobian = ad_jvp = _missing

ad_erfc = None if _special is None else _special.erfc


def have_ad():
    return AD_NAME is not None


try:
    import optax  # noqa: F401

    HAVE_OPTAX = AD_NAME == "jax"
except ImportError:
    HAVE_OPTAX = False

DTYPES = [np.float32, np.float64]


def dtype_id(dt):
    return np.dtype(dt).name


# ---------------------------------------------------------------------------------------
# Tolerances: |actual - expected| <= atol + rtol |expected|, never purely relative.
# ---------------------------------------------------------------------------------------
EPS = {np.dtype(np.float32): float(np.finfo(np.float32).eps),
       np.dtype(np.float64): float(np.finfo(np.float64).eps)}

# (rtol, atol) for results of O(1) size computed from float inputs by a few operations
TOL = {np.dtype(np.float32): (2e-6, 1e-6), np.dtype(np.float64): (1e-13, 1e-14)}


def tol(dtype, scale=1.0, rel=1.0):
    """(rtol, atol) for dtype, atol scaled by the magnitude of the values (scale) and
    both by `rel` (a few more operations: rel > 1)."""
    rtol, atol = TOL[np.dtype(dtype)]
    return rtol * rel, atol * rel * scale


def assert_close(actual, expected, rtol, atol=0.0, what="", seed=None):
    """NaN where expected is NaN, the same infinities, elsewhere within atol + rtol |e|.
    atol may be an array (a bound per element, broadcast against the values)."""
    actual = np.asarray(actual, np.float64)
    expected = np.asarray(expected, np.float64)
    msg = what + (f" (seed {seed})" if seed is not None else "")
    if np.ndim(atol) == 0:
        np.testing.assert_allclose(actual, expected, rtol=rtol, atol=atol, equal_nan=True,
                                   err_msg=msg)
        return
    bound = np.broadcast_to(np.asarray(atol, np.float64), np.broadcast_shapes(
        actual.shape, expected.shape, np.shape(atol)))
    both_nan = np.isnan(actual) & np.isnan(expected)
    same_inf = np.isinf(expected) & (actual == expected)
    with np.errstate(invalid="ignore"):
        ok = both_nan | same_inf | (np.abs(actual - expected) <= bound + rtol * np.abs(expected))
    if not np.all(ok):
        bad = np.argwhere(~ok)[:5]
        lines = [f"  {tuple(int(i) for i in ix)}: {actual[tuple(ix)]!r} (actual), "
                 f"{expected[tuple(ix)]!r} (expected), bound {bound[tuple(ix)]!r} + rtol"
                 for ix in bad]
        raise AssertionError(f"{msg}: {int((~ok).sum())} of {ok.size} values out of tolerance "
                             f"(rtol {rtol})\n" + "\n".join(lines))
