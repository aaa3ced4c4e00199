"""Carry the free-text `github_login` / `community_username` of people into LinkedAccount rows.

Each becomes a staff link with the reason "carried over from the free-text field".
A login typed on two people (in any letter case) goes to the first person (lowest id);
the others are reported on the console and in the audit trail
(`linkedaccount.carry_over_conflict`) so staff can decide, and they earn nothing
until someone links them.
"""

from django.db import migrations
from django.utils import timezone

REASON = "carried over from the free-text field"
FIELDS = (("github", "github_login"), ("community", "community_username"))


def carry_over(apps, schema_editor):
    Person = apps.get_model("partners", "Person")
    LinkedAccount = apps.get_model("linkedaccounts", "LinkedAccount")
    AuditEvent = apps.get_model("audit", "AuditEvent")
    now = timezone.now()
    rows, conflicts = [], []
    for provider, field in FIELDS:
        holders = {}
        people = Person.objects.exclude(**{field: ""}).order_by("id")
        for person_id, partner_id, value in people.values_list("id", "partner_id", field):
            login = (value or "").strip()[:100]
            if not login:
                continue
            first = holders.setdefault(login.lower(), person_id)
            if first != person_id:
                conflicts.append((provider, login, person_id, partner_id, first))
                continue
            rows.append(
                LinkedAccount(
                    person_id=person_id,
                    provider=provider,
                    login=login,
                    uid="",
                    verified_via="staff",
                    reason=REASON,
                    linked_at=now,
                )
            )
    LinkedAccount.objects.bulk_create(rows, batch_size=1000)
    for provider, login, person_id, partner_id, first in conflicts:
        print(
            f"\n  linkedaccounts: {provider} login {login!r} of person #{person_id} not carried "
            f"over: it is person #{first}'s (the first with it)."
        )
        AuditEvent.objects.create(
            created_at=now,
            actor_label="migration linkedaccounts 0002",
            action="linkedaccount.carry_over_conflict",
            target_type="person",
            target_id=str(person_id),
            target_label=f"person #{person_id}",
            details={
                "provider": provider,
                "login": login,
                "person": person_id,
                "partner": partner_id,
                "kept_for_person": first,
            },
        )


def carry_back(apps, schema_editor):
    """Reverse: write the links back into the free-text fields (the columns return first)."""
    Person = apps.get_model("partners", "Person")
    LinkedAccount = apps.get_model("linkedaccounts", "LinkedAccount")
    for provider, field in FIELDS:
        for link in LinkedAccount.objects.filter(provider=provider):
            Person.objects.filter(pk=link.person_id).update(**{field: link.login})
    LinkedAccount.objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ("linkedaccounts", "0001_initial"),
        ("partners", "0004_notice_unique_per_day"),
        ("audit", "0002_append_only"),
    ]

    operations = [migrations.RunPython(carry_over, carry_back)]
