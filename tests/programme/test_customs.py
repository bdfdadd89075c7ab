"""Customs exports as users download them -> trade.csv rows, with every set-aside row counted."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from keyparts.cli import app
from keyparts.errors import InputError
from keyparts.programme import read_trade_export
from tests.programme.files import CHINA, COMTRADE, EXPECTED


def _tuples(df):
    return [(r.hs_code, int(r.year), r.partner_country, r.flow, float(r.value_usd),
             None if r.quantity != r.quantity else float(r.quantity), r.unit if isinstance(r.unit, str) else None)
            for r in df.itertuples(index=False)]


def test_comtrade_and_china_customs_give_the_same_trade_rows():
    """Both files hold China's 2023 flows. By hand: 848210 from JP = 1 000 000 USD / 50 000 pcs
    (Comtrade one row; China 84821010 600 000 + 84821090 400 000 USD, 30 000 + 20 000 套, two
    months and two trade modes summed to HS6); 848210 from DE 400 000 / 10 000; to the US
    300 000 / 60 000 (China writes "300,000"); 731815 from JP 200 000 USD, 8 000 kg (Comtrade:
    no count, net weight 8 000 kg; China: 第一计量单位 千克); 999999 from JP 5 000 USD, no quantity."""
    a = read_trade_export(COMTRADE.encode(), fmt="comtrade")
    b = read_trade_export(CHINA.encode("gb18030"), fmt="china-customs")
    assert _tuples(a.rows) == EXPECTED
    assert _tuples(b.rows) == EXPECTED
    assert b.encoding == "gb18030"


def test_every_comtrade_row_is_mapped_or_reported():
    """12 rows = 5 mapped + 7 set aside: RX and RM (re-export, re-import: already inside X and M,
    IMTS 2010), W00 (world total), CHN (imports from China itself), S19 (not an ISO country,
    also listed as an unknown partner), motCode 1 (breakdown by transport mode), 8482 (its
    subheading 848210 is in the file)."""
    r = read_trade_export(COMTRADE.encode(), fmt="comtrade", category_codes=["848210", "731815"],
                          countries=["JP", "DE", "CN"])
    assert r.rows_read == 12 and r.rows_mapped == 5
    assert r.set_aside == {
        "breakdown by mode of transport (motCode is not a total)": 1, "flow RM (re-import)": 1,
        "flow RX (re-export)": 1, "world total (partner W00)": 1,
        "imports from / exports to the home country CHN (re-imports)": 1,
        "partner code not an ISO 3166 country": 1,
        "aggregate code (its subheadings are in the file)": 1}
    assert r.unknown_partners == {"S19": 1}
    assert r.partners_not_in_countries == ["US"]
    assert r.unmapped_codes == {"999999": 5000.0}


def test_china_export_re_exports_and_unknown_partners_are_reported():
    """9 rows = 6 mapped + 复出口 (re-export) + 中国 (re-import) + an unlisted partner name."""
    r = read_trade_export(CHINA.encode("utf-8-sig"), fmt="china-customs")
    assert r.rows_read == 9 and r.rows_mapped == 6
    assert r.set_aside == {"flow 复出口 (re-export)": 1, "trade with the home country CN itself (re-imports)": 1,
                           "partner name not in the partner table": 1}
    assert r.unknown_partners == {"其他亚洲国家（地区）": 1}


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_china_export_reads_in_each_encoding(encoding):
    """UTF-8 with and without BOM and GB18030 give the same rows (EXPECTED, see above)."""
    assert _tuples(read_trade_export(CHINA.encode(encoding), fmt="china-customs").rows) == EXPECTED


def test_hs8_kept_with_eight_digits():
    """--digits 8: 84821010 from JP (600 000) and 84821090 (400 000) stay apart."""
    r = read_trade_export(CHINA.encode(), fmt="china-customs", hs_digits=8)
    jp = r.rows[(r.rows["partner_country"] == "JP") & r.rows["hs_code"].str.startswith("8482")]
    assert dict(zip(jp["hs_code"], jp["value_usd"])) == {"84821010": 600000.0, "84821090": 400000.0}


def test_flow_and_year_from_the_query_when_the_export_has_no_column():
    """The platform asks for flow and period as query conditions; an export may lack both columns."""
    text = "商品编码,贸易伙伴名称,第一数量,第一计量单位,美元\n84821010,日本,10,套,100\n84831000,日本,3,米,60\n"
    r = read_trade_export(text.encode("gb18030"), fmt="china-customs", flow="import", year=2024)
    assert _tuples(r.rows) == [("848210", 2024, "JP", "import", 100.0, 10.0, "pcs"),
                               ("848310", 2024, "JP", "import", 60.0, None, None)]
    assert r.units_not_mapped == {"米": 1}   # kept with its value, quantity left empty and reported
    with pytest.raises(InputError, match="--flow import"):
        read_trade_export(text.encode(), fmt="china-customs", year=2024)


@pytest.mark.parametrize("text, fmt, where", [
    (CHINA.replace('"300,000"', "三十万"), "china-customs", "china.csv:5:美元: '三十万' is not a value in USD"),
    (COMTRADE.replace("2023,CHN,M,DEU", "20x3,CHN,M,DEU"), "comtrade", "china.csv:3:refYear: '20x3' is not a year"),
    (COMTRADE.replace("primaryValue", "tradeValue"), "comtrade", "china.csv:1: no column primaryValue"),
    (CHINA.replace("美元", "人民币"), "china-customs", "choose 美元"),
])
def test_bad_input_names_file_row_and_column(text, fmt, where):
    with pytest.raises(InputError, match=where):
        read_trade_export(text.encode(), fmt=fmt, source="china.csv")


def test_cli_writes_trade_csv_and_exits_2_on_bad_input(tmp_path):
    src = tmp_path / "export.csv"
    src.write_bytes(CHINA.encode("gb18030"))
    out = tmp_path / "trade.csv"
    r = CliRunner().invoke(app, ["data", "trade-import", str(src), "--format", "china-customs", "--out", str(out)])
    assert r.exit_code == 0, r.output
    assert out.read_text().splitlines()[0] == "hs_code,year,partner_country,flow,value_usd,quantity,unit"
    said = " ".join(r.output.split())
    assert "9 read, 6 mapped" in said and "re-export" in said
    r = CliRunner().invoke(app, ["data", "trade-import", str(src), "--format", "comtrade", "--out", str(out)])
    assert r.exit_code == 2 and "no column refYear" in r.output
