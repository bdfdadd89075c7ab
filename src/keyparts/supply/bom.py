"""Multi-level bills of materials as a sparse DAG: explosion (top-down) and roll-up (bottom-up).

Nodes are end products, parts and categories (a BOM line may point at a category: "any
qualified part of this category"). ``A[parent, child] = qty`` (pieces of child per parent).
For a DAG the total-requirement matrix is the Neumann series ``T = Σ_k A^k = (I − A)^-1``
(Leontief inverse; Miller & Blair 2009, *Input-Output Analysis*, 2nd ed., §2.3), which is exact
after ``depth`` terms. Shared sub-assemblies are handled by summation over paths, as an MRP
explosion does (quantities compound along a path, paths add up).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp

from keyparts.arrays import unique
from keyparts.errors import InputError
from keyparts.supply._ids import lookup

PRODUCT, PART, CATEGORY = 0, 1, 2


def where_used(bom: pd.DataFrame, items: set[str] | list[str]) -> set[str]:
    """Every node (assembly or end product) whose multi-level BOM reaches one of ``items``
    (parts or categories), by breadth-first passes up the ``parent_id -> child_id`` lines of
    ``bom``, one vectorised step per level (the items themselves only when a cycle leads back)."""
    parent = bom["parent_id"].astype(str).to_numpy()
    child = bom["child_id"].astype(str).to_numpy()
    seen: set[str] = set()
    frontier = np.asarray(sorted({str(x) for x in items}), dtype=object)
    while len(frontier):
        up = unique(parent[np.isin(child, frontier)])
        new = [x for x in up if x not in seen]
        seen.update(new)
        frontier = np.asarray(new, dtype=object)
    return seen


@dataclass(frozen=True)
class BomGraph:
    """A BOM DAG over products, parts and categories (node index = position in ``ids``)."""

    ids: pd.Index            # node ids (products, then parts, then categories)
    kind: np.ndarray         # int8, PRODUCT | PART | CATEGORY
    parent: np.ndarray       # edge parent index (int64)
    child: np.ndarray        # edge child index (int64)
    qty: np.ndarray          # pieces of child per parent
    essential: np.ndarray    # bool, parent cannot be built without the child
    height: np.ndarray       # 0 for nodes without children, else 1 + max height of children
    A: sp.csr_matrix         # N x N, A[parent, child] = qty
    A_ess: sp.csr_matrix     # the essential lines only

    @property
    def n(self) -> int:
        return len(self.ids)

    @property
    def depth(self) -> int:
        return int(self.height.max()) if self.n else 0

    def explode(self, demand: np.ndarray, *, essential_only: bool = False) -> np.ndarray:
        """Total requirement of every node (top-down): x = Σ_k (Aᵀ)^k f.

        ``demand`` is (N,) or (N, m) final demand in units/year; the result has the same
        shape, in units/year of each node (quantities compound along paths, paths add up).
        """
        At = (self.A_ess if essential_only else self.A).T.tocsr()
        cur = np.asarray(demand, dtype=float)
        out = cur.copy()
        for _ in range(self.depth):
            cur = At @ cur
            if not np.any(cur):
                break
            out += cur
        return out

    def rollup(self, values: np.ndarray | sp.spmatrix, *, essential_only: bool = False,
               pattern: bool = False) -> np.ndarray | sp.csr_matrix:
        """Bottom-up accumulation Y = Σ_k A^k V: the per-unit content of every node.

        ``values`` is (N,) or (N, m) per-unit values of each node (dense or sparse). With
        ``pattern=True`` edges weigh 1 and the result is clipped to 1 (reachability).
        """
        A = self.A_ess if essential_only else self.A
        if pattern:
            A = A.astype(np.float32)
            A.data[:] = 1.0
        if sp.issparse(values):
            cur = values.tocsr()
        else:
            cur = np.asarray(values, dtype=np.float32 if pattern else float)
        out = cur.copy()
        for _ in range(self.depth):
            cur = A @ cur
            if pattern and sp.issparse(cur):
                cur.data[:] = 1.0
                cur.eliminate_zeros()
                if cur.nnz == 0:
                    break
            elif pattern:
                cur = np.minimum(cur, 1.0)
            if not sp.issparse(cur) and not np.any(cur):
                break
            out = out + cur
        if pattern:
            if sp.issparse(out):
                out = out.tocsr()
                out.data[:] = np.minimum(out.data, 1.0)
            else:
                out = np.minimum(out, 1.0)
        return out


def _heights(n: int, parent: np.ndarray, child: np.ndarray, ids: pd.Index) -> np.ndarray:
    """Longest path to a leaf by vectorised Kahn peeling; raises InputError on a cycle."""
    height = np.zeros(n, dtype=np.int64)
    remaining = np.ones(len(parent), dtype=bool)
    outdeg = np.bincount(parent, minlength=n)
    done = outdeg == 0
    h = 0
    while remaining.any():
        h += 1
        # edges whose child is done: remove them
        rm = remaining & done[child]
        if not rm.any():
            bad = unique(parent[remaining])[:5]
            raise InputError(f"bom.csv: the BOM has a cycle through {', '.join(map(str, ids[bad]))}; "
                             "expected a directed acyclic graph (a part cannot contain itself)")
        remaining &= ~rm
        outdeg = np.bincount(parent[remaining], minlength=n)
        newly = (~done) & (outdeg == 0)
        height[newly] = h
        done |= newly
    return height


def build_graph(products: pd.DataFrame, parts: pd.DataFrame, categories: pd.DataFrame,
                bom: pd.DataFrame) -> BomGraph:
    """The BOM DAG from the dataset's ``products``, ``parts``, ``categories`` and ``bom`` frames."""
    pid = products["id"].astype(str).to_numpy()
    tid = parts["id"].astype(str).to_numpy()
    cid = categories["id"].astype(str).to_numpy()
    ids = pd.Index(np.concatenate([pid, tid, cid]))
    kind = np.concatenate([np.full(len(pid), PRODUCT), np.full(len(tid), PART),
                           np.full(len(cid), CATEGORY)]).astype(np.int8)
    n = len(ids)
    parent = lookup(ids, bom["parent_id"])
    child = lookup(ids, bom["child_id"])
    missing = (parent < 0) | (child < 0)
    if missing.any():
        i = int(np.flatnonzero(missing)[0])
        raise InputError(f"bom.csv:{i + 1}: line {bom['parent_id'].iloc[i]} -> {bom['child_id'].iloc[i]} "
                         "names an unknown id; expected a product or part (parent) and a part or category (child)")
    qty = bom["qty"].to_numpy(dtype=float)
    ess_col = bom["essential"]
    if ess_col.dtype == object:   # tolerate untyped text (true/false) as well as booleans
        ess_col = ess_col.map(lambda v: str(v).strip().lower() in ("true", "1", "yes") if v is not None else False)
    ess = ess_col.fillna(False).to_numpy(dtype=bool)
    height = _heights(n, parent, child, ids)
    A = sp.csr_matrix((qty, (parent, child)), shape=(n, n))
    A_ess = sp.csr_matrix((qty[ess], (parent[ess], child[ess])), shape=(n, n))
    return BomGraph(ids, kind, parent.astype(np.int64), child.astype(np.int64), qty, ess, height, A, A_ess)
