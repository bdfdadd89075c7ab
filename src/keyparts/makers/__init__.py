"""Specialised makers and the people who make the parts (issue 16): capability search, the
专精特新 criteria, specialisation and fragmentation, and the talent gap. Pure functions over
frames; the packaged rules files are read by :mod:`keyparts.makers.rules`."""

from keyparts.makers.capability import CapabilitySearch, search_capabilities
from keyparts.makers.criteria import NBS_CNY_PER_USD, Eligibility, eligibility, metrics
from keyparts.makers.rules import Criteria, load_criteria, load_occupations, load_staffing_ratios
from keyparts.makers.specialisation import (
    Fragmentation,
    Specialisation,
    fragmentation,
    specialisation_by_maker,
    specialisation_index,
)
from keyparts.makers.talent import TalentGap, talent_gap

__all__ = ["CapabilitySearch", "Criteria", "Eligibility", "Fragmentation", "NBS_CNY_PER_USD", "Specialisation",
           "TalentGap", "eligibility", "fragmentation", "load_criteria", "load_occupations", "load_staffing_ratios",
           "metrics", "search_capabilities", "specialisation_by_maker", "specialisation_index", "talent_gap"]
