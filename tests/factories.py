"""factory_boy factories for the five award models."""

import datetime

import factory
from django.utils import timezone

from awards.models import Award, AwardList, Case, Edition, Nominee


class EditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Edition
        django_get_or_create = ("year",)

    # Wraps so a long session never walks past the plausible-year check (1990–2200).
    year = factory.Sequence(lambda n: 2030 + n % 170)
    name = factory.LazyAttribute(lambda o: f"{o.year}成都市政务新媒体峰会")
    held_on = factory.LazyAttribute(lambda o: datetime.date(o.year, 12, 15))
    hosted_by = "成都市委网信办"
    published_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))

    class Params:
        draft = factory.Trait(published_at=None)


class AwardListFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AwardList

    edition = factory.SubFactory(EditionFactory)
    name = factory.Sequence(lambda n: f"优秀政务新媒体{n}")
    slug = factory.Sequence(lambda n: f"list-{n}")
    position = factory.Sequence(lambda n: n)
    kind = AwardList.Kind.NOMINEES
    announced_count = None

    class Params:
        cases = factory.Trait(kind=AwardList.Kind.CASES)


class NomineeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Nominee

    name = factory.Sequence(lambda n: f"成都发布{n}号")
    kind = Nominee.Kind.ACCOUNT


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

    nominee = factory.SubFactory(NomineeFactory, kind=Nominee.Kind.ORGANIZATION)
    title = factory.Sequence(lambda n: f"“我家门前”主题报道{n}")


class AwardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Award

    award_list = factory.SubFactory(AwardListFactory)
    position = factory.Sequence(lambda n: n + 1)
    nominee = factory.SubFactory(NomineeFactory)
    case = None


class CaseAwardFactory(AwardFactory):
    award_list = factory.SubFactory(AwardListFactory, cases=True)
    case = factory.SubFactory(CaseFactory)
    nominee = factory.SelfAttribute("case.nominee")
