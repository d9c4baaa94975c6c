"""GridSolve engine: network model, importers, compile step and solvers. No AWS or web imports."""

from .compile import CompiledNetwork, compile_network
from .errors import GridSolveError, InvalidNetworkError, ParseError, SingularSystemError
from .model import Network, parse_network
from .powerflow import PowerFlowResult, run_power_flow

__version__ = "0.1.0"

__all__ = [
    "CompiledNetwork", "GridSolveError", "InvalidNetworkError", "Network", "ParseError", "PowerFlowResult",
    "SingularSystemError", "compile_network", "parse_network", "run_power_flow",
]
