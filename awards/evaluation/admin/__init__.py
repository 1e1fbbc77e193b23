"""The evaluation's admin: the evaluation with its definition, and its screens (views.py)."""

from awards.evaluation.admin import evaluations  # noqa: F401  (registers the ModelAdmins)
