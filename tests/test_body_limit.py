"""Oversized bodies are refused before they are read (issue 8, defect 4)."""

from __future__ import annotations

import io
from typing import Any
from urllib.parse import urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from partnercenter.submissions.models import Submission
from tests.submissions.factories import PASSWORD, PDF, World, make_world

MB = 1024 * 1024


class MustNotBeRead(io.RawIOBase):
    """A request body that fails the test the moment anything reads it."""

    def read(self, size: int = -1) -> bytes:
        raise AssertionError("the body was read")

    readline = read  # type: ignore[assignment]


class Chunked(io.RawIOBase):
    """A de-chunked body of `total` bytes with no Content-Length, counting what was read."""

    def __init__(self, total: int, chunk: bytes = b"x" * 65536) -> None:
        self.left = total
        self.taken = 0
        self.chunk = chunk

    def read(self, size: int = -1) -> bytes:
        n = min(self.left, len(self.chunk) if size is None or size < 0 else size)
        n = min(n, len(self.chunk))
        self.left -= n
        self.taken += n
        return self.chunk[:n]

    def readline(self, size: int = -1) -> bytes:
        return self.read(size)


def _declared(length: int) -> dict[str, Any]:
    return {
        "CONTENT_LENGTH": str(length),
        "CONTENT_TYPE": "multipart/form-data; boundary=xyz",
        "wsgi.input": MustNotBeRead(),
    }


def _chunked(body: io.RawIOBase, content_type: str = "application/json") -> dict[str, Any]:
    return {
        "CONTENT_TYPE": content_type,
        "HTTP_TRANSFER_ENCODING": "chunked",
        "wsgi.input": body,
        "wsgi.input_terminated": True,
    }


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def world(make_partner: Any) -> World:
    return make_world(make_partner)


@pytest.mark.parametrize(
    "path",
    [
        "/portal/activities/new/",
        "/api/v1/partners/acme/submissions/upload",
        "/hooks/forum",
        "/backoffice/import/",
        "/portal/profile/",
    ],
)
def test_a_300_mb_content_length_is_refused_without_reading_the_body(
    client: Client, world: World, path: str
) -> None:
    client.force_login(world.a_member.user)  # type: ignore[arg-type]

    response = client.generic("POST", path, **_declared(300 * MB))

    assert response.status_code == 413
    assert not Submission.objects.exists()


def test_api_and_hooks_answer_json_naming_the_limit(client: Client) -> None:
    api = client.generic("POST", "/api/v1/partners/acme/submissions/upload", **_declared(300 * MB))
    hook = client.generic("POST", "/hooks/forum", **_declared(300 * MB))

    assert api.json()["code"] == "request_too_large"
    assert "11 MB" in api.json()["message"]
    assert "evidence file is at most 10 MB" in api.json()["message"]
    assert "1 MB" in hook.json()["message"]


def test_portal_answers_a_branded_page_naming_the_limit(client: Client, world: World) -> None:
    client.force_login(world.a_member.user)  # type: ignore[arg-type]

    response = client.generic("POST", "/portal/activities/new/", **_declared(300 * MB))

    body = response.content.decode()
    assert response["Content-Type"].startswith("text/html")
    assert "Partner Center" in body
    assert "an evidence file is at most 10 MB" in body


def test_each_path_has_its_own_limit(client: Client) -> None:
    # 5 MB: over the 1 MB webhook limit and Django's 2.5 MB default, under the 11 MB of evidence.
    assert client.generic("POST", "/hooks/forum", **_declared(5 * MB)).status_code == 413
    assert client.generic("POST", "/portal/login/", **_declared(5 * MB)).status_code == 413
    ok = client.generic("POST", "/portal/activities/new/", data=b"x" * 100, CONTENT_LENGTH="100")
    assert ok.status_code != 413


def test_a_chunked_body_over_the_cap_is_refused_after_reading_only_the_cap(
    client: Client,
) -> None:
    body = Chunked(300 * MB)

    response = client.generic("POST", "/hooks/forum", **_chunked(body))

    assert response.status_code == 413
    assert response.json()["code"] == "request_too_large"
    assert body.taken <= 1 * MB + 65536


def test_a_small_chunked_body_reaches_the_view(client: Client, world: World) -> None:
    payload = urlencode({"login": "max@acme.example", "password": PASSWORD}).encode()
    form = "application/x-www-form-urlencoded"

    response = client.generic("POST", "/portal/login/", **_chunked(io.BytesIO(payload), form))

    assert response.status_code == 302  # signed in: the view read the whole body


def test_a_normal_evidence_upload_still_works(client: Client, world: World) -> None:
    client.force_login(world.a_member.user)  # type: ignore[arg-type]

    response = client.post(
        "/portal/activities/new/",
        {
            "activity": "case_study",
            "occurred_on": "2025-03-03",
            "description": "Case study for Example SA",
            "evidence_url": "",
            "evidence_file": SimpleUploadedFile("p.pdf", PDF + b"\n" * (3 * MB)),
        },
    )

    assert response.status_code == 302
    assert Submission.objects.get().evidence_content_type == "application/pdf"
