"""A firm-level production network: firms with a sector, links with daily flows, final demand.

Flows are daily amounts (money per day in Inoue & Todo 2019); a link ``(supplier, customer,
flow)`` says the supplier delivers ``flow`` per day to the customer before any shock. Each
firm's pre-shock output is its final demand plus its flows to customers (the reference
simulator overwrites any output given in its input with this sum, and so does keyparts).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from keyparts.errors import InputError


@dataclass(frozen=True, eq=False)
class Network:
    """Firms ``0..n-1`` and links as edge arrays (see :func:`network`)."""

    supplier: np.ndarray      # int64, per link
    customer: np.ndarray      # int64, per link
    flow: np.ndarray          # float64, per link, amount per day
    final_demand: np.ndarray  # float64, per firm, amount per day
    sector: np.ndarray        # int64, per firm (sector of its output)
    firm_ids: tuple[str, ...]
    # bool per link, or None (all essential): a customer's output is limited only by the input
    # sectors with at least one essential link (Leontief); the others are bought and used but
    # never bind (Diem et al. 2022's non-essential inputs)
    essential: np.ndarray | None = None

    @property
    def n_firms(self) -> int:
        return int(self.final_demand.shape[0])

    @property
    def n_links(self) -> int:
        return int(self.flow.shape[0])

    @property
    def output(self) -> np.ndarray:
        """Pre-shock output per firm (amount per day): final demand + flows to customers."""
        return self.final_demand + np.bincount(self.supplier, weights=self.flow,
                                               minlength=self.n_firms)

    @property
    def inputs(self) -> np.ndarray:
        """Pre-shock purchases per firm (amount per day)."""
        return np.bincount(self.customer, weights=self.flow, minlength=self.n_firms)


def network(supplier, customer, flow, final_demand, sector, firm_ids=None, essential=None) -> Network:
    """Check and freeze the arrays of a network.

    ``supplier``/``customer`` are firm rows (0-based); ``flow`` > 0 per link; ``final_demand``
    >= 0 and ``sector`` (integer codes) per firm. A link may appear once. ``essential`` (bool
    per link, default all) marks the inputs that limit the customer's output.
    """
    sup = np.asarray(supplier, dtype=np.int64)
    cus = np.asarray(customer, dtype=np.int64)
    fl = np.asarray(flow, dtype=np.float64)
    fd = np.asarray(final_demand, dtype=np.float64)
    sec = np.asarray(sector, dtype=np.int64)
    n = fd.shape[0]
    if not (sup.shape == cus.shape == fl.shape) or sup.ndim != 1:
        raise InputError("network: supplier, customer and flow must be 1-D arrays of one length")
    if sec.shape != (n,):
        raise InputError(f"network: sector has {sec.shape[0]} entries, expected one per firm ({n})")
    for name, a in (("supplier", sup), ("customer", cus)):
        bad = (a < 0) | (a >= n)
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise InputError(f"network: link {i}: {name} {int(a[i])} is not a firm row (0..{n - 1})")
    bad = ~(np.isfinite(fl) & (fl > 0))
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise InputError(f"network: link {i}: flow {fl[i]!r} is not a positive amount per day")
    bad = ~(np.isfinite(fd) & (fd >= 0))
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise InputError(f"network: firm {i}: final demand {fd[i]!r} is not an amount >= 0")
    key = sup * n + cus
    u, first, cnt = np.unique(key, return_index=True, return_counts=True)
    if (cnt > 1).any():
        k = int(u[cnt > 1][0])
        raise InputError(f"network: link {k // n} -> {k % n} appears more than once")
    ids = tuple(str(i) for i in range(n)) if firm_ids is None else tuple(str(x) for x in firm_ids)
    if len(ids) != n:
        raise InputError(f"network: {len(ids)} firm ids for {n} firms")
    ess = None
    if essential is not None:
        ess = np.asarray(essential, dtype=bool)
        if ess.shape != sup.shape:
            raise InputError("network: essential must have one flag per link")
        if ess.all():
            ess = None
    for a in (sup, cus, fl, fd, sec) + ((ess,) if ess is not None else ()):
        a.setflags(write=False)
    return Network(sup, cus, fl, fd, sec, ids, ess)
