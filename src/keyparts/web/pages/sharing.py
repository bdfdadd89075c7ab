"""Pages to share, publish and revoke (demands, prices, life-test campaigns), a maker's price
page, the makers' demand board with offers, and the offers an OEM received. They call the
same services as the API (:mod:`keyparts.web.sharing`, the tenant repository)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse

from keyparts.errors import InputError, KeypartsError
from keyparts.web import sharing
from keyparts.web.deps import Cache, Caller, Repo
from keyparts.web.pages import cat_label, error_box, render

router = APIRouter(include_in_schema=False)
Text = Annotated[str, Form(max_length=2000)]


def _number(field: str, text: str, *, optional: bool = False) -> float | None:
    """A number typed into a form (USD or pieces), or None when empty and allowed."""
    t = text.strip().replace(",", "")
    if not t and optional:
        return None
    try:
        v = float(t)
    except ValueError:
        raise InputError(f"{field}: {text!r} is not a number") from None
    if not 0 <= v < 1e12:
        raise InputError(f"{field}: {text!r}, expected a number from 0 to 1e12")
    return v


def _ids(text: str) -> list[str]:
    return [s.strip() for s in text.replace(",", ";").split(";") if s.strip()]


# ------------------------------------------------------------------ what I share
@router.get("/sharing", response_class=HTMLResponse)
def sharing_page(request: Request, p: Caller, cache: Cache, repo: Repo) -> HTMLResponse:
    rows = sharing.my_rows(repo)
    return render(request, "sharing.html", p, **rows, cats=cache.categories(), label=cat_label, tab="sharing")


@router.post("/sharing/visibility", response_class=HTMLResponse)
def visibility_submit(request: Request, p: Caller, repo: Repo, kind: Annotated[str, Form(max_length=20)],
                      key: Annotated[str, Form(max_length=1000)], visibility: Annotated[str, Form(max_length=20)],
                      shared_with: Text = "") -> HTMLResponse:
    """Set one row's visibility; answers the row's visibility form, saved or with the error."""
    error = None
    try:
        (vis,) = sharing.share(repo, kind, [key], visibility, _ids(shared_with))
    except KeypartsError as exc:
        if not isinstance(exc, InputError):
            return error_box(request, exc)
        error = str(exc).splitlines()[0]
        vis = repo.get_visibility(kind, key)
    return render(request, "_visibility_form.html", p, kind=kind, key=key, vis=vis, saved=error is None,
                  error=error)


# ------------------------------------------------------------------ a maker's prices
@router.get("/prices", response_class=HTMLResponse)
def prices_page(request: Request, p: Caller, cache: Cache, repo: Repo) -> HTMLResponse:
    return render(request, "prices.html", p, prices=repo.my_prices(), cats=cache.categories(), label=cat_label,
                  tab="prices")


@router.post("/prices/set", response_class=HTMLResponse)
def price_submit(request: Request, p: Caller, cache: Cache, repo: Repo,
                 part_id: Annotated[str, Form(max_length=200)], unit_price_usd: Text = "") -> HTMLResponse:
    """Set (or clear, when empty) the unit price of one of the caller's parts."""
    try:
        repo.set_price(part_id, _number("unit_price_usd", unit_price_usd, optional=True))
        (row,) = [r for r in repo.my_prices() if r["part_id"] == part_id]
    except KeypartsError as exc:
        return error_box(request, exc)
    return render(request, "_price_row.html", p, r=row, cats=cache.categories(), label=cat_label, saved=True)


@router.post("/prices/share-all", response_class=HTMLResponse)
def prices_share_all(request: Request, p: Caller, cache: Cache, repo: Repo,
                     visibility: Annotated[str, Form(max_length=20)], shared_with: Text = "") -> HTMLResponse:
    """Give every priced part of the caller the same visibility."""
    try:
        keys = [r["part_id"] for r in repo.my_prices() if r["unit_price_usd"] is not None]
        if not keys:
            raise InputError("no priced part to share: set a price first")
        sharing.share(repo, "prices", keys, visibility, _ids(shared_with))
    except KeypartsError as exc:
        return error_box(request, exc)
    return render(request, "_price_rows.html", p, prices=repo.my_prices(), cats=cache.categories(), label=cat_label)


# ------------------------------------------------------------------ demand board
@router.get("/board", response_class=HTMLResponse)
def board_page(request: Request, p: Caller, cache: Cache, repo: Repo, all: bool = False) -> HTMLResponse:
    demands = sharing.board(cache, repo, everything=all)
    return render(request, "board.html", p, demands=demands, everything=all, cats=cache.categories(),
                  label=cat_label, tab="board")


@router.post("/board/offer", response_class=HTMLResponse)
def offer_submit(request: Request, p: Caller, cache: Cache, repo: Repo,
                 demand_id: Annotated[str, Form(max_length=200)], part_id: Annotated[str, Form(max_length=200)],
                 unit_price_usd: Text, capacity: Text = "", note: Text = "") -> HTMLResponse:
    """Offer a part for a demand; answers the list of the caller's offers on it."""
    try:
        repo.offer(demand_id, part_id, _number("unit_price_usd", unit_price_usd),
                   _number("capacity", capacity, optional=True) or None, note.strip() or None)
    except KeypartsError as exc:
        return error_box(request, exc)
    offers = sharing.offers_view(cache, repo, mine=True, demand_ids=[demand_id])
    return render(request, "_offer_list.html", p, offers=offers, sent=True)


@router.post("/offers/withdraw", response_class=HTMLResponse)
def offer_withdraw(request: Request, p: Caller, repo: Repo,
                   offer_id: Annotated[int, Form(ge=1, le=2**31 - 1)]) -> HTMLResponse:
    try:
        repo.withdraw_offer(offer_id)
    except KeypartsError as exc:
        return error_box(request, exc)
    return HTMLResponse("")


# ------------------------------------------------------------------ offers received / made
@router.get("/offers", response_class=HTMLResponse)
def offers_page(request: Request, p: Caller, cache: Cache, repo: Repo) -> HTMLResponse:
    return render(request, "offers.html", p, received=sharing.offers_received(cache, repo),
                  made=sharing.offers_view(cache, repo, mine=True), cats=cache.categories(), label=cat_label,
                  tab="offers")
