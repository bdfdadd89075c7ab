"""Pages of the programme over time (issue 14 §5): a category's trend with its targets, the
editions of the key-category list and their difference, the localisation dashboard (national for
analysts, an OEM's own products for its members), the challenge board. They call
``keyparts.web.services.programme`` as the API does; charts are built by ``keyparts.charts.programme``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from keyparts.charts import programme as charts
from keyparts.errors import KeypartsError
from keyparts.web import i18n
from keyparts.web.api.programme import LocalisationSource, export_links
from keyparts.web.concurrency import off_loop, within
from keyparts.web.deps import Cache, Caller, National
from keyparts.web.services import programme as svc

router = APIRouter(include_in_schema=False)
INDICATORS = ("consumption_share", "bom_value_share", "qualified_capacity_share")
BOARD_WAIT_S = 3.0   # the challenge board shows targets and gaps at once, effects when computed


def pct(v: float | None) -> str:
    """A fraction as per cent, '—' when unknown."""
    return "—" if v is None or v != v else f"{100 * v:.1f} %"


def pts(v: float | None) -> str:
    """A change of a fraction in percentage points."""
    if v is None or v != v:
        return "—"
    points = f"{100 * v:+.1f}" if abs(v) >= 5e-4 else "0.0"
    return i18n.gettext("%(v)s pp", v=points)


def num(v: float | None) -> str:
    return "—" if v is None or v != v else f"{v:.3f}"


def usdm(v: float | None) -> str:
    return "—" if v is None or v != v else f"{v / 1e6:,.1f} m"


def usd(v: float | None) -> str:
    """USD with a thousands separator (no scale: a small figure stays readable)."""
    return "—" if v is None or v != v else f"{v:,.0f}"


def factor_labels() -> dict[str, str]:
    """The score's factors (keyparts.programme.editions.FACTORS) in the interface language."""
    _ = i18n.gettext
    return {"import_reliance": _("import reliance IR"), "hhi_global": _("concentration of global supply HHI_GS"),
            "hhi_risk": _("concentration of import origins HHI"),
            "si_sr": _("substitution index SI_SR (qualified domestic capacity)"),
            "sr_max": _("the list's largest SR (normaliser)"), "w_sr": _("weight of SR"),
            "economic_importance": _("economic importance EI"), "w_ei": _("weight of EI"),
            "worst_embargo_loss_usd": _("worst single-country embargo loss"),
            "loss_max": _("the list's largest embargo loss (normaliser)"), "w_loss": _("weight of the embargo loss")}


def driver(d: dict) -> str:
    """One driver of a score change in words: the factor, its values in A and B, its part."""
    from keyparts.programme.editions import FACTORS
    if d["contribution"] is None:
        return i18n.gettext("Roadmap gap: %(w)s", w=d["words"])
    kind = FACTORS[d["indicator"]][1]
    fmt = {"pct": pct, "usd": lambda v: "USD " + usdm(v)}.get(kind, num)
    part = f"{d['contribution']:+.3f}"
    return i18n.gettext("%(what)s %(a)s → %(b)s: %(c)s score", what=factor_labels()[d["indicator"]],
                        a=fmt(d["from"]), b=fmt(d["to"]), c=part)


def _render(request: Request, name: str, p, **ctx) -> HTMLResponse:
    from keyparts.web.pages import cat_label, render
    return render(request, name, p, label=cat_label, pct=pct, pts=pts, num=num, usdm=usdm, usd=usd, driver=driver, **ctx)


def indicator_names() -> dict[str, str]:
    _ = i18n.gettext
    return {"consumption_share": _("domestic share of consumption (1 − IR)"),
            "bom_value_share": _("domestic value share of the BOM"),
            "qualified_capacity_share": _("qualified domestic capacity share")}


@router.get("/programme", response_class=HTMLResponse)
def programme_page(request: Request, p: Caller, cache: Cache) -> HTMLResponse:
    return _render(request, "programme.html", p, cats=cache.categories())


@router.get("/categories/{category_id}/trend", response_class=HTMLResponse)
@off_loop
def trend_page(category_id: str, request: Request, p: National, cache: Cache) -> HTMLResponse:
    _ = i18n.gettext
    t = svc.category_trend(cache, category_id)          # 404 for an unknown id
    years = [int(y) for y in t.indicators["year"]]
    names = indicator_names()
    ind = t.indicators
    loc = t.localisation.categories.set_index("year").reindex(years)
    series = {_("import reliance IR"): list(ind["import_reliance"])}
    series |= {names[k]: list(loc[k]) for k in INDICATORS}
    targets = [{"name": _("target: %(i)s %(y)s", i=names[r.indicator], y=r.year), "series": names[r.indicator],
                "year": int(r.year), "value": r.value, "actual_year": r.actual_year, "actual": r.actual}
               for r in t.localisation.targets.itertuples(index=False)]
    shares = charts.trend_option(years, series, targets=targets)
    hhi = charts.trend_option(years, {_("HHI of import origins"): list(ind["hhi"])}, percent=False, y_name="HHI")
    org = t.origins
    by_country = {c: [float(org[(org["country"] == c) & (org["year"] == y)]["share"].sum()) for y in years]
                  for c in dict.fromkeys(org["country"])}
    origins = charts.origins_option(years, by_country, other=_("other"))
    return _render(request, "programme_trend.html", p, c=cache.categories()[category_id], cid=category_id,
                   cats=cache.categories(), t=t, names=names, shares=shares, hhi=hhi, origins=origins,
                   rows=t.indicators.merge(t.localisation.categories, on=["category_id", "year"], how="left")
                   .to_dict("records"))


@router.get("/programme/editions", response_class=HTMLResponse)
def editions_page(request: Request, p: National) -> HTMLResponse:
    eds = [{**e, "exports": export_links(e["name"])} for e in svc.editions(request.app.state.engine)]
    return _render(request, "programme_editions.html", p, editions=eds)


@router.get("/programme/editions/diff", response_class=HTMLResponse)
@off_loop
def diff_page(request: Request, p: National, cache: Cache, a: Annotated[str, Query(max_length=100)],
              b: Annotated[str, Query(max_length=100)]) -> HTMLResponse:
    eds = svc.editions(request.app.state.engine)
    d, error = None, None
    try:
        d = svc.edition_diff(request.app.state.engine, cache, a, b).to_dict()
    except KeypartsError as exc:
        error = str(exc)
    return _render(request, "programme_diff.html", p, editions=eds, a=a, b=b, d=d, error=error,
                   cats=cache.categories())


@router.get("/programme/localisation", response_class=HTMLResponse)
@off_loop
def localisation_page(request: Request, p: Caller, src: LocalisationSource, cache: Cache,
                      year: Annotated[int | None, Query(ge=1900, le=2100)] = None,
                      category: Annotated[str | None, Query(max_length=100)] = None) -> HTMLResponse:
    """The national rates of the category families, or of ``category``'s subcategories (drill-down),
    products and industries of a year; an OEM's member: its own products."""
    _ = i18n.gettext
    error, loc = None, None
    try:
        loc = svc.localisation(src)
    except KeypartsError as exc:
        error = str(exc)
    years = sorted({int(y) for y in loc.products["year"]}) if loc is not None else []
    year = year if year in years else (years[-1] if years else None)
    pick = lambda df: df[df["year"] == year].to_dict("records") if loc is not None else []  # noqa: E731
    cats = cache.categories()
    category = category if category in cats else None
    under = (lambda c: cats[c]["parent_id"] == category) if category else (lambda c: cats[c]["level"] == "family")
    cat_rows = [r for r in pick(loc.categories) if r["category_id"] in cats and under(r["category_id"])] \
        if loc is not None else []
    has_children = {c["parent_id"] for c in cats.values() if c["parent_id"]}
    prod_rows = pick(loc.products) if loc is not None else []
    names = indicator_names()
    chart_rows = prod_rows if src.scope == "enterprise" else cat_rows
    key = "product_id" if src.scope == "enterprise" else "category_id"
    chart = charts.side_by_side_option([r[key] for r in chart_rows],
                                       {names[k]: [r[k] for r in chart_rows] for k in INDICATORS},
                                       urls=[None if src.scope == "enterprise" else f"/categories/{r[key]}/trend"
                                             for r in chart_rows]) if chart_rows else None
    return _render(request, "programme_localisation.html", p, src=src, loc=loc, error=error, year=year,
                   years=years, cat_rows=cat_rows, prod_rows=prod_rows, category=category, has_children=has_children,
                   ind_rows=pick(loc.industries) if loc is not None else [],
                   targets=loc.targets.to_dict("records") if loc is not None else [], names=names,
                   chart=chart, cats=cats)


@router.get("/programme/challenges", response_class=HTMLResponse)
async def challenges_page(request: Request, p: National, cache: Cache) -> HTMLResponse:
    _ = i18n.gettext
    error = None
    try:
        done, board = await within("programme_challenges", BOARD_WAIT_S, lambda: svc.challenge_board(cache))
    except KeypartsError as exc:   # e.g. a challenge without a price to put on its part
        done, board, error = False, None, str(exc)
    chart = None
    if done and board.challenges:
        ch = board.challenges
        chart = charts.portfolio_option([c["id"] for c in ch], [c["expected_loss_reduction_usd"] for c in ch],
                                        [c["loss_reduction_p5_usd"] for c in ch],
                                        [c["loss_reduction_p95_usd"] for c in ch],
                                        names=(_("expected loss reduction"), _("5th–95th percentile")),
                                        x_name=_("USD m"))
    if not done:
        board = svc.challenge_targets(cache)
    return _render(request, "programme_challenges.html", p, board=board, effects=done, chart=chart, error=error,
                   cats=cache.categories())
