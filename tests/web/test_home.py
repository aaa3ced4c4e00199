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
