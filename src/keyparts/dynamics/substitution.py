"""Substitution after a shock: buyers move unmet demand to qualified substitute makers.

An option ``(buyer, sector, substitute, delay_days, ramp_days)`` says that firm ``buyer`` may
have its orders of inputs of ``sector`` that its suppliers leave unfilled delivered by firm
``substitute`` instead. Keyparts builds options only for parts rated interchangeable for the
buyer (interchange grades, :mod:`keyparts.match.interchange`) or qualified for it (a
qualification case at small_batch or later); ``delay_days`` is the time to qualify (zero when
already qualified) and the substitute's spare capacity ramps up linearly over ``ramp_days``.

Each day, after rationing (counting days from the first day any firm is shocked, ``t0``):

1. the unmet demand of a (buyer, sector) slot is the sum over its links of order minus
   delivery;
2. an option is open from day ``t0 + delay`` on and may deliver up to
   ``spare_k x min(1, (t - t0 - delay + 1) / ramp)`` (the whole spare capacity at once when
   ``ramp`` is 0); it claims the slot's unmet demand, up to that limit;
3. a substitute whose options claim more than its spare capacity ``spare_k`` serves them in
   proportion (proportional rationing); a slot offered more than its unmet demand by several
   substitutes takes each in proportion;
4. what a slot receives is added to the deliveries of its links in proportion to their
   shortfall (it arrives the next day, as deliveries do), and to the substitute's production.

The substitute's extra output uses spare capacity and is not limited by its own inputs (its
inputs for that output are outside the network).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from keyparts.errors import InputError


@dataclass(frozen=True, eq=False)
class Substitution:
    """Substitution options and the spare capacity (amount per day) of every firm."""

    buyer: np.ndarray        # int64 per option: firm row
    sector: np.ndarray       # int64 per option: sector code of the inputs it replaces
    substitute: np.ndarray   # int64 per option: firm row of the substitute maker
    delay_days: np.ndarray   # float per option: time to qualify
    ramp_days: np.ndarray    # float per option: linear ramp-up of the spare capacity
    spare: np.ndarray        # float per firm: spare capacity, amount per day

    @property
    def n_options(self) -> int:
        return int(self.buyer.shape[0])


def substitution(buyer, sector, substitute, delay_days, ramp_days, spare, n_firms: int
                 ) -> Substitution:
    """Check and freeze the options (see the module docstring)."""
    b, s, k = (np.asarray(x, dtype=np.int64).ravel() for x in (buyer, sector, substitute))
    m = b.shape[0]
    d = np.broadcast_to(np.asarray(delay_days, dtype=np.float64), (m,)).copy()
    r = np.broadcast_to(np.asarray(ramp_days, dtype=np.float64), (m,)).copy()
    sp = np.broadcast_to(np.asarray(spare, dtype=np.float64), (n_firms,)).copy()
    if not (s.shape == k.shape == (m,)):
        raise InputError("substitution: buyer, sector and substitute need one value per option")
    for name, a in (("buyer", b), ("substitute", k)):
        if ((a < 0) | (a >= n_firms)).any():
            raise InputError(f"substitution: a {name} is not a firm row (0..{n_firms - 1})")
    if (b == k).any():
        raise InputError("substitution: a firm cannot substitute for its own inputs")
    if not (np.isfinite(d).all() and (d >= 0).all() and np.isfinite(r).all() and (r >= 0).all()):
        raise InputError("substitution: delay and ramp-up must be days >= 0")
    if not (np.isfinite(sp).all() and (sp >= 0).all()):
        raise InputError("substitution: spare capacity must be an amount per day >= 0")
    for a in (b, s, k, d, r, sp):
        a.setflags(write=False)
    return Substitution(b, s, k, d, r, sp)


def substitute_deliveries(sub: Substitution, option_slot: np.ndarray, t_since: int,
                          slot_of_link: np.ndarray, short: np.ndarray, n_slots: int,
                          n_firms: int) -> tuple[np.ndarray, np.ndarray]:
    """One day's substitute deliveries: ``(extra per link, extra output per firm)``.

    ``option_slot`` is each option's (buyer, sector) slot (-1: the buyer buys nothing of that
    sector), ``t_since`` the days since the first shock, ``short`` per link order minus
    delivery (>= 0)."""
    unmet = np.bincount(slot_of_link, weights=short, minlength=n_slots)
    since = t_since - sub.delay_days
    open_ = (option_slot >= 0) & (since >= 0)
    frac = np.where(sub.ramp_days > 0, np.minimum(1.0, (since + 1.0) / np.maximum(sub.ramp_days, 1e-300)),
                    1.0)
    limit = np.where(open_, sub.spare[sub.substitute] * frac, 0.0)
    x = np.minimum(limit, np.where(open_, unmet[np.maximum(option_slot, 0)], 0.0))
    # a substitute's spare capacity shared among its options in proportion
    total_k = np.bincount(sub.substitute, weights=x, minlength=n_firms)
    over = total_k > sub.spare
    scale_k = np.ones(n_firms)
    np.divide(sub.spare, total_k, out=scale_k, where=over)
    x = x * scale_k[sub.substitute]
    # a slot offered more than its unmet demand takes each substitute in proportion
    got = np.bincount(np.maximum(option_slot, 0), weights=x, minlength=n_slots)
    scale_s = np.ones(n_slots)
    np.divide(unmet, got, out=scale_s, where=got > unmet)
    x = x * scale_s[np.maximum(option_slot, 0)]
    got = np.minimum(got, unmet)
    share = np.zeros_like(short)
    np.divide(short, unmet[slot_of_link], out=share, where=unmet[slot_of_link] > 0)
    return share * got[slot_of_link], np.bincount(sub.substitute, weights=x, minlength=n_firms)
