"""Monte Carlo ensembles of shocks: members drawn from seeds, run by the daily model, summarised.

A member ``m`` of an :class:`EnsembleSpec` draws its shock from
``numpy.random.default_rng([seed, m])`` alone, so any member can be recomputed anywhere, in any
order, by any worker:

1. among the network's groups (each firm, or e.g. the plants of one country), the number that
   fail is Binomial(groups, ``fail_probability``), at least one; which ones is a uniform draw;
2. each failing group loses ``delta ~ U(delta_min, delta_max)`` of its capacity on day 0;
3. capacity stays down for ``D ~ U{duration_min..duration_max}`` days, then recovers
   (``recovery``, over ``recovery_days``; default proportional, Inoue & Todo 2019).

Each member's result carries a fingerprint: a SHA-256 of the network's arrays, the spec and the
member index, so stored results are reused only for the very same computation.
Pure functions; the distributed runner and the Parquet store are in :mod:`keyparts.ensemble`.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass

import numpy as np

from keyparts.dynamics.engine import simulate
from keyparts.dynamics.network import Network
from keyparts.errors import InputError

EXCEEDANCE_LEVELS = (0.001, 0.01, 0.05, 0.1, 0.2, 0.5)


@dataclass(frozen=True)
class EnsembleSpec:
    """How members are drawn and run (see the module docstring)."""

    members: int
    seed: int = 0
    days: int = 60
    fail_probability: float = 0.01
    delta_min: float = 0.2
    delta_max: float = 1.0
    duration_min: int = 1
    duration_max: int = 30
    recovery: str = "proportional"
    recovery_days: int = 30
    rationing: str = "proportional"
    tau: float = 6.0
    inventory_days: float = 15.0

    def __post_init__(self) -> None:
        if self.members < 1:
            raise InputError(f"--members: {self.members} (expected at least 1)")
        if not 0 <= self.fail_probability <= 1:
            raise InputError(f"--fail-probability: {self.fail_probability} is not between 0 and 1")
        if not 0 <= self.delta_min <= self.delta_max <= 1:
            raise InputError(f"--delta-min/--delta-max: {self.delta_min}..{self.delta_max} "
                             "(expected 0 <= min <= max <= 1)")
        if not 1 <= self.duration_min <= self.duration_max:
            raise InputError(f"--duration-min/--duration-max: {self.duration_min}.."
                             f"{self.duration_max} (expected 1 <= min <= max)")
        if self.days < 1:
            raise InputError(f"--days: {self.days} (expected at least 1)")

    def to_dict(self) -> dict:
        return asdict(self)


def network_fingerprint(net: Network, groups: tuple[np.ndarray, ...] | None = None,
                        tracked: np.ndarray | None = None) -> str:
    """SHA-256 of the arrays that define a run (and of the groups and tracked rows)."""
    h = hashlib.sha256()
    for a in (net.supplier, net.customer, net.flow, net.final_demand, net.sector):
        h.update(np.ascontiguousarray(a).tobytes())
    if net.essential is not None:
        h.update(np.ascontiguousarray(net.essential).tobytes())
    for g in groups or ():
        h.update(b"|" + np.ascontiguousarray(g, dtype=np.int64).tobytes())
    if tracked is not None:
        h.update(b"T" + np.ascontiguousarray(tracked, dtype=np.int64).tobytes())
    return h.hexdigest()


def member_fingerprint(net_fp: str, spec: EnsembleSpec, member: int) -> str:
    d = spec.to_dict()
    d.pop("members")  # adding members later keeps the first ones
    text = json.dumps({"net": net_fp, "spec": d, "member": int(member)}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def member_shock(spec: EnsembleSpec, member: int, n_firms: int,
                 groups: tuple[np.ndarray, ...] | None = None) -> dict:
    """The shock of one member: ``delta`` per firm (-1: none), duration, failed groups."""
    rng = np.random.default_rng([int(spec.seed), int(member)])
    n_groups = n_firms if groups is None else len(groups)
    if n_groups == 0:
        raise InputError("ensemble: the network has no firm to fail")
    k = max(1, int(rng.binomial(n_groups, spec.fail_probability)))
    failed = np.sort(rng.choice(n_groups, size=k, replace=False))
    d = rng.uniform(spec.delta_min, spec.delta_max, size=k)
    duration = int(rng.integers(spec.duration_min, spec.duration_max + 1))
    delta = np.full(n_firms, -1.0)
    for g, x in zip(failed, d, strict=True):
        rows = np.array([g]) if groups is None else groups[g]
        delta[rows] = np.maximum(delta[rows], x)
    return {"delta": delta, "duration": duration, "failed": failed, "delta_drawn": d}


def run_member(net: Network, spec: EnsembleSpec, member: int, *, net_fp: str,
               groups: tuple[np.ndarray, ...] | None = None,
               tracked: np.ndarray | None = None) -> dict:
    """Run one member; a flat record (JSON/Parquet-friendly): member, fingerprint, shock, total
    production loss as a share of ``days`` pre-shock days, and the same for each tracked firm
    (``loss_<row>``)."""
    s = member_shock(spec, member, net.n_firms, groups)
    tr = np.zeros(0, dtype=np.int64) if tracked is None else np.asarray(tracked, dtype=np.int64)
    res = simulate(net, days=spec.days, delta=s["delta"], rationing=spec.rationing, tau=spec.tau,
                   inventory_days=spec.inventory_days, recovery=spec.recovery,
                   recovery_days=spec.recovery_days, recovery_delay_days=s["duration"],
                   track_firms=tr)
    base = res.baseline_production * spec.days
    rec = {"member": int(member), "seed": int(spec.seed),
           "fingerprint": member_fingerprint(net_fp, spec, member),
           "n_failed": int(s["failed"].size), "delta_mean": float(s["delta_drawn"].mean()),
           "duration": s["duration"],
           "failed": ",".join(str(int(x)) for x in s["failed"][:50]),
           "production_loss": float(res.production_loss / base) if base > 0 else 0.0,
           "final_consumption_loss": float(
               sum(res.baseline_final_consumption - c for c in res.final_consumption)
               / (res.baseline_final_consumption * spec.days))
           if res.baseline_final_consumption > 0 else 0.0}
    if tr.size:
        got = np.asarray(res.tracked_production).reshape(spec.days, tr.size)
        p0 = net.output[tr]
        lost = (p0 * spec.days - got.sum(axis=0))
        share = np.divide(lost, p0 * spec.days, out=np.zeros(tr.size), where=p0 > 0)
        for r, x in zip(tr.tolist(), share.tolist(), strict=True):
            rec[f"loss_{r}"] = float(x)
    return rec


@dataclass(frozen=True)
class LossDistribution:
    """Loss of one quantity (a product line, or the total) over the members: quantiles and the
    probability of exceeding each level (share of pre-shock output over the run)."""

    name: str
    members: int
    mean: float
    quantiles: dict[str, float]
    exceedance: dict[str, float]

    def to_dict(self) -> dict:
        return asdict(self)


def loss_distribution(name: str, losses) -> LossDistribution:
    x = np.asarray(losses, dtype=np.float64)
    if x.size == 0:
        raise InputError(f"{name}: no member to summarise")
    q = {f"p{int(p * 100)}": float(np.quantile(x, p)) for p in (0.5, 0.9, 0.95, 0.99)}
    ex = {f"{lv:g}": float((x > lv).mean()) for lv in EXCEEDANCE_LEVELS}
    return LossDistribution(name, int(x.size), float(x.mean()), q, ex)
