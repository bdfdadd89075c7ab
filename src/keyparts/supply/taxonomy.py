"""The category taxonomy (family -> category -> grade) and the HS-code map of trade to categories."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp

from keyparts.errors import InputError


@dataclass(frozen=True)
class Taxonomy:
    """Categories with their tree; ``up`` (K x K, sparse 0/1) has ``up[a, d] = 1`` when ``a`` is
    ``d`` or an ancestor of ``d``, so ``up @ x`` aggregates a per-category quantity over subtrees."""

    ids: pd.Index
    names: np.ndarray
    level: np.ndarray
    parent: np.ndarray       # parent index, -1 for a family
    up: sp.csr_matrix
    is_leaf: np.ndarray

    @property
    def k(self) -> int:
        return len(self.ids)

    def aggregate(self, x: np.ndarray | sp.spmatrix) -> np.ndarray:
        """Sum a (K,) or (K, m) per-category quantity over each category's subtree."""
        out = self.up @ x
        return out.toarray() if sp.issparse(out) else np.asarray(out)

    def descendants(self, category_id: str) -> list[str]:
        """Ids of every category below ``category_id`` (all levels, not itself), in id order;
        [] for an unknown id (row ``a`` of ``up`` marks ``a`` and its subtree)."""
        if category_id not in self.ids:
            return []
        a = self.ids.get_loc(category_id)
        below = self.up.indices[self.up.indptr[a]:self.up.indptr[a + 1]]
        return sorted(str(self.ids[i]) for i in below if i != a)

    def ancestors(self, category_id: str) -> list[str]:
        """``category_id`` and the categories above it, nearest first (grade -> category ->
        family); [] for an unknown id."""
        if category_id not in self.ids:
            return []
        out, i = [], self.ids.get_loc(category_id)
        while i >= 0:
            out.append(str(self.ids[i]))
            i = int(self.parent[i])
        return out


def build_taxonomy(categories: pd.DataFrame) -> Taxonomy:
    ids = pd.Index(categories["id"].astype(str).to_numpy())
    par = categories["parent_id"]
    parent = np.where(par.isna().to_numpy(), -1,
                      ids.get_indexer(par.fillna("").astype(str).to_numpy()))
    bad = par.notna().to_numpy() & (parent < 0)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise InputError(f"categories.csv:{i + 1}:parent_id: '{par.iloc[i]}' is not a category id")
    k = len(ids)
    rows, cols = [np.arange(k)], [np.arange(k)]
    anc = parent.copy()
    for _ in range(k):
        m = anc >= 0
        if not m.any():
            break
        rows.append(anc[m])
        cols.append(np.flatnonzero(m))
        anc = np.where(m, parent[np.maximum(anc, 0)], -1)
    else:
        raise InputError("categories.csv:parent_id: the taxonomy has a cycle; expected a tree")
    r, c = np.concatenate(rows), np.concatenate(cols)
    up = sp.csr_matrix((np.ones(len(r)), (r, c)), shape=(k, k))
    up.data[:] = 1.0
    is_leaf = np.bincount(parent[parent >= 0], minlength=k) == 0
    level = categories["level"].astype(str).to_numpy() if "level" in categories else np.full(k, "")
    return Taxonomy(ids, categories["name"].astype(str).to_numpy(), level, parent, up, is_leaf)


def hs_allocation(tax: Taxonomy, hs_codes: pd.Series, trade_codes: np.ndarray) -> sp.csr_matrix:
    """Allocation matrix W (n_codes x K) of each traded HS code to categories.

    A trade code belongs to a category when it starts with one of the category's listed codes
    (HS is hierarchical: ``8482`` covers ``848210``). Among matching categories only the most
    specific are kept (a parent receives the flow through its child when both list it). A code
    matched by several unrelated categories is split equally among them: without data on the
    split, equal shares are the neutral choice, and they leave each category's origin shares,
    HHI and top origin unchanged (only levels M and X are divided). Rows sum to 1 or 0.
    """
    codes = pd.Index(pd.unique(np.asarray(trade_codes, dtype=str)))
    lists = hs_codes.fillna("").astype(str).str.split(";")
    pairs = [(ci, h.strip().replace(".", "")) for ci, hs in enumerate(lists) for h in hs if h.strip()]
    if not pairs or len(codes) == 0:
        return sp.csr_matrix((len(trade_codes), tax.k))
    cat_of = np.array([p[0] for p in pairs])
    pref = np.array([p[1] for p in pairs], dtype=object)
    code_arr = codes.to_numpy().astype(str)
    rows, cols = [], []
    for L in sorted({len(p) for p in pref}):
        sel = np.array([len(p) == L for p in pref])
        lookup = pd.Series(cat_of[sel], index=pref[sel].astype(str))
        heads = pd.Series([c[:L] for c in code_arr])
        m = pd.DataFrame({"code": np.arange(len(code_arr)), "head": heads}).merge(
            lookup.rename("cat").rename_axis("head").reset_index(), on="head")
        rows.append(m["code"].to_numpy())
        cols.append(m["cat"].to_numpy())
    r = np.concatenate(rows)
    c = np.concatenate(cols)
    hit = sp.csr_matrix((np.ones(len(r)), (r, c)), shape=(len(code_arr), tax.k))
    hit.data[:] = 1.0
    # drop a match when a strict descendant of that category also matches the same code
    desc_hits = hit @ (tax.up - sp.identity(tax.k, format="csr")).T   # [code, a] = # matched strict descendants of a
    keep = hit.multiply(desc_hits.toarray() == 0).tocsr()
    keep.eliminate_zeros()
    n_match = np.asarray(keep.sum(axis=1)).ravel()
    scale = np.divide(1.0, n_match, out=np.zeros_like(n_match), where=n_match > 0)
    W_codes = sp.diags(scale) @ keep
    # expand from unique codes to the rows asked for
    idx = codes.get_indexer(np.asarray(trade_codes, dtype=str))
    return W_codes.tocsr()[idx]
