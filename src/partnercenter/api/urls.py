"""The REST API (django-ninja) at /api/v1: OpenAPI at /api/v1/openapi.json, docs at /api/v1/docs."""

from ninja import NinjaAPI

from partnercenter.api import docs, handlers
from partnercenter.api.auth import AUTH, STAFF_AUTH, PerTokenThrottle
from partnercenter.api.idempotency import idempotent
from partnercenter.api.queries import single_query_values
from partnercenter.api.routes import (
    appeals,
    applications,
    billing,
    commissions,
    contracts,
    engagement,
    entitlements,
    events,
    inbox,
    leads,
    partner,
    prices,
    staff,
    submissions,
)

api = NinjaAPI(
    title="Partner Center API",
    version="1",
    urls_namespace="api",
    description=(
        "The Exponential Partner Program's API. Authenticate with a personal token "
        "(`Authorization: Bearer pc_…`, created in the portal) or the browser session. "
        "Every POST takes an `Idempotency-Key` header. Errors are `{code, message, field}`."
    ),
    auth=AUTH,
    docs=docs.LocalSwagger(),
    throttle=[PerTokenThrottle()],
)
handlers.install(api)
api.add_decorator(idempotent, mode="view")
api.add_decorator(single_query_values, mode="view")
api.add_router("", docs.router)
api.add_router("", partner.router)
api.add_router("", submissions.router)
api.add_router("", billing.router)
api.add_router("", commissions.router)
api.add_router("", contracts.router)
api.add_router("", staff.router, auth=STAFF_AUTH)
api.add_router("", inbox.router, auth=STAFF_AUTH)
api.add_router("", applications.router)
api.add_router("", appeals.router)
api.add_router("", leads.router)
api.add_router("", prices.router)
api.add_router("", entitlements.router)
api.add_router("", entitlements.staff_router, auth=STAFF_AUTH)
api.add_router("", engagement.router)
api.add_router("", engagement.staff_router, auth=STAFF_AUTH)
api.add_router("", events.router)
api.add_router("", events.staff_router, auth=STAFF_AUTH)
