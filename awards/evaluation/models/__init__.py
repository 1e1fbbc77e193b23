"""The evaluation's tables: the evaluation and its candidates, their data, the index definition."""

from awards.evaluation.models.data import (  # noqa: F401
    CustomMetric,
    MetricImport,
    MetricRow,
    MetricRowHistory,
    Period,
)
from awards.evaluation.models.definition import Dimension, Indicator  # noqa: F401
from awards.evaluation.models.evaluation import Candidate, Evaluation, Override  # noqa: F401
