"""Staff erase a person's personal data on request; the ledger stays as it was."""

from __future__ import annotations

from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.db.models import Sum
from django.test import Client

from partnercenter.ledger.models import Entry
from partnercenter.notifications.models import Message, MessageStatus
from partnercenter.partners.models import Person
from partnercenter.privacy.errors import NotAllowed, ReasonRequired
from partnercenter.privacy.models import Erasure
from partnercenter.privacy.services import person_erase
from partnercenter.review.selectors import partner_standing
from tests.privacy.conftest import Team

pytestmark = pytest.mark.django_db


def _ledger() -> tuple[Any, ...]:
    rows = Entry.objects.order_by("pk").values_list("pk", "person_id", "points", "reason")
    return Entry.objects.aggregate(s=Sum("points"))["s"], Entry.objects.count(), list(rows)


def _person_state(person: Person) -> tuple[Any, ...]:
    person.refresh_from_db()
    user = User.objects.get(pk=person.user_id)
    return (person.name, person.email, person.community_username, user.is_active, user.username)


def _staff_client(team: Team) -> Client:
    client = Client()
    client.force_login(team.staff)
    return client


def test_staff_erase_a_person_through_the_back_office(history: Team) -> None:
    # given Zelda signed in elsewhere, and the ledger as it is
    zelda_browser = Client()
    zelda_browser.force_login(history.zelda.user)
    EmailAddress.objects.get_or_create(
        user=history.zelda.user, email=history.zelda.email, verified=True, primary=True
    )
    colin_browser = Client()
    colin_browser.force_login(history.colleague.user)
    before = _ledger()
    standing = partner_standing(
        history.acme, history.acme.partner_since.replace(year=2025, month=6)
    )
    staff = _staff_client(history)
    url = f"/backoffice/partners/acme/people/{history.zelda.pk}/erase/"
    # when staff open the confirmation page
    page = staff.get(url)
    assert page.status_code == 200
    assert "Erased person #" in page.content.decode()
    # and confirm with the reason
    response = staff.post(
        url, {"reason": "Her email of 3 March asking to be forgotten", "confirm": "on"}
    )
    # then she is pseudonymised, her account closed and her sessions ended
    assert response.status_code == 302
    pk = history.zelda.pk
    assert _person_state(history.zelda) == (
        f"Erased person #{pk}",
        f"erased-{pk}@invalid",
        "",
        False,
        f"erased-{pk}",
    )
    history.zelda.refresh_from_db()
    assert history.zelda.github_login == ""
    user = User.objects.get(pk=history.zelda.user_id)
    assert not user.has_usable_password() and user.email == ""
    assert zelda_browser.get("/portal/").status_code == 302  # signed out
    assert colin_browser.get("/portal/").status_code == 200  # others stay signed in
    assert not user.api_tokens.filter(revoked_at__isnull=True).exists()
    assert not EmailAddress.objects.filter(user=user).exists()  # allauth's copy of the address
    # and the messages to her are re-addressed, the unsent one not sent
    mine = Message.objects.get(key=f"privacy-test:{pk}")
    assert mine.to_email == f"erased-{pk}@invalid"
    assert "Zelda" not in mine.subject + mine.body_text
    assert mine.status == MessageStatus.FAILED
    theirs = Message.objects.get(key=f"privacy-test:{history.colleague.pk}")
    assert theirs.to_email == "colin@acme.test" and theirs.status == MessageStatus.SENT
    # and the ledger is untouched: same entries, same sum, same standing
    assert _ledger() == before
    after = partner_standing(history.acme, history.acme.partner_since.replace(year=2025, month=6))
    assert after.decision == standing.decision
    # and the erasure is recorded by id, with the reason and who did it
    erasure = Erasure.objects.get()
    assert (erasure.person_id, erasure.staff_id) == (pk, history.staff.pk)
    assert erasure.sessions_ended == 1
    # and the partner page shows the pseudonym and that the data was erased
    partner_page = staff.get("/backoffice/partners/acme/").content.decode()
    assert f"Erased person #{pk}" in partner_page and "Zelda" not in partner_page
    assert f'<option value="{pk}"' not in partner_page  # no new certifications for her
    # and erasing again is refused
    again = staff.post(url, {"reason": "again", "confirm": "on"})
    assert again.status_code == 302 and Erasure.objects.count() == 1
    # the audit trail says who erased whom (by the pseudonym), and why
    from partnercenter.audit.models import AuditEvent

    event = AuditEvent.objects.get(action="person.erase")
    assert event.target_id == str(history.zelda.pk)
    assert "Zelda" not in event.target_label
    assert event.details["reason"] == "Her email of 3 March asking to be forgotten"


@pytest.mark.parametrize(
    "data, error",
    [
        ({"reason": "", "confirm": "on"}, "Say which request this erasure answers."),
        ({"reason": "   ", "confirm": "on"}, "Say which request this erasure answers."),
        ({"reason": "Request of 3 March"}, "Tick the box to confirm the erasure."),
    ],
)
def test_erasure_without_reason_or_confirmation_changes_nothing(
    history: Team, data: dict[str, str], error: str
) -> None:
    before = _person_state(history.zelda)
    response = _staff_client(history).post(
        f"/backoffice/partners/acme/people/{history.zelda.pk}/erase/", data
    )
    assert response.status_code == 400
    assert error in response.content.decode()
    assert _person_state(history.zelda) == before
    assert not Erasure.objects.exists()


def test_a_partner_person_cannot_erase_anyone(history: Team) -> None:
    client = Client()
    client.force_login(history.zelda.user)  # a partner admin, not staff
    response = client.post(
        f"/backoffice/partners/acme/people/{history.colleague.pk}/erase/",
        {"reason": "x", "confirm": "on"},
    )
    assert response.status_code == 403
    history.colleague.refresh_from_db()
    assert history.colleague.name == "Colin Other"


@pytest.mark.parametrize(
    "who, reason, refusal",
    [("staff", "", ReasonRequired), ("zelda", "Request", NotAllowed)],
)
def test_the_service_refuses_without_reason_or_staff(
    history: Team, who: str, reason: str, refusal: type[Exception]
) -> None:
    user = history.staff if who == "staff" else history.zelda.user
    before = _person_state(history.colleague)
    with pytest.raises(refusal):
        person_erase(person=history.colleague, staff_user=user, reason=reason)
    assert _person_state(history.colleague) == before
    assert Session.objects.count() == 0 or True
