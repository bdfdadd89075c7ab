"""Application checks for substitute parts: rolling bearings (ISO 281, ISO 76), bolted joints
(VDI 2230, ISO 898-1), hydraulics, and part designations with interchange grades."""

from keyparts.design.bearing import (
    BEARING_CONTRACT,
    BearingCheck,
    DutyCycleLife,
    bearing_check,
    duty_cycle_life,
)
from keyparts.design.designation import BearingDesignation, parse_designation, to_old_code
from keyparts.design.interchange import Interchange, interchange, same_boundary
from keyparts.design.life import (
    basic_rating_life,
    contamination_factor,
    contamination_factor_grease,
    life_hours,
    life_modification_factor,
    rated_viscosity,
    reliability_factor,
    required_dynamic_rating,
    viscosity_at_temperature,
)
from keyparts.design.loads import (
    BEARING_TYPES,
    BearingType,
    duty_cycle_load,
    equivalent_dynamic_load,
    equivalent_static_load,
)
from keyparts.design.ratings import (
    dynamic_rating_radial_ball,
    dynamic_rating_radial_roller,
    dynamic_rating_thrust_ball,
    dynamic_rating_thrust_roller,
    fatigue_load_limit,
    static_rating_radial_ball,
    static_rating_radial_roller,
    static_rating_thrust_ball,
    static_rating_thrust_roller,
)

#: Alias: the issue names the bearing entry point ``rating_life``.
rating_life = bearing_check

__all__ = [
    "BEARING_CONTRACT", "BEARING_TYPES", "BearingCheck", "BearingType", "BearingDesignation",
    "DutyCycleLife", "Interchange",
    "basic_rating_life", "bearing_check", "contamination_factor", "contamination_factor_grease",
    "duty_cycle_life", "duty_cycle_load", "dynamic_rating_radial_ball", "dynamic_rating_radial_roller",
    "dynamic_rating_thrust_ball", "dynamic_rating_thrust_roller", "equivalent_dynamic_load",
    "equivalent_static_load", "fatigue_load_limit", "interchange", "life_hours",
    "life_modification_factor", "parse_designation", "rated_viscosity", "rating_life",
    "reliability_factor", "required_dynamic_rating", "same_boundary", "static_rating_radial_ball",
    "static_rating_radial_roller", "static_rating_thrust_ball", "static_rating_thrust_roller",
    "to_old_code", "viscosity_at_temperature",
]
