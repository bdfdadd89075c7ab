"""Write the small random networks of tests/dynamics/data/ (seeded; run once, output kept).

Usage: python tests/dynamics/data/generate_networks.py  (writes gen30/, gen60/ here)
Firms get a sector of 4 (gen30) or 6 (gen60), each firm buys from 1-6 random suppliers
(amounts lognormal), a third of the firms have no final demand, and the delta file shocks a few
firms on days 0, 2 and 5.
"""

from pathlib import Path

import numpy as np


def write(folder: Path, n: int, n_sectors: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    folder.mkdir(exist_ok=True)
    ids = [f"{100 + 7 * i}" for i in range(n)]
    sector = rng.integers(1, n_sectors + 1, n)
    links = set()
    for c in range(n):
        for s in rng.choice(n, rng.integers(1, 7), replace=False):
            if s != c:
                links.add((int(s), c))
    links = sorted(links, key=lambda x: (rng.random(), x))
    with open(folder / "firmAffiliation.txt", "w") as f:
        f.writelines(f"{ids[i]} {sector[i]} 0\n" for i in range(n))
    with open(folder / "aTableLine.txt", "w") as f:
        f.writelines(f"{ids[s]} {ids[c]} {rng.lognormal(3, 1):.6f}\n" for s, c in links)
    fd = np.where(rng.random(n) < 1 / 3, 0.0, rng.lognormal(4, 1, n))
    with open(folder / "cVector.txt", "w") as f:
        f.writelines(f"{ids[i]} {fd[i]:.6f}\n" for i in range(n))
    out = fd.copy()
    for s, c in links:
        out[s] += 1.0  # any value: the reference replaces it
    with open(folder / "piniVector.txt", "w") as f:
        f.writelines(f"{ids[i]} {out[i]:.6f}\n" for i in range(n))
    hit = rng.choice(n, 4, replace=False)
    with open(folder / "delta.txt", "w") as f:
        f.write(f"{ids[hit[0]]} 0.5\n{ids[hit[1]]} 0.8 0\n{ids[hit[2]]} 0.3 2\n{ids[hit[3]]} 1 5\n")


if __name__ == "__main__":
    here = Path(__file__).parent
    write(here / "gen30", 30, 4, 15)
    write(here / "gen60", 60, 6, 2019)
