import pytest
from django.test import Client


@pytest.mark.django_db
def test_home_page_renders(client: Client) -> None:
    response = client.get("/")

    assert response.status_code == 200
    assert b"Partner Center" in response.content


def test_healthz_answers_ok(client: Client) -> None:
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok"


@pytest.mark.django_db
def test_home_page_shows_levels_and_plans_from_the_edition(client: Client, edition) -> None:  # type: ignore[no-untyped-def]
    html = client.get("/").content.decode()

    for level in edition.levels:
        assert level.name in html
    for plan in edition.plans:
        assert plan.name in html
    assert "Points in the window: 20,000" in html
    assert "Revenue in the window: USD 60,000" in html
    assert "≤ 36 hours" in html and "USD 2,600" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "shown"), [("anonymous", False), ("partner", False), ("staff", True)]
)
def test_the_back_office_link_is_shown_to_staff_only(client: Client, who: str, shown: bool) -> None:
    """Issue 8, item 7: partners and visitors were shown a link to a page they cannot open."""
    from django.contrib.auth.models import User

    if who != "anonymous":
        user = User.objects.create_user(username=f"{who}@x.example", is_staff=who == "staff")
        client.force_login(user)

    html = client.get("/").content.decode()

    assert ('href="/backoffice/"' in html) is shown
