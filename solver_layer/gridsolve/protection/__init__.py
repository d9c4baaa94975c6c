"""Protection coordination: relay and fuse time-current curves, CTI checks, automatic coordination.

    from gridsolve.protection import tcc, curve_table, fuse_library, run_protection, ProtectionOptions
    tcc("IEEE-VI", pickup_a=400, dial=2, currents_a=[800, 4000])      # {"curve", ..., "times_s": [...]}
    run_protection(net, ProtectionOptions(fault="3ph")).to_dict()     # pairs, violations, TCC data
"""

from .curves import CURVES, RESET_MODELS, curve_table, operate_time, reset_time
from .damage import cable_damage_curve, transformer_damage_curve
from .fuses import fuse_curves, fuse_library, fuse_types
from .study import ProtectionOptions, ProtectionResult, run_protection
from .tcc import tcc

__all__ = ["CURVES", "RESET_MODELS", "ProtectionOptions", "ProtectionResult", "cable_damage_curve", "curve_table",
           "fuse_curves", "fuse_library", "fuse_types", "operate_time", "reset_time", "run_protection", "tcc",
           "transformer_damage_curve"]
