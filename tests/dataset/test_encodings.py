"""CSV as spreadsheet programs save it: Chinese Excel (GBK/GB18030), "Unicode text" (UTF-16 with
tabs), European Excel (';' between columns), Chinese column headers (schema.ALIASES_ZH). Each is
read like the UTF-8 file and the reader says how it read it."""

from __future__ import annotations

import codecs

import pytest

from keyparts.dataset import read_dataset, validate_and_type
from keyparts.dataset.schema import ALIASES_ZH, TABLE_BY_NAME
from keyparts.dataset.text import UndecodableError, decode_csv, sniff_delimiter
from keyparts.dataset.upload import read_life_tests
from tests.dataset.tiny import TINY, write_tiny

CATS = "categories.csv"


def _reference(tmp_path):
    return validate_and_type(read_dataset(write_tiny(tmp_path / "utf8"))).frames["categories"]


@pytest.mark.parametrize("encoding, label", [("gbk", "GB18030"), ("gb18030", "GB18030"),
                                             ("utf-16", "UTF-16"), ("utf-8-sig", "UTF-8")])
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_categories_read_the_same_in_every_encoding_and_delimiter(tmp_path, encoding, label, delimiter):
    folder = write_tiny(tmp_path / "ds")
    text = TINY[CATS]
    if delimiter != ",":  # the tiny file quotes no cell; its hs_codes lists use ';' inside cells
        rows = [r.split(",") for r in text.strip().split("\n")]
        text = "\n".join(delimiter.join(f'"{c}"' if delimiter in c else c for c in r) for r in rows) + "\n"
    (folder / CATS).write_bytes(text.encode(encoding))
    ds = validate_and_type(read_dataset(folder))
    got = ds.frames["categories"]
    assert got.equals(_reference(tmp_path)), got.head()
    assert got.set_index("id")["name_zh"]["BRG"] == "滚动轴承"
    if label == "UTF-8" and delimiter == ",":
        assert CATS not in ds.read_as
    else:
        shown = "tab" if delimiter == "\t" else delimiter
        assert ds.read_as[CATS] == f"read as {label}, delimiter '{shown}'"


def test_chinese_headers_of_the_contract_are_read_as_the_column_names(tmp_path):
    folder = write_tiny(tmp_path / "ds")
    header, rest = TINY[CATS].split("\n", 1)
    zh = [ALIASES_ZH["categories"][h][0] for h in header.split(",")]
    assert zh[:3] == ["品类编号", "英文名称", "中文名称"]
    (folder / CATS).write_bytes((",".join(zh) + "\n" + rest).encode("gbk"))
    got = validate_and_type(read_dataset(folder)).frames["categories"]
    assert got.equals(_reference(tmp_path))


def test_every_alias_names_a_column_and_is_unique_in_its_table():
    for table, cols in ALIASES_ZH.items():
        names = set(TABLE_BY_NAME[table].column_names)
        assert set(cols) <= names, table
        aliases = [a for v in cols.values() for a in v]
        assert len(aliases) == len(set(aliases)) and not set(aliases) & names, table


def test_life_test_upload_from_chinese_excel():
    """A life-test CSV saved by Excel on zh-CN: GBK, Chinese headers; read like the UTF-8 one."""
    data = "时间,状态\n72,F\n82,F\n154,S\n".encode("gbk")
    df = read_life_tests(data, file="寿命.csv")
    assert list(df["time"]) == [72, 82, 154] and list(df["status"]) == ["F", "F", "S"]
    assert df.attrs["read_as"] == "read as GB18030, delimiter ','"
    df = read_life_tests("时间;状态\n72;F\n".encode("gb18030"), file="t.csv")
    assert df.attrs["read_as"] == "read as GB18030, delimiter ';'"


def test_detection_order():
    assert decode_csv(codecs.BOM_UTF8 + "a,b\n".encode()).encoding == "UTF-8"
    assert decode_csv("a\tb\n".encode("utf-16-le").join([codecs.BOM_UTF16_LE, b""])).encoding == "UTF-16"
    assert decode_csv("名称,值\n".encode("gbk")).encoding == "GB18030"
    assert sniff_delimiter('"a;b",c\n') == ","     # a ';' inside quotes is not a delimiter
    assert sniff_delimiter("a;b;c,d\n") == ";"
    assert sniff_delimiter("onlyone\n") == ","
    with pytest.raises(UndecodableError):
        decode_csv(b"a,b\n\xff\xff\n")


def test_cli_validate_says_how_a_file_was_read(tmp_path):
    import json

    from typer.testing import CliRunner

    from keyparts.cli import app
    folder = write_tiny(tmp_path / "ds")
    (folder / CATS).write_bytes(TINY[CATS].encode("gbk"))
    r = CliRunner().invoke(app, ["data", "validate", str(folder), "--json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["read_as"] == {CATS: "read as GB18030, delimiter ','"}
