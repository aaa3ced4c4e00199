"""Reading membership: who to write to, and what a partner's membership is on a date."""

from __future__ import annotations

from partnercenter.partners.models import Partner, Person, Role


def partner_admin_emails(partner: Partner) -> list[str]:
    """The addresses of the partner's admins (the people a membership email goes to)."""
    return list(
        Person.objects.filter(partner=partner, role=Role.ADMIN)
        .order_by("id")
        .values_list("email", flat=True)
    )
