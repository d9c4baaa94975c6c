"""AC power flow: Newton-Raphson, fast-decoupled (XB/BX) and Gauss-Seidel."""

from .driver import METHODS, run_power_flow
from .results import PowerFlowResult

__all__ = ["METHODS", "PowerFlowResult", "run_power_flow"]
