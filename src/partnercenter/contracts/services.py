"""Issuing, signing and countersigning contracts.

The partner signs exactly the PDF it was shown (its SHA-256 travels with the form);
signing records who, when, from where and that hash, stores a signed copy with a
signature page, and tells membership (which activates an applicant or extends the
validity on renewal). 7x countersigns the signed copy's hash as a separate record.
"""

from __future__ import annotations

import ipaddress
from datetime import date, datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from partnercenter.audit.services import audit_record
from partnercenter.contracts.errors import (
    AlreadyCountersigned,
    AlreadySigned,
    ContractError,
    DocumentChanged,
    NoContractTemplate,
    NotPartnerAdmin,
    NotSignable,
    NotStaff,
    RenewalNotDue,
    SignatureIncomplete,
)
from partnercenter.contracts.models import Contract, ContractKind, Countersignature, Signature
from partnercenter.contracts.rendering import (
    contract_pdf_render,
    partner_details,
    signed_pdf_render,
)
from partnercenter.contracts.selectors import contract_unsigned, edition_template, renewal_state
from partnercenter.documents.models import DocumentKind
from partnercenter.documents.services import document_code_new, document_store
from partnercenter.membership.selectors import partner_admin_emails
from partnercenter.membership.services import partner_contract_signed
from partnercenter.notifications.services import message_queue
from partnercenter.partners.models import Partner, PartnerStatus, Person, Role
from partnercenter.programs.selectors import edition_at, edition_by_id

NAME_MAX = 200
"""The longest typed name or title kept (the columns' length)."""

ACCEPTANCE = "I have read and accept the contract shown above, and sign it for my company."
"""The words of the checkbox the signer ticks; the signature page quotes them."""


@transaction.atomic
def contract_issue(*, partner: Partner, kind: str, on: date) -> Contract:
    """Render the contract of the edition in force on `on` for `partner` and store its PDF.

    Idempotent: an unsigned contract of the same kind and edition is returned instead
    of a new one, unless the partner's details changed since (then a fresh contract
    supersedes it, and only the fresh one can be signed). Once a joining contract is
    signed no other is issued; a renewal only when it is due (near the end of validity,
    or after a lapse).
    """
    partner = Partner.objects.select_for_update().get(pk=partner.pk)
    if kind not in ContractKind.values:
        raise ContractError(f"Unknown contract kind {kind!r}.", field="kind")
    if partner.status == PartnerStatus.TERMINATED:
        raise NotSignable(f"{partner.name} is terminated: no new contract can be issued.")
    edition = edition_at(on)
    details = partner_details(partner, edition)
    existing = contract_unsigned(partner, kind=kind, edition_id=edition.edition_id)
    if existing is not None and existing.details == details:
        return existing
    if (
        kind == ContractKind.JOINING
        and partner.contracts.filter(kind=ContractKind.JOINING, signature__isnull=False).exists()
    ):
        raise AlreadySigned(f"{partner.name} has already signed its joining contract.")
    if kind == ContractKind.RENEWAL and not renewal_state(partner, on, edition).due:
        raise RenewalNotDue(
            "Renewal opens "
            f"{max(edition.membership.renewal_reminder_days, default=0)} days before the "
            "membership's validity ends, or after it has lapsed."
        )
    template = edition_template(edition.edition_id)
    if not template.strip():
        raise NoContractTemplate(
            f"Edition {edition.edition_id} has no contract template "
            "(programs/<program>/<edition>/contract.html, loaded with the edition)."
        )
    code = document_code_new()
    pdf = contract_pdf_render(
        template, edition=edition, details=details, kind=kind, issued_on=on, code=code
    )
    label = ContractKind(kind).label
    document = document_store(
        partner=partner,
        kind=DocumentKind.CONTRACT,
        title=f"{edition.program_name} {label.lower()} — {partner.name}",
        filename=f"contract-{partner.slug}-{edition.edition_id}-{kind}.pdf",
        pdf=pdf,
        code=code,
        edition_id=edition.edition_id,
    )
    contract = Contract.objects.create(
        partner=partner,
        edition_id=edition.edition_id,
        kind=kind,
        document=document,
        sha256=document.sha256,
        details=details,
        issued_on=on,
    )
    _tell_admins(
        "contract_ready", contract, context={"contract": contract, "edition": edition}, key="ready"
    )
    return contract


def _clean_text(value: str, field: str, what: str) -> str:
    text = " ".join((value or "").split())
    if not text:
        raise SignatureIncomplete(f"Type {what}.", field=field)
    if len(text) > NAME_MAX:
        raise SignatureIncomplete(
            f"{what[0].upper()}{what[1:]} is too long (at most {NAME_MAX} characters).",
            field=field,
        )
    return text


def _clean_ip(ip: str | None) -> str | None:
    try:
        return str(ipaddress.ip_address((ip or "").strip()))
    except ValueError:
        return None


@transaction.atomic
def contract_sign(
    *,
    contract: Contract,
    person: Person,
    full_name: str,
    title: str,
    accepted: bool,
    ip: str | None,
    user_agent: str,
    shown_sha256: str,
    now: datetime | None = None,
) -> Signature:
    """A partner admin signs `contract` as shown (`shown_sha256` must be the contract's PDF hash).

    Stores the signed copy (the contract with a signature page and its own
    verification code), then records the signature with membership: an applicant
    with a plan or the points path becomes active; a renewal extends the validity.
    """
    contract = Contract.objects.select_related("partner").get(pk=contract.pk)
    partner = Partner.objects.select_for_update().get(pk=contract.partner_id)
    if person.partner_id != partner.pk or person.role != Role.ADMIN:
        raise NotPartnerAdmin(f"Only a partner admin of {partner.name} can sign its contract.")
    if Signature.objects.filter(contract=contract).exists():
        raise AlreadySigned("This contract is already signed; a signed contract never changes.")
    if partner.status == PartnerStatus.TERMINATED:
        raise NotSignable(f"{partner.name} is terminated: its contracts can be read, not signed.")
    full_name = _clean_text(full_name, "full_name", "your full name")
    title = _clean_text(title, "title", "your title")
    if not accepted:
        raise SignatureIncomplete(
            "Check the box to confirm you have read and accept the contract.", field="accepted"
        )
    newer = Contract.objects.filter(
        partner=partner, kind=contract.kind, signature__isnull=True, pk__gt=contract.pk
    ).exists()
    if newer or (shown_sha256 or "").strip().lower() != contract.sha256:
        raise DocumentChanged(
            "The contract shown is not the current one; reload the page and sign what it shows."
        )
    now = now or timezone.now()
    ip_clean = _clean_ip(ip)
    agent = (user_agent or "")[:500]
    edition = edition_by_id(contract.edition_id)
    template = edition_template(contract.edition_id)
    code = document_code_new()
    pdf = signed_pdf_render(
        template,
        edition=edition,
        contract=contract,
        signature={
            "full_name": full_name,
            "title": title,
            "email": person.email,
            "signed_at": now,
            "ip": ip_clean,
            "user_agent": agent,
            "document_sha256": contract.sha256,
            "shown_code": contract.document.code,
            "acceptance": ACCEPTANCE,
        },
        code=code,
    )
    signed = document_store(
        partner=partner,
        kind=DocumentKind.SIGNED_CONTRACT,
        title=f"{edition.program_name} {contract.get_kind_display().lower()} — "
        f"{partner.name}, signed",
        filename=f"contract-{partner.slug}-{contract.edition_id}-{contract.kind}-signed.pdf",
        pdf=pdf,
        code=code,
        edition_id=contract.edition_id,
    )
    try:
        with transaction.atomic():
            signature = Signature.objects.create(
                contract=contract,
                person=person,
                full_name=full_name,
                title=title,
                signed_at=now,
                ip=ip_clean,
                user_agent=agent,
                document_sha256=contract.sha256,
                signed_document=signed,
            )
    except IntegrityError:  # signed at the same moment elsewhere
        raise AlreadySigned(
            "This contract is already signed; a signed contract never changes."
        ) from None
    partner_contract_signed(partner=partner, kind=contract.kind, on=now.date())
    _tell_admins(
        "contract_signed",
        contract,
        context={"contract": contract, "signature": signature},
        key="signed",
    )
    return signature


@transaction.atomic
def contract_countersign(
    *, signature: Signature, staff_user: Any, full_name: str, now: datetime | None = None
) -> Countersignature:
    """7x program staff countersign a signed contract; the record keeps the signed copy's hash."""
    if not (getattr(staff_user, "is_staff", False) and getattr(staff_user, "is_active", False)):
        raise NotStaff("Only 7x program staff countersign contracts.")
    signature = Signature.objects.select_related(
        "contract", "contract__partner", "signed_document"
    ).get(pk=signature.pk)
    Partner.objects.select_for_update().get(pk=signature.contract.partner_id)
    if Countersignature.objects.filter(signature=signature).exists():
        raise AlreadyCountersigned("This contract is already countersigned.")
    full_name = _clean_text(full_name, "full_name", "your full name")
    try:
        with transaction.atomic():
            counter = Countersignature.objects.create(
                signature=signature,
                staff_user=staff_user,
                full_name=full_name,
                signed_at=now or timezone.now(),
                signed_document_sha256=signature.signed_document.sha256,
            )
            audit_record(
                actor=staff_user,
                action="contract.countersign",
                target=signature.contract.partner,
                details={"contract": signature.contract_id, "kind": signature.contract.kind},
            )
    except IntegrityError:
        raise AlreadyCountersigned("This contract is already countersigned.") from None
    _tell_admins(
        "contract_countersigned",
        signature.contract,
        context={
            "contract": signature.contract,
            "signature": signature,
            "countersignature": counter,
        },
        key="countersigned",
    )
    return counter


def _tell_admins(kind: str, contract: Contract, *, context: dict[str, Any], key: str) -> None:
    partner = contract.partner
    for email in partner_admin_emails(partner):
        message_queue(
            kind=kind,
            to=email,
            partner=partner,
            key=f"contract_{key}:{contract.pk}:{email}",
            context={"partner": partner, **context},
        )
