"""Every refusal as JSON `{code, message, field}`: named business errors become 4xx, never 500."""

from __future__ import annotations

import logging
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from partnercenter.api.errors import ApiError
from partnercenter.applications import errors as application_errors
from partnercenter.domain.loader import ProgramFileError
from partnercenter.leads import errors as lead_errors
from partnercenter.ledger import errors as ledger_errors
from partnercenter.partners import errors as partner_errors
from partnercenter.programs.selectors import NoEdition
from partnercenter.review.errors import ReviewError
from partnercenter.submissions import errors as submission_errors

log = logging.getLogger("partnercenter.api")

LEDGER_CONFLICTS = (
    ledger_errors.CapReached,
    ledger_errors.IdempotencyConflict,
    ledger_errors.AlreadyReversed,
)


def _json(
    api: NinjaAPI, request: HttpRequest, status: int, code: str, message: str, field: str = ""
) -> HttpResponse:
    return api.create_response(
        request, {"code": code, "message": message, "field": field}, status=status
    )


def install(api: NinjaAPI) -> None:
    """Register the handlers on `api` (most specific class wins, by the exception's MRO)."""

    @api.exception_handler(ApiError)
    def api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        return _json(api, request, exc.status, exc.code, exc.message, exc.field)

    @api.exception_handler(ledger_errors.LedgerError)
    def ledger_error(request: HttpRequest, exc: ledger_errors.LedgerError) -> HttpResponse:
        status = 409 if isinstance(exc, LEDGER_CONFLICTS) else 400
        return _json(api, request, status, exc.code, exc.message, exc.field)

    @api.exception_handler(partner_errors.CertificationError)
    def certification_error(
        request: HttpRequest, exc: partner_errors.CertificationError
    ) -> HttpResponse:
        status = 409 if isinstance(exc, partner_errors.AlreadyRevoked) else 400
        return _json(api, request, status, exc.code, exc.message, exc.field)

    @api.exception_handler(ReviewError)
    def review_error(request: HttpRequest, exc: ReviewError) -> HttpResponse:
        return _json(api, request, 409, exc.code, exc.message, exc.field)

    @api.exception_handler(submission_errors.SubmissionError)
    def submission_error(
        request: HttpRequest, exc: submission_errors.SubmissionError
    ) -> HttpResponse:
        status = 400
        if isinstance(exc, submission_errors.NotAllowed):
            status = 403
        elif isinstance(exc, submission_errors.NotPending | submission_errors.PostingRefused):
            status = 409
        return _json(api, request, status, exc.code, exc.message, exc.field or "")

    @api.exception_handler(application_errors.ApplicationError)
    def application_error(
        request: HttpRequest, exc: application_errors.ApplicationError
    ) -> HttpResponse:
        status = 400
        if isinstance(exc, application_errors.AlreadyDecided | application_errors.NotConfirmed):
            status = 409
        elif isinstance(exc, application_errors.TooManyApplications):
            response = _json(api, request, 429, exc.code, exc.message, exc.field)
            response["Retry-After"] = str(exc.retry_after)
            return response
        return _json(api, request, status, exc.code, exc.message, exc.field)

    @api.exception_handler(lead_errors.LeadError)
    def lead_error(request: HttpRequest, exc: lead_errors.LeadError) -> HttpResponse:
        if isinstance(exc, lead_errors.TooManyLeads):
            response = _json(api, request, 429, exc.code, exc.message, exc.field)
            response["Retry-After"] = str(exc.retry_after)
            return response
        # A lead's refused field is a 400 with its name; 422 is kept for the schema's checks.
        status = 409 if isinstance(exc, lead_errors.WrongState | lead_errors.AlreadyWon) else 400
        if isinstance(exc, lead_errors.NotYourLead | lead_errors.CannotShare):
            status = 403
        return _json(api, request, status, exc.code, exc.message, exc.field)

    @api.exception_handler(ProgramFileError)
    def program_error(request: HttpRequest, exc: ProgramFileError) -> HttpResponse:
        first = exc.problems[0] if exc.problems else None
        body: dict[str, Any] = {
            "code": "invalid_edition",
            "message": f"The edition has {len(exc.problems)} problem(s): "
            + "; ".join(f"{p.path}: {p.message}" for p in exc.problems[:10]),
            "field": first.path if first else "edition",
            "errors": [{"path": p.path, "message": p.message} for p in exc.problems],
        }
        return api.create_response(request, body, status=400)

    @api.exception_handler(NoEdition)
    def no_edition(request: HttpRequest, exc: NoEdition) -> HttpResponse:
        return _json(api, request, 409, "no_edition", str(exc))

    @api.exception_handler(ValidationError)
    def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        errors = [
            {"loc": [str(x) for x in e.get("loc", ())], "msg": str(e.get("msg", ""))}
            for e in exc.errors
        ]
        first = errors[0] if errors else {"loc": [], "msg": "invalid"}
        field = ".".join(first["loc"][1:]) or ".".join(first["loc"])
        body = {
            "code": "invalid",
            "message": f"{field or 'request'}: {first['msg']}",
            "field": field,
            "errors": errors,
        }
        return api.create_response(request, body, status=422)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        response = _json(
            api,
            request,
            401,
            "unauthenticated",
            "Send `Authorization: Bearer <token>` (a live token) or sign in.",
        )
        response["WWW-Authenticate"] = "Bearer"
        return response

    @api.exception_handler(Throttled)
    def throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
        return _json(api, request, 429, "rate_limited", "Too many requests; see Retry-After.")

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        code = {403: "forbidden", 404: "not_found", 405: "method_not_allowed"}.get(
            exc.status_code, "http_error"
        )
        if "CSRF" in exc.message:
            code = "csrf_failed"
        return _json(api, request, exc.status_code, code, exc.message)

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return _json(api, request, 404, "not_found", str(exc) or "Not found.")

    @api.exception_handler(Exception)
    def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        log.exception("API error on %s %s", request.method, request.path)
        return _json(api, request, 500, "server_error", "Something went wrong on our side.")
