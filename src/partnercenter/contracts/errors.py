"""Named refusals of contracts: each says why, and which field (if any) is at fault."""

from __future__ import annotations

from partnercenter.errors import Refusal


class ContractError(Refusal):
    """A contract action the rules refuse; nothing was written."""

    code = "contract_refused"


class NoContractTemplate(ContractError):
    """The edition in force has no contract template (load it with the edition)."""

    code = "no_contract_template"


class NotSignable(ContractError):
    """The partner's status does not allow issuing or signing (terminated, say)."""

    code = "contract_not_signable"


class AlreadySigned(ContractError):
    """The contract has a signature; a signed contract is never signed again."""

    code = "contract_already_signed"


class NotPartnerAdmin(ContractError):
    """Only a partner admin of the contract's own partner signs for it."""

    code = "not_partner_admin"


class SignatureIncomplete(ContractError):
    """The typed name, the title or the acceptance checkbox is missing (see `field`)."""

    code = "signature_incomplete"


class DocumentChanged(ContractError):
    """The PDF the signer was shown is not the contract's PDF: sign exactly what was shown."""

    code = "contract_document_changed"
    field = "document_sha256"


class AlreadyCountersigned(ContractError):
    """The signature already has 7x's countersignature."""

    code = "contract_already_countersigned"


class NotStaff(ContractError):
    """Only 7x program staff countersign."""

    code = "not_staff"


class RenewalNotDue(ContractError):
    """A renewal contract is offered only near the end of validity or after a lapse."""

    code = "renewal_not_due"
