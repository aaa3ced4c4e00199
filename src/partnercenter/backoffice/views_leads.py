"""Back office Leads: every lead with filters, the full routing explanation of each step,
sharing a lead with 7x's Silver+ partners, and routing a lead with 7x again."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from partnercenter.backoffice.access import staff_user, staff_view
from partnercenter.errors import Refusal
from partnercenter.leads import selectors, services
from partnercenter.leads.models import Lead, LeadStatus
from partnercenter.partners.models import Partner, PartnerStatus
from partnercenter.programs.selectors import edition_at
from partnercenter.staffroles.roles import SUPPORT_PARTNERS


class LeadFilterForm(forms.Form):
    status = forms.ChoiceField(label="Status", required=False)
    profile = forms.ChoiceField(label="Profile", required=False)
    country = forms.CharField(label="Country", max_length=2, required=False)
    partner = forms.CharField(label="Partner (slug)", max_length=100, required=False)
    text = forms.CharField(label="Search", max_length=100, required=False)

    def __init__(self, *args: object, profiles: dict[str, str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        status = self.fields["status"]
        profile = self.fields["profile"]
        assert isinstance(status, forms.ChoiceField) and isinstance(profile, forms.ChoiceField)
        status.choices = [("", "Any")] + list(LeadStatus.choices)
        profile.choices = [("", "Any")] + list(profiles.items())


def _profiles() -> dict[str, str]:
    return {p.code: p.name for p in edition_at(timezone.now().date()).profiles}


@staff_view(perm=SUPPORT_PARTNERS)
def leads(request: HttpRequest) -> HttpResponse:
    """All leads, newest first, filtered by status, profile, country, partner or text."""
    profiles = _profiles()
    form = LeadFilterForm(request.GET or None, profiles=profiles)
    f = selectors.LeadFilter()
    if form.is_valid():
        f = selectors.LeadFilter(**{k: v or "" for k, v in form.cleaned_data.items()})
    page = Paginator(selectors.leads_for_staff(f), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "backoffice/leads.html",
        {"form": form, "page": page, "profiles": profiles, "query": query.urlencode()},
    )


def _share_choices(lead: Lead) -> list[Partner]:
    edition = edition_at(timezone.now().date())
    return list(
        Partner.objects.filter(
            status=PartnerStatus.ACTIVE,
            current_level__in=sorted(edition.leads.share_levels),
        ).order_by("name")
    )


def _detail(request: HttpRequest, lead: Lead, error: str = "", status: int = 200) -> HttpResponse:
    return render(
        request,
        "backoffice/lead.html",
        {
            "lead": lead,
            "steps": selectors.lead_steps(lead),
            "profiles": _profiles(),
            "share_to": _share_choices(lead),
            "with_7x": lead.status in (LeadStatus.NEW, LeadStatus.UNROUTED),
            "error": error,
        },
        status=status,
    )


@staff_view(perm=SUPPORT_PARTNERS)
def lead_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One lead: the customer, and every routing step with its explanation and outcome."""
    return _detail(request, get_object_or_404(Lead, pk=pk))


@require_POST
@staff_view(perm=SUPPORT_PARTNERS)
def lead_share(request: HttpRequest, pk: int) -> HttpResponse:
    """Share a lead with 7x with the chosen Silver+ partner (audited)."""
    lead = get_object_or_404(Lead, pk=pk)
    partner = Partner.objects.filter(slug=request.POST.get("partner", "")).first()
    if partner is None:
        return _detail(request, lead, "Choose a partner to share the lead with.", 400)
    try:
        services.lead_share(lead=lead, partner=partner, staff=staff_user(request))
    except Refusal as exc:
        return _detail(request, lead, exc.message, 400)
    messages.success(request, f"Lead shared with {partner.name}.")
    return redirect("backoffice:lead", pk=lead.pk)


@require_POST
@staff_view(perm=SUPPORT_PARTNERS)
def lead_reroute(request: HttpRequest, pk: int) -> HttpResponse:
    """Route a lead with 7x again (e.g. after new partners joined; audited)."""
    lead = get_object_or_404(Lead, pk=pk)
    try:
        result = services.lead_reroute(lead=lead, staff=staff_user(request))
    except Refusal as exc:
        return _detail(request, lead, exc.message, 400)
    messages.success(request, f"Routed again: {result.steps[-1].explanation}.")
    return redirect("backoffice:lead", pk=lead.pk)
