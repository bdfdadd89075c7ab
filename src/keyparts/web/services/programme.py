"""The programme over time on the platform (issue 14 §5): category trends with targets, editions
of the key-category list and their differences, localisation rates, the challenge board.

Both the pages (``keyparts.web.pages.programme``) and the API (``keyparts.web.api.programme``)
call these functions; they return the engines' frozen results (``to_dict()`` is the API body).

Who sees what: the national figures (trends, editions, challenge effects, national
localisation) are computed from the whole stored dataset and shown to analysts; the routes'
dependencies decide that. A member enterprise sees the localisation of **its own** products
only: :func:`own_dataset` builds the dataset an OEM's figures are computed from — its products
and their BOM, its own sourcing, qualification cases and registry rows read through the tenant
repository, and the part prices it may see — so no other enterprise's confidential row enters
them.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import pandas as pd
from sqlalchemy.engine import Engine

from keyparts.dataset.model import Dataset
from keyparts.dataset.schema import TABLE_BY_NAME
from keyparts.errors import InputError, NotFoundError
from keyparts.programme.challenges import ChallengeReport
from keyparts.programme.editions import Edition, EditionDiff
from keyparts.programme.localisation import Localisation
from keyparts.programme.trend import Trend
from keyparts.web.data import SUPPLY, DataCache
from keyparts.web.tenancy import OWNED, TenantRepo

ALL_ROWS = 10_000_000
PROGRAMME = (*SUPPLY, "targets", "roadmap", "challenges", "challenge_bids", "challenge_milestones")
EXPORTS = ("csv", "xlsx", "html")


@dataclass(frozen=True)
class Source:
    """Whose figures: ``national`` (the whole dataset) or ``enterprise`` (one OEM's own rows)."""

    scope: str
    enterprise_id: str | None
    cache: DataCache
    repo: TenantRepo | None = None


# ------------------------------------------------------------------ trends
def national_trend(cache: DataCache) -> Trend:
    """Every category's trend over the data years (memoised per data version)."""
    from keyparts.programme.trend import run_trend
    return cache.derived("programme_trend", PROGRAMME, lambda: run_trend(cache.dataset()))


def _only(loc: Localisation, *, category: str | None = None, product: str | None = None,
          industry: str | None = None, year: int | None = None) -> Localisation:
    """``loc`` restricted to one category, product or industry (none given: all) and a year."""
    def pick(df: pd.DataFrame, key: str, v: str | None) -> pd.DataFrame:
        if category is not None or product is not None or industry is not None:
            df = df[df[key] == v] if v is not None else df.iloc[0:0]
        return df[df["year"] == year] if year is not None else df
    keep = {category, product} - {None}
    tg = loc.targets[loc.targets["scope"].isin(keep)] if keep or industry is not None else loc.targets
    dec = loc.decomposition
    if keep or industry is not None:
        dec = dec[dec["category_id"].isin(keep)]
    if year is not None:
        dec = dec[dec["year_to"] == year]
    return dataclasses.replace(loc, categories=pick(loc.categories, "category_id", category).reset_index(drop=True),
                               products=pick(loc.products, "product_id", product).reset_index(drop=True),
                               industries=pick(loc.industries, "industry", industry).reset_index(drop=True),
                               targets=tg.reset_index(drop=True), decomposition=dec.reset_index(drop=True))


def category_trend(cache: DataCache, category_id: str) -> Trend:
    """One category's trend: IR, HHI, origin shares and the three localisation rates per year,
    with its targets (NotFoundError for an unknown category)."""
    if category_id not in cache.categories():
        raise NotFoundError(f"category {category_id!r}: no such category")
    t = national_trend(cache)
    f = lambda df: df[df["category_id"] == category_id].reset_index(drop=True)  # noqa: E731
    return Trend(f(t.indicators), f(t.origins), _only(t.localisation, category=category_id), t.method)


# ------------------------------------------------------------------ localisation
def own_dataset(cache: DataCache, repo: TenantRepo) -> Dataset:
    """The dataset an enterprise's own localisation is computed from (see the module doc)."""
    me = repo.p.enterprise_id
    ds = cache.dataset()
    f = dict(ds.frames)
    products = f["products"][f["products"]["oem_id"] == me]
    bom = f["bom"]
    reach, todo = set(products["id"]), list(products["id"])
    by_parent = bom.groupby("parent_id")["child_id"].agg(list).to_dict() if len(bom) else {}
    while todo:
        for c in by_parent.get(todo.pop(), []):
            if c not in reach:
                reach.add(c)
                todo.append(c)
    f["products"] = products.reset_index(drop=True)
    if f.get("targets") is not None:   # national and own-product targets (not other OEMs' products)
        t = f["targets"]
        f["targets"] = t[t["scope"].isin(set(f["categories"]["id"]) | set(products["id"]))].reset_index(drop=True)
    f["bom"] = bom[bom["parent_id"].isin(reach)].reset_index(drop=True)
    for kind, spec in OWNED.items():
        if kind not in f or kind == "tests":
            continue
        cols = TABLE_BY_NAME[kind].column_names
        where = [spec.table.c[spec.owner_col] == me] if spec.owner_col else []
        rows, _ = repo.list(kind, limit=ALL_ROWS, where=where)
        own = pd.DataFrame(rows, columns=cols)
        if kind == "qualification_events":   # events of the enterprise's own cases
            own = own[own["case_id"].isin(set(f["qualification_cases"]["id"]))]
        f[kind] = own.astype({c: f[kind][c].dtype for c in cols if c in f[kind].columns}, errors="ignore") \
            if len(own) else f[kind].iloc[0:0]
    f["parts"] = own_prices(ds.frames["parts"], repo)
    return Dataset(ds.meta, f, source=ds.source)


def own_prices(parts: pd.DataFrame, repo: TenantRepo) -> pd.DataFrame:
    """``parts`` with the prices the caller may see; a price it may not see is the median price of
    the part's category when at least k makers price parts in it (the k rule of
    ``keyparts.web.disclosure``: no single maker's price can be read back), else empty (the supply
    model then prices it as its category's visible median, else 1)."""
    from keyparts.web.disclosure import min_enterprises
    out = parts.copy()
    seen = pd.Series(repo.prices(list(out["id"])), dtype=float)
    price = out["id"].map(seen).astype(float)
    priced = parts[parts["unit_price_usd"].notna()]
    by_cat = priced.groupby("category_id").agg(makers=("maker_id", "nunique"), median=("unit_price_usd", "median"))
    median = by_cat["median"].where(by_cat["makers"] >= min_enterprises())
    out["unit_price_usd"] = price.fillna(out["category_id"].map(median))
    return out


def localisation(src: Source, *, category: str | None = None, product: str | None = None,
                 industry: str | None = None, year: int | None = None) -> Localisation:
    """Localisation rates of ``src`` (national, or one enterprise's own products)."""
    if src.scope == "national":
        loc = national_trend(src.cache).localisation
    else:
        from keyparts.programme.localisation import data_years, run_localisation
        ds = own_dataset(src.cache, src.repo)
        if not len(ds.frames["products"]):
            raise InputError(f"localisation: enterprise {src.enterprise_id} has no product in products.csv; "
                             "an OEM's localisation is that of its own products")
        loc = run_localisation(ds, years=data_years(ds))
        loc = dataclasses.replace(loc, categories=loc.categories.iloc[0:0], industries=loc.industries.iloc[0:0],
                                  targets=loc.targets[loc.targets["scope"].isin(set(loc.products["product_id"]))],
                                  decomposition=loc.decomposition.iloc[0:0])
    for kind, v, known in (("category", category, set(loc.categories["category_id"])),
                           ("product", product, set(loc.products["product_id"])),
                           ("industry", industry, set(loc.industries["industry"]))):
        if v is not None and v not in known:
            raise NotFoundError(f"{kind} {v!r}: not in the localisation you may see")
    return _only(loc, category=category, product=product, industry=industry, year=year)


# ------------------------------------------------------------------ editions
def editions(engine: Engine) -> list[dict]:
    from keyparts.store.editions import list_editions
    return list_editions(engine=engine)


def edition(engine: Engine, name: str) -> Edition:
    from keyparts.store.editions import get_edition
    return Edition.from_dict(get_edition(name, engine=engine))


def roadmap_notes(cache: DataCache, year: int) -> dict[str, list[str]]:
    from keyparts.programme.challenges import roadmap_notes as notes
    return cache.derived(f"programme_roadmap_notes:{year}", PROGRAMME, lambda: notes(cache.dataset(), year=year))


def edition_diff(engine: Engine, cache: DataCache, a: str, b: str) -> EditionDiff:
    """Entered, left, moved from edition ``a`` to ``b``, drivers in words, roadmap gaps of B's year."""
    from keyparts.programme.editions import diff
    ea, eb = edition(engine, a), edition(engine, b)
    return diff(ea, eb, notes=roadmap_notes(cache, eb.year))


def edition_file(engine: Engine, name: str, fmt: str) -> tuple[bytes, str, str]:
    """(content, media type, file name) of an edition's ranked list as CSV, XLSX or HTML."""
    import html as h

    from keyparts.web.exports import BOM, XLSX_TYPE, to_csv, to_xlsx
    if fmt not in EXPORTS:
        raise InputError(f"format {fmt!r}: expected csv, xlsx or html")
    ed = edition(engine, name)
    rows = [{k: (None if isinstance(v, float) and v != v else v) for k, v in r.items()}
            for r in ed.rows.sort_values("rank").astype(object).to_dict("records")]
    stem = f"key-categories-{name}"
    if fmt == "csv":
        return to_csv(rows).encode("utf-8") if rows else BOM.encode(), "text/csv; charset=utf-8", f"{stem}.csv"
    if fmt == "xlsx":
        return to_xlsx(rows, "edition", list(ed.rows.columns)), XLSX_TYPE, f"{stem}.xlsx"
    about = {k: v for k, v in ed.to_dict().items() if k != "categories"}
    meta = "".join(f"<tr><th>{h.escape(k)}</th><td>{h.escape(str(v))}</td></tr>" for k, v in about.items())
    head = "".join(f"<th>{h.escape(c)}</th>" for c in ed.rows.columns)
    body = "".join("<tr>" + "".join(f"<td>{'' if r[c] is None else h.escape(str(r[c]))}</td>" for c in ed.rows.columns)
                   + "</tr>" for r in rows)
    text = (f"<!doctype html><meta charset='utf-8'><title>Edition {h.escape(name)}</title>"
            f"<h1>Key-category list, edition {h.escape(name)}</h1><table>{meta}</table>"
            f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
    return text.encode("utf-8"), "text/html; charset=utf-8", f"{stem}.html"


# ------------------------------------------------------------------ challenges
def challenge_targets(cache: DataCache) -> ChallengeReport:
    """Each challenge with its status, bids and gates (``challenge_list``) and its target clauses
    with the remaining gap per parameter against the best qualified domestic part
    (``check_challenges``), merged by id; no effect (quick)."""
    from keyparts.programme.challenges import challenge_list, check_challenges

    def build() -> ChallengeReport:
        ds = cache.dataset()
        if ds.frames.get("challenges") is None or not len(ds.frames["challenges"]):
            return ChallengeReport(None, [], {})
        checked = {c["id"]: c for c in check_challenges(ds).challenges}
        rows = [{**c, "clauses": checked[c["id"]]["clauses"], "met": checked[c["id"]]["met"],
                 "qualified_domestic_parts": checked[c["id"]]["qualified_domestic_parts"]}
                for c in challenge_list(ds)]
        return ChallengeReport(None, rows, {})
    return cache.derived("programme_challenge_targets", PROGRAMME, build)


def challenge_board(cache: DataCache) -> ChallengeReport:
    """:func:`challenge_targets` with each challenge's counterfactual effect (SR, localisation,
    worst-embargo loss at planned capacity) and its portfolio rank with the 5-95 % interval of
    the loss reduction (``portfolio``, Monte Carlo), best rank first."""
    from keyparts.programme.challenges import portfolio

    def build() -> ChallengeReport:
        targets = challenge_targets(cache)
        if not targets.challenges:
            return targets
        by_id = {c["id"]: c for c in targets.challenges}
        port = portfolio(cache.dataset())
        return ChallengeReport(port.year, [{**by_id[p["id"]], **p} for p in port.challenges], port.method)
    return cache.derived("programme_challenges", PROGRAMME, build)
