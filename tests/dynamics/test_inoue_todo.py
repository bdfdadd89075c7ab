"""Reader of the reference simulator's input files: formats as they are, errors that name
file, line and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from keyparts.dynamics.inoue_todo import read_delta, read_network
from keyparts.errors import InputError

TOY = {"aTableLine.txt": "1 2 100\n2 1 100\n", "cVector.txt": "1 100\n2 100\n",
       "piniVector.txt": "1 200\n2 200\n", "firmAffiliation.txt": "1 1001 0\n2 1002 0\n"}


def folder(tmp_path: Path, **over: str) -> Path:
    for name, text in (TOY | {k.replace("_", "."): v for k, v in over.items()}).items():
        (tmp_path / name).write_text(text)
    return tmp_path


def test_reads_the_toy_network(tmp_path) -> None:
    net = read_network(folder(tmp_path))
    assert net.firm_ids == ("1", "2") and list(net.sector) == [1001, 1002]
    assert list(net.output) == [200.0, 200.0] and list(net.final_demand) == [100.0, 100.0]


def test_two_column_affiliation_is_accepted(tmp_path) -> None:
    net = read_network(folder(tmp_path, firmAffiliation_txt="1 1001\n2 1002\n"))
    assert net.firm_ids == ("1", "2")


def test_firms_missing_from_cvector_have_no_final_demand(tmp_path) -> None:
    net = read_network(folder(tmp_path, cVector_txt="2 100\n"))
    assert list(net.final_demand) == [0.0, 100.0]


@pytest.mark.parametrize("over,msg", [
    (dict(aTableLine_txt="1 2 100\n2 9 100\n"), "aTableLine.txt:2:client: firm '9'"),
    (dict(aTableLine_txt="1 2 100\n2 1 x\n"), "aTableLine.txt:2:amount: 'x'"),
    (dict(aTableLine_txt="1 2 100\n2 1 0\n"), "aTableLine.txt:2:amount: 0"),
    (dict(aTableLine_txt="1 2 100\n1 2 5\n"), "aTableLine.txt:2: link 1 -> 2 appears twice"),
    (dict(aTableLine_txt="1 2 100\n2 1\n"), "aTableLine.txt:2: expected supplier client amount"),
    (dict(cVector_txt="1 -4\n"), "cVector.txt:1:amount: -4"),
    (dict(firmAffiliation_txt="1 A 0\n2 1 0\n"), "firmAffiliation.txt:1:sector"),
    (dict(firmAffiliation_txt="1 1 0\n1 2 0\n"), "firmAffiliation.txt:2:firm: '1' appears twice"),
])
def test_bad_lines_are_named(tmp_path, over, msg) -> None:
    with pytest.raises(InputError, match=msg):
        read_network(folder(tmp_path, **over))


def test_missing_file_is_named(tmp_path) -> None:
    d = folder(tmp_path)
    (d / "cVector.txt").unlink()
    with pytest.raises(InputError, match="cVector.txt: file not found"):
        read_network(d)


def test_delta_file_with_and_without_start_day(tmp_path) -> None:
    net = read_network(folder(tmp_path))
    (tmp_path / "d.txt").write_text("2 0.25 3\n1 0.1\n")
    delta, day = read_delta(tmp_path / "d.txt", net)
    assert list(delta) == [0.1, 0.25] and list(day) == [0, 3]
    (tmp_path / "e.txt").write_text("2 0.25\n")
    delta, _ = read_delta(tmp_path / "e.txt", net)
    assert delta[0] == -1.0  # not listed: no shock


@pytest.mark.parametrize("text,msg", [("1 1.5\n", "d.txt:1:delta: 1.5 is outside 0..1"),
                                      ("3 0.5\n", "d.txt:1:firm: firm '3'"),
                                      ("1 0.5 -2\n", "d.txt:1:start_day")])
def test_bad_delta_lines_are_named(tmp_path, text, msg) -> None:
    net = read_network(folder(tmp_path))
    (tmp_path / "d.txt").write_text(text)
    with pytest.raises(InputError, match=msg):
        read_delta(tmp_path / "d.txt", net)
