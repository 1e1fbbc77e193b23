"""Field declarations the evaluation's tables share, so each says one thing one way."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def belongs_to(to, related_name: str, verbose_name) -> models.ForeignKey:
    """The row this row is part of; it goes when that row goes."""
    return models.ForeignKey(
        to, on_delete=models.CASCADE, related_name=related_name, verbose_name=verbose_name
    )


def part_of_evaluation(related_name: str) -> models.ForeignKey:
    return belongs_to("evaluation.Evaluation", related_name, _("评估"))


def acting_user() -> models.ForeignKey:
    """Who did it (操作人); the row stays when the account is deleted."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("操作人"),
    )


def weight() -> models.DecimalField:
    """A weight in percent of its parent's, to two decimals (weight_percent holds the table to
    the same range)."""
    return models.DecimalField(
        _("权重(%)"),
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )


def weight_percent(name: str) -> models.CheckConstraint:
    """A weight is a percentage of its parent's: 0 to 100."""
    return models.CheckConstraint(condition=Q(weight__gte=0) & Q(weight__lte=100), name=name)
