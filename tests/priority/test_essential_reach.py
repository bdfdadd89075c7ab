"""The bit-set reachability of _dependents equals the sparse roll-up it replaced (two code paths)."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from keyparts.dataset import load_sample
from keyparts.priority.assess import _essential_reach, build_model


def test_bitset_reach_equals_essential_pattern_rollup():
    """Product p needs category k (or one below it) through essential lines: the OR of category
    bits up the essential edges equals graph.rollup(member, essential_only=True, pattern=True)."""
    m = build_model(load_sample(), 2023)
    g, tax = m.graph, m.tax
    it = np.flatnonzero(g.kind != 0)
    member = (sp.csr_matrix((np.ones(len(it)), (it, m.node_cat[it])), shape=(g.n, tax.k)) @ tax.up.T).toarray()
    ref = g.rollup(member.astype(np.float32), essential_only=True, pattern=True)[m.product_idx] > 0
    got = _essential_reach(m)
    assert tax.k > 64                      # two 64-bit words per node: the word boundary is crossed
    assert ref.any() and not ref.all()
    assert np.array_equal(got, ref)
