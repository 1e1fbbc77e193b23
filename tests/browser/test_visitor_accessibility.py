"""axe-core finds no WCAG violation on any public page type, and the CSP blocks nothing."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

from awards.models import Case

pytestmark = pytest.mark.django_db(transaction=True)

PAGE_TYPES = {
    "home": "/",
    "edition": "/2022/",
    "list": "/2022/top-cases/",
    "nominee": "/nominees/chengdu-fabu/",
    "case": "/cases/{case}/",
    "corrections": "/2022/corrections/",
    "search": "/search/?q=cd",
    "search-empty": "/search/?q=qqqxxx",
    "not-found": "/no/such/page/",
}


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("kind", sorted(PAGE_TYPES))
def test_page_type_has_no_axe_violations(page, live_server, screenshot, kind, language):
    call_command("loaddata", "summit_2022", verbosity=0)
    case = Case.objects.get(title__startswith="“我家门前")
    if kind == "corrections":
        # One entry, so the page shows its old → new markup (a test withdrawal, not the source's).
        award = case.awards.get()
        award._change_reason = "测试用的更正"
        award.level = "一等奖"
        award.save()
    blocked = []
    page.on(
        "console",
        lambda message: (
            blocked.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    prefix = "/en" if language == "en" else ""

    response = page.goto(live_server.url + prefix + PAGE_TYPES[kind].format(case=case.pk))
    results = Axe().run(page)
    screenshot(f"{kind}-{language}")

    assert response.status == (404 if kind == "not-found" else 200)
    assert results.violations_count == 0, results.generate_report()
    assert blocked == []
