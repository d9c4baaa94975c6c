"""GridSolve engine: network model, importers, compile step and solvers. No AWS or web imports."""

import os as _os
import tempfile as _tempfile


def _numba_cache_fallback() -> None:
    """numba's cache=True writes next to the source (powerflow/__pycache__). Where the package is
    read-only (a Lambda layer) and NUMBA_CACHE_DIR is unset, numba would look for a user-wide cache
    dir, which may not be writable either, and then refuse to compile cached functions: point it
    at a temp directory instead. Must run before numba is imported."""
    if "NUMBA_CACHE_DIR" in _os.environ:
        return
    pkg = _os.path.join(_os.path.dirname(_os.path.abspath(__file__)), "powerflow")
    pycache = _os.path.join(pkg, "__pycache__")
    target = pycache if _os.path.isdir(pycache) else pkg
    if not _os.access(target, _os.W_OK):
        _os.environ["NUMBA_CACHE_DIR"] = _os.path.join(_tempfile.gettempdir(), "gridsolve-numba-cache")


_numba_cache_fallback()  # before the imports below pull in numba


from .compile import CompiledNetwork, compile_network  # noqa: E402
from .errors import GridSolveError, InvalidNetworkError, ParseError, SingularSystemError  # noqa: E402
from .model import Network, parse_network  # noqa: E402
from .powerflow import PowerFlowResult, run_power_flow  # noqa: E402

__version__ = "0.1.0"

__all__ = [
    "CompiledNetwork", "GridSolveError", "InvalidNetworkError", "Network", "ParseError", "PowerFlowResult",
    "SingularSystemError", "compile_network", "parse_network", "run_power_flow",
]
