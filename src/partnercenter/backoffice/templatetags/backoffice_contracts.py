"""`{% partner_contracts p %}`: the contract section of a partner's back-office page."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from partnercenter.contracts.selectors import contract_overview, contract_signature
from partnercenter.partners.models import Partner

register = template.Library()


@register.inclusion_tag("backoffice/_partner_contracts.html", takes_context=True)
def partner_contracts(context: Any, partner: Partner) -> dict[str, Any]:
    """The partner's contracts and, for a signed one, a countersign form."""
    from partnercenter.backoffice.views_contract import countersign_form_for

    overview = contract_overview(partner, timezone.now().date())
    request = context["request"]
    return {
        "p": partner,
        "o": overview,
        "history": [(c, contract_signature(c)) for c in overview.contracts],
        "form": countersign_form_for(request),
        "csrf_token": context.get("csrf_token"),
        "request": request,
    }
