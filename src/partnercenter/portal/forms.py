"""Portal forms: every field labelled; business rules stay in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django_countries import countries

from partnercenter.domain.program import Edition, Per
from partnercenter.partners.models import Partner, Person, Role
from partnercenter.standing.filters import DateInput
from partnercenter.submissions.services import reportable_activities


def _activity_label(a: Any) -> str:
    points = f"from {a.points:,} points" if a.minimum else f"{a.points:,} points"
    per = ", per person" if a.per == Per.PERSON else ""
    return f"{a.name} ({points}{per})"


class PeopleField(forms.ModelMultipleChoiceField):
    """People by name only (their partner is obvious here)."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class SubmissionForm(forms.Form):
    """Report an activity: the edition's reportable activities only."""

    activity = forms.ChoiceField(label="Activity")
    occurred_on = forms.DateField(label="Date it happened", widget=DateInput)
    description = forms.CharField(
        label="Description",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What happened, for whom, and where staff can check it.",
    )
    people = PeopleField(
        label="People involved",
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=(
            "Required for per-person activities; each person counts once. "
            "Colleagues appear here once they have accepted their invitation."
        ),
    )
    evidence_url = forms.URLField(
        label="Evidence URL", required=False, assume_scheme="https", max_length=500
    )
    evidence_file = forms.FileField(
        label="Evidence file",
        required=False,
        help_text="PDF, PNG or JPEG, at most 10 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
    )
    claimed_points = forms.IntegerField(
        label="Points claimed",
        required=False,
        min_value=0,
        max_value=10_000_000,
        help_text='Only for "from N" activities (projects, training): at least N.',
    )

    def __init__(self, *args: Any, partner: Partner, edition: Edition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["activity"].choices = [("", "Choose an activity")] + [  # type: ignore[attr-defined]
            (a.code, _activity_label(a)) for a in reportable_activities(edition)
        ]
        # Invitees who never signed in cannot be named (the service refuses them too).
        self.fields["people"].queryset = partner.people.filter(user__isnull=False)  # type: ignore[attr-defined]
        self.fields["occurred_on"].widget.attrs["max"] = timezone.now().date().isoformat()


class InviteForm(forms.Form):
    name = forms.CharField(label="Name", max_length=200)
    email = forms.EmailField(label="Email")
    role = forms.ChoiceField(label="Role", choices=Role.choices, initial=Role.MEMBER)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label="Role", choices=Role.choices)


class ProfileForm(forms.Form):
    name = forms.CharField(label="Company name", max_length=200)
    website = forms.URLField(label="Website", required=False, assume_scheme="https")
    country = forms.ChoiceField(
        label="Country",
        required=False,
        error_messages={"invalid_choice": "Choose a country from the list."},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", "Choose a country")] + [  # type: ignore[attr-defined]
            (c.code, c.name) for c in countries
        ]
