"""Life-data analysis: fitting with any censoring, bounds, B-lives, comparison, ALT, test plans."""

from .alt import ALTResult, fit_alt
from .batch import BatchFit, fit_weibull_batch
from .compare import Comparison, LRTest, Verdict, compare, qualify
from .data import LifeData, life_data
from .distributions import DISTRIBUTIONS
from .estimate import compare_distributions, fit
from .planning import (
                       TestPlan,
                       WeibayesResult,
                       exponential_test_time,
                       mtbf_lower_bound,
                       plan_test,
                       substantiation_plan,
                       weibayes,
)
from .result import FitResult, ParamBounds, Ranking
from .tables import from_tests_frame

__all__ = ["DISTRIBUTIONS", "ALTResult", "BatchFit", "Comparison", "FitResult", "LRTest",
           "LifeData", "ParamBounds", "Ranking", "TestPlan", "Verdict", "WeibayesResult", "compare",
           "compare_distributions", "exponential_test_time", "fit", "fit_alt",
           "fit_weibull_batch", "from_tests_frame", "life_data", "mtbf_lower_bound", "plan_test", "qualify",
           "substantiation_plan", "weibayes"]
