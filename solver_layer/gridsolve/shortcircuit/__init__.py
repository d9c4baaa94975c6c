"""IEC 60909 short-circuit analysis on sequence networks.

    from gridsolve.shortcircuit import run_short_circuit
    result = run_short_circuit(net, fault="1ph", case="max")
    result.to_dict()              # {"fault", "case", "buses": [...], "branches": [...], ...}
    result.sequence_networks()    # per element and sequence, for the browser
"""

from .calc import run_short_circuit, run_short_circuit_study
from .models import ShortCircuitResultModel
from .networks import SequenceNetworks, build_sequence_networks, c_factors
from .options import FAULTS, ShortCircuitOptions
from .results import ShortCircuitResult

__all__ = ["FAULTS", "SequenceNetworks", "ShortCircuitOptions", "ShortCircuitResult", "ShortCircuitResultModel",
           "build_sequence_networks", "c_factors", "run_short_circuit", "run_short_circuit_study"]
