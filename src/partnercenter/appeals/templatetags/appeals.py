"""`{% appeal_action person kind row %}`: an "Appeal" link beside an appealable decision, or
where its appeal stands. Used by the portal pages that show such decisions."""

from __future__ import annotations

from typing import Any

from django import template

from partnercenter.appeals.models import AppealKind
from partnercenter.appeals.selectors import appeal_of, appealable
from partnercenter.partners.models import Role

register = template.Library()


@register.inclusion_tag("appeals/_appeal_action.html")
def appeal_action(person: Any, kind: str, row: Any) -> dict[str, Any]:
    """The appeal of `row` if there is one; else the link to file one (partner admins only)."""
    appeal = appeal_of(kind, row.pk)
    can = (
        appeal is None
        and getattr(person, "role", "") == Role.ADMIN
        and person.partner.status != "terminated"
        and appealable(person.partner, kind, row.pk) is not None
    )
    return {
        "appeal": appeal,
        "can": can,
        "kind": kind,
        "target": row.pk,
        "what": f"{AppealKind(kind).label.lower()} #{row.pk}",
    }
