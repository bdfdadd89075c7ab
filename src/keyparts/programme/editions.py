"""Editions of the key-category list and the explained difference between two editions.

An edition freezes the ranked list of one year (every ranked category with the indicators its
score is built from), the fingerprint of the inputs and the method version. The difference of
two editions says which categories entered, left or moved in the top-n list, and why: the
change of each category's score is split exactly among the indicators it is built from.

The score (``keyparts.priority.ranking``) is

    score = w_SR·SR/max SR + w_EI·EI/10 + w_L·L/max L,
    SR    = [HHI_GS·IR/2 + HHI_src·(1 − IR/2)]·SI_SR          (EU CRM, Blengini et al. 2017)

so it is a function f of eleven factors: IR, HHI_GS, HHI_src, SI_SR, the list's max SR, EI, the
worst-embargo loss L, the list's max L, and the three weights. The change f(x_B) − f(x_A) is split
by the Shapley decomposition (Shorrocks 2013, *J. Econ. Inequality* 11:99–126, eq. 6): factor
i gets the mean, over every order of switching the factors from A to B, of the change of f at
the moment i switches. The parts add up to the change exactly (no residual), a factor that did
not change gets 0, and since f is a sum of three terms with no factor shared between them, the
parts of a term's factors add up to that term's change (the SR, EI and loss terms).
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from math import factorial

import numpy as np
import pandas as pd

from keyparts.dataset.model import Dataset
from keyparts.priority.criticality import supply_risk
from keyparts.priority.ranking import METHOD_VERSION

ROW_COLUMNS = ("category_id", "name", "rank", "score", "in_list", "import_reliance", "hhi_global", "hhi_risk",
               "si_sr", "supply_risk", "economic_importance", "worst_embargo_loss_usd", "worst_embargo_country",
               "critical", "imports_usd", "consumption_usd")

# factor -> (label in words, format of its values, term of the score it belongs to)
FACTORS: dict[str, tuple[str, str, str]] = {
    "import_reliance": ("import reliance IR", "pct", "supply_risk"),
    "hhi_global": ("concentration of global supply HHI_GS", "num", "supply_risk"),
    "hhi_risk": ("concentration of import origins HHI", "num", "supply_risk"),
    "si_sr": ("substitution index SI_SR (qualified domestic capacity)", "num", "supply_risk"),
    "sr_max": ("the list's largest SR (normaliser)", "num", "supply_risk"),
    "w_sr": ("weight of SR", "num", "supply_risk"),
    "economic_importance": ("economic importance EI", "num", "economic_importance"),
    "w_ei": ("weight of EI", "num", "economic_importance"),
    "worst_embargo_loss_usd": ("worst single-country embargo loss", "usd", "embargo_loss"),
    "loss_max": ("the list's largest embargo loss (normaliser)", "usd", "embargo_loss"),
    "w_loss": ("weight of the embargo loss", "num", "embargo_loss"),
}
TERMS = ("supply_risk", "economic_importance", "embargo_loss")
SOURCES = {"decomposition": "Shapley decomposition, Shorrocks (2013) J. Econ. Inequality 11:99-126",
           "score": "keyparts.priority.ranking (EU CRM SR and EI, Blengini et al. 2017; worst-embargo loss)"}


def _plain(v):
    if isinstance(v, (np.floating, float)):
        return None if math.isnan(v) else float(v)
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, np.bool_):
        return bool(v)
    if v is None or (isinstance(v, float) and v != v) or v is pd.NA:
        return None
    return v


@dataclass(frozen=True)
class Edition:
    """A frozen ranked list: ``rows`` holds :data:`ROW_COLUMNS` for every ranked category."""

    name: str
    year: int
    home_country: str
    method_version: str
    fingerprint: str
    published_at: str                  # ISO 8601 UTC
    top_n: int
    weights: tuple[float, float, float]  # normalised to sum 1
    sr_max: float
    loss_max: float
    rows: pd.DataFrame

    def to_dict(self) -> dict:
        cats = [{k: _plain(v) for k, v in r.items()} for r in self.rows.to_dict("records")]
        for c in cats:
            c["rank"] = int(c["rank"])
        return {"name": self.name, "year": self.year, "home_country": self.home_country,
                "method_version": self.method_version, "fingerprint": self.fingerprint,
                "published_at": self.published_at, "top_n": self.top_n, "weights": list(self.weights),
                "sr_max": self.sr_max, "loss_max": self.loss_max, "categories": cats}

    @classmethod
    def from_dict(cls, d: dict) -> Edition:
        rows = pd.DataFrame(d["categories"], columns=list(ROW_COLUMNS))
        return cls(d["name"], int(d["year"]), d["home_country"], d["method_version"], d["fingerprint"],
                   d["published_at"], int(d["top_n"]), tuple(float(w) for w in d["weights"]),
                   float(d["sr_max"]), float(d["loss_max"]), rows)

    def listed(self) -> pd.DataFrame:
        """The top-n list, by rank."""
        return self.rows[self.rows["in_list"]].sort_values("rank")


def frames_digest(ds: Dataset) -> str:
    """SHA-256 of every frame of ``ds``: names, columns, row counts and values. Text columns
    (Python or Arrow strings) are hashed as Arrow large-string buffers (offsets from 0, bytes,
    validity), so a column read as ``object`` and one read as Arrow strings give one digest;
    other columns by the row hashes of ``pandas.util.hash_pandas_object`` (a column of Python
    lists as text)."""
    h = hashlib.sha256()
    for name in sorted(ds.frames):
        df = ds.frames[name]
        h.update(f"|{name}|{','.join(map(str, df.columns))}|{len(df)}|".encode())
        for c in df.columns:
            col = df[c]
            if _hash_text(h, col):
                continue
            try:
                v = pd.util.hash_pandas_object(col, index=False)
            except TypeError:   # unhashable cells (lists)
                v = pd.util.hash_pandas_object(col.map(lambda x: None if x is None or x != x else str(x)),
                                               index=False)
            h.update(v.to_numpy().tobytes())
    return h.hexdigest()


def _hash_text(h, col: pd.Series) -> bool:
    """Feed a text column to ``h`` as normalised Arrow buffers; False if it is not all text."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if col.dtype != object and not pd.api.types.is_string_dtype(col.dtype):
        return False
    try:
        arr = pa.array(col, type=pa.large_string(), from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError):
        return False
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    valid = np.asarray(arr.is_valid().to_numpy(zero_copy_only=False), dtype=bool)
    filled = pc.fill_null(arr, "") if arr.null_count else arr
    if isinstance(filled, pa.ChunkedArray):
        filled = filled.combine_chunks()
    _, off_buf, data_buf = filled.buffers()
    off = np.frombuffer(off_buf, dtype=np.int64, count=len(filled) + 1, offset=filled.offset * 8) \
        if off_buf is not None else np.zeros(1, np.int64)
    h.update(b"text")
    h.update((off - off[0]).tobytes())
    if data_buf is not None and off[-1] > off[0]:
        h.update(memoryview(data_buf)[int(off[0]):int(off[-1])])
    h.update(np.packbits(valid).tobytes())
    return True


def fingerprint(ds: Dataset, options: dict, *, digest: str | None = None) -> str:
    """SHA-256 of the inputs of an edition: the frames (:func:`frames_digest`, pass ``digest`` to
    reuse it across editions of one dataset), the meta, ``options`` and the method version; equal
    inputs give an equal fingerprint, any changed cell another one."""
    h = hashlib.sha256()
    h.update(json.dumps({"meta": ds.meta, "options": options, "method_version": METHOD_VERSION},
                        sort_keys=True, default=str).encode())
    h.update((digest or frames_digest(ds)).encode())
    return h.hexdigest()


def freeze(assessment, name: str, *, fingerprint: str, published_at: str) -> Edition:
    """The edition of an :class:`~keyparts.priority.Assessment` (its ranked leaves)."""
    t = assessment.ranked()
    w = np.asarray(assessment.method["weights"], dtype=float)
    w = w / w.sum()
    rows = pd.DataFrame({
        "category_id": t.index.astype(str), "name": t["name"].to_numpy(), "rank": t["rank"].astype(int).to_numpy(),
        "score": t["score"].to_numpy(float), "in_list": (t["rank"] <= assessment.top_n).to_numpy(),
        **{c: t[c].to_numpy(float) for c in ("import_reliance", "hhi_global", "hhi_risk", "si_sr", "supply_risk",
                                            "economic_importance", "worst_embargo_loss_usd")},
        "worst_embargo_country": t["worst_embargo_country"].to_numpy(object),
        "critical": t["critical"].astype(bool).to_numpy(),
        "imports_usd": t["imports_usd"].to_numpy(float), "consumption_usd": t["consumption_usd"].to_numpy(float)})
    sr = np.nan_to_num(rows["supply_risk"].to_numpy(float))
    loss = np.nan_to_num(rows["worst_embargo_loss_usd"].to_numpy(float))
    return Edition(name, int(assessment.year), assessment.home, assessment.method.get("version", METHOD_VERSION),
                   fingerprint, published_at, int(assessment.top_n), tuple(float(x) for x in w),
                   float(sr.max()) if len(sr) else 0.0, float(loss.max()) if len(loss) else 0.0,
                   rows.reset_index(drop=True))


# ----------------------------------------------------------------------------- the difference

def score_of(x: dict[str, np.ndarray]) -> np.ndarray:
    """The ranking score from its eleven factors (:data:`FACTORS`), as keyparts.priority.ranking.score."""
    sr = supply_risk(x["hhi_global"], x["hhi_risk"], x["import_reliance"], 0.0, x["si_sr"])
    sr_t = np.divide(sr, x["sr_max"], out=np.zeros_like(sr, dtype=float), where=x["sr_max"] > 0)
    l_t = np.divide(x["worst_embargo_loss_usd"], x["loss_max"], out=np.zeros_like(sr, dtype=float),
                    where=x["loss_max"] > 0)
    return x["w_sr"] * sr_t + x["w_ei"] * x["economic_importance"] / 10.0 + x["w_loss"] * l_t


def shapley(f, x0: dict[str, np.ndarray], x1: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Shapley decomposition of f(x1) − f(x0) over the factors (Shorrocks 2013, eq. 6).

    φ_i = Σ_{S ⊆ N∖{i}} |S|!(n − |S| − 1)!/n! · [f(x1 on S ∪ {i}, x0 elsewhere) − f(x1 on S, x0 elsewhere)];
    Σ_i φ_i = f(x1) − f(x0) exactly. Factors equal in x0 and x1 get 0 and are left out of the
    sum over orders (a dummy factor does not change the others' parts). 2^n evaluations of f,
    each over whole arrays.
    """
    names = [k for k in x0 if not np.array_equal(x0[k], x1[k])]
    out = {k: np.zeros(np.shape(next(iter(x0.values()))), dtype=float) for k in x0}
    n = len(names)
    if n == 0:
        return out
    vals = {}
    for mask in range(1 << n):
        x = dict(x0)
        for j, k in enumerate(names):
            if mask >> j & 1:
                x[k] = x1[k]
        vals[mask] = f(x)
    wt = [factorial(s) * factorial(n - s - 1) / factorial(n) for s in range(n)]
    for i, k in enumerate(names):
        bit = 1 << i
        acc = 0.0
        for mask in range(1 << n):
            if not mask & bit:
                acc = acc + wt[bin(mask).count("1")] * (vals[mask | bit] - vals[mask])
        out[k] = np.asarray(acc, dtype=float) * np.ones_like(out[k])
    return out


def _fmt(v: float, kind: str) -> str:
    if v != v:
        return "–"
    if kind == "pct":
        return f"{v:.0%}"
    if kind == "usd":
        for div, unit in ((1e9, "bn"), (1e6, "m"), (1e3, "k")):
            if abs(v) >= div:
                return f"USD {v / div:.1f} {unit}"
        return f"USD {v:.0f}"
    return f"{v:.3g}"


def _factors(e: Edition, ids: list[str]) -> dict[str, np.ndarray]:
    r = e.rows.set_index("category_id").reindex(ids)
    x = {k: np.nan_to_num(r[k].to_numpy(float)) for k in FACTORS if k in r.columns}
    n = len(ids)
    x.update(sr_max=np.full(n, e.sr_max), loss_max=np.full(n, e.loss_max),
             w_sr=np.full(n, e.weights[0]), w_ei=np.full(n, e.weights[1]), w_loss=np.full(n, e.weights[2]))
    return x


@dataclass(frozen=True)
class EditionDiff:
    a: str
    b: str
    year_a: int
    year_b: int
    method_versions: tuple[str, str]
    entered: list[dict]
    left: list[dict]
    moved: list[dict]
    method: dict

    def to_dict(self) -> dict:
        return {"a": self.a, "b": self.b, "year_a": self.year_a, "year_b": self.year_b,
                "method_versions": list(self.method_versions), "entered": self.entered, "left": self.left,
                "moved": self.moved, "method": self.method}


def _entry(cid: str, name, ra, rb, sa, sb, parts: dict[str, float], xa: dict[str, float], xb: dict[str, float],
           notes: list[str]) -> dict:
    drivers = []
    for k, c in sorted(parts.items(), key=lambda kv: -abs(kv[1])):
        if abs(c) < 1e-12:
            continue
        label, kind, term = FACTORS[k]
        drivers.append({"indicator": k, "term": term, "from": xa[k], "to": xb[k], "contribution": c,
                        "words": f"{label} {_fmt(xa[k], kind)} → {_fmt(xb[k], kind)}: {c:+.3f} score"})
    terms = {t: float(sum(c for k, c in parts.items() if FACTORS[k][2] == t)) for t in TERMS}
    # gaps to the technology roadmap: drivers outside the score (no contribution)
    drivers += [{"indicator": "roadmap", "term": None, "from": None, "to": None, "contribution": None,
                 "words": n} for n in notes]
    rank_words = (f"newly ranked at {rb}" if ra is None else f"no longer ranked (was {ra})" if rb is None
                  else f"rank {ra} → {rb}")
    scored = [d for d in drivers if d["contribution"] is not None]
    words = (f"{cid}: {rank_words}, score {sa:.3f} → {sb:.3f} ({sb - sa:+.3f}); "
             + ("; ".join(d["words"] for d in scored[:3]) if scored else "no indicator changed"))
    if notes:
        words += "; " + "; ".join(notes)
    return {"category_id": cid, "name": name, "rank_a": ra, "rank_b": rb, "score_a": sa, "score_b": sb,
            "delta_score": sb - sa, "terms": terms, "drivers": drivers, "words": words}


def diff(a: Edition, b: Edition, *, notes: dict[str, list[str]] | None = None) -> EditionDiff:
    """Categories that entered, left and moved within the top-n list from edition ``a`` to ``b``,
    each with its score change split among the indicators (:func:`shapley` of :func:`score_of`).

    A category ranked in only one edition counts with zero indicators in the other. ``notes``
    (category id -> sentences: the roadmap gaps) are added to the drivers (indicator
    ``roadmap``, no contribution) and to the entries' words.
    """
    ra = a.rows.set_index("category_id")
    rb = b.rows.set_index("category_id")
    ids = sorted(set(ra.index) | set(rb.index))
    xa, xb = _factors(a, ids), _factors(b, ids)
    parts = shapley(score_of, xa, xb)
    fa, fb = score_of(xa), score_of(xb)
    notes = notes or {}
    entered, left, moved = [], [], []
    for i, cid in enumerate(ids):
        in_a = cid in ra.index and bool(ra.at[cid, "in_list"])
        in_b = cid in rb.index and bool(rb.at[cid, "in_list"])
        rka = int(ra.at[cid, "rank"]) if cid in ra.index else None
        rkb = int(rb.at[cid, "rank"]) if cid in rb.index else None
        if not (in_a or in_b) or (in_a and in_b and rka == rkb):
            continue
        name = rb.at[cid, "name"] if cid in rb.index else ra.at[cid, "name"]
        e = _entry(cid, name, rka, rkb, float(fa[i]), float(fb[i]), {k: float(v[i]) for k, v in parts.items()},
                   {k: float(v[i]) for k, v in xa.items()}, {k: float(v[i]) for k, v in xb.items()},
                   list(notes.get(cid, [])))
        (moved if in_a and in_b else entered if in_b else left).append(e)
    entered.sort(key=lambda e: e["rank_b"])
    left.sort(key=lambda e: e["rank_a"])
    moved.sort(key=lambda e: (-abs(e["rank_b"] - e["rank_a"]), e["rank_b"]))
    method = {"decomposition": "Shapley: each indicator's mean marginal change of the score over every "
                               "order of switching indicators from edition A to B; parts sum to the change",
              "score": "w_SR*SR/max SR + w_EI*EI/10 + w_L*L/max L, SR = [HHI_GS*IR/2 + HHI*(1-IR/2)]*SI_SR",
              "list": f"top {b.top_n} by score", "sources": SOURCES}
    if a.method_version != b.method_version:
        method["warning"] = (f"editions use different method versions ({a.method_version}, {b.method_version}): "
                             "part of the change is the method's")
    return EditionDiff(a.name, b.name, a.year, b.year, (a.method_version, b.method_version),
                       entered, left, moved, method)


def publish(ds: Dataset, name: str, *, year: int | None = None, top_n: int = 10, n_samples: int = 500,
            seed: int = 0, published_at: str, model=None, digest: str | None = None) -> Edition:
    """Assess ``ds`` for ``year`` and freeze the ranked list as edition ``name`` (``model``: a
    supply model of that year already built; ``digest``: :func:`frames_digest` of ``ds``)."""
    from keyparts.priority.assess import run_assessment

    a = run_assessment(ds, year=year, top_n=top_n, n_samples=n_samples, seed=seed, model=model, detail=False)
    fp = fingerprint(ds, {"year": a.year, "top_n": top_n, "n_samples": n_samples, "seed": seed,
                          "weights": a.method["weights"]}, digest=digest)
    return freeze(a, name, fingerprint=fp, published_at=published_at)
