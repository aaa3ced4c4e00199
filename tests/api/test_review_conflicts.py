"""Issue 8, defect 2: `POST /reviews` for a date already running or done is a 409, not a new run."""

from __future__ import annotations

import pytest

from partnercenter.review.models import ReviewRun
from partnercenter.review.services import review_run


@pytest.mark.django_db
def test_api_post_reviews_for_a_date_running_or_done_is_a_409(world, as_) -> None:
    body = {"as_of": "2025-05-01"}
    client = as_("staff")
    assert client.post("/reviews", body).status_code == 202
    running = client.post("/reviews", body)
    assert running.status_code == 409 and running.json()["code"] == "review_running"
    assert running.json()["field"] == "as_of"
    run = ReviewRun.objects.get()
    review_run(as_of=run.as_of, run=run)
    done = client.post("/reviews", body)
    assert done.status_code == 409 and done.json()["code"] == "review_done"
    assert f"/reviews/{run.pk}" in done.json()["message"]
    assert ReviewRun.objects.count() == 1
