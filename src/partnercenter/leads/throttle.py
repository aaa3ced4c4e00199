"""Leads (form and anonymous API) one address may send per hour (`PARTNERCENTER_LEADS_PER_HOUR`)."""

from __future__ import annotations

from partnercenter.ratelimit import AddressLimit

LEADS = AddressLimit(prefix="pc-lead", setting="PARTNERCENTER_LEADS_PER_HOUR")
limit = LEADS.limit
retry_after = LEADS.retry_after
count = LEADS.count
