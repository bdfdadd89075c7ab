"""keyparts.arrays.unique: the sorted distinct values, by hand."""

from __future__ import annotations

import numpy as np

from keyparts.arrays import unique


def test_unique_of_integers_is_sorted_and_distinct():
    """[5, 1, 5, 3, 1] has the distinct values 1, 3, 5; an empty array has none; a 2-D array is
    flattened (as np.unique does): [[2, 2], [0, 7]] -> 0, 2, 7."""
    assert unique(np.array([5, 1, 5, 3, 1])).tolist() == [1, 3, 5]
    assert unique(np.array([], dtype=np.int64)).tolist() == []
    assert unique(np.array([[2, 2], [0, 7]])).tolist() == [0, 2, 7]
    assert unique(np.array([True, False, True])).tolist() == [False, True]


def test_other_dtypes_as_numpy_does():
    """Floats keep np.unique's rule that NaNs are one value: [1.5, nan, 1.5, nan] -> 1.5, nan;
    text is sorted: ["b", "a", "b"] -> a, b."""
    out = unique(np.array([1.5, np.nan, 1.5, np.nan]))
    assert out[0] == 1.5 and np.isnan(out[1]) and out.size == 2
    assert unique(np.array(["b", "a", "b"])).tolist() == ["a", "b"]
