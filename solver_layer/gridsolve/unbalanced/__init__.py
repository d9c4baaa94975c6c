"""Unbalanced three-phase power flow for distribution feeders.

    from gridsolve.io.opendss import read_opendss
    from gridsolve.unbalanced import UnbalancedOptions, run_unbalanced

    feeder = read_opendss("IEEE13Nodeckt.dss")          # or (text, base_dir=...)
    result = run_unbalanced(feeder, UnbalancedOptions(), progress=None)
    result.to_dict()                                      # JSON-ready; shape: UnbalancedResultModel
"""

from .model import Feeder, parse_feeder
from .results import UnbalancedResult, UnbalancedResultModel
from .study import UnbalancedOptions, run_unbalanced

__all__ = ["Feeder", "UnbalancedOptions", "UnbalancedResult", "UnbalancedResultModel", "parse_feeder",
           "run_unbalanced"]
