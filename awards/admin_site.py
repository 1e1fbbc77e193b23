"""The admin site: sections in workflow order and a home page that starts organizers off.

The home page shows each edition's state, its open problems and the next steps as buttons,
in a fixed number of queries whatever the number of editions. Kept outside awards.admin:
that package registers its ModelAdmins on admin.site, which is built from this module.
"""

from dataclasses import dataclass, field

from django.contrib import admin
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from awards.corrections import selectors as corrections
from awards.importing.admin import can_export, can_import
from awards.models import Award, Edition

# The order an organizer works in: an edition, its lists, their awards, then the records
# that awards point at.
WORKFLOW_ORDER = ("edition", "awardlist", "award", "nominee", "case")
# Our apps' sections first, the record before the packages around it; then accounts and
# login protection.
SECTION_ORDER = ("awards", "certificates", "corrections", "identity")
HOME_EDITIONS = 10
# Problems shown per edition on the home page; the edition page lists them all.
HOME_PROBLEMS = 5
STATE_LABELS = {"draft": _("草稿"), "scheduled": _("定时发布"), "published": _("已发布")}


@dataclass
class EditionCard:
    """What the home page says about one edition, and the buttons it offers."""

    edition: Edition
    list_count: int
    award_count: int
    problems: list = field(default_factory=list)
    next_year_free: bool = False

    @property
    def state(self) -> str:
        return self.edition.status

    @property
    def state_label(self):
        return STATE_LABELS[self.state]

    @property
    def more_problems(self) -> int:
        return max(0, len(self.problems) - HOME_PROBLEMS)

    @property
    def shown_problems(self) -> list:
        return self.problems[:HOME_PROBLEMS]

    @property
    def next_step(self) -> str:
        """The one button to press next: fill it, check it, or start the following year."""
        if self.state == "published":
            return "next" if self.next_year_free else ""
        if self.award_count == 0:
            return "import"
        return "preview" if self.state == "scheduled" or self.problems else "publish"


def edition_cards(limit: int = HOME_EDITIONS) -> list[EditionCard]:
    """The newest editions with their counts and problems: four queries in all."""
    awards = (
        Award.objects.filter(award_list__edition=OuterRef("pk"))
        .order_by()
        .values("award_list__edition")
        .annotate(total=Count("pk"))
        .values("total")
    )
    editions = list(
        Edition.objects.annotate(
            list_total=Count("award_lists"), award_total=Coalesce(Subquery(awards), 0)
        ).order_by("-year")[:limit]
    )
    problems = corrections.open_problems_by_edition(edition_ids=[e.pk for e in editions])
    years = set(
        Edition.objects.filter(year__in=[e.year + 1 for e in editions]).values_list(
            "year", flat=True
        )
    )
    return [
        EditionCard(
            edition=edition,
            list_count=edition.list_total,
            award_count=edition.award_total,
            problems=problems[edition.pk],
            next_year_free=edition.year + 1 not in years,
        )
        for edition in editions
    ]


class SummitAdminSite(admin.AdminSite):
    index_template = "admin/awards/index.html"

    def get_app_list(self, request, app_label=None):
        apps = super().get_app_list(request, app_label)
        for app in apps:
            if app["app_label"] == "awards":
                app["models"].sort(key=_workflow_position)
        apps.sort(key=_section_position)
        return apps

    def index(self, request, extra_context=None):
        user = request.user
        context = {
            "edition_cards": (edition_cards() if user.has_perm("awards.view_edition") else []),
            "can_import_workbook": can_import(user),
            "can_export_workbook": can_export(user),
            "can_view_edition": user.has_perm("awards.view_edition"),
            "can_add_edition": user.has_perm("awards.add_edition"),
            "can_change_edition": user.has_perm("awards.change_edition"),
            "more_editions_url": reverse(f"{self.name}:awards_edition_changelist"),
            "home_editions": HOME_EDITIONS,
            **(extra_context or {}),
        }
        return super().index(request, context)


def _section_position(app: dict) -> int:
    label = app["app_label"]
    return SECTION_ORDER.index(label) if label in SECTION_ORDER else len(SECTION_ORDER)


def _workflow_position(model: dict) -> int:
    name = model["object_name"].lower()
    return WORKFLOW_ORDER.index(name) if name in WORKFLOW_ORDER else len(WORKFLOW_ORDER)
