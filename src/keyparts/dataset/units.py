"""Units in the dataset: check declared units and put numeric part values in canonical units.

Each numeric parameter declares a canonical unit in ``parameters.csv``; a value in
``part_values.csv`` may be given in any unit of the same dimension (``25 mm`` or
``0.025 m``) and is stored both as written and as ``value_canonical`` (a float in the
parameter's unit), which search and matching compare.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from keyparts.errors import InputError
from keyparts.units import convert, parse_unit


def unit_problem(text: str) -> str | None:
    """None when ``text`` is a unit keyparts knows (:mod:`keyparts.units`), else the message."""
    try:
        parse_unit(text)
    except InputError as exc:
        return str(exc)
    return None


def category_ancestors(categories: pd.DataFrame) -> dict[str, list[str]]:
    """Each category id -> [itself, parent, grandparent, ...] (stops at a repeated id)."""
    parent = dict(zip(categories["id"], categories["parent_id"]))
    out: dict[str, list[str]] = {}
    for cid in parent:
        chain, c = [], cid
        while c is not None and c not in chain and isinstance(c, str):
            chain.append(c)
            c = parent.get(c)
        out[cid] = chain
    return out


def resolve_parameters(parts: pd.DataFrame, params: pd.DataFrame,
                       categories: pd.DataFrame) -> pd.DataFrame:
    """Parameters visible to each category (own and inherited): category_id, name, unit, kind."""
    anc = category_ancestors(categories)
    rows = [(cid, a) for cid, chain in anc.items() for a in chain]
    link = pd.DataFrame(rows, columns=["category_id", "declared_in"])
    p = params.rename(columns={"category_id": "declared_in"})
    merged = link.merge(p, on="declared_in")
    # the nearest declaration wins when a child redeclares a parent's parameter
    merged["depth"] = merged.groupby("category_id").cumcount()
    return merged.drop_duplicates(["category_id", "name"], keep="first")


def canonical_values(pv: pd.DataFrame, parts: pd.DataFrame, params: pd.DataFrame,
                     categories: pd.DataFrame) -> tuple[np.ndarray, list[tuple[int, str, str]]]:
    """Numeric part values in their parameter's canonical unit (NaN for enum/text).

    Returns the array aligned with ``pv`` and the problems as (row, column, message).
    """
    errors: list[tuple[int, str, str]] = []
    visible = resolve_parameters(parts, params, categories)
    cat_of = pv["part_id"].map(dict(zip(parts["id"], parts["category_id"])))
    key = pd.DataFrame({"category_id": cat_of.astype(object), "name": pv["parameter"].astype(object)})
    vis = visible[["category_id", "name", "unit", "kind"]].astype({"category_id": object, "name": object})
    m = key.merge(vis, on=["category_id", "name"], how="left")  # object keys: a chunk of unknown parts is all-NaN
    out = np.full(len(pv), np.nan)
    # a part whose category is unknown is reported once, on parts.csv; its values are not
    # checked against parameters (which the missing category would have declared)
    known_part = cat_of.isin(pd.Index(categories["id"])).to_numpy()
    undeclared = known_part & m["kind"].isna().to_numpy()
    declared_by_cat = visible.groupby("category_id")["name"].agg(lambda s: ", ".join(sorted(s.dropna())))
    for i in np.flatnonzero(undeclared):
        cid = cat_of.iat[i]
        errors.append((int(i) + 2, "parameter",
                       f"'{pv['parameter'].iat[i]}' is not a parameter of category {cid}, expected one of: "
                       f"{declared_by_cat.get(cid, '(none declared in parameters.csv)')}"))
    numeric = (m["kind"] == "number").to_numpy()
    values = pd.to_numeric(pv["value"], errors="coerce").to_numpy(float)
    bad = numeric & np.isnan(values) & pv["value"].notna().to_numpy()
    for i in np.flatnonzero(bad):
        errors.append((int(i) + 2, "value", f"'{pv['value'].iat[i]}' is not a number, expected a number"
                       f" in {m['unit'].iat[i] or 'no unit'} for parameter {pv['parameter'].iat[i]}"))
    given = pv["unit"].where(pv["unit"].notna(), m["unit"]).to_numpy(object)
    target = m["unit"].to_numpy(object)
    idx = np.flatnonzero(numeric & ~bad)
    groups = pd.DataFrame({"i": idx, "g": given[idx], "t": target[idx]}).fillna({"g": "", "t": ""})
    for (g, t), grp in groups.groupby(["g", "t"], sort=False):
        rows = grp["i"].to_numpy()
        if g == t or not g or not t:
            if g and not t:
                msg = unit_problem(g)
                if msg:
                    errors.extend((int(i) + 2, "unit", msg) for i in rows)
                    continue
            out[rows] = values[rows]
            continue
        try:
            out[rows] = convert(values[rows], g, t)
        except InputError:
            msg = unit_problem(g) or f"'{g}' cannot be converted to {t}, expected a unit of the same kind as {t}"
            errors.extend((int(i) + 2, "unit", msg) for i in rows)
    return out, errors
