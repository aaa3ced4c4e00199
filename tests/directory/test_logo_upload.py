"""The portal's "Public page": the admin edits the page and uploads a logo checked by content.

What the admin saves waits for review (a pending `ListingRevision`); the logo is kept
there already re-encoded.
"""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from partnercenter.directory.errors import LogoRefused
from partnercenter.directory.logo import logo_reencode
from partnercenter.directory.models import Listing, ListingRevision
from partnercenter.partners.models import Person, Role
from tests.directory.factories import leveled
from tests.submissions.factories import make_person

pytestmark = pytest.mark.django_db


def image(fmt: str, size: tuple[int, int] = (300, 300), **save: object) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(out, format=fmt, **save)
    return out.getvalue()


def jpeg_with_exif() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    return image("JPEG", exif=exif.tobytes())


@pytest.fixture
def admin_client(edition, make_partner):  # type: ignore[no-untyped-def]
    acme = leveled(make_partner, "acme", "professional", name="Acme")
    person = make_person(acme, "ada@acme.example", Role.ADMIN)
    client = Client()
    client.force_login(person.user)
    return client


def _post(client: Client, logo: bytes | None, name: str = "logo.png", ctype: str = "image/png"):  # type: ignore[no-untyped-def]
    data: dict[str, object] = {"description": "Hello", "services": "Hosting\nBackups"}
    if logo is not None:
        data["logo"] = SimpleUploadedFile(name, logo, ctype)
    return client.post("/portal/public-page/", data)


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP"])
def test_good_logo_is_re_encoded_and_stored(admin_client, fmt) -> None:
    response = _post(admin_client, image(fmt, (1600, 800)))
    assert response.status_code == 302
    revision = ListingRevision.objects.get(partner__slug="acme", status="pending")
    stored = Image.open(io.BytesIO(bytes(revision.logo_png)))
    assert stored.format == "PNG" and stored.size == (512, 256)
    assert revision.services == ["Hosting", "Backups"] and revision.description == "Hello"
    assert revision.logo_change == "replace"
    assert not Listing.objects.filter(partner__slug="acme").exists()  # nothing live yet


def test_metadata_is_stripped() -> None:
    raw = jpeg_with_exif()
    assert b"SecretCam" in raw
    clean = logo_reencode(raw)
    assert b"SecretCam" not in clean and not Image.open(io.BytesIO(clean)).getexif()


PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


@pytest.mark.parametrize(
    ("data", "name", "words"),
    [
        (b"\xff\xd8\xff\xe0" + b"JFIF not really" * 20, "logo.png", "not a readable"),
        (PDF, "logo.pdf", "not a readable"),
        (image("GIF"), "logo.gif", "must be a PNG, JPEG or WebP"),
        (image("PNG", (4100, 10)), "wide.png", "at most 4000×4000"),
        (image("PNG") + b"\0" * (2 * 1024 * 1024), "big.png", "at most 2 MB"),
        (b"", "empty.png", "empty"),
    ],
    ids=["fake-jpeg-header", "pdf", "gif", "too-wide", "over-2mb", "empty"],
)
def test_bad_logo_is_refused_on_the_field_and_changes_nothing(
    admin_client, data, name, words
) -> None:
    _post(admin_client, image("PNG"))
    before = bytes(ListingRevision.objects.get(partner__slug="acme", status="pending").logo_png)
    response = admin_client.post(
        "/portal/public-page/",
        {
            "description": "Changed",
            "services": "",
            "logo": SimpleUploadedFile(name, data, "image/png"),
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    if words == "empty":
        assert "The submitted file is empty" in body
    else:
        assert words in body
    revision = ListingRevision.objects.get(partner__slug="acme", status="pending")
    assert bytes(revision.logo_png) == before and revision.description == "Hello"
    assert ListingRevision.objects.count() == 1


def test_logo_reencode_refuses_directly() -> None:
    with pytest.raises(LogoRefused) as caught:
        logo_reencode(PDF)
    assert caught.value.field == "logo"


def test_too_many_services_refused(admin_client) -> None:
    response = admin_client.post(
        "/portal/public-page/",
        {"description": "x", "services": "\n".join(f"S{k}" for k in range(9))},
    )
    assert response.status_code == 400 and "at most 8 services" in response.content.decode()
    assert not Listing.objects.filter(partner__slug="acme").exists()
    assert not ListingRevision.objects.exists()


def test_page_shows_the_badge_snippet(admin_client) -> None:
    body = admin_client.get("/portal/public-page/").content.decode()
    assert "Exponential Partner — Professional" in body
    assert "/verify/acme" in body and "/badge/acme.svg" in body and "&lt;a href=" in body


def test_members_may_not_edit_the_public_page(admin_client) -> None:
    from partnercenter.partners.models import Partner

    member = make_person(Partner.objects.get(slug="acme"), "max@acme.example")
    client = Client()
    client.force_login(member.user)
    assert client.get("/portal/public-page/").status_code == 403
    assert Person.objects.filter(email="max@acme.example").exists()
