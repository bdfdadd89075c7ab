"""Sharing pages on SQLite and PostgreSQL: share and revoke on /sharing, prices on /prices,
the demand board and an offer on /board, the OEM's /offers page and its allocation with reasons;
a non-party gets 404 (and sees nothing). Tiny dataset: see tests/web/test_sharing_api.py."""

from __future__ import annotations

from tests.web.test_pages import signed_in

HX = {"HX-Request": "true"}


def _post(c, csrf, path, data):
    return c.post(path, data=data, headers={**HX, "X-CSRF-Token": csrf})


def test_share_offer_allocate_through_pages(env):
    oem, oem_csrf = signed_in(env, "oem")
    maker, maker_csrf = signed_in(env, "maker")
    rival, rival_csrf = signed_in(env, "rival")
    r = _post(oem, oem_csrf, "/demands", {"id": "DP5", "category_id": "BRG-DGBB", "quantity": "5000",
                                          "constraints": "d=25mm"})
    assert 'id="d-O1:DP5"' in r.text
    page = oem.get("/sharing").text
    assert "O1:DP5" in page and 'name="visibility"' in page
    # nothing on the maker's board while private
    assert "O1:DP5" not in maker.get("/board").text
    r = _post(oem, oem_csrf, "/sharing/visibility", {"kind": "demands", "key": "O1:DP5", "visibility": "public"})
    assert r.status_code == 200 and 'class="badge public"' in r.text
    board = maker.get("/board").text
    assert 'data-demand="O1:DP5"' in board and "Hengyu Machinery" in board
    # the rival (M2) makes P2 in the category too and sees the public demand; but cannot offer M1's part
    r = _post(rival, rival_csrf, "/board/offer", {"demand_id": "O1:DP5", "part_id": "P1", "unit_price_usd": "1"})
    assert 'class="error"' in r.text and "not found" in r.text
    r = _post(maker, maker_csrf, "/board/offer", {"demand_id": "O1:DP5", "part_id": "P1",
                                                  "unit_price_usd": "4.00", "capacity": "3000", "note": "ex works"})
    assert "Offer sent" in r.text and "4.00" in r.text and "3000" in r.text
    r = _post(maker, maker_csrf, "/board/offer", {"demand_id": "O1:DP5", "part_id": "P1", "unit_price_usd": "cheap"})
    assert "unit_price_usd: &#39;cheap&#39; is not a number" in r.text
    # the OEM sees the offer and that P1 meets the demand, and allocates with reasons for the rest
    offers = oem.get("/offers").text
    assert "Liaoning Precision Bearing" in offers and "ex works" in offers and 'class="pass"' in offers
    assert "ex works" not in rival.get("/offers").text
    r = oem.post("/demands/allocate", data={"demand_ids": ["O1:DP5"]}, headers={**HX, "X-CSRF-Token": oem_csrf})
    assert "<td>P1</td>" in r.text and "3000" in r.text
    assert "no maker has shared a price for 1 part(s) that meet it (P2), nor offered one" in r.text
    assert "capacity exhausted" in r.text
    # revoke: the maker no longer sees the demand
    r = _post(oem, oem_csrf, "/sharing/visibility", {"kind": "demands", "key": "O1:DP5", "visibility": "private"})
    assert 'class="badge private"' in r.text
    assert 'data-demand="O1:DP5"' not in maker.get("/board").text


def test_prices_page_sets_and_shares(env):
    maker, csrf = signed_in(env, "maker")
    page = maker.get("/prices").text
    assert 'id="price-P1"' in page and 'value="4.5"' in page
    r = _post(maker, csrf, "/prices/set", {"part_id": "P1", "unit_price_usd": "4.25"})
    assert 'value="4.25"' in r.text and "Saved" in r.text
    r = _post(maker, csrf, "/prices/share-all", {"visibility": "shared", "shared_with": "O1"})
    assert r.text.count('class="badge shared"') == 2
    oem = env.client("oem")
    assert oem.get("/api/v1/parts/P1/price").json()["unit_price_usd"] == 4.25
    r = _post(maker, csrf, "/sharing/visibility", {"kind": "prices", "key": "P1", "visibility": "shared"})
    assert "shared_with: empty" in r.text  # shared with nobody is refused, in place
    _post(maker, csrf, "/sharing/visibility", {"kind": "prices", "key": "P1", "visibility": "private"})
    assert oem.get("/api/v1/parts/P1/price").status_code == 404


def test_non_party_gets_404_on_pages(env):
    rival, csrf = signed_in(env, "rival")
    assert "6205-2RS/P5" not in rival.get("/prices").text  # only its own part P2
    r = rival.post("/sharing/visibility", data={"kind": "demands", "key": "D1", "visibility": "public"},
                   headers={"X-CSRF-Token": csrf})
    assert r.status_code == 404
    r = rival.post("/prices/set", data={"part_id": "P1", "unit_price_usd": "1"}, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 404
    r = rival.post("/board/offer", data={"demand_id": "D1", "part_id": "P2", "unit_price_usd": "1"},
                   headers={"X-CSRF-Token": csrf})
    assert r.status_code == 404
    r = rival.post("/offers/withdraw", data={"offer_id": "1"}, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 404
    for path in ("/sharing", "/prices", "/board", "/offers"):
        assert rival.get(path).status_code == 200


def test_demand_form_takes_certifications(env):
    """The contract's demands.certifications (';'-separated approvals) is on the page form too."""
    oem, csrf = signed_in(env, "oem")
    _post(oem, csrf, "/demands", {"id": "DP9", "category_id": "BRG-DGBB", "quantity": "10",
                                  "certifications": "AS9100D;IATF 16949"})
    assert env.client("oem").get("/api/v1/demands/O1:DP9").json()["certifications"] == "AS9100D;IATF 16949"
