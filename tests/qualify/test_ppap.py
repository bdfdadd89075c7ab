"""small_batch gate: PPAP checklist (AIAG PPAP 4th ed., Table 4.2) and capability.

Table 4.2 (retention/submission by level 1–5): level 1 submits only the appearance approval
report (13) and the warrant (18); level 2 also submits 1, 2, 9, 10, 12, 14; level 3 submits all
but 15 (master sample) and 16 (checking aids); level 5 retains everything.
"""

from __future__ import annotations

import numpy as np
import pytest

from keyparts.errors import InputError
from keyparts.qualify import PPAP_ELEMENTS, ppap_requirements, process_capability, small_batch

GOOD = process_capability(np.array([[0, 1, -1], [1, 0, 2], [-1, 0, 1]]) * 1e-3 + 25.0,
                          lsl=24.99, usl=25.01)  # Cpk 2.73, Ppk 3.22 (test_inspection)
SUBMITTED_L3 = [n for n in range(1, 19) if n not in (15, 16)]


def _submitted(level: int) -> set[int]:
    return {n for n, c in ppap_requirements(level).items() if c == "S"}


def test_eighteen_elements_and_levels_per_table_4_2() -> None:
    assert [n for n, _, _ in PPAP_ELEMENTS] == list(range(1, 19))
    assert _submitted(1) == {13, 18}
    assert _submitted(2) == {1, 2, 9, 10, 12, 13, 14, 18}
    assert _submitted(3) == set(SUBMITTED_L3)
    assert _submitted(4) == {18}
    assert _submitted(5) == set()
    assert ppap_requirements(4, customer_requests=[9])[9] == "S"


def test_level_3_complete_and_capable_passes() -> None:
    g = small_batch(level=3, retained=range(1, 19), submitted=SUBMITTED_L3, capability={"bore": GOOD})
    assert g.passed is True


def test_missing_submission_is_named() -> None:
    sub = [n for n in SUBMITTED_L3 if n != 11]
    g = small_batch(level=3, retained=range(1, 19), submitted=sub, capability={"bore": GOOD})
    assert g.passed is False
    assert g.reasons == ("PPAP element 11 (initial process studies) is retained; level 3 needs it "
                         "submitted",)


def test_not_applicable_elements_are_skipped() -> None:
    sub = [n for n in SUBMITTED_L3 if n not in (4, 13)]
    g = small_batch(level=3, retained=sub, submitted=sub, not_applicable=[4, 13, 15, 16],
                    capability={"bore": GOOD})
    assert g.passed is True


def test_ppk_below_initial_study_limit_fails() -> None:
    """Ppk 1.50 < 1.67: 'may be acceptable' in PPAP 2.2.11.3, so the default gate fails."""
    from keyparts.qualify import Capability
    cap = Capability(cpk=1.6, ppk=1.5, mean=0, sigma_within=1, sigma_overall=1, subgroups=25,
                     subgroup_size=5)
    g = small_batch(level=1, retained=range(1, 19), submitted=[13, 18], capability={"od": cap})
    assert g.passed is False and g.reasons == ("od: Ppk 1.50 < 1.67 (initial study, PPAP 2.2.11.3)",)


def test_without_capability_study_undecided() -> None:
    g = small_batch(level=1, retained=range(1, 19), submitted=[13, 18])
    assert g.passed is None


def test_bad_level_and_element() -> None:
    with pytest.raises(InputError, match="submission level"):
        ppap_requirements(6)
    with pytest.raises(InputError, match="element number"):
        small_batch(level=3, retained=[19])
