"""Small customs exports for the tests: the same 2023 flows of China as a UN Comtrade+ CSV and as
a GACC query-platform export (HS8, Chinese headers, GB18030), each with rows to be set aside."""

COMTRADE = """refYear,reporterISO,flowCode,partnerISO,cmdCode,primaryValue,qty,qtyUnitAbbr,netWgt,motCode,customsCode,partner2ISO
2023,CHN,M,JPN,848210,1000000,50000,u,,0,C00,W00
2023,CHN,M,DEU,848210,400000,10000,u,,0,C00,W00
2023,CHN,X,USA,848210,300000,60000,u,,0,C00,W00
2023,CHN,M,JPN,731815,200000,,N/A,8000,0,C00,W00
2023,CHN,RX,USA,848210,50000,1000,u,,0,C00,W00
2023,CHN,RM,JPN,848210,20000,500,u,,0,C00,W00
2023,CHN,M,W00,848210,1400000,60000,u,,0,C00,W00
2023,CHN,M,CHN,848210,30000,100,u,,0,C00,W00
2023,CHN,M,S19,848210,10000,100,u,,0,C00,W00
2023,CHN,M,JPN,848210,999,1,u,,1,C00,W00
2023,CHN,M,JPN,8482,1000000,50000,u,,0,C00,W00
2023,CHN,M,JPN,999999,5000,,N/A,,0,C00,W00
"""

CHINA = """数据年月,商品编码,商品名称,贸易伙伴名称,进出口,贸易方式名称,第一数量,第一计量单位,美元
202301,84821010,深沟球轴承,日本,进口,一般贸易,30000,套,600000
202302,84821090,其他球轴承,日本,进口,进料加工贸易,20000,套,400000
202301,84821010,深沟球轴承,德国,进口,一般贸易,10000,套,400000
202301,84821010,深沟球轴承,美国,出口,一般贸易,60000,套,"300,000"
202301,73181500,螺钉及螺栓,日本,进口,一般贸易,8000,千克,200000
202301,84821010,深沟球轴承,美国,复出口,一般贸易,1000,套,50000
202301,84821010,深沟球轴承,中国,进口,一般贸易,100,套,30000
202301,84821010,深沟球轴承,其他亚洲国家（地区）,进口,一般贸易,100,套,10000
202301,99999999,未列名商品,日本,进口,一般贸易,,,5000
"""

# Expected trade.csv rows of both (hand-summed, see the test docstrings)
EXPECTED = [
    ("731815", 2023, "JP", "import", 200000.0, 8000.0, "kg"),
    ("848210", 2023, "DE", "import", 400000.0, 10000.0, "pcs"),
    ("848210", 2023, "JP", "import", 1000000.0, 50000.0, "pcs"),
    ("848210", 2023, "US", "export", 300000.0, 60000.0, "pcs"),
    ("999999", 2023, "JP", "import", 5000.0, None, None),
]
