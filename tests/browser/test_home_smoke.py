import pytest


@pytest.mark.django_db(transaction=True)
def test_visitor_sees_2022_edition_on_home(page, live_server, screenshot):
    from django.core.management import call_command

    call_command("loaddata", "summit_2022", verbosity=0)

    page.goto(live_server.url + "/")
    screenshot("home")

    assert page.get_by_role("heading", name="2022成都市政务新媒体峰会").is_visible()
