"""Applications one address may send per hour (`PARTNERCENTER_APPLICATIONS_PER_HOUR`)."""

from __future__ import annotations

from partnercenter.ratelimit import AddressLimit

APPLICATIONS = AddressLimit(prefix="pc-apply", setting="PARTNERCENTER_APPLICATIONS_PER_HOUR")
limit = APPLICATIONS.limit
retry_after = APPLICATIONS.retry_after
count = APPLICATIONS.count
