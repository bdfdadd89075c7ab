"""Demand matching: which parts can serve one OEM demand, how well, and why.

For a demand (category, constraints, quantity, loads, required life) every part of the
demand's category subtree is judged in four steps, hard filters first and a weighted score of
the survivors after (the usual shape of supplier selection in purchasing systems: eligibility,
then a quality-cost-delivery score):

1. **hard filters**, in this order: each specification clause of ``constraints``, status
   (``qualified``/``production`` unless allowed otherwise), annual capacity > 0 and at least
   ``min_capacity_fraction`` × quantity;
2. **application check**: for bearings with loads, the basic rating life
   L10h = (10⁶ / 60n)·(C/P)^p (ISO 281:2007 eq. 1/3, P by ISO 281 clause 5) at the demand's
   Fr, Fa, n must reach ``required_life_h`` (via :func:`keyparts.design.bearing_check`);
3. **evidence**: the B10 lower bound from the part's life tests (:mod:`.evidence`), else
   "untested";
4. **supply risk** of the maker's country, min(10, risk × export_control) by
   :func:`keyparts.supply.country.country_risk` (an unknown risk counts as 5), and home vs foreign.

Passing candidates are ranked by a weighted score (weights are data, :data:`DEFAULT_WEIGHTS`);
each component is in [0, 1]:

* ``life_margin`` = clip(0.5 + 0.5·log10(L10h / required), 0, 1) (0.5 when not checked);
* ``evidence`` = clip(B10_lower / required, 0, 1); 0 if untested; 0.5 if tested but not
  comparable or no requirement;
* ``supply_risk`` = 1 − min(10, risk·t)/10 of the maker's country (0.5 when the risk is unknown);
* ``domestic`` = 1 for a maker in the home country, else 0;
* ``price`` = cheapest passing unit price / this price (0.5 when unknown).

Every candidate carries reasons (passed/failed, with the margin); a demand no part meets
reports the filter that eliminated the last candidates (``eliminated_by``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from keyparts.errors import InputError, KeypartsError, NotFoundError
from keyparts.makers.specialisation import SPECIALISED_S, specialisation_by_maker
from keyparts.match.evidence import Evidence, evidence_by_part
from keyparts.match.index import PartIndex
from keyparts.match.query import LOAD_UNITS, Clause, clause_problem, parse_loads, parse_query, split_clauses
from keyparts.match.search import clause_label, clause_mask

DEFAULT_WEIGHTS: dict[str, float] = {"life_margin": 0.25, "evidence": 0.25, "supply_risk": 0.2,
                                     "domestic": 0.1, "price": 0.2}
DEFAULT_STATUS = ("qualified", "production")
# Share of the score given to a specialised maker (issue 16; docs/methods.md): a judgement.
SPECIALISED_WEIGHT = 0.1
# category words -> keyparts.design bearing_type
_BEARING_TYPES = (("angular", "angular_contact"), ("taper", "tapered"), ("cylindrical", "cylindrical"),
                  ("spherical", "spherical_roller"), ("ball", "deep_groove"), ("bearing", "deep_groove"))


@dataclass(frozen=True)
class MatchResult:
    """Candidates for one demand; ``to_dict()`` is the ``keyparts match --json`` contract."""

    demand: dict
    candidates: tuple[dict, ...]
    funnel: tuple[tuple[str, int], ...]
    eliminated_by: str | None
    weights: dict
    concentration_hhi: float | None
    considered: int
    method: str = ("hard filters -> ISO 281 L10h check -> Weibull B10 lower bound -> "
                   "country risk; weighted score")

    @property
    def passed(self) -> tuple[dict, ...]:
        return tuple(c for c in self.candidates if c["passed"])

    def to_dict(self) -> dict:
        return {"demand": dict(self.demand), "candidates": [dict(c) for c in self.candidates],
                "funnel": [{"after": a, "remaining": n} for a, n in self.funnel],
                "eliminated_by": self.eliminated_by, "weights": dict(self.weights),
                "concentration_hhi": self.concentration_hhi, "considered": self.considered,
                "method": self.method}


def demand_problems(demand: Mapping, parameters: Mapping[str, tuple[str, str]]) -> list[tuple[str, str]]:
    """Why ``demand`` could not be matched, as (field, message) per bad clause; empty = fine.

    ``constraints`` clauses are checked against ``parameters`` (name -> (kind, canonical unit)
    of the parameters visible in the demand's category, :meth:`PartIndex.category_parameters`)
    by :func:`~keyparts.match.query.clause_problem`: ``d=25kg`` is refused where d is a length.
    ``loads`` must convert to :data:`LOAD_UNITS` (Fr, Fa in kN, n in r/min). The one check used
    where a demand enters (API, demand page, ``demands.csv`` import) and where a stored one is
    matched or allocated.
    """
    out: list[tuple[str, str]] = []
    cat = demand.get("category_id")
    for piece in split_clauses(demand.get("constraints")):
        try:
            (c,) = parse_query(piece)
        except InputError as exc:
            out.append(("constraints", str(exc)))
            continue
        kind, unit = parameters.get(c.parameter, (None, ""))
        msg = clause_problem(c, kind, unit)
        if msg and kind is None:
            msg += f" in category {cat}, expected one of: {', '.join(sorted(parameters))}"
        if msg:
            out.append(("constraints", msg))
    for piece in split_clauses(demand.get("loads")):
        try:
            parse_loads(piece, LOAD_UNITS)
        except InputError as exc:
            out.append(("loads", str(exc)))
    return out


def check_demand(demand: Mapping, index: PartIndex) -> None:
    """Raise :class:`InputError` naming the demand and its first bad clause (see :func:`demand_problems`)."""
    problems = demand_problems(demand, index.category_parameters(demand.get("category_id")))
    if problems:
        field, msg = problems[0]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise InputError(f"demand {demand.get('id', '?')}: {field}: {msg}{more}")


def _fmt(v: float) -> str:
    if not np.isfinite(v):
        return str(v)
    if abs(v) >= 1000 or float(v).is_integer():
        return f"{v:,.0f}"
    return f"{v:.4g}"


def _clause_reason(index: PartIndex, clause: Clause, row: int, ok: bool) -> str:
    name = clause.parameter
    unit = index.units.get(name, "")
    vals = index.values_of(row)
    if name not in vals:
        return f"FAIL {clause.text}: the part has no {name}"
    v = vals[name]
    word = "PASS" if ok else "FAIL"
    if isinstance(v, float) and clause.is_numeric:
        lo, hi, _, _ = clause.numeric_bounds(unit)
        if ok:
            margins = [m for m in (v - lo, hi - v) if np.isfinite(m)]
            if clause.op in (">=", ">") or (clause.op == "range" and not np.isfinite(hi)):
                return f"{word} {clause.text}: {name}={_fmt(v)} {unit} (margin +{_fmt(v - lo)} {unit}" + \
                    (f", +{(v - lo) / abs(lo):.0%})" if lo else ")")
            if clause.op in ("<=", "<"):
                return f"{word} {clause.text}: {name}={_fmt(v)} {unit} (margin {_fmt(hi - v)} {unit} below)"
            return f"{word} {clause.text}: {name}={_fmt(v)} {unit}" + \
                (f" (within {_fmt(min(margins))} {unit} of a limit)" if clause.op == "range" else "")
        ref = lo if v < lo else hi
        if clause.op == "=" and clause.tolerance is None and clause.tolerance_relative is None:
            ref = clause.value_in(unit)  # within catalogue precision: measure from the value asked for
        short = abs(v - ref)
        rel = f", {short / abs(ref):.0%}" if ref else ""
        side = "below" if v < lo else "above"
        return f"{word} {clause.text}: {name}={_fmt(v)} {unit} is {_fmt(short)} {unit} {side}{rel}"
    return f"{word} {clause.text}: {name}={v}"


def _bearing_type(category_name: str) -> str:
    low = category_name.lower()
    for word, kind in _BEARING_TYPES:
        if word in low:
            return kind
    return "deep_groove"


def _num(index: PartIndex, name: str, rows: np.ndarray) -> np.ndarray:
    col = index.numeric.get(name)
    return np.full(rows.size, np.nan) if col is None else col[rows]


def _certifications(text: object) -> set[str]:
    """A ';'-separated list of approvals as a set, compared without case or spaces
    (``"AS9100D; ISO 9001"`` holds ``"as9100d"``)."""
    if not isinstance(text, str):
        return set()
    return {c.strip().upper().replace(" ", "") for c in text.split(";") if c.strip()}


def match_demand(demand: Mapping, index: PartIndex, *, countries: pd.DataFrame | None = None,
                 categories: pd.DataFrame | None = None, tests: pd.DataFrame | None = None,
                 home_country: str = "CN", weights: Mapping[str, float] | None = None,
                 allowed_status: Sequence[str] = DEFAULT_STATUS, min_capacity_fraction: float = 0.0,
                 top: int = 10, cl: float = 0.9, include_failed: bool = True,
                 with_evidence: bool = True, qualified_for_buyer: Sequence[str] = (),
                 specialised_makers: Sequence[str] | None = None) -> MatchResult:
    """Judge, score and rank the parts of ``index`` for one ``demand`` row (demands.csv).

    ``demand`` keys: id, category_id, quantity, constraints, loads, required_life_h (optional
    oem_id, need_by, certifications: approvals the maker must hold, a hard filter). ``countries`` (code, risk, export_control) and ``tests`` (tests.csv)
    feed supply risk and evidence; ``categories`` (id, name) picks the bearing type.
    ``weights`` override :data:`DEFAULT_WEIGHTS` (non-negative, normalised to sum 1).
    ``top`` candidates are returned: passing ones first by score, then (if
    ``include_failed``) the near misses with what failed. ``with_evidence=False`` skips the
    life-test fits (every part then scores as untested), for bulk use by the allocation.
    ``qualified_for_buyer``: ids of parts the demand's OEM has qualified (a qualification case
    at small_batch or later, issue 13): they pass the status filter whatever their global
    status and rank first among the passing candidates.
    ``specialised_makers``: ids of makers with specialisation index S >= SPECIALISED_S (issue 16,
    :func:`keyparts.makers.specialisation_by_maker`); when given (a registry exists), the score
    becomes (1 − :data:`SPECIALISED_WEIGHT`)·score + SPECIALISED_WEIGHT·[maker specialised].
    Only this yes/no enters the result, never S (it is computed from confidential facts).
    """
    w = dict(DEFAULT_WEIGHTS)
    for k, v in (weights or {}).items():
        if k not in DEFAULT_WEIGHTS:
            raise InputError(f"weights: unknown component {k!r}, expected {', '.join(DEFAULT_WEIGHTS)}")
        if not np.isfinite(v) or v < 0:
            raise InputError(f"weights: {k}={v} is not a number >= 0")
        w[k] = float(v)
    total_w = sum(w.values())
    if total_w <= 0:
        raise InputError("weights: all zero, expected at least one positive weight")
    w = {k: v / total_w for k, v in w.items()}
    did = str(demand.get("id", "?"))
    cat = demand.get("category_id")
    try:
        clauses = parse_query(demand.get("constraints"))
        loads = parse_loads(demand.get("loads"), LOAD_UNITS) if _present(demand.get("loads")) else {}
    except InputError as exc:
        raise InputError(f"demand {did}: {exc}") from None
    req = _float(demand.get("required_life_h"))
    qty = _float(demand.get("quantity")) or 0.0

    scope = index.category_mask(cat) if _present(cat) else np.ones(len(index), bool)
    rows = np.flatnonzero(scope)
    funnel = [(f"category {cat}" if _present(cat) else "all parts", int(rows.size))]
    steps: list[tuple[str, np.ndarray]] = []
    for c in clauses:
        try:
            steps.append((clause_label(index, c), clause_mask(index, c)[rows]))
        except InputError as exc:
            raise InputError(f"demand {did}: {exc}") from None
    status = index.text["status"]
    st_ok = status.label_mask(np.isin(status.labels, list(allowed_status)))[rows]
    mine = np.isin(index.part_id[rows].astype(str), [str(p) for p in qualified_for_buyer])
    steps.append((f"status in {','.join(allowed_status)}"
                  + (" or qualified by the buyer" if len(qualified_for_buyer) else ""), st_ok | mine))
    required = _certifications(demand.get("certifications"))
    if required:
        certs = index.text.get("certifications")
        held = (np.zeros(rows.size, bool) if certs is None else certs.label_mask(np.array(
            [required <= _certifications(lab) for lab in certs.labels], dtype=bool))[rows])
        steps.append((f"maker holds {', '.join(sorted(required))}", held))
    cap = _num(index, "annual_capacity", rows)
    need_cap = min_capacity_fraction * qty
    with np.errstate(invalid="ignore"):
        cap_ok = ~(cap <= 0) & ~(cap < need_cap)
    steps.append(("annual_capacity > 0" + (f" and >= {_fmt(need_cap)}" if need_cap else ""), cap_ok))

    # application check (bearings with loads)
    life_h = np.full(rows.size, np.nan)
    app_label = None
    if loads and "Fr" in loads and "C" in index.numeric:
        app_label = f"L10h >= {_fmt(req)} h at {demand.get('loads')}" if req else f"L10h at {demand.get('loads')}"
        life_h = _bearing_life(index, rows, loads, categories)
        with np.errstate(invalid="ignore"):
            app_ok = (life_h >= req) if req else np.isfinite(life_h)
        steps.append((app_label, app_ok))

    alive = np.ones(rows.size, bool)
    eliminated_by = None
    for label, ok in steps:
        before = int(alive.sum())
        alive &= ok
        funnel.append((label, int(alive.sum())))
        if before and not alive.any() and eliminated_by is None:
            eliminated_by = f"{label} (eliminated the last {before} candidate(s))"
    if not rows.size:
        eliminated_by = f"category {cat}: no parts in this category or its subcategories"

    passed_rows = rows[alive]
    speed = loads.get("n")
    ev = evidence_by_part(tests if with_evidence else None, index.part_id[passed_rows], speed_rpm=speed, cl=cl)
    from keyparts.supply.country import MAX_RISK, country_risk  # here: a search imports no supply engine

    country = _labels(index, "country", passed_rows)
    risk = country_risk(countries, country)
    price = _num(index, "unit_price_usd", passed_rows)
    cheapest = np.nanmin(price) if np.isfinite(price).any() else np.nan
    maker = _labels(index, "maker_id", passed_rows)
    spec_set = {str(x) for x in (specialised_makers or ())}
    scores = []
    for k, r in enumerate(passed_rows):
        e = ev[str(index.part_id[r])]
        L = life_h[alive][k]
        comp = {
            "life_margin": float(np.clip(0.5 + 0.5 * np.log10(L / req), 0, 1)) if req and np.isfinite(L) else 0.5,
            "evidence": _evidence_score(e, req),
            "supply_risk": 1.0 - risk[k] / MAX_RISK,
            "domestic": 1.0 if country[k] == home_country else 0.0,
            "price": float(cheapest / price[k]) if np.isfinite(price[k]) and price[k] > 0 else 0.5,
        }
        total = sum(w[c] * v for c, v in comp.items())
        if specialised_makers is not None:
            comp["specialised"] = 1.0 if maker[k] in spec_set else 0.0
            total = (1 - SPECIALISED_WEIGHT) * total + SPECIALISED_WEIGHT * comp["specialised"]
        scores.append((total, comp, e, L))
    first = np.isin(index.part_id[passed_rows].astype(str), [str(p) for p in qualified_for_buyer])
    order = sorted(range(len(passed_rows)),
                   key=lambda k: (not first[k], -scores[k][0], str(index.part_id[passed_rows[k]])))
    cands = []
    for k in order[:top]:
        r = int(passed_rows[k])
        s, comp, e, L = scores[k]
        reasons = [_clause_reason(index, c, r, True) for c in clauses]
        reasons.append(f"PASS status {_labels(index, 'status', np.array([r]))[0]}"
                       + (f"; qualified by {demand.get('oem_id')} (ranked first)" if first[k] else ""))
        reasons.append(f"PASS annual capacity {_fmt(cap[np.searchsorted(rows, r)])} pieces "
                       f"({cap[np.searchsorted(rows, r)] / qty:.0%} of the demand)" if qty and
                       np.isfinite(cap[np.searchsorted(rows, r)]) else "PASS capacity not stated")
        if app_label:
            reasons.append(f"PASS {app_label}: L10h = {_fmt(L)} h" +
                           (f" ({L / req:.2f}x the required {_fmt(req)} h)" if req else ""))
        else:
            reasons.append("application check not applicable (no loads or no C rating)")
        reasons.append(f"evidence: {e.note}")
        if comp.get("specialised"):
            reasons.append(f"maker is specialised (specialisation index >= {SPECIALISED_S:g}): ranked higher")
        reasons.append(f"supply: maker in {country[k]} (" +
                       ("home" if country[k] == home_country else "foreign") +
                       f", country risk {risk[k]:.1f}/10)")
        cands.append(_candidate(index, r, s, True, L, e, reasons, comp))
    if include_failed and len(cands) < top:
        failed = rows[~alive]
        n_fail = np.zeros(failed.size, int)
        for _, ok in steps:
            n_fail += ~ok[~alive]
        for k in np.argsort(n_fail, kind="stable")[: top - len(cands)]:
            r = int(failed[k])
            pos = int(np.searchsorted(rows, r))
            reasons = [_clause_reason(index, c, r, bool(ok[pos])) for c, (_, ok) in zip(clauses, steps)]
            for label, ok in steps[len(clauses):]:
                extra = ""
                if label.startswith("L10h") and np.isfinite(life_h[pos]):
                    extra = f": L10h = {_fmt(life_h[pos])} h" + (f" ({life_h[pos] / req:.2f}x required)" if req else "")
                elif label.startswith("status"):
                    extra = f": {_labels(index, 'status', np.array([r]))[0]}"
                elif label.startswith("annual"):
                    extra = f": {_fmt(cap[pos])}"
                reasons.append(f"{'PASS' if ok[pos] else 'FAIL'} {label}{extra}")
            cands.append(_candidate(index, r, 0.0, False, life_h[pos], None, reasons, {}))
    caps = _num(index, "annual_capacity", passed_rows)
    hhi = None
    if passed_rows.size and np.isfinite(caps).any():
        by = pd.Series(np.nan_to_num(caps)).groupby(pd.Series(country)).sum()
        if by.sum() > 0:
            s = (by / by.sum()).to_numpy()
            hhi = float(np.sum(s * s))
    return MatchResult(demand=_demand_dict(demand), candidates=tuple(cands), funnel=tuple(funnel),
                       eliminated_by=eliminated_by if not alive.any() else None, weights=w,
                       concentration_hhi=hhi, considered=int(rows.size))


def _candidate(index: PartIndex, r: int, score: float, passed: bool, life: float,
               e: Evidence | None, reasons: list[str], comp: dict) -> dict:
    maker = index.text["maker_id"]
    return {"part_id": str(index.part_id[r]),
            "maker_id": str(maker.labels[maker.codes[r]]) if maker.codes[r] >= 0 else None,
            "designation": _labels(index, "designation", np.array([r]))[0],
            "score": round(float(score), 4), "passed": bool(passed),
            "life_h": float(life) if np.isfinite(life) else None,
            "b10_lower": e.b10_lower_h if e else None,
            "grade": _grade(score) if passed else "fail",
            "evidence": e.status if e else None,
            "components": {k: round(v, 4) for k, v in comp.items()},
            "reasons": reasons}


def _grade(score: float) -> str:
    """A >= 0.8, B >= 0.6, C >= 0.4, else D (passing candidates only)."""
    return "A" if score >= 0.8 else "B" if score >= 0.6 else "C" if score >= 0.4 else "D"


def _evidence_score(e: Evidence, req: float | None) -> float:
    if e.status == "tested" and e.b10_lower_h is not None:
        return float(np.clip(e.b10_lower_h / req, 0, 1)) if req else 0.5
    if e.status in ("not_comparable", "insufficient"):
        return 0.25
    return 0.0


def _bearing_life(index: PartIndex, rows: np.ndarray, loads: dict[str, float],
                  categories: pd.DataFrame | None) -> np.ndarray:
    """Basic rating life L10h (h) per row at the demand's loads (NaN where C is missing)."""
    try:
        from keyparts.design import bearing_check
    except ImportError:  # pragma: no cover - design engine absent
        return np.full(rows.size, np.nan)
    C = _num(index, "C", rows)
    C0 = _num(index, "C0", rows)
    names = {} if categories is None else dict(zip(categories["id"], categories["name"]))
    cats = index.category_ids[index.category_code[rows]]
    kinds = np.array([_bearing_type(str(names.get(c, c))) for c in cats], dtype=object)
    out = np.full(rows.size, np.nan)
    n = loads.get("n")
    if not n:
        return out
    for kind in pd.unique(kinds):
        sel = (kinds == kind) & np.isfinite(C) & (C > 0)
        if not sel.any():
            continue
        c0 = C0[sel]
        try:
            res = bearing_check(C_kN=C[sel], Fr_kN=loads.get("Fr", 0.0), Fa_kN=loads.get("Fa", 0.0),
                                bearing_type=kind,
                                C0_kN=np.where(np.isfinite(c0), c0, C[sel]) if kind == "deep_groove" else None,
                                speed_rpm=n)
        except KeypartsError:
            continue
        out[sel] = np.broadcast_to(np.asarray(res.L10h_h, float), (int(sel.sum()),))
    return out


def _labels(index: PartIndex, name: str, rows: np.ndarray) -> np.ndarray:
    tc = index.text.get(name)
    if tc is None:
        return np.full(rows.size, None, dtype=object)
    lab = np.append(tc.labels, None)
    return lab[tc.codes[rows]]


def _present(v: object) -> bool:
    return v is not None and not (isinstance(v, float) and np.isnan(v)) and v is not pd.NA and str(v).strip() != ""


def _float(v: object) -> float | None:
    if not _present(v):
        return None
    try:
        return float(v)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise InputError(f"{v!r} is not a number") from None


def _demand_dict(d: Mapping) -> dict:
    out = {}
    for k in ("id", "oem_id", "category_id", "quantity", "need_by", "constraints", "required_life_h", "loads"):
        v = d.get(k)
        out[k] = None if not _present(v) else (float(v) if isinstance(v, (int, float, np.number)) else str(v))
    return out


def match_dataset_demand(ds, demand_id: str, *, index: PartIndex | None = None,
                         **kwargs: object) -> MatchResult:
    """:func:`match_demand` for the demand ``demand_id`` of a typed Dataset."""
    from keyparts.match.index import build_index

    demands = ds.frames.get("demands")
    if demands is None or not len(demands):
        raise NotFoundError("the dataset has no demands.csv (or it is empty)")
    row = demands[demands["id"] == demand_id]
    if row.empty:
        raise NotFoundError(f"demand {demand_id!r} not found, expected one of: "
                            f"{', '.join(map(str, demands['id'].head(20)))}")
    index = index or build_index(ds)
    kwargs.setdefault("home_country", ds.meta.get("country", "CN"))
    cases = ds.frames.get("qualification_cases")
    if cases is not None and len(cases):  # (no case, no qualified substitute: skip the import)
        from keyparts.qualify.cases import qualified_for

        q = qualified_for(ds.frames)
        kwargs.setdefault("qualified_for_buyer",
                          tuple(q.loc[q["oem_id"] == row.iloc[0].get("oem_id"), "part_id"]))
    if ds.frames.get("enterprise_years") is not None and len(ds.frames["enterprise_years"]):
        s = specialisation_by_maker(ds.frames["enterprise_years"], ds.frames.get("enterprise_categories"))
        kwargs.setdefault("specialised_makers", tuple(s.index[s >= SPECIALISED_S]))
    return match_demand(row.iloc[0].to_dict(), index, countries=ds.frames.get("countries"),
                        categories=ds.frames.get("categories"), tests=ds.frames.get("tests"),
                        **kwargs)  # type: ignore[arg-type]
