"""
dendrite_c - a thin ctypes binding of Dendrite's C kernels (csrc/include/cdendrite.h),
for the conformance tests in this folder. Not a product: no shape checks beyond what the
tests need, no memory management beyond NumPy's.

The shared library is found through the environment variable DENDRITE_LIB (the path of
libcdendrite.so), else at build/python/libcdendrite.so in the repository, which is built
there with CMake (C only) when it is missing.

Every wrapper takes and returns NumPy arrays: float32 arrays go to the dd_s_* kernel,
float64 arrays to dd_d_*. Outputs are new arrays unless `out=` is given; the in-place
kernels (axpy, scale, fill, the optimizer updates) write into the arrays they are given,
which must then be C-contiguous and of the parameter's dtype.
"""
import ctypes
import os
import pathlib
import shutil
import subprocess

import numpy as np

REPO = pathlib.Path(__file__).resolve().parents[2]
DEFAULT_LIB = REPO / "build" / "python" / "libcdendrite.so"


def _build_default_lib():
    """Configure and build the shared library into build/python (C only)."""
    if not shutil.which("cmake"):
        raise OSError(f"{DEFAULT_LIB} is missing and cmake is not installed; "
                      "set DENDRITE_LIB or run scripts/test-python")
    build = DEFAULT_LIB.parent
    if not (build / "CMakeCache.txt").exists():
        gen = ["-G", "Ninja"] if shutil.which("ninja") else []
        subprocess.run(["cmake", *gen, "-S", str(REPO), "-B", str(build),
                        "-DDENDRITE_BUILD_SWIFT=OFF", "-DCMAKE_BUILD_TYPE=Release"],
                       check=True, stdout=subprocess.DEVNULL)
    subprocess.run(["cmake", "--build", str(build), "--target", "cdendrite"], check=True)


def _load():
    path = os.environ.get("DENDRITE_LIB")
    if path:
        if not pathlib.Path(path).exists():
            raise OSError(f"DENDRITE_LIB={path} does not exist")
    else:
        if not DEFAULT_LIB.exists():
            _build_default_lib()
        path = str(DEFAULT_LIB)
    return ctypes.CDLL(path), path


lib, LIB_PATH = _load()

# ---------------------------------------------------------------------------------------
# Types
# ---------------------------------------------------------------------------------------
i64 = ctypes.c_int64
c_int = ctypes.c_int
c_double = ctypes.c_double
vp = ctypes.c_void_p


class ActParams(ctypes.Structure):
    _fields_ = [(name, c_double) for name in
                ("slope", "ceiling", "alpha", "beta", "threshold", "min_val", "max_val")]

    def as_dict(self):
        return {name: getattr(self, name) for name, _ in self._fields_}


class SGDConfig(ctypes.Structure):
    _fields_ = [("lr", c_double), ("momentum", c_double), ("dampening", c_double),
                ("weight_decay", c_double), ("nesterov", c_int)]


class AdamConfig(ctypes.Structure):
    _fields_ = [("lr", c_double), ("beta1", c_double), ("beta2", c_double), ("eps", c_double),
                ("weight_decay", c_double), ("amsgrad", c_int)]


class RMSpropConfig(ctypes.Structure):
    _fields_ = [("lr", c_double), ("alpha", c_double), ("eps", c_double),
                ("weight_decay", c_double), ("momentum", c_double), ("centered", c_int)]


class AdagradConfig(ctypes.Structure):
    _fields_ = [("lr", c_double), ("lr_decay", c_double), ("weight_decay", c_double),
                ("eps", c_double)]


def sgd_config(lr=0.01, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
    return SGDConfig(lr, momentum, dampening, weight_decay, int(nesterov))


def adam_config(lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.0, amsgrad=False):
    return AdamConfig(lr, beta1, beta2, eps, weight_decay, int(amsgrad))


def rmsprop_config(lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0.0, momentum=0.0, centered=False):
    return RMSpropConfig(lr, alpha, eps, weight_decay, momentum, int(centered))


def adagrad_config(lr=1e-2, lr_decay=0.0, weight_decay=0.0, eps=1e-10):
    return AdagradConfig(lr, lr_decay, weight_decay, eps)


# enum values, in header order
ACTS = ["identity", "sigmoid", "tanh", "relu", "leaky_relu", "clipped_relu", "elu", "selu",
        "gelu", "gelu_tanh", "softplus", "silu", "mish", "hard_sigmoid", "hard_tanh"]
ACT = {name: i for i, name in enumerate(ACTS)}
REDUCTION = {"none": 0, "sum": 1, "mean": 2}
# dd_gemm_kernel; "avx512" (3) is refused by builds that predate it (set_kernel returns 0)
GEMM_KERNEL = {"auto": 0, "portable": 1, "avx2": 2, "avx512": 3}
GEMM_KERNEL_NAMES = {v: k for k, v in GEMM_KERNEL.items()}


def _decl(name, restype, argtypes):
    f = getattr(lib, name)
    f.restype = restype
    f.argtypes = argtypes
    return f


# ---------------------------------------------------------------------------------------
# Declarations (one per C function; `P` is a pointer to float or double)
# ---------------------------------------------------------------------------------------
_decl("dd_version", ctypes.c_char_p, [])
_decl("dd_openmp_enabled", c_int, [])
_decl("dd_build_info", ctypes.c_char_p, [])
_decl("dd_set_num_threads", None, [c_int])
_decl("dd_get_num_threads", c_int, [])
_decl("dd_num_procs", c_int, [])
_decl("dd_gemm_set_kernel", c_int, [c_int])
_decl("dd_gemm_get_kernel", c_int, [])
_decl("dd_gemm_kernel_name", ctypes.c_char_p, [])
_decl("dd_act_params_default", ActParams, [])
_decl("dd_act_name", ctypes.c_char_p, [c_int])

for _p, _real in (("s", ctypes.c_float), ("d", ctypes.c_double)):
    P = vp
    for _g in (f"dd_{_p}gemm", f"dd_{_p}gemm_ref"):
        _decl(_g, None, [c_int, c_int, i64, i64, i64, _real, P, i64, P, i64, _real, P, i64])
    _decl(f"dd_{_p}_act_forward", None, [c_int, ctypes.POINTER(ActParams), i64, P, P])
    _decl(f"dd_{_p}_act_backward", None, [c_int, ctypes.POINTER(ActParams), i64, P, P, P, P])
    for _f in ("softmax_forward", "log_softmax_forward", "softmax_jacobian"):
        _decl(f"dd_{_p}_{_f}", None, [i64, i64, P, P])
    for _f in ("softmax_backward", "log_softmax_backward", "softmax_jacobian_backward"):
        _decl(f"dd_{_p}_{_f}", None, [i64, i64, P, P, P])
    for _f in ("mse_loss", "bce_loss", "bce_logits_loss"):
        _decl(f"dd_{_p}_{_f}", None, [c_int, i64, P, P, P, P])
    for _f in ("cross_entropy_loss", "cross_entropy_soft_loss", "nll_loss"):
        _decl(f"dd_{_p}_{_f}", None, [c_int, i64, i64, P, P, P, P])
    _decl(f"dd_{_p}_add_row_bias", None, [i64, i64, P, P, P])
    _decl(f"dd_{_p}_col_sums", None, [i64, i64, P, P])
    _decl(f"dd_{_p}_row_sums", None, [i64, i64, P, P])
    for _f in ("sum", "mean", "mean_abs", "norm2"):
        _decl(f"dd_{_p}_{_f}", c_double, [i64, P])
    _decl(f"dd_{_p}_dot", c_double, [i64, P, P])
    _decl(f"dd_{_p}_axpy", None, [i64, _real, P, P])
    _decl(f"dd_{_p}_scale", None, [i64, _real, P])
    _decl(f"dd_{_p}_fill", None, [i64, _real, P])
    _decl(f"dd_{_p}_sgd_update", None, [i64, ctypes.POINTER(SGDConfig), i64, P, P, P])
    for _f in ("adam_update", "adamw_update"):
        _decl(f"dd_{_p}_{_f}", None, [i64, ctypes.POINTER(AdamConfig), i64, P, P, P, P, P])
    _decl(f"dd_{_p}_rmsprop_update", None, [i64, ctypes.POINTER(RMSpropConfig), P, P, P, P, P])
    _decl(f"dd_{_p}_adagrad_update", None, [i64, ctypes.POINTER(AdagradConfig), i64, P, P, P])
    _decl(f"dd_{_p}_gather_rows", None, [i64, i64, P, P, P])
    _decl(f"dd_{_p}_linear_forward", None,
          [c_int, ctypes.POINTER(ActParams), i64, i64, i64, P, P, P, P, P])
    _decl(f"dd_{_p}_linear_backward_act", None,
          [c_int, ctypes.POINTER(ActParams), i64, i64, P, P, P, P, P])
    _decl(f"dd_{_p}_linear_backward", None,
          [c_int, ctypes.POINTER(ActParams), i64, i64, i64, P, P, P, P, P, P, P, P, P])
_decl("dd_gather_labels", None, [i64, vp, vp, vp])


# ---------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------
def _prefix(dtype):
    dtype = np.dtype(dtype)
    if dtype == np.float32:
        return "s"
    if dtype == np.float64:
        return "d"
    raise TypeError(f"Dendrite kernels take float32 or float64, not {dtype}")


def _fn(dtype, name):
    return getattr(lib, f"dd_{_prefix(dtype)}_{name}")


def _in(x, dtype=None):
    """A C-contiguous copy (or the array itself) of x in dtype."""
    return np.ascontiguousarray(x, dtype=dtype if dtype is not None else np.asarray(x).dtype)


def _ptr(x):
    return None if x is None else x.ctypes.data


def _inplace(x, dtype, what):
    if not (isinstance(x, np.ndarray) and x.dtype == dtype and x.flags.c_contiguous
            and x.flags.writeable):
        raise ValueError(f"{what} must be a writable C-contiguous {np.dtype(dtype)} array")
    return x


def _out(out, shape, dtype):
    if out is None:
        return np.empty(shape, dtype)
    if out.shape != tuple(shape):
        raise ValueError(f"out has shape {out.shape}, expected {tuple(shape)}")
    return _inplace(out, dtype, "out")


def _act_id(act):
    return ACT[act] if isinstance(act, str) else int(act)


# ---------------------------------------------------------------------------------------
# Library, build and threads
# ---------------------------------------------------------------------------------------
def version():
    return lib.dd_version().decode()


def openmp_enabled():
    return bool(lib.dd_openmp_enabled())


def build_info():
    return lib.dd_build_info().decode()


def set_num_threads(n):
    lib.dd_set_num_threads(int(n))


def get_num_threads():
    return lib.dd_get_num_threads()


def num_procs():
    return lib.dd_num_procs()


# ---------------------------------------------------------------------------------------
# GEMM
# ---------------------------------------------------------------------------------------
def gemm_set_kernel(kernel):
    """Returns True when the kernel ("auto", "portable", "avx2", "avx512" or its enum
    value) is available and now in use."""
    k = GEMM_KERNEL[kernel] if isinstance(kernel, str) else int(kernel)
    return bool(lib.dd_gemm_set_kernel(k))


def gemm_get_kernel():
    return GEMM_KERNEL_NAMES.get(lib.dd_gemm_get_kernel(), lib.dd_gemm_get_kernel())


def gemm_kernel_name():
    return lib.dd_gemm_kernel_name().decode()


def gemm_raw(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, ref=False):
    """The C call as declared, on flat (1-D) buffers with explicit leading dimensions.
    a and b are read, c is written in place. ta, tb: bool or 0/1."""
    p = _prefix(c.dtype)
    for x, what in ((a, "a"), (b, "b")):
        if x.dtype != c.dtype or not x.flags.c_contiguous:
            raise ValueError(f"{what} must be a C-contiguous {c.dtype} buffer")
    _inplace(c, c.dtype, "c")
    f = getattr(lib, f"dd_{p}gemm_ref" if ref else f"dd_{p}gemm")
    f(int(bool(ta)), int(bool(tb)), m, n, k, alpha, _ptr(a), lda, _ptr(b), ldb, beta, _ptr(c), ldc)
    return c


def _ld_view(x, dtype):
    """(array, ld): x itself when its rows are evenly strided with unit column stride
    (a strided view such as big[:, :k] passes its row stride as ld), else a contiguous copy."""
    x = np.asarray(x)
    item = np.dtype(dtype).itemsize
    if (x.ndim == 2 and x.dtype == dtype and x.shape[0] > 0 and x.shape[1] > 0
            and x.strides[1] == item and x.strides[0] % item == 0
            and x.strides[0] // item >= x.shape[1]):
        return x, x.strides[0] // item
    x = np.ascontiguousarray(x, dtype=dtype)
    return x, max(x.shape[1], 1)


def gemm(a, b, c=None, alpha=1.0, beta=0.0, trans_a=False, trans_b=False, ref=False):
    """C = alpha op(A) op(B) + beta C. a, b are the STORED matrices (a is k x m when trans_a).
    Strided 2-D views are passed with their row stride as the leading dimension; c, when
    given, is updated in place (it may be a strided view too) and returned."""
    dtype = (c if c is not None else np.asarray(a)).dtype
    a = np.asarray(a)
    b = np.asarray(b)
    m, k = (a.shape[1], a.shape[0]) if trans_a else a.shape
    kb, n = (b.shape[1], b.shape[0]) if trans_b else b.shape
    if kb != k:
        raise ValueError(f"inner dimensions differ: {k} and {kb}")
    if c is None:
        c = np.zeros((m, n), dtype)
        beta = 0.0
    if c.shape != (m, n):
        raise ValueError(f"c has shape {c.shape}, expected {(m, n)}")
    av, lda = _ld_view(a, dtype)
    bv, ldb = _ld_view(b, dtype)
    item = np.dtype(dtype).itemsize
    if not (c.dtype == dtype and c.flags.writeable and (c.size == 0 or
            (c.strides[1] == item and c.strides[0] % item == 0 and c.strides[0] // item >= n))):
        raise ValueError("c must be a writable array of the inputs' dtype with unit column stride")
    ldc = c.strides[0] // item if c.size else max(n, 1)
    p = _prefix(dtype)
    f = getattr(lib, f"dd_{p}gemm_ref" if ref else f"dd_{p}gemm")
    f(int(bool(trans_a)), int(bool(trans_b)), m, n, k, alpha,
      _ptr(av) if av.size else None, lda, _ptr(bv) if bv.size else None, ldb,
      beta, _ptr(c) if c.size else None, ldc)
    return c


def gemm_ref(a, b, c=None, alpha=1.0, beta=0.0, trans_a=False, trans_b=False):
    return gemm(a, b, c, alpha, beta, trans_a, trans_b, ref=True)


# ---------------------------------------------------------------------------------------
# Activations
# ---------------------------------------------------------------------------------------
def act_params_default():
    return lib.dd_act_params_default()


def act_params(**kw):
    """dd_act_params with the defaults, overridden by keyword (slope=0.2, ...)."""
    p = lib.dd_act_params_default()
    for name, value in kw.items():
        if name not in dict(ActParams._fields_):
            raise KeyError(name)
        setattr(p, name, value)
    return p


def act_name(act):
    r = lib.dd_act_name(int(act))
    return None if r is None else r.decode()


def _params_ptr(params):
    if params is None:
        return None
    if isinstance(params, dict):
        params = act_params(**params)
    return ctypes.byref(params)


def act_forward(act, z, params=None, out=None):
    z = _in(z)
    a = _out(out, z.shape, z.dtype)
    _fn(z.dtype, "act_forward")(_act_id(act), _params_ptr(params), z.size, _ptr(z), _ptr(a))
    return a


def act_backward(act, z, a, dLdA, params=None, out=None):
    z = _in(z)
    a = _in(a, z.dtype)
    g = _in(dLdA, z.dtype)
    d = _out(out, z.shape, z.dtype)
    _fn(z.dtype, "act_backward")(_act_id(act), _params_ptr(params), z.size,
                                 _ptr(z), _ptr(a), _ptr(g), _ptr(d))
    return d


# ---------------------------------------------------------------------------------------
# Softmax (rows of an n x c matrix)
# ---------------------------------------------------------------------------------------
def _rows(x, dtype=None):
    x = _in(x, dtype)
    if x.ndim != 2:
        raise ValueError("expected an n x c matrix")
    return x


def softmax_forward(z, out=None):
    z = _rows(z)
    a = _out(out, z.shape, z.dtype)
    _fn(z.dtype, "softmax_forward")(z.shape[0], z.shape[1], _ptr(z), _ptr(a))
    return a


def softmax_backward(a, dLdA, out=None):
    a = _rows(a)
    g = _rows(dLdA, a.dtype)
    d = _out(out, a.shape, a.dtype)
    _fn(a.dtype, "softmax_backward")(a.shape[0], a.shape[1], _ptr(a), _ptr(g), _ptr(d))
    return d


def log_softmax_forward(z, out=None):
    z = _rows(z)
    l = _out(out, z.shape, z.dtype)
    _fn(z.dtype, "log_softmax_forward")(z.shape[0], z.shape[1], _ptr(z), _ptr(l))
    return l


def log_softmax_backward(l, dLdL, out=None):
    l = _rows(l)
    g = _rows(dLdL, l.dtype)
    d = _out(out, l.shape, l.dtype)
    _fn(l.dtype, "log_softmax_backward")(l.shape[0], l.shape[1], _ptr(l), _ptr(g), _ptr(d))
    return d


def softmax_jacobian(a):
    """n x c x c: J[i] = diag(a_i) - a_i a_i^T."""
    a = _rows(a)
    n, c = a.shape
    jac = np.empty((n, c, c), a.dtype)
    _fn(a.dtype, "softmax_jacobian")(n, c, _ptr(a), _ptr(jac))
    return jac


def softmax_jacobian_backward(jac, dLdA):
    jac = _in(jac)
    g = _rows(dLdA, jac.dtype)
    n, c = g.shape
    if jac.shape != (n, c, c):
        raise ValueError("jac must be n x c x c")
    d = np.empty((n, c), jac.dtype)
    _fn(jac.dtype, "softmax_jacobian_backward")(n, c, _ptr(jac), _ptr(g), _ptr(d))
    return d


# ---------------------------------------------------------------------------------------
# Losses: each returns (loss, grad); loss is a 0-d array for "sum"/"mean", an array of
# per-element (per-row) values for "none"; grad is None when grad=False.
# ---------------------------------------------------------------------------------------
def _loss_elementwise(name, x, t, reduction, grad):
    x = _in(x)
    t = _in(t, x.dtype)
    r = REDUCTION[reduction]
    loss = np.empty(x.shape if r == 0 else (), x.dtype)
    g = np.empty(x.shape, x.dtype) if grad else None
    _fn(x.dtype, name)(r, x.size, _ptr(x), _ptr(t), _ptr(loss), _ptr(g))
    return loss, g


def mse_loss(pred, target, reduction="mean", grad=True):
    return _loss_elementwise("mse_loss", pred, target, reduction, grad)


def bce_loss(p, y, reduction="mean", grad=True):
    return _loss_elementwise("bce_loss", p, y, reduction, grad)


def bce_logits_loss(z, y, reduction="mean", grad=True):
    return _loss_elementwise("bce_logits_loss", z, y, reduction, grad)


def _loss_rows(name, x, t, reduction, grad):
    x = _rows(x)
    n, c = x.shape
    r = REDUCTION[reduction]
    loss = np.empty((n,) if r == 0 else (), x.dtype)
    g = np.empty(x.shape, x.dtype) if grad else None
    _fn(x.dtype, name)(r, n, c, _ptr(x), _ptr(t), _ptr(loss), _ptr(g))
    return loss, g


def cross_entropy_loss(logits, labels, reduction="mean", grad=True):
    return _loss_rows("cross_entropy_loss", logits, _in(labels, np.int32), reduction, grad)


def cross_entropy_soft_loss(logits, targets, reduction="mean", grad=True):
    logits = _rows(logits)
    return _loss_rows("cross_entropy_soft_loss", logits, _rows(targets, logits.dtype),
                      reduction, grad)


def nll_loss(logp, labels, reduction="mean", grad=True):
    return _loss_rows("nll_loss", logp, _in(labels, np.int32), reduction, grad)


# ---------------------------------------------------------------------------------------
# Helpers and reductions
# ---------------------------------------------------------------------------------------
def add_row_bias(x, bias, out=None):
    x = _rows(x)
    bias = _in(bias, x.dtype)
    y = _out(out, x.shape, x.dtype)
    _fn(x.dtype, "add_row_bias")(x.shape[0], x.shape[1], _ptr(x), _ptr(bias), _ptr(y))
    return y


def col_sums(x):
    x = _rows(x)
    out = np.empty(x.shape[1], x.dtype)
    _fn(x.dtype, "col_sums")(x.shape[0], x.shape[1], _ptr(x), _ptr(out))
    return out


def row_sums(x):
    x = _rows(x)
    out = np.empty(x.shape[0], x.dtype)
    _fn(x.dtype, "row_sums")(x.shape[0], x.shape[1], _ptr(x), _ptr(out))
    return out


def _reduce(name, x):
    x = _in(x)
    return _fn(x.dtype, name)(x.size, _ptr(x) if x.size else None)


def sum(x):  # noqa: A001 - mirrors dd_*_sum
    return _reduce("sum", x)


def mean(x):
    return _reduce("mean", x)


def mean_abs(x):
    return _reduce("mean_abs", x)


def norm2(x):
    return _reduce("norm2", x)


def dot(x, y):
    x = _in(x)
    y = _in(y, x.dtype)
    return _fn(x.dtype, "dot")(x.size, _ptr(x), _ptr(y))


def axpy(alpha, x, y):
    """y += alpha x, in place; returns y."""
    _inplace(y, y.dtype, "y")
    x = _in(x, y.dtype)
    _fn(y.dtype, "axpy")(y.size, alpha, _ptr(x), _ptr(y))
    return y


def scale(alpha, x):
    """x *= alpha, in place; returns x."""
    _inplace(x, x.dtype, "x")
    _fn(x.dtype, "scale")(x.size, alpha, _ptr(x))
    return x


def fill(x, value):
    """x[:] = value, in place; returns x."""
    _inplace(x, x.dtype, "x")
    _fn(x.dtype, "fill")(x.size, value, _ptr(x))
    return x


# ---------------------------------------------------------------------------------------
# Optimizer updates: param and state arrays are updated in place (state starts at zero
# and is kept by the caller); grad is read.
# ---------------------------------------------------------------------------------------
def _state(x, param, what):
    return None if x is None else _inplace(x, param.dtype, what)


def sgd_update(cfg, step, grad, param, momentum_buf=None):
    _inplace(param, param.dtype, "param")
    g = _in(grad, param.dtype)
    _fn(param.dtype, "sgd_update")(param.size, ctypes.byref(cfg), step, _ptr(g), _ptr(param),
                                   _ptr(_state(momentum_buf, param, "momentum_buf")))


def adam_update(cfg, step, grad, param, m, v, vmax=None, decoupled=False):
    _inplace(param, param.dtype, "param")
    g = _in(grad, param.dtype)
    _fn(param.dtype, "adamw_update" if decoupled else "adam_update")(
        param.size, ctypes.byref(cfg), step, _ptr(g), _ptr(param), _ptr(_state(m, param, "m")),
        _ptr(_state(v, param, "v")), _ptr(_state(vmax, param, "vmax")))


def adamw_update(cfg, step, grad, param, m, v, vmax=None):
    adam_update(cfg, step, grad, param, m, v, vmax, decoupled=True)


def rmsprop_update(cfg, grad, param, square_avg, grad_avg=None, momentum_buf=None):
    _inplace(param, param.dtype, "param")
    g = _in(grad, param.dtype)
    _fn(param.dtype, "rmsprop_update")(
        param.size, ctypes.byref(cfg), _ptr(g), _ptr(param),
        _ptr(_state(square_avg, param, "square_avg")), _ptr(_state(grad_avg, param, "grad_avg")),
        _ptr(_state(momentum_buf, param, "momentum_buf")))


def adagrad_update(cfg, step, grad, param, state_sum):
    _inplace(param, param.dtype, "param")
    g = _in(grad, param.dtype)
    _fn(param.dtype, "adagrad_update")(param.size, ctypes.byref(cfg), step, _ptr(g), _ptr(param),
                                       _ptr(_state(state_sum, param, "state_sum")))


# ---------------------------------------------------------------------------------------
# Not in the public header: the library's own test hook that caps the float vector math
# (activations, softmax) at a level - 0 portable, 1 AVX2, 2 AVX-512 (the default) - so
# both float paths can be checked. Absent in builds that do not export it; then only the
# default path is tested.
# ---------------------------------------------------------------------------------------
HAVE_VMATH_HOOK = hasattr(lib, "dd_vmath_set_level") and hasattr(lib, "dd_vmath_level")
if HAVE_VMATH_HOOK:
    _decl("dd_vmath_set_level", None, [c_int])
    _decl("dd_vmath_level", c_int, [])

VMATH_PORTABLE, VMATH_WIDEST = 0, 2


def vmath_avx2():
    """True when the float activations and softmax take a vector (AVX2 or AVX-512) path."""
    return lib.dd_vmath_level() != VMATH_PORTABLE if HAVE_VMATH_HOOK else None


def vmath_set_avx2(allowed):
    """Vector float paths on (the widest this CPU runs) or off (the portable C loops)."""
    lib.dd_vmath_set_level(VMATH_WIDEST if allowed else VMATH_PORTABLE)


# ---------------------------------------------------------------------------------------
# Batch gathers and the fused linear layer
# ---------------------------------------------------------------------------------------
def gather_rows(x, index):
    """out[r] = x[index[r]] for the rows of a matrix."""
    x = _rows(x)
    index = _in(index, np.int64)
    out = np.empty((index.size, x.shape[1]), x.dtype)
    _fn(x.dtype, "gather_rows")(index.size, x.shape[1], _ptr(x), _ptr(index), _ptr(out))
    return out


def gather_labels(labels, index):
    """out[r] = labels[index[r]], int32 labels."""
    labels = _in(labels, np.int32)
    index = _in(index, np.int64)
    out = np.empty(index.size, np.int32)
    lib.dd_gather_labels(index.size, _ptr(labels), _ptr(index), _ptr(out))
    return out


def linear_forward(act, x, w, bias=None, params=None, keep_z=True):
    """(Z, A) with Z = x w^T + bias and A = act(Z); Z is None when keep_z is False."""
    x = _rows(x)
    w = _rows(w, x.dtype)
    m, k = x.shape
    n = w.shape[0]
    if w.shape[1] != k:
        raise ValueError("w must be n x k")
    b = None if bias is None else _in(bias, x.dtype)
    z = np.empty((m, n), x.dtype) if keep_z else None
    a = np.empty((m, n), x.dtype)
    _fn(x.dtype, "linear_forward")(_act_id(act), _params_ptr(params), m, n, k, _ptr(x), _ptr(w),
                                   _ptr(b), _ptr(z), _ptr(a))
    return z, a


def linear_backward_act(act, z, a, dA, params=None, bias_grad=True):
    """(dZ, db) with dZ = dA act'(Z) and db its column sums (None when not bias_grad)."""
    z = _rows(z)
    a = _rows(a, z.dtype)
    g = _rows(dA, z.dtype)
    m, n = z.shape
    dz = np.empty((m, n), z.dtype)
    db = np.empty(n, z.dtype) if bias_grad else None
    _fn(z.dtype, "linear_backward_act")(_act_id(act), _params_ptr(params), m, n, _ptr(z), _ptr(a),
                                        _ptr(g), _ptr(dz), _ptr(db))
    return dz, db


def linear_backward(act, x, w, z, a, dA, params=None):
    """(dX, dW, db, dZ) of the layer Z = x w^T + b, A = act(Z)."""
    x = _rows(x)
    w = _rows(w, x.dtype)
    z = _rows(z, x.dtype)
    a = _rows(a, x.dtype)
    g = _rows(dA, x.dtype)
    m, k = x.shape
    n = w.shape[0]
    dz = np.empty((m, n), x.dtype)
    dx = np.empty((m, k), x.dtype)
    dw = np.empty((n, k), x.dtype)
    db = np.empty(n, x.dtype)
    _fn(x.dtype, "linear_backward")(_act_id(act), _params_ptr(params), m, n, k, _ptr(x), _ptr(w),
                                    _ptr(z), _ptr(a), _ptr(g), _ptr(dz), _ptr(dx), _ptr(dw),
                                    _ptr(db))
    return dx, dw, db, dz
