"""Qualification of domestic substitutes: stages, gates decided by the engines, first-use
premium and time to qualify (issue 13, engine part). Pure functions; no I/O."""

from keyparts.qualify.demonstration import LIFE_STAGES, life_demonstration
from keyparts.qualify.design_review import design_review_bearing, design_review_check
from keyparts.qualify.gate import CaseStatus, Gate, Override, case_status, make_gate, override
from keyparts.qualify.inspection import (
    Capability,
    capability_index,
    first_article,
    process_capability,
)
from keyparts.qualify.ppap import PPAP_ELEMENTS, ppap_requirements, small_batch
from keyparts.qualify.premium import Premium, first_use_premium, premium_eligible
from keyparts.qualify.stages import (
    ALL_STAGES,
    DECISIONS,
    QUALIFIED_FROM,
    REJECTED,
    STAGES,
    apply_decision,
    is_qualified,
    next_stage,
)
from keyparts.qualify.timing import ProductLimit, TimeToQualify, kaplan_meier, time_to_qualify

__all__ = ["ALL_STAGES", "DECISIONS", "LIFE_STAGES", "PPAP_ELEMENTS", "QUALIFIED_FROM", "REJECTED",
           "STAGES", "Capability", "CaseStatus", "Gate", "Override", "Premium", "ProductLimit",
           "TimeToQualify", "apply_decision", "capability_index", "case_status",
           "design_review_bearing", "design_review_check", "first_article", "first_use_premium",
           "is_qualified", "kaplan_meier", "life_demonstration", "make_gate", "next_stage",
           "override", "ppap_requirements", "premium_eligible", "process_capability", "small_batch",
           "time_to_qualify"]
