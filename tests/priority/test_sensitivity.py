"""Ranking score and Monte Carlo sensitivity: hand example and invariants."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from keyparts.priority.ranking import ranks, score
from keyparts.priority.sensitivity import monte_carlo


def test_score_hand_example():
    """score = 0.4·SR/max SR + 0.3·EI/10 + 0.3·L/max L (keyparts.priority.ranking docstring; EI is
    already on the EU 0–10 scale, so it is divided by 10, not by its maximum).
    SR (2, 1), EI (4, 8), L (0, 4): A = 0.4·2/2 + 0.3·4/10 + 0.3·0/4 = 0.52;
    B = 0.4·1/2 + 0.3·8/10 + 0.3·4/4 = 0.74 -> B ranks 1. (Dividing EI by its maximum 8 would
    give 0.55 and 0.80 instead.)"""
    s = score(np.array([2.0, 1.0]), np.array([4.0, 8.0]), np.array([0.0, 4.0]))
    np.testing.assert_allclose(s, [0.52, 0.74])
    assert ranks(s).tolist() == [2, 1]


@st.composite
def inputs(draw):
    k = draw(st.integers(2, 8))
    c = 4
    rng = np.random.default_rng(draw(st.integers(0, 10_000)))
    s = rng.dirichlet(np.ones(c), size=k) * (rng.random((k, c)) < 0.8)
    s[:, 0] += 1e-3
    s /= s.sum(axis=1, keepdims=True)
    return {"s_imp": s, "s_gs": s[::-1].copy(), "risk": rng.uniform(0, 10, c), "t": np.ones(c), "ir": rng.random(k),
                "si": rng.uniform(0.5, 1, k), "ei": rng.uniform(0, 10, k), "loss": rng.uniform(0, 1e6, k)}, k


@settings(max_examples=30, deadline=None)
@given(inputs(), st.integers(1, 5))
def test_top_n_probabilities_sum_to_n_and_intervals_are_ordered(inp, top_n):
    """Every sample puts exactly min(N, K) categories in the top N, so Σ p_top_n = min(N, K)."""
    kw, k = inp
    res = monte_carlo(**kw, top_n=top_n, n_samples=60, seed=3)
    assert res.p_top_n.sum() == pytest.approx(min(top_n, k))
    assert np.all((res.p_top_n >= 0) & (res.p_top_n <= 1))
    assert np.all((1 <= res.rank_lo) & (res.rank_lo <= res.rank_hi) & (res.rank_hi <= k))


def test_same_seed_same_result_other_seed_differs():
    rng = np.random.default_rng(0)
    s = rng.dirichlet(np.ones(5), size=12)
    args = {"s_imp": s, "s_gs": s, "risk": rng.uniform(0, 10, 5), "t": np.ones(5), "ir": rng.random(12),
                "si": np.ones(12), "ei": rng.uniform(0, 10, 12), "loss": rng.uniform(0, 1, 12), "top_n": 4, "n_samples": 200}
    a, b, c = monte_carlo(**args, seed=1), monte_carlo(**args, seed=1), monte_carlo(**args, seed=2)
    np.testing.assert_array_equal(a.p_top_n, b.p_top_n)
    assert not np.array_equal(a.p_top_n, c.p_top_n)
