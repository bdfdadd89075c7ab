"""Page forms answer bad input with the error box, never a 500."""

from __future__ import annotations

from tests.web.test_pages import signed_in


def test_allocate_page_with_more_than_200_ids_is_an_error_box(sqlite_env):
    """AllocateIn takes at most 200 demand ids; 201 raised pydantic's error past the page's
    handler (500). Now the error box names the field and the limit."""
    c, csrf = signed_in(sqlite_env, "oem")
    ids = [f"D{i}" for i in range(201)]
    r = c.post("/demands/allocate", data={"demand_ids": ids, "csrf_token": csrf})
    assert r.status_code == 400, r.text[:300]
    assert "demand_ids" in r.text and "200" in r.text
