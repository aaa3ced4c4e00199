"""Portal "Roadmap" (file, vote, sorted by votes), "Services" (request a benefit that is a
service) and the optional-mailing switch on "Messages".

Decision: filing needs a plan with `roadmap_requests`; any person of an active member may
vote (one vote per partner, not for its own request), so every partner's voice counts.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from partnercenter.engagement import selectors
from partnercenter.engagement.announcements import mailing_subscribe
from partnercenter.engagement.errors import EngagementError
from partnercenter.engagement.roadmap import roadmap_request_file, roadmap_vote
from partnercenter.engagement.services import service_request_create
from partnercenter.partners.models import Person
from partnercenter.portal.access import portal_view


class RoadmapForm(forms.Form):
    """A new roadmap request: a short title and what is needed, and why."""

    title = forms.CharField(max_length=200, label="Title")
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        label="What do you need, and why?",
        max_length=10000,
        help_text="Every partner reads it and can vote for it.",
    )


class ServiceForm(forms.Form):
    """A request for one service benefit (the benefit comes from the button pressed)."""

    benefit = forms.CharField(widget=forms.HiddenInput)
    message = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), label="What do you need?", max_length=5000
    )


@portal_view()
def roadmap(request: HttpRequest, person: Person) -> HttpResponse:
    """Every roadmap request, most votes first; file one (plans that bring it); vote."""
    now = timezone.now()
    right = selectors.roadmap_right(person.partner, now)
    form = RoadmapForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                r = roadmap_request_file(
                    person=person,
                    title=form.cleaned_data["title"],
                    description=form.cleaned_data["description"],
                )
            except EngagementError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, f"Roadmap request #{r.pk} is filed.")
                return redirect("portal:roadmap")
        status = 400
    return render(
        request,
        "portal/roadmap.html",
        {
            "person": person,
            "right": right,
            "form": form,
            "rows": selectors.roadmap_list(person.partner)[:200],
        },
        status=status,
    )


@require_POST
@portal_view()
def roadmap_vote_view(request: HttpRequest, person: Person, pk: int) -> HttpResponse:
    try:
        roadmap_vote(person=person, request_id=pk)
    except EngagementError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"{person.partner.name} voted for request #{pk}.")
    return redirect("portal:roadmap")


@portal_view()
def services(request: HttpRequest, person: Person) -> HttpResponse:
    """The services the level includes (request one), those it lacks (which level brings
    them), and the partner's requests with their status and staff's note."""
    now = timezone.now()
    names = selectors.benefit_names(now)
    form = ServiceForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                r = service_request_create(
                    person=person,
                    benefit=form.cleaned_data["benefit"],
                    message=form.cleaned_data["message"],
                )
            except EngagementError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, f"Request #{r.pk} is sent; staff will answer here.")
                return redirect("portal:services")
        else:
            messages.error(request, "Say in a few words what you need (message).")
        status = 400
    return render(
        request,
        "portal/services.html",
        {
            "person": person,
            "offers": selectors.service_offers(person.partner, now),
            "requests": [
                (r, names.get(r.benefit, r.benefit))
                for r in selectors.partner_service_requests(person.partner)[:100]
            ],
            "posted": form.data.get("benefit", "") if request.method == "POST" else "",
            "posted_message": form.data.get("message", "") if request.method == "POST" else "",
        },
        status=status,
    )


@require_POST
@portal_view()
def mailings(request: HttpRequest, person: Person) -> HttpResponse:
    """Subscribe to or unsubscribe from optional mailings (briefings always arrive)."""
    on = request.POST.get("subscribed") == "1"
    mailing_subscribe(person=person, subscribed=on)
    messages.success(
        request,
        "You will receive optional mailings again."
        if on
        else "You will receive no more optional mailings.",
    )
    return redirect("portal:messages")
