"""Portal: "My data": what Partner Center holds about the signed-in person, and its download."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from partnercenter.partners.models import Person
from partnercenter.portal.access import portal_view
from partnercenter.privacy.selectors import person_data


@portal_view()
def my_data(request: HttpRequest, person: Person) -> HttpResponse:
    """A summary of the person's data, with the download button."""
    data = person_data(person)
    return render(request, "portal/my_data.html", {"person": person, "data": data})


@portal_view()
def my_data_download(request: HttpRequest, person: Person) -> HttpResponse:
    """Everything about the signed-in person as one JSON file (no one else's data)."""
    response = JsonResponse(person_data(person), json_dumps_params={"indent": 2})
    response["Content-Disposition"] = (
        f'attachment; filename="my-partner-center-data-{person.pk}.json"'
    )
    return response
