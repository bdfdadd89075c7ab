"""Low finding of issue 11: the dataset summary must not tell a member platform-wide counts of
private rows nor a server path. ``GET /api/v1/datasets/summary`` returns
``TenantRepo.dataset_summary`` (it returned ``store.repository.summary``: every table's rows).

Tiny dataset (tests/dataset/tiny.py): 1 demand (O1), 3 sourcing rows (O1|A1, M1|P1 x 2),
3 test rows of campaign T1 (part P1 of M1), 3 parts.
"""

from __future__ import annotations

import pytest

from keyparts.web.auth import Principal
from keyparts.web.tenancy import TenantRepo


@pytest.mark.parametrize("ent,demands,sourcing,tests", [("M2", 0, 0, 0), ("O1", 1, 1, 0), ("M1", 0, 2, 3)])
def test_summary_counts_only_the_rows_the_caller_sees(env, ent, demands, sourcing, tests):
    s = TenantRepo(env.app.state.engine, Principal(1, "x", ent, "member")).dataset_summary()
    assert (s["rows"]["demands"], s["rows"]["sourcing"], s["rows"]["tests"]) == (demands, sourcing, tests)
    assert s["rows"]["parts"] == 3  # the catalog is public
    assert "source" not in s["last_import"] and "database" not in s


def test_summary_route_shows_a_rival_none_of_the_private_rows(env):
    """M2 (a rival maker) sees 0 demands, 0 sourcing and 0 test rows through the route (the old
    route answered 1, 3 and 3: the platform-wide counts), and no server path."""
    body = env.client("rival").get("/api/v1/datasets/summary").json()
    assert (body["rows"]["demands"], body["rows"]["sourcing"], body["rows"]["tests"]) == (0, 0, 0)
    assert "source" not in body.get("last_import", {}) and "database" not in body
