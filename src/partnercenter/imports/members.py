"""Importing partners and their people: created once, found again by slug and by email."""

from __future__ import annotations

from django.utils import timezone

from partnercenter.billing.services import subscription_carry_over
from partnercenter.errors import Refusal
from partnercenter.imports import checks
from partnercenter.imports.base import (
    CREATED,
    UNCHANGED,
    Column,
    Context,
    codes,
    differences,
    seen_before,
)
from partnercenter.imports.checks import Problems
from partnercenter.imports.errors import RowRefused
from partnercenter.linkedaccounts.models import LinkedAccount, Provider, VerifiedVia
from partnercenter.linkedaccounts.selectors import person_for_login
from partnercenter.linkedaccounts.services import login_clean
from partnercenter.partners.models import Partner, PartnerStatus, Person, Role

# ------------------------------------------------------------------ partners


def apply_partner(ctx: Context, line: int, row: dict[str, str]) -> str:
    """Create a partner, or find it unchanged by slug."""
    p: Problems = []
    slug = checks.slug(p, row, "slug")
    if slug:
        seen_before(ctx, p, line, "slug", ("partner", slug), f"Slug {slug!r}")
    name = checks.required(p, row, "name", max_length=200)
    status = checks.choice(p, row, "status", list(PartnerStatus.values))
    since = checks.a_date(p, row, "partner_since", optional=status == PartnerStatus.APPLICANT)
    checks.not_future(p, "partner_since", since, ctx.today)
    edition = ctx.edition(since or ctx.today)
    profile = row["profile"].lower()
    if profile not in {x.code for x in edition.profiles}:
        p.append(
            (
                "profile",
                f"{row['profile'] or 'Empty'!r} is not a profile of edition {edition.edition_id}: "
                f"{codes(edition.profiles)}.",
            )
        )
    country = checks.country(p, row, "country")
    website = checks.website(p, row, "website")
    student = checks.boolean(p, row, "student")
    plan = row["plan"].lower()
    if plan and plan not in {x.code for x in edition.plans}:
        p.append(
            (
                "plan",
                f"{row['plan']!r} is not a plan of edition {edition.edition_id}: "
                f"{codes(edition.plans)} (or empty).",
            )
        )
    elif plan == "student" and not student:
        p.append(("plan", "The student plan needs a student enrolment (student = true)."))
    paid_until = checks.a_date(p, row, "plan_paid_until", optional=True)
    if paid_until and not plan:
        p.append(("plan_paid_until", "Only with a plan."))
    valid_until = checks.a_date(p, row, "valid_until", optional=True)
    if valid_until and since and valid_until < since:
        p.append(("valid_until", f"Before partner_since ({since})."))
    if p:
        raise RowRefused(p)
    values: dict[str, object] = {
        "name": name,
        "profile": profile,
        "country": country,
        "website": website,
        "status": status,
        "partner_since": since,
        "student": student,
        "plan": plan,
        "plan_paid_until": paid_until,
        "valid_until": valid_until,
    }
    existing = ctx.stored_partner(slug)
    if existing is not None:
        differences(p, f"partner {slug!r}", {k: getattr(existing, k) for k in values}, values)
        if p:
            raise RowRefused(p)
        return UNCHANGED
    # Checked above exactly as `partners.services.partner_create` checks (profile and plan
    # of the edition at partner_since); one INSERT, since a file may hold 100,000 partners.
    partner = Partner.objects.create(
        slug=slug,
        # A partner that was a member before Partner Center became one on partner_since.
        activated_on=since if status != PartnerStatus.APPLICANT else None,
        **values,  # type: ignore[arg-type]
    )
    if plan and status == PartnerStatus.ACTIVE:
        # Billed from here on: the next period starts the day after the paid one.
        subscription_carry_over(partner=partner, paid_through=paid_until, on=ctx.today)
    return CREATED


PARTNER_COLUMNS = (
    Column("slug", "the partner's short name in URLs, unique (letters, digits, hyphens)"),
    Column("name", "the company name"),
    Column("profile", "a profile code of the edition (it, creative, hosting, distribution)"),
    Column("country", "ISO 3166 alpha-2 code, e.g. DE (may be empty)"),
    Column("website", "https://… (may be empty)", optional=True),
    Column("status", "active, applicant, lapsed, suspended or terminated"),
    Column("partner_since", "YYYY-MM-DD; empty only for an applicant"),
    Column("student", "true or false (empty: false)", optional=True),
    Column("plan", "a plan code of the edition, or empty", optional=True),
    Column(
        "plan_paid_until", "YYYY-MM-DD, the paid plan runs through it (or empty)", optional=True
    ),
    Column("valid_until", "YYYY-MM-DD, the membership runs through it (or empty)", optional=True),
)


# -------------------------------------------------------------------- people


def _login_taken(
    ctx: Context, p: Problems, line: int, field_name: str, value: str, slug: str, email: str
) -> None:
    """A community username or GitHub login names one person: refuse it for a second one.

    One person is a partner's slug and an email: the same email at two partners is two
    people, and a login can be linked to only one of them.
    """
    if not value or not email or not slug:
        return
    provider = LOGIN_COLUMNS[field_name]
    try:
        login_clean(provider, value)
    except Refusal as exc:
        p.append((field_name, exc.message))
        return
    key = (field_name, value.lower())
    who = f"{slug}/{email}".lower()
    first = ctx.logins.setdefault(key, (who, line))
    if first[0] != who:
        p.append((field_name, f"{value!r} is already on line {first[1]} of this file."))
        return
    other = person_for_login(provider, value)
    if other is not None and f"{other.partner.slug}/{other.email}".lower() != who:
        p.append((field_name, f"{value!r} already belongs to {other.name} of {other.partner}."))


LOGIN_COLUMNS = {"community_username": Provider.COMMUNITY, "github_login": Provider.GITHUB}
"""The people file's login columns and the provider each links (by hand, reason "import")."""


def apply_person(ctx: Context, line: int, row: dict[str, str]) -> str:
    """Create a person of a partner, or find them unchanged by (partner, email)."""
    p: Problems = []
    slug = checks.required(p, row, "partner", max_length=100)
    partner = ctx.partner(slug) if slug else None
    if slug and partner is None:
        p.append(("partner", f"No partner with slug {slug!r}; import the partners first."))
    name = checks.required(p, row, "name", max_length=200)
    email = checks.email(p, row, "email")
    if email and slug:
        seen_before(ctx, p, line, "email", ("person", slug, email.lower()), f"{email} of {slug}")
    role = checks.choice(p, row, "role", list(Role.values))
    community = checks.optional_text(p, row, "community_username", max_length=100)
    github = checks.optional_text(p, row, "github_login", max_length=100)
    _login_taken(ctx, p, line, "community_username", community, slug, email)
    _login_taken(ctx, p, line, "github_login", github, slug, email)
    if p:
        raise RowRefused(p)
    assert partner is not None
    values: dict[str, object] = {
        "name": name,
        "role": role,
        "community_username": community,
        "github_login": github,
    }
    existing = Person.objects.filter(partner=partner, email__iexact=email).first()
    if existing is not None:
        differences(p, f"person {email}", {k: getattr(existing, k) for k in values}, values)
        if p:
            raise RowRefused(p)
        return UNCHANGED
    person = Person.objects.create(partner=partner, email=email, name=name, role=role)
    # Linked by hand (7x knew these before): one INSERT each, checked above like the service.
    LinkedAccount.objects.bulk_create(
        LinkedAccount(
            person=person,
            provider=LOGIN_COLUMNS[column],
            login=login,
            verified_via=VerifiedVia.STAFF,
            reason="import",
            linked_at=timezone.now(),
        )
        for column, login in (("community_username", community), ("github_login", github))
        if login
    )
    ctx.people_created += 1
    return CREATED


PEOPLE_COLUMNS = (
    Column("partner", "the partner's slug (imported or existing)"),
    Column("name", "the person's full name"),
    Column("email", "the person's email address, unique within the partner"),
    Column("role", "admin (partner admin) or member"),
    Column("community_username", "their name on the community site (or empty)", optional=True),
    Column("github_login", "their GitHub login (or empty)", optional=True),
)
