"""Ensembles of the daily model on Dask, with results kept in Parquet and resumed by fingerprint.

- ``workers=0``: members run one after the other in this process (no Dask).
- ``workers=N`` (N >= 1) and no ``scheduler``: a :class:`dask.distributed.LocalCluster` of N
  worker processes, one thread each, started and closed here.
- ``scheduler="tcp://HOST:8786"``: the same tasks are sent to an existing Dask cluster.

The network (and the failing groups) are sent once to every worker
(``Client.scatter(..., broadcast=True)``): tasks receive the worker's copy, and its link sorting
is done once per worker and kept (:func:`keyparts.dynamics.engine.simulate` caches it per network
object). Members go in batches of about ``members / (8 x workers)`` (at least 1), few enough
tasks that scheduling costs little, enough that the workers finish together. Each batch is
written as one Parquet file of ``out_dir`` as soon as it is done, so an interrupted ensemble keeps
what it finished: on a local cluster the worker writes it itself and returns only its counts
(the records never pass through the scheduler or this process); with ``scheduler=`` the workers
may not see ``out_dir``, so they return the records and this process writes them. Every task
reports the CPU time it used, so a run states CPU and wall time (:class:`EnsembleRun`).
A rerun reads ``out_dir``, skips every member whose fingerprint is there
(:func:`keyparts.dynamics.ensemble.member_fingerprint`) and computes only the missing ones.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from keyparts.dynamics.ensemble import (EnsembleSpec, LossDistribution, loss_distribution,
                                        member_fingerprint, network_fingerprint, run_member)
from keyparts.dynamics.network import Network
from keyparts.errors import InputError


def _run_batch(net: Network, spec: EnsembleSpec, members: list[int], net_fp: str, groups,
               tracked) -> list[dict]:
    return [run_member(net, spec, m, net_fp=net_fp, groups=groups, tracked=tracked)
            for m in members]


def _run_batch_task(net: Network, spec: EnsembleSpec, members: list[int], net_fp: str, groups,
                    tracked, out_dir: str | None) -> dict:
    """One Dask task: run the members, write them to ``out_dir`` (None: return the records);
    with the CPU seconds the task used."""
    c0 = time.process_time()
    recs = _run_batch(net, spec, members, net_fp, groups, tracked)
    if out_dir is not None:
        _write(Path(out_dir), recs)
    return {"n": len(recs), "records": None if out_dir is not None else recs,
            "cpu_seconds": time.process_time() - c0}


def read_results(out_dir: Path) -> pd.DataFrame:
    """Every member record stored in ``out_dir`` (one row per fingerprint)."""
    files = sorted(Path(out_dir).glob("*.parquet"))
    if not files:
        return pd.DataFrame()
    df = pd.concat([pd.read_parquet(f) for f in files], ignore_index=True)
    return df.drop_duplicates("fingerprint", keep="last").sort_values("member").reset_index(drop=True)


def _write(out_dir: Path, records: list[dict]) -> None:
    if records:
        pd.DataFrame.from_records(records).to_parquet(
            Path(out_dir) / f"part-{int(time.time())}-{uuid.uuid4().hex[:8]}.parquet", index=False)


@dataclass(frozen=True)
class EnsembleRun:
    """Results of an ensemble: all members' records and the loss distributions."""

    spec: EnsembleSpec
    results: pd.DataFrame          # one row per member of the spec
    computed: int                  # members computed by this call (the others were stored)
    workers: int
    scheduler: str
    seconds: float
    distributions: tuple[LossDistribution, ...]
    cpu_seconds_tasks: float = 0.0    # CPU used by the member runs (all workers)
    cpu_seconds_parent: float = 0.0   # CPU used by this process meanwhile
    batch: int = 0                    # members per task

    def to_dict(self) -> dict:
        return {"spec": self.spec.to_dict(), "members": int(len(self.results)),
                "computed": self.computed, "reused": int(len(self.results)) - self.computed,
                "workers": self.workers, "scheduler": self.scheduler, "seconds": self.seconds,
                "cpu_seconds_tasks": self.cpu_seconds_tasks,
                "cpu_seconds_parent": self.cpu_seconds_parent, "batch": self.batch,
                "distributions": [d.to_dict() for d in self.distributions]}


def run_ensemble(net: Network, spec: EnsembleSpec, out_dir, *, workers: int = 2,
                 scheduler: str | None = None, groups: tuple[np.ndarray, ...] | None = None,
                 tracked: np.ndarray | None = None, names: dict[int, str] | None = None,
                 batch: int | None = None,
                 progress: Callable[[int, int], None] | None = None) -> EnsembleRun:
    """Run the members of ``spec`` not yet in ``out_dir`` and summarise all of them.

    ``groups`` (firm rows per group) are what fails together; ``tracked`` firm rows (e.g.
    product lines) get a loss distribution each, named by ``names`` (row -> name).
    ``progress(done, total)`` is called as batches finish."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    tr = None if tracked is None else np.asarray(tracked, dtype=np.int64)
    net_fp = network_fingerprint(net, groups, tr)
    wanted = {member_fingerprint(net_fp, spec, m): m for m in range(spec.members)}
    stored = read_results(out)
    have = set(stored["fingerprint"]) if len(stored) else set()
    todo = sorted(m for fp, m in wanted.items() if fp not in have)
    t0, c0 = time.perf_counter(), time.process_time()
    n_workers = 0 if workers <= 0 and scheduler is None else max(workers, 1)
    size = batch or max(1, len(todo) // (8 * max(n_workers, 1)))
    chunks = [todo[i:i + size] for i in range(0, len(todo), size)]
    done, cpu_tasks = 0, 0.0
    if todo and n_workers == 0:
        for ch in chunks:
            r = _run_batch_task(net, spec, ch, net_fp, groups, tr, str(out))
            done += r["n"]
            cpu_tasks += r["cpu_seconds"]
            if progress:
                progress(done, len(todo))
    elif todo:
        from dask.distributed import Client, LocalCluster, as_completed

        cluster = None
        if scheduler is None:
            import dask

            # Dask's nannies set MALLOC_TRIM_THRESHOLD_ in their workers, which turns off glibc's
            # adaptive mmap threshold: every large NumPy array is then mapped and zeroed afresh,
            # and a member runs about 1.5x slower than in a plain process; keep the rest
            with dask.config.set({"distributed.nanny.pre-spawn-environ": {
                    k: v for k, v in dask.config.get("distributed.nanny.pre-spawn-environ",
                                                     {}).items()
                    if k != "MALLOC_TRIM_THRESHOLD_"}}):
                cluster = LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True,
                                       dashboard_address="127.0.0.1:0", host="127.0.0.1")
            client = Client(cluster)
        else:
            client = Client(scheduler)
            n_workers = len(client.scheduler_info().get("workers", {})) or n_workers
            size = batch or max(1, len(todo) // (8 * n_workers))
            chunks = [todo[i:i + size] for i in range(0, len(todo), size)]
        try:
            net_f = client.scatter(net, broadcast=True)
            groups_f = (client.scatter([groups], broadcast=True)[0] if groups is not None
                        else None)
            # a local cluster shares this file system: its workers write their batches
            where = str(out.resolve()) if cluster is not None else None
            futs = [client.submit(_run_batch_task, net_f, spec, ch, net_fp, groups_f, tr, where,
                                  pure=False) for ch in chunks]
            for fut in as_completed(futs):
                r = fut.result()
                if r["records"] is not None:
                    _write(out, r["records"])
                done += r["n"]
                cpu_tasks += r["cpu_seconds"]
                fut.release()
                if progress:
                    progress(done, len(todo))
        finally:
            client.close()
            if cluster is not None:
                cluster.close()
    seconds = time.perf_counter() - t0
    cpu_parent = time.process_time() - c0 - (cpu_tasks if n_workers == 0 else 0.0)
    res = read_results(out)
    res = res[res["fingerprint"].isin(wanted)].sort_values("member").reset_index(drop=True)
    if len(res) != spec.members:
        raise InputError(f"ensemble: {len(res)} of {spec.members} members in {out}")
    dists = [loss_distribution("total production", res["production_loss"])]
    for col in [c for c in res.columns if c.startswith("loss_")]:
        row = int(col[5:])
        dists.append(loss_distribution((names or {}).get(row, str(row)), res[col]))
    return EnsembleRun(spec, res, len(todo), n_workers, scheduler or
                       ("local cluster" if n_workers else "this process"), seconds, tuple(dists),
                       cpu_tasks, cpu_parent, size if todo else 0)


def plot_exceedance(run: EnsembleRun, path, *, top: int = 8) -> Path:
    """Exceedance curves P(loss > x) of the total and of up to ``top`` tracked lines, as PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4.5))
    cols = ["production_loss"] + [c for c in run.results.columns if c.startswith("loss_")][:top]
    labels = [d.name for d in run.distributions][: len(cols)]
    for col, lab in zip(cols, labels, strict=True):
        x = np.sort(run.results[col].to_numpy())
        p = 1.0 - np.arange(1, x.size + 1) / x.size
        ax.step(x, p, where="post", label=lab)
    ax.set_xlabel("loss (share of pre-shock output over the run)")
    ax.set_ylabel("probability of exceeding")
    ax.set_title(f"{len(run.results)} members, {run.spec.days} days")
    ax.set_ylim(0, 1)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    p_out = Path(path)
    fig.savefig(p_out, dpi=110)
    plt.close(fig)
    return p_out
