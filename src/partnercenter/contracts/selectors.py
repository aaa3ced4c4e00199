"""Reading contracts: the template in force, a partner's contracts, what is due, what awaits 7x."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from partnercenter.contracts.models import Contract, ContractKind, Signature
from partnercenter.documents.models import Document
from partnercenter.domain.program import Edition
from partnercenter.partners.models import Partner, PartnerStatus
from partnercenter.programs.models import ProgramEdition
from partnercenter.programs.selectors import edition_at, program_id


def contract_template_at(day: date) -> str:
    """The contract template text of the edition in force on `day` ("" when it has none)."""
    edition = edition_at(day)
    return edition_template(edition.edition_id)


def edition_template(edition_id: str) -> str:
    """The contract template stored with edition `edition_id` ("" when it has none)."""
    row = (
        ProgramEdition.objects.filter(program_id=program_id(), edition_id=edition_id)
        .only("contract_template")
        .first()
    )
    return row.contract_template if row is not None else ""


def contracts_of_partner(partner: Partner) -> QuerySet[Contract]:
    """A partner's contracts, newest first, with their signature and countersignature."""
    return (
        Contract.objects.filter(partner=partner)
        .select_related(
            "document",
            "signature",
            "signature__person",
            "signature__signed_document",
            "signature__countersignature",
        )
        .defer("document__pdf", "signature__signed_document__pdf")
        .order_by("-created_at", "-id")
    )


def contract_unsigned(partner: Partner, *, kind: str, edition_id: str) -> Contract | None:
    """The unsigned contract of this kind and edition, if one was issued (reused, not re-issued)."""
    return (
        Contract.objects.filter(
            partner=partner, kind=kind, edition_id=edition_id, signature__isnull=True
        )
        .order_by("-created_at", "-id")
        .first()
    )


def contract_to_sign(partner: Partner) -> Contract | None:
    """The newest contract of the partner that is still waiting for its signature."""
    return contracts_of_partner(partner).filter(signature__isnull=True).first()


def contract_latest_signed(partner: Partner) -> Contract | None:
    """The newest signed contract of the partner."""
    return contracts_of_partner(partner).filter(signature__isnull=False).first()


def contract_for_download(partner: Partner) -> tuple[Contract, bool] | None:
    """The contract to hand out: the latest signed one (True), else the one to sign (False)."""
    signed = contract_latest_signed(partner)
    if signed is not None:
        return signed, True
    unsigned = contract_to_sign(partner)
    return (unsigned, False) if unsigned is not None else None


def contract_pdf(contract: Contract, *, signed: bool) -> tuple[str, bytes]:
    """The filename and bytes of a contract's PDF (the signed copy with `signed`)."""
    if signed:
        doc = Document.objects.get(signature__contract=contract)
    else:
        doc = Document.objects.get(pk=contract.document_id)
    return doc.filename, bytes(doc.pdf)


def signatures_awaiting_countersignature() -> QuerySet[Signature]:
    """Signed contracts 7x has not countersigned yet, oldest first (the back-office queue)."""
    return (
        Signature.objects.filter(countersignature__isnull=True)
        .select_related("contract", "contract__partner", "person", "signed_document")
        .defer("signed_document__pdf")
        .order_by("signed_at", "id")
    )


@dataclass(frozen=True)
class RenewalState:
    """Whether a partner may renew now, and why (for the portal's words)."""

    due: bool
    valid_until: date | None
    window_days: int
    lapsed: bool


def renewal_state(partner: Partner, today: date, edition: Edition | None = None) -> RenewalState:
    """A renewal is offered when validity ends within the edition's largest reminder lead time,
    or when the partner lapsed after its validity ended (renewal brings it back)."""
    edition = edition or edition_at(today)
    window = max(edition.membership.renewal_reminder_days, default=0)
    valid_until = partner.valid_until
    lapsed = (
        partner.status == PartnerStatus.LAPSED and valid_until is not None and valid_until < today
    )
    near_end = (
        partner.status == PartnerStatus.ACTIVE
        and partner.ends_on is None  # under notice: the membership is ending, not renewing
        and valid_until is not None
        and (valid_until - today).days <= window
    )
    return RenewalState(
        due=lapsed or near_end, valid_until=valid_until, window_days=window, lapsed=lapsed
    )


@dataclass(frozen=True)
class ContractOverview:
    """What a partner's contract pages show: every contract, the one to sign, renewal."""

    contracts: list[Contract]
    to_sign: Contract | None
    latest_signed: Contract | None
    renewal: RenewalState
    read_only: bool
    """Terminated: the contracts can be read and downloaded, nothing signed or issued."""

    @property
    def renewal_offered(self) -> bool:
        """Offer "Renew" when due, nothing is terminated and no renewal waits for signature."""
        pending_renewal = self.to_sign is not None and self.to_sign.kind == ContractKind.RENEWAL
        return self.renewal.due and not self.read_only and not pending_renewal


def _signature(contract: Contract) -> Signature | None:
    try:
        return contract.signature
    except Signature.DoesNotExist:
        return None


def contract_overview(partner: Partner, today: date) -> ContractOverview:
    """A partner's contracts and what can be done with them today."""
    contracts = list(contracts_of_partner(partner))
    read_only = partner.status == PartnerStatus.TERMINATED
    unsigned = [c for c in contracts if _signature(c) is None]
    signed = [c for c in contracts if _signature(c) is not None]
    return ContractOverview(
        contracts=contracts,
        to_sign=None if read_only or not unsigned else unsigned[0],
        latest_signed=signed[0] if signed else None,
        renewal=renewal_state(partner, today),
        read_only=read_only,
    )


def contract_signature(contract: Contract) -> Signature | None:
    """The contract's signature, if it is signed."""
    return _signature(contract)
