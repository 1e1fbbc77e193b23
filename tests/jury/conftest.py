"""A small jury: a draft case list with candidates, a 3-criterion scoresheet, three judges."""

import importlib

import pytest
from django.contrib.auth.models import Group, Permission, User

from awards.evaluation.models import Candidate, Evaluation
from awards.jury import services
from awards.jury.models import Criterion
from tests.factories import AwardListFactory, CaseFactory

PASSWORD = "x-secret-42-jury"


@pytest.fixture
def judge_group(db, organizer_group):
    """The 评委 group (and the 组织者 group's jury rights) as migration jury 0002 makes them;
    browser tests flush the migration's groups, so tests ask for them here."""
    migration = importlib.import_module("awards.jury.migrations.0002_judge_group")
    group, _ = Group.objects.get_or_create(name=migration.JUDGE_GROUP)
    group.permissions.set(
        Permission.objects.filter(content_type__app_label="jury", codename="score_candidates")
    )
    organizer_group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="jury", codename__in=migration.ORGANIZER_CODENAMES
        )
    )
    return group


@pytest.fixture
def organizer(db, organizer_group, judge_group):
    user = User.objects.create_user("organizer", password=PASSWORD, is_staff=True)
    user.groups.add(organizer_group)
    return user


def make_judges(n, prefix="judge"):
    return [
        services.create_judge(username=f"{prefix}{i}", password=PASSWORD, name=f"评委{i}")
        for i in range(1, n + 1)
    ]


@pytest.fixture
def judges(judge_group):
    return make_judges(3)


def make_evaluation(n_cases=4, jury_weight=70, draft=True):
    award_list = AwardListFactory(cases=True, edition__draft=draft)
    evaluation = Evaluation.objects.create(award_list=award_list, jury_weight=jury_weight)
    candidates = []
    for i in range(n_cases):
        case = CaseFactory()
        candidates.append(
            Candidate.objects.create(
                evaluation=evaluation, nominee=case.nominee, case=case, data_score=50.0 + i
            )
        )
    sheet = services.scoresheet_for(evaluation)
    for position, (name, weight, low, high) in enumerate(
        [("创新性", 40, 0, 10), ("传播效果", 35, 0, 10), ("社会影响", 25, 1, 5)]
    ):
        Criterion.objects.create(
            scoresheet=sheet,
            name=name,
            weight=weight,
            scale_min=low,
            scale_max=high,
            position=position,
        )
    return evaluation, sheet, candidates


@pytest.fixture
def jury(judges):
    evaluation, sheet, candidates = make_evaluation()
    return evaluation, sheet, candidates


def score_all(member, value=8):
    """Fill every active assignment of a panel member with `value` (clipped to each scale)."""
    criteria = list(member.scoresheet.criteria.all())
    for assignment in member.assignments.active():
        services.save_scores(
            assignment=assignment,
            values={c.pk: min(max(value, c.scale_min), c.scale_max) for c in criteria},
            comments={},
        )
