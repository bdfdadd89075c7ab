"""Criticality (EU SR x EI), the key-category list and its sensitivity; the assessment service."""

from keyparts.priority.assess import Assessment, build_model, run_assessment, run_scenario
from keyparts.priority.criticality import (
                                           EI_THRESHOLD,
                                           SR_THRESHOLD,
                                           economic_importance,
                                           is_critical,
                                           supply_risk,
)
from keyparts.priority.ranking import METHOD_VERSION, ranks, score
from keyparts.priority.sensitivity import Sensitivity, monte_carlo

__all__ = ["EI_THRESHOLD", "METHOD_VERSION", "SR_THRESHOLD", "Assessment", "Sensitivity", "build_model", "economic_importance",
           "is_critical", "monte_carlo", "ranks", "run_assessment", "run_scenario", "score", "supply_risk"]
