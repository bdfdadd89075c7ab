"""Sharing and answering demands: share, publish and revoke several rows at once, a maker's
prices, the demand board (public demands and demands shared with the caller, in its
categories) and offers (a part, a price, a capacity) that the demand's OEM sees and allocates
with. Rules of who sees what: :mod:`keyparts.web.tenancy`; services: :mod:`keyparts.web.sharing`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Response
from pydantic import BaseModel, Field

from keyparts.web import sharing
from keyparts.dataset.schema import INT_MAX
from keyparts.web.api.schemas import Campaign, Demand, Id, Strict, Visibility
from keyparts.web.deps import Cache, Caller, Repo

router = APIRouter(tags=["sharing"])


class ShareIn(Strict):
    kind: Literal["demands", "tests", "prices"]
    keys: list[str] = Field(min_length=1, max_length=5000, description="demand ids, test_ids or part ids")
    visibility: Literal["private", "shared", "public"]
    shared_with: list[str] = Field(default=[], max_length=1000, description="enterprise ids (for shared)")


class MyPrice(BaseModel):
    part_id: str
    designation: str
    category_id: str
    status: str
    unit_price_usd: float | None
    annual_capacity: float | None
    visibility: str
    shared_with: list[str]


class OfferIn(Strict):
    part_id: str = Id
    unit_price_usd: float = Field(ge=0, le=1e12, description="USD per piece")
    capacity: float | None = Field(default=None, gt=0, le=1e12, description="pieces for this demand")
    note: str | None = Field(default=None, max_length=1000)


class Offer(BaseModel):
    id: int
    demand_id: str
    part_id: str
    maker_id: str
    unit_price_usd: float
    capacity: float | None
    note: str | None
    created_by: str | None
    updated_at: str
    maker_name: str | None = None
    designation: str | None = None


class MyPart(BaseModel):
    part_id: str
    designation: str | None
    passed: bool | None = Field(description="meets the demand (None: not judged)")
    life_h: float | None = None
    reasons: list[str] = []
    fails: list[str] = Field(default=[], description="the reasons it fails the demand")


class BoardDemand(Demand):  # type: ignore[misc,valid-type]
    oem_name: str
    my_parts: list[MyPart]
    offers: list[Offer]
    match_error: str | None = None


class SharedDemand(Demand):  # type: ignore[misc,valid-type]
    kind: str
    key: str
    visibility: str
    shared_with: list[str]


class SharedCampaign(Campaign):
    kind: str
    key: str
    visibility: str
    shared_with: list[str]


class MyRows(BaseModel):
    demands: list[SharedDemand]
    campaigns: list[SharedCampaign]


@router.put("/sharing", response_model=list[Visibility], operation_id="share_rows")
def share_rows(body: ShareIn, p: Caller, repo: Repo) -> list[dict]:
    """Make several owned rows private (revoke), shared with named enterprises, or public."""
    return sharing.share(repo, body.kind, body.keys, body.visibility, body.shared_with)


@router.get("/sharing", response_model=MyRows, operation_id="list_my_shared_rows")
def list_my_rows(p: Caller, repo: Repo) -> dict:
    """The caller's demands and life-test campaigns with their visibility."""
    return sharing.my_rows(repo)


@router.get("/prices", response_model=list[MyPrice], operation_id="list_my_prices")
def list_my_prices(p: Caller, repo: Repo) -> list[dict]:
    """The caller's parts with their unit price and its visibility (set a price with
    ``PUT /parts/{id}/price``, share it with ``PUT /sharing``)."""
    return repo.my_prices()


@router.get("/board", response_model=list[BoardDemand], operation_id="demand_board")
def demand_board(p: Caller, cache: Cache, repo: Repo,
                 all_categories: Annotated[bool, Query(description="every visible demand, any category")] = False
                 ) -> list[dict]:
    """Other enterprises' demands that are public or shared with the caller, in the categories
    it makes parts in, with its parts that meet each and its offers."""
    return sharing.board(cache, repo, everything=all_categories)


@router.get("/offers", response_model=list[Offer], operation_id="list_offers")
def list_offers(p: Caller, cache: Cache, repo: Repo,
                demand_id: Annotated[str | None, Query(max_length=200)] = None,
                mine: Annotated[bool, Query(description="only offers the caller made")] = False) -> list[dict]:
    """Offers the caller is a party to: made by it, or on its demands."""
    return sharing.offers_view(cache, repo, mine=mine, demand_ids=[demand_id] if demand_id else None)


@router.post("/demands/{demand_id}/offers", response_model=Offer, status_code=201, operation_id="make_offer")
def make_offer(demand_id: str, body: OfferIn, p: Caller, cache: Cache, repo: Repo) -> dict:
    """Offer one of the caller's parts for a demand it can see (again: revise the offer)."""
    o = repo.offer(demand_id, body.part_id, body.unit_price_usd, body.capacity, body.note)
    return next(x for x in sharing.offers_view(cache, repo, mine=True, demand_ids=[demand_id]) if x["id"] == o["id"])


@router.delete("/offers/{offer_id}", status_code=204, operation_id="withdraw_offer")
def withdraw_offer(offer_id: Annotated[int, Path(ge=1, le=INT_MAX)], p: Caller, repo: Repo) -> Response:
    """Withdraw an offer the caller's enterprise made."""
    repo.withdraw_offer(offer_id)
    return Response(status_code=204)
