"""Qualification of domestic substitutes: stages, gates decided by the engines, first-use
premium and time to qualify (issue 13, engine part). Pure functions; no I/O."""

import importlib

# each name from its module, imported on first use (PEP 562): the web app's result models
# import keyparts.qualify.gate and .chain, which need not load SciPy (life) at start
_WHERE = {
    **dict.fromkeys(['LIFE_STAGES', 'life_demonstration'], 'demonstration'),
    **dict.fromkeys(['design_review_bearing', 'design_review_check'], 'design_review'),
    **dict.fromkeys(['CaseStatus', 'Gate', 'Override', 'case_status', 'make_gate', 'override'], 'gate'),
    **dict.fromkeys(['Capability', 'capability_index', 'first_article', 'process_capability'], 'inspection'),
    **dict.fromkeys(['PPAP_ELEMENTS', 'ppap_requirements', 'small_batch'], 'ppap'),
    **dict.fromkeys(['Premium', 'first_use_premium', 'premium_eligible'], 'premium'),
    **dict.fromkeys(['ALL_STAGES', 'DECISIONS', 'QUALIFIED_FROM', 'REJECTED', 'STAGES', 'apply_decision', 'is_qualified', 'next_stage'], 'stages'),
    **dict.fromkeys(['ProductLimit', 'TimeToQualify', 'kaplan_meier', 'time_to_qualify'], 'timing'),
}


def __getattr__(name: str):
    if name in _WHERE:
        return getattr(importlib.import_module(f"keyparts.qualify.{_WHERE[name]}"), name)
    raise AttributeError(f"module 'keyparts.qualify' has no attribute {name!r}")


__all__ = ["ALL_STAGES", "DECISIONS", "LIFE_STAGES", "PPAP_ELEMENTS", "QUALIFIED_FROM", "REJECTED",
           "STAGES", "Capability", "CaseStatus", "Gate", "Override", "Premium", "ProductLimit",
           "TimeToQualify", "apply_decision", "capability_index", "case_status",
           "design_review_bearing", "design_review_check", "first_article", "first_use_premium",
           "is_qualified", "kaplan_meier", "life_demonstration", "make_gate", "next_stage",
           "override", "ppap_requirements", "premium_eligible", "process_capability", "small_batch",
           "time_to_qualify"]
