"""Sharing services that the API (``keyparts.web.api.sharing``) and the pages
(``keyparts.web.pages.sharing``) both call: what an enterprise shares, the makers' demand
board, offers, and allocations with the offers and the prices the caller may see (saved for
audit like the CLI's).

Visibility and ownership rules are the tenant repository's (:mod:`keyparts.web.tenancy`);
nothing here decides who sees what, it only composes the repository's reads and writes.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from keyparts.errors import InputError, KeypartsError, NotFoundError
from keyparts.web.auth import Principal
from keyparts.web.data import DataCache
from keyparts.web.tenancy import TenantRepo

SHAREABLE = ("demands", "tests", "prices")


# ------------------------------------------------------------------ what the caller shares
def share(repo: TenantRepo, kind: str, keys: Iterable[str], visibility: str,
          shared_with: list[str] | None = None) -> list[dict]:
    """Set the visibility of several owned rows (each an audited write); a key the caller
    does not own stops the batch with NotFoundError (those before it are set)."""
    if kind not in SHAREABLE:
        raise InputError(f"kind: {kind!r} is not one of {', '.join(SHAREABLE)}")
    keys = list(dict.fromkeys(keys))
    if not keys:
        raise InputError("keys: empty, expected the rows to share")
    return [repo.set_visibility(kind, k, visibility, shared_with) for k in keys]


def my_rows(repo: TenantRepo, limit: int = 500) -> dict:
    """The caller's demands and life-test campaigns, each with its visibility."""
    me = repo.p.enterprise_id
    demands = [d for d in repo.list("demands", limit=limit)[0] if d["oem_id"] == me]
    for d in demands:
        d.update(repo.get_visibility("demands", d["id"]))
    campaigns = [c for c in repo.test_campaigns(limit=limit)[0] if repo.is_owner("tests", c["test_id"])]
    for c in campaigns:
        c.update(repo.get_visibility("tests", c["test_id"]))
    return {"demands": demands, "campaigns": campaigns}


# ------------------------------------------------------------------ demand board
def my_categories(cache: DataCache, enterprise_id: str) -> set[str]:
    """Categories the enterprise makes parts in, with their ancestors and subcategories (a
    demand for "rolling bearings" concerns a maker of deep-groove ball bearings, and back)."""
    parts = cache.public_dataset().frames["parts"]
    cats = cache.categories()
    out: set[str] = set()
    for c in set(parts.loc[parts["maker_id"] == enterprise_id, "category_id"]):
        out.add(c)
        out.update(cache.categories_under(c))
        p = cats.get(c, {}).get("parent_id")
        while p and p not in out:
            out.add(p)
            p = cats.get(p, {}).get("parent_id")
    return out


def board(cache: DataCache, repo: TenantRepo, *, everything: bool = False, limit: int = 200) -> list[dict]:
    """Demands of other enterprises that are public or shared with the caller, in its
    categories (``everything``: in any category), each with the caller's parts that meet it
    (``my_parts``: part_id, designation, passed, L10h) and the caller's offers on it."""
    from keyparts.match.demand import check_demand, match_demand
    me = repo.p.enterprise_id
    rows = [d for d in repo.list("demands", limit=10_000)[0] if d["oem_id"] != me]
    if not everything:
        mine = my_categories(cache, me)
        rows = [d for d in rows if d["category_id"] in mine]
    rows = rows[:limit]
    idx = cache.index()
    ds = cache.public_dataset()
    parts = ds.frames["parts"]
    own = parts[parts["maker_id"] == me]
    offers, _ = repo.offers(demand_ids=[d["id"] for d in rows], mine=True)
    names = ds.frames["enterprises"].set_index("id")["name"]
    for d in rows:
        d["oem_name"] = str(names.get(d["oem_id"], d["oem_id"]))
        d["offers"] = [o for o in offers if o["demand_id"] == d["id"]]
        try:
            check_demand(d, idx)
            res = match_demand(d, idx, countries=ds.frames.get("countries"), categories=ds.frames.get("categories"),
                               top=10**9, include_failed=True, with_evidence=False,
                               home_country=ds.meta.get("country", "CN"))
            d["my_parts"] = [{"part_id": c["part_id"], "designation": c.get("designation"), "passed": c["passed"],
                              "life_h": c.get("life_h"), "reasons": c.get("reasons", []),
                              "fails": [r for r in c.get("reasons", []) if r.startswith("FAIL")]}
                             for c in res.candidates if c["maker_id"] == me]
            d["match_error"] = None
        except KeypartsError as exc:
            d["my_parts"], d["match_error"] = [], str(exc).splitlines()[0]
        if not d["my_parts"]:  # nothing of the caller's in the subtree: offer any of its parts
            sub = {d["category_id"], *cache.categories_under(d["category_id"])}
            d["my_parts"] = [{"part_id": r["id"], "designation": r["designation"], "passed": None, "life_h": None,
                              "reasons": [], "fails": []} for r in own[own["category_id"].isin(sub)].to_dict("records")]
        d["my_parts"].sort(key=lambda c: (c["passed"] is not True, c["part_id"]))
    return rows


# ------------------------------------------------------------------ offers
def offers_view(cache: DataCache, repo: TenantRepo, *, mine: bool = False,
                demand_ids: Iterable[str] | None = None) -> list[dict]:
    """Offers the caller is a party to, with the part's designation and the maker's name."""
    rows, _ = repo.offers(mine=mine, demand_ids=demand_ids)
    ds = cache.public_dataset()
    names = ds.frames["enterprises"].set_index("id")["name"]
    desig = ds.frames["parts"].set_index("id")["designation"]
    for o in rows:
        o["maker_name"] = str(names.get(o["maker_id"], o["maker_id"]))
        o["designation"] = str(desig.get(o["part_id"], ""))
    return rows


def offers_frame(repo: TenantRepo, demand_ids: list[str]) -> pd.DataFrame:
    """The offers on ``demand_ids`` visible to the caller, as the allocation takes them."""
    rows, _ = repo.offers(demand_ids=demand_ids, limit=100_000)
    return pd.DataFrame(rows, columns=["demand_id", "part_id", "unit_price_usd", "capacity"])


# ------------------------------------------------------------------ allocation
def allocate(cache: DataCache, repo: TenantRepo, p: Principal, demand_ids: list[str], *,
             max_suppliers: int | None = None, max_share: float | None = None,
             min_domestic: float | None = None) -> dict:
    """Allocate the caller's demands among the parts that meet them, at the offered prices or
    the list prices the caller may see (keyparts.match.plan.allocate_dataset); the run is
    saved for audit (``analysis_runs``, with the caller) and its id returned as ``run_id``."""
    from keyparts.match.plan import allocate_dataset
    from keyparts.store.runs import save_run
    from keyparts.web.services.analysis import tenant_view
    ids = list(dict.fromkeys(demand_ids))
    for d in ids:
        if not repo.is_owner("demands", d):
            raise NotFoundError(f"demands {d!r} not found")
    view = tenant_view(cache, repo, ids)
    opts = {k: v for k, v in (("max_suppliers", max_suppliers), ("max_share", max_share),
                              ("min_domestic", min_domestic)) if v is not None}
    res = allocate_dataset(view, index=cache.index(), demand_ids=ids, offers=offers_frame(repo, ids),
                           time_limit_s=10.0, **opts).to_dict()
    res["run_id"] = save_run("allocate", res, source="web", engine=repo.engine,
                             enterprise_id=p.enterprise_id, username=p.username)
    return res


def offers_received(cache: DataCache, repo: TenantRepo) -> list[dict]:
    """The caller's demands that have offers, each offer with whether its part meets the
    demand (``passed``) and why (the match's reasons), cheapest first."""
    from keyparts.match.demand import match_demand
    me = repo.p.enterprise_id
    demands = {d["id"]: d for d in repo.list("demands", limit=10_000)[0] if d["oem_id"] == me}
    offers = offers_view(cache, repo, demand_ids=list(demands))
    idx = cache.index()
    ds = cache.public_dataset()
    out = []
    for did, d in demands.items():
        mine = sorted((o for o in offers if o["demand_id"] == did), key=lambda o: o["unit_price_usd"])
        if not mine:
            continue
        try:
            res = match_demand(d, idx, countries=ds.frames.get("countries"), categories=ds.frames.get("categories"),
                               top=10**9, include_failed=True, with_evidence=False,
                               home_country=ds.meta.get("country", "CN"))
            judged = {c["part_id"]: c for c in res.candidates}
        except KeypartsError:
            judged = {}
        for o in mine:
            c = judged.get(o["part_id"])
            o["passed"] = bool(c and c["passed"])
            o["reasons"] = c.get("reasons", []) if c else ["not in the demand's category"]
        out.append({**d, "offers": mine})
    return out


# ------------------------------------------------------------------ a dataset's sharing file
def apply_sharing_file(engine, path) -> dict[str, int]:
    """Apply a dataset's ``sharing.toml`` (see the sample's): each entry becomes visibility
    writes made as the rows' owners through the tenant repository (audited, user ``sharing.toml``).
    Returns how many rows of each kind were set; an unknown key is an InputError naming it."""
    import tomllib

    import sqlalchemy as sa

    from keyparts.store.tables import TABLE
    spec = tomllib.loads(path.read_text(encoding="utf-8"))
    parts, demands, tests = TABLE["parts"], TABLE["demands"], TABLE["tests"]
    owner_of = {
        "demands": lambda keys: sa.select(demands.c.id, demands.c.oem_id).where(demands.c.id.in_(keys)),
        "tests": lambda keys: sa.select(tests.c.test_id, parts.c.maker_id).distinct()
        .join(parts, parts.c.id == tests.c.part_id).where(tests.c.test_id.in_(keys)),
        "prices": lambda keys: sa.select(parts.c.id, parts.c.maker_id).where(parts.c.id.in_(keys)),
    }
    counts: dict[str, int] = {}
    for n, entry in enumerate(spec.get("share", []), 1):
        kind = entry.get("kind")
        if kind not in owner_of:
            raise InputError(f"{path.name}: share #{n}: kind {kind!r}, expected one of {', '.join(owner_of)}")
        with engine.connect() as conn:
            keys = list(entry.get("keys", []))
            if kind == "prices" and entry.get("makers"):
                q = sa.select(parts.c.id).where(parts.c.maker_id.in_(entry["makers"]),
                                                parts.c.unit_price_usd.is_not(None))
                if entry.get("categories"):
                    q = q.where(parts.c.category_id.in_(entry["categories"]))
                keys += list(conn.execute(q.order_by(parts.c.id)).scalars())
            owners = dict(conn.execute(owner_of[kind](keys)).all())
        missing = [k for k in keys if k not in owners]
        if missing:
            raise InputError(f"{path.name}: share #{n}: {kind} {', '.join(missing[:5])} not in the database")
        for owner in dict.fromkeys(owners.values()):
            who = Principal(user_id=None, username="sharing.toml", enterprise_id=owner, role="member")  # type: ignore[arg-type]
            share(TenantRepo(engine, who), kind, [k for k in keys if owners[k] == owner],
                  entry.get("visibility", "private"), entry.get("shared_with"))
        counts[kind] = counts.get(kind, 0) + len(keys)
    return counts
