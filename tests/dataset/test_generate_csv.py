"""The streamed generator: blocks that own their rows, byte-identical files, determinism.

References: the normalized CSV layout is that of ``keyparts.dataset.io.write_dataset`` (an
independent, per-cell implementation) and Python's own ``repr`` for floats; the network's
documented properties are those of the module docstring of ``keyparts.dataset.generate``
(~10 parts per enterprise, ~10.5 BOM rows per part, tiers 1..4 with children one tier deeper
or more, shares per buyer and item <= 1).
"""

from __future__ import annotations

import json
import math

import numpy as np
import pyarrow as pa
import pytest
from typer.testing import CliRunner

from keyparts.cli import app
from keyparts.dataset import read_dataset, validate, write_dataset
from keyparts.dataset.generate import BLOCK_FIRMS, BLOCK_TABLES, TIERS, block, float_repr, generate, plan
from keyparts.dataset.generate_csv import csv_text, write_generated
from keyparts.dataset.io import _format_cell
from keyparts.errors import InputError


def _files(folder) -> dict[str, bytes]:
    return {f.name: f.read_bytes() for f in sorted(folder.iterdir())}


def test_streamed_files_are_byte_identical_to_writing_the_in_memory_dataset(tmp_path):
    """A full block and a partial second one (1 100 firms, blocks of 1 000): the streamed folder
    equals write_dataset(generate(...)) file for file, byte for byte."""
    assert BLOCK_FIRMS == 1000
    counts = write_generated(tmp_path / "stream", 1100, seed=7)
    write_dataset(generate(1100, seed=7), tmp_path / "memory")
    a, b = _files(tmp_path / "stream"), _files(tmp_path / "memory")
    assert sorted(a) == sorted(b)
    assert [name for name in a if a[name] != b[name]] == []
    assert counts["enterprises"] == 1100
    assert counts["bom"] == a["bom.csv"].count(b"\n") - 1  # rows reported = rows written
    assert not list((tmp_path / "stream").glob(".*"))  # no temporary file left


def test_same_seed_writes_the_same_bytes_and_another_seed_others(tmp_path):
    write_generated(tmp_path / "a", 150, seed=3)
    write_generated(tmp_path / "b", 150, seed=3)
    write_generated(tmp_path / "c", 150, seed=4)
    a, b, c = (_files(tmp_path / x) for x in "abc")
    assert a == b
    assert a["bom.csv"] != c["bom.csv"] and a["sourcing.csv"] != c["sourcing.csv"]


def test_a_block_depends_only_on_the_seed_and_its_number():
    """Each block has its own random stream: drawing block 1 before or after block 0 gives
    the same rows (so blocks may be written in any grouping, or in parallel)."""
    p = plan(2100, seed=11)
    late = (block(p, 0), block(p, 1))[1]
    early = block(p, 1)
    assert all(early[name].equals(late[name]) for name in BLOCK_TABLES)


@pytest.fixture(scope="module")
def blocks():
    p = plan(2100, seed=5)
    return p, [block(p, b) for b in range(p.n_blocks)]


def _col(tables, name, col):
    return np.concatenate([t[name][col].to_numpy(zero_copy_only=False) for t in tables])


def test_each_block_holds_exactly_the_rows_of_its_own_enterprises(blocks):
    p, bs = blocks
    for b, t in enumerate(bs):
        own = {f"F{e + 1:07d}" for e in range(b * BLOCK_FIRMS, min(p.n, (b + 1) * BLOCK_FIRMS))}
        assert set(t["enterprises"]["id"].to_pylist()) == own
        assert set(t["parts"]["maker_id"].to_pylist()) <= own
        assert set(t["products"]["oem_id"].to_pylist()) <= own
        assert set(t["sourcing"]["buyer_id"].to_pylist()) <= own
    assert len(_col(bs, "enterprises", "id")) == p.n
    assert len(set(_col(bs, "parts", "id"))) == p.n_parts  # every part in exactly one block


def test_blocks_concatenated_are_sorted_by_key_without_repeats(blocks):
    """Keys as write_dataset sorts them: string order of the key columns, block after block."""
    _, bs = blocks
    for name, key in (("parts", ["id"]), ("bom", ["parent_id", "child_id"]),
                      ("sourcing", ["buyer_id", "item_id", "supplier_id"]), ("part_values", ["part_id", "parameter"])):
        rows = list(zip(*(_col(bs, name, k) for k in key)))
        assert all(x < y for x, y in zip(rows, rows[1:])), name


def test_blocks_concatenated_have_the_documented_sizes(blocks):
    """~10 parts per enterprise (6-14), ~10.5 BOM rows per part (8-12), ~1 sourcing row per BOM row."""
    p, bs = blocks
    n_parts = len(_col(bs, "parts", "id"))
    n_bom = len(_col(bs, "bom", "parent_id")) + len(_col(bs, "bom_products", "parent_id"))
    n_src = len(_col(bs, "sourcing", "buyer_id"))
    assert 6 * p.n <= n_parts <= 14 * p.n
    assert 8 * n_parts <= n_bom <= 12 * n_parts
    assert 0.6 * n_bom <= n_src <= 1.2 * n_bom


def test_every_part_child_is_on_a_deeper_tier_so_the_bom_is_acyclic(blocks):
    p, bs = blocks
    par = _col(bs, "bom", "parent_id")
    ch = _col(bs, "bom", "child_id")
    is_part = np.char.startswith(ch.astype(str), "P")
    t_par = p.tier[np.char.lstrip(par[is_part].astype(str), "P").astype(int) - 1]
    t_ch = p.tier[np.char.lstrip(ch[is_part].astype(str), "P").astype(int) - 1]
    assert (t_ch > t_par).all() and t_par.max() < TIERS
    pch = _col(bs, "bom_products", "child_id").astype(str)
    pparts = pch[np.char.startswith(pch, "P")]
    assert (p.tier[np.char.lstrip(pparts, "P").astype(int) - 1] <= 2).all()  # products list tier-1/2 parts


def test_shares_per_buyer_and_item_sum_to_at_most_one_across_all_blocks(blocks):
    _, bs = blocks
    total: dict[tuple, float] = {}
    for bb, it, sh in zip(_col(bs, "sourcing", "buyer_id"), _col(bs, "sourcing", "item_id"),
                          _col(bs, "sourcing", "share")):
        total[(bb, it)] = total.get((bb, it), 0.0) + sh
    assert 0 < min(total.values()) and max(total.values()) <= 1 + 1e-12


@pytest.mark.parametrize("x", [0.0, -0.0, 1.0, -2.0, 3.5, 0.1, 0.01 + 0.02, 1e-4, 9.99e-5, 1e-5, 123456789.25,
                               1e9 + 0.5, 5.943518655104692e13, 1e15, 1e15 + 0.5, 1e16, 2.5e20, math.inf])
def test_csv_text_of_a_float_is_the_normalized_writers_text_and_float_repr_is_repr(x):
    assert csv_text(pa.array([x]))[0].as_py() == _format_cell(x)
    assert float_repr(np.array([x]))[0].as_py() == repr(x)


def test_csv_text_of_nan_bool_and_int():
    out = csv_text(pa.array([float("nan"), 2.0]))
    assert out.to_pylist() == [None, "2"]
    assert csv_text(pa.array([True, False])).to_pylist() == ["true", "false"]
    assert csv_text(pa.array([2023], pa.int64())).to_pylist() == ["2023"]


def test_a_negative_seed_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="seed=-1"):
        write_generated(tmp_path, 20, seed=-1)


def test_cli_generate_json_counts_match_the_files_and_the_dataset_is_valid(tmp_path):
    res = CliRunner().invoke(app, ["data", "generate", str(tmp_path / "g"), "--firms", "40", "--seed", "2", "--json"])
    assert res.exit_code == 0, res.output
    rows = json.loads(res.stdout)["rows"]
    for name in ("enterprises", "parts", "bom", "sourcing"):
        assert rows[name] == (tmp_path / "g" / f"{name}.csv").read_text(encoding="utf-8").count("\n") - 1
    assert rows["enterprises"] == 40
    assert [str(p) for p in validate(read_dataset(tmp_path / "g")) if p.severity == "error"] == []
