"""Qualification pages: the maker sees its cases and what the current gate still needs, the
OEM its applications with their cases and candidates, a party the case page; everyone else a
404. Fixture as tests/web/test_qualification_api.py (tiny dataset, lab L1 on case C1)."""

from __future__ import annotations

import re

import pytest

from tests.web.test_qualification_api import make_env


@pytest.fixture(scope="module")
def qenv(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("qpages")
    e = make_env(f"sqlite:///{tmp / 'keyparts.db'}", tmp)
    yield e
    e.app.state.engine.dispose()


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_maker_sees_what_the_current_gate_still_needs(qenv):
    """C1 is at bench_test; its campaign T1 holds an interval-censored unit, so the gate says
    it needs exact failure and suspension times."""
    page = text(qenv.client("maker").get("/qualification").text)
    assert "Cases of parts you make (1)" in page
    assert "the demonstration gate takes exact failure and suspension times" in page


def test_oem_sees_its_applications_cases_and_candidates(qenv):
    oem = qenv.client("oem")
    page = text(oem.get("/qualification").text)
    assert "A1 ·" in page and "C1 P1 6205-2RS/P5 M1 bench_test" in page
    # both 6205 bearings (C = 14.8 kN) are candidates; at Fr = 2 kN, 3000 r/min:
    # L10h = (14.8/2)^3 * 1e6 / (60 * 3000) = 2 251 h < 20 000 h required -> both fail the life
    cand = text(oem.get("/qualification/applications/A1/candidates").text)
    assert "P1 6205-2RS/P5" in cand and "P2 6205-2RS1/P5" in cand and "L10h = 2,251 h" in cand
    assert "C1 bench_test" in cand


def test_case_page_shows_gates_reasons_history_and_override(qenv):
    """design_review: L10mh 2 251 h < 20 000 h fails on the evidence, and Li's recorded pass
    overrides it ("ok"); first_article passes (2 bores within 25 -0.012/0)."""
    page = text(qenv.client("maker").get("/qualification/cases/C1").text)
    assert "design_review: passed (overridden by Li; the evidence alone: fail)" in page
    assert "L10mh 2 251 h &lt; required 20 000 h" in page
    assert "first_article: passed" in page
    assert "2023-02-01 design_review pass Li ok" in page
    assert "Record a decision" not in page        # the maker does not decide
    assert "Record a decision on bench_test" in text(qenv.client("oem").get("/qualification/cases/C1").text)


@pytest.mark.parametrize("who", ["rival", "analyst"])
def test_case_page_is_404_to_non_parties(qenv, who):
    r = qenv.client(who).get("/qualification/cases/C1", headers={"accept": "text/html"})
    assert r.status_code == 404
    assert "C1" not in text(qenv.client(who).get("/qualification").text)


def test_national_page_is_for_analysts_and_suppresses_small_cells(qenv):
    """C1 alone stands behind BRG: one case of 2 enterprises (M1, O1), so the row is suppressed;
    the chain of BRG-DGBB runs X1 (product) <- A1 spindle unit (subsystem) <- P1 (material)."""
    assert qenv.client("oem").get("/qualification/national").status_code == 403
    page = text(qenv.client("analyst").get("/qualification/national?category=BRG-DGBB").text)
    assert "suppressed" in page and "C1" not in page
    assert re.search(r"material 6205-2RS/P5 .* subsystem Spindle unit .* product Excavator 20 t", page)


def test_case_page_tracks_first_use_conversion():
    """From the history: a pass on system_test enters field_trial (first use), on field_trial
    small_batch (repeat order), on small_batch batch_supply."""
    from keyparts.web.services.qualification import first_use_steps

    h = [{"case_id": "C", "date": "2024-01-31", "stage": "system_test", "decision": "pass"},
         {"case_id": "C", "date": "2024-03-01", "stage": "field_trial", "decision": "pass"}]
    assert [s["date"] for s in first_use_steps(h)] == ["2024-01-31", "2024-03-01", None]
    assert [s["date"] for s in first_use_steps([])] == [None, None, None]
