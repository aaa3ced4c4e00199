"""Portal pages of the membership: validity and notice, documents, and the message history."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from partnercenter.documents.selectors import documents_of_partner
from partnercenter.domain.membership import notice_end
from partnercenter.engagement.selectors import opted_out, partner_announcements
from partnercenter.errors import Refusal
from partnercenter.membership.selectors import membership_state, read_access_until
from partnercenter.membership.services import notice_give
from partnercenter.notifications.selectors import messages_of_partner
from partnercenter.partners.models import Person, Role
from partnercenter.portal.access import portal_view
from partnercenter.portal.forms_membership import NoticeForm
from partnercenter.programs.selectors import edition_at
from partnercenter.standing.selectors import standing_now


def _page(
    request: HttpRequest, person: Person, form: NoticeForm | None = None, status: int = 200
) -> HttpResponse:
    partner = person.partner
    today = timezone.now().date()
    edition = edition_at(today)
    standing = standing_now(partner, today)
    state = membership_state(
        partner,
        today,
        level=standing.decision.level,
        points=standing.decision.facts.points,
    )
    can_give = person.role == Role.ADMIN and partner.status == "active" and not partner.ends_on
    return render(
        request,
        "portal/membership.html",
        {
            "person": person,
            "p": partner,
            "m": state,
            "edition": edition,
            "plan_name": {pl.code: pl.name for pl in edition.plans}.get(partner.plan, partner.plan),
            "form": form or (NoticeForm() if can_give else None),
            "notice_ends_if_today": notice_end(today, edition),
            "documents": documents_of_partner(partner),
            "access_until": read_access_until(partner),
        },
        status=status,
    )


@portal_view()
def membership(request: HttpRequest, person: Person) -> HttpResponse:
    """The membership: how the partner is in, validity, notice, documents."""
    return _page(request, person)


@require_POST
@portal_view(admin=True, writes=True)
def membership_notice(request: HttpRequest, person: Person) -> HttpResponse:
    """The partner admin gives notice (after ticking the confirmation)."""
    form = NoticeForm(request.POST)
    if not form.is_valid():
        return _page(request, person, form, status=400)
    try:
        partner = notice_give(
            partner=person.partner,
            by="partner",
            on=timezone.now().date(),
            reason=form.cleaned_data["reason"],
        )
    except Refusal as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return _page(request, person, form, status=400)
    messages.success(
        request,
        f"Notice given. The membership ends on {partner.ends_on:%d %B %Y}; "
        "everything continues until then.",
    )
    return redirect("portal:membership")


@portal_view()
def membership_document(request: HttpRequest, person: Person, code: str) -> HttpResponse:
    """Download one of the partner's documents (contracts, invoices, statements) as PDF."""
    document = documents_of_partner(person.partner).defer(None).filter(code=code).first()
    if document is None:
        raise Http404("No such document of yours.")
    response = HttpResponse(bytes(document.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{document.filename}"'
    return response


@portal_view()
def message_history(request: HttpRequest, person: Person) -> HttpResponse:
    """7x's announcements to the partner, then every email Partner Center sent about it."""
    page = Paginator(messages_of_partner(person.partner), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/messages.html",
        {
            "person": person,
            "page": page,
            "announcements": partner_announcements(person.partner)[:50],
            "opted_out": opted_out(person),
        },
    )
