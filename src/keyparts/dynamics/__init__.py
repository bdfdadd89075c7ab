"""Daily firm-level propagation of production shocks (issue 15, engine part): an adaptive
input-output model on firms after Inoue & Todo (2019) and Hallegatte (2008). Pure functions over
edge arrays; the file reader is :mod:`keyparts.dynamics.inoue_todo`, networks from keyparts data
:mod:`keyparts.dynamics.from_supply`, systemic risk :mod:`keyparts.dynamics.esri`, protected
lists :mod:`keyparts.dynamics.whitelist`, ensembles :mod:`keyparts.dynamics.ensemble`."""

from keyparts.dynamics.engine import (ORDERS, RECOVERIES, Simulation, poisson_inventory_days,
                                      simulate)
from keyparts.dynamics.network import Network, network
from keyparts.dynamics.rationing import RULES, ration, water_fill

__all__ = ["ORDERS", "RECOVERIES", "RULES", "Network", "Simulation", "network",
           "poisson_inventory_days", "ration", "simulate", "water_fill"]
