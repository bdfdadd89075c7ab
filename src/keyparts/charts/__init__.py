"""ECharts options for every chart of the web pages and of the offline report.

Each builder takes plain arrays or frames and translated labels (a ``gettext`` callable) and
returns an ECharts 5 option: a dict of JSON values only (no functions), drawn in the browser by
``web/static/charts.js`` (the ``_chart.html`` macro) or by the report's inlined script. A data
item with a ``url`` opens that page when clicked. Nothing here imports the web layer.
"""

from keyparts.charts.bars import bars, domestic_vs_imported, origin_shares_over_years, stacked_shares
from keyparts.charts.life import probability_plot, probability_plot_of_fit
from keyparts.charts.network import chain_graph
from keyparts.charts.risk import risk_matrix

__all__ = ["bars", "chain_graph", "domestic_vs_imported", "origin_shares_over_years", "probability_plot",
           "probability_plot_of_fit", "risk_matrix", "stacked_shares"]
