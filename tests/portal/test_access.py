"""`person_of`: the person behind a signed-in user, read in one raw look-up on every page."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partnercenter.partners.models import Partner, Person
from partnercenter.portal.access import person_of
from tests.submissions.factories import World

pytestmark = pytest.mark.django_db


def _fields(obj: Person | Partner) -> dict[str, object]:
    return {f.attname: getattr(obj, f.attname) for f in type(obj)._meta.concrete_fields}


def test_person_and_partner_are_what_the_orm_loads_in_one_query(world: World) -> None:
    # given a partner with dates, a boolean and a plan set (values each database converts)
    Partner.objects.filter(pk=world.a.pk).update(
        student=True, plan="silver", plan_paid_until=date(2027, 1, 31)
    )
    expected = Person.objects.select_related("partner").get(pk=world.a_admin.pk)
    # when the portal reads the signed-in admin's person
    with CaptureQueriesContext(connection) as queries:
        person = person_of(world.a_admin.user)
    # then one query gives the same person and partner, values of the same types
    assert len(queries) == 1
    assert person is not None
    assert _fields(person) == _fields(expected)
    assert _fields(person.partner) == _fields(expected.partner)
    assert isinstance(person.partner.plan_paid_until, date) and person.partner.student is True


def test_no_person_for_anonymous_staff_or_inactive_users(world: World) -> None:
    assert person_of(AnonymousUser()) is None
    assert person_of(world.staff) is None
    world.a_admin.user.is_active = False
    assert person_of(world.a_admin.user) is None
