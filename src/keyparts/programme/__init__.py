"""The programme over time: customs data as downloaded, HS revisions, localisation rates, targets."""

from keyparts.programme.concordance import Harmonised, harmonise, load_concordance, revision_of_year
from keyparts.programme.customs import FORMATS, TradeImport, read_trade_export

__all__ = ["FORMATS", "Harmonised", "TradeImport", "harmonise", "load_concordance", "read_trade_export",
           "revision_of_year"]
