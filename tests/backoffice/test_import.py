"""The back office's Import page: upload, read the dry run, import the same file; staff only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from partnercenter.imports import uploads
from partnercenter.imports.kinds import KINDS
from partnercenter.partners.models import Partner
from tests.submissions.factories import World

GOOD = (
    b"slug,name,profile,country,status,partner_since\n"
    b"nordlicht,Nordlicht Web,it,DE,active,2021-03-15\n"
    b"bleu,Atelier Bleu,creative,FR,active,2023-09-01\n"
)
BAD = GOOD + b"cloud,Cloud,plumbing,XX,active,2024-01-01\n"


@pytest.fixture(autouse=True)
def _var_dir(settings: Any, tmp_path: Path) -> None:
    settings.VAR_DIR = tmp_path / "var"


@pytest.fixture
def staff(client: Client, world: World) -> Client:
    client.force_login(world.staff)
    return client


def imported() -> int:
    """Partners other than the world's acme and bravo."""
    return Partner.objects.exclude(slug__in=["acme", "bravo"]).count()


def upload(client: Client, data: bytes, kind: str = "partners", name: str = "p.csv") -> Any:
    return client.post(
        "/backoffice/import/", {"kind": kind, "file": SimpleUploadedFile(name, data, "text/csv")}
    )


def test_the_page_lists_every_kind_with_its_columns_and_example(staff: Client) -> None:
    page = staff.get("/backoffice/import/").content.decode()

    for kind in KINDS.values():
        assert f"/backoffice/import/examples/{kind.name}.csv" in page
        for column in kind.columns:
            assert f"<code>{column.name}</code>" in page


@pytest.mark.parametrize("kind", list(KINDS))
def test_example_files_download(staff: Client, kind: str) -> None:
    response = staff.get(f"/backoffice/import/examples/{kind}.csv")

    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{kind}.csv"'
    header = b"".join(response.streaming_content).splitlines()[0].decode()
    assert header.split(",") == list(KINDS[kind].names)
    assert staff.get("/backoffice/import/examples/nothing.csv").status_code == 404


def test_dry_run_then_import_the_same_file(staff: Client) -> None:
    checked = upload(staff, GOOD)

    assert checked.status_code == 200
    assert checked.context["report"].created == 2
    assert imported() == 0  # a dry run
    sha = checked.context["sha256"]
    assert uploads.upload_path(sha) is not None

    done = staff.post("/backoffice/import/apply/", {"sha256": sha, "kind": "partners"}, follow=True)

    assert done.redirect_chain[-1][0] == "/backoffice/import/?kind=partners"
    assert "Imported partners: 2 created, 0 unchanged." in done.content.decode()
    assert set(Partner.objects.values_list("slug", flat=True)) == {
        "acme",
        "bravo",
        "nordlicht",
        "bleu",
    }
    assert uploads.upload_path(sha) is None  # removed once imported
    again = staff.post(
        "/backoffice/import/apply/", {"sha256": sha, "kind": "partners"}, follow=True
    )
    assert "no longer waiting" in again.content.decode()
    assert imported() == 2
    assert "nothing new to import" in upload(staff, GOOD).content.decode()


def test_refused_rows_are_a_table_and_offer_no_import(staff: Client) -> None:
    response = upload(staff, BAD)
    page = response.content.decode()

    assert response.context["report"].refused == 1
    assert [(p.line, p.field) for p in response.context["problems"]] == [
        (4, "profile"),
        (4, "country"),
    ]
    assert "<code>profile</code>" in page and "&#x27;plumbing&#x27; is not a profile" in page
    assert "/backoffice/import/apply/" not in page
    assert imported() == 0
    assert list(uploads._folder().iterdir()) == []  # a refused file is not kept


def test_a_file_that_changed_meaning_since_the_dry_run_is_refused_at_import(staff: Client) -> None:
    sha = upload(staff, GOOD).context["sha256"]
    Partner.objects.create(slug="bleu", name="Someone else", profile="it")

    response = staff.post("/backoffice/import/apply/", {"sha256": sha, "kind": "partners"})

    assert response.status_code == 400
    assert {p.field for p in response.context["report"].problems} == {
        "name",
        "profile",
        "country",
        "status",
        "partner_since",
    }
    assert not Partner.objects.filter(slug="nordlicht").exists()


def test_only_a_hash_checked_in_this_session_for_this_kind_is_imported(
    staff: Client, world: World
) -> None:
    sha = upload(staff, GOOD).context["sha256"]
    other = Client()
    other.force_login(world.staff)

    for client, data in (
        (other, {"sha256": sha, "kind": "partners"}),
        (staff, {"sha256": sha, "kind": "people"}),
        (staff, {"sha256": "../../etc/passwd", "kind": "partners"}),
    ):
        response = client.post("/backoffice/import/apply/", data, follow=True)
        assert "no longer waiting" in response.content.decode()
    assert imported() == 0


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "The submitted file is empty."),
        (b"\xff\xfeslug", "Line 1: The file is not UTF-8"),
        (b"slug,name,shoe\n", "Unknown column(s): shoe"),
    ],
)
def test_a_bad_file_is_an_error_on_the_file_field(staff: Client, data: bytes, words: str) -> None:
    response = upload(staff, data)

    assert response.status_code == 400
    assert words in " ".join(response.context["form"].errors["file"])


def test_the_size_and_row_caps(staff: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(uploads, "MAX_UPLOAD_BYTES", 100)
    too_big = upload(staff, GOOD * 3)
    assert "larger than" in " ".join(too_big.context["form"].errors["file"])
    monkeypatch.setattr(uploads, "MAX_UPLOAD_BYTES", 20 * 1024 * 1024)
    from partnercenter.backoffice import views_import

    monkeypatch.setattr(views_import, "MAX_WEB_ROWS", 1)
    too_long = upload(staff, GOOD)
    assert "More than 1 rows" in " ".join(too_long.context["form"].errors["file"])
    assert imported() == 0


def test_old_uploads_are_swept(staff: Client) -> None:
    sha = upload(staff, GOOD).context["sha256"]
    path = uploads.upload_path(sha)
    assert path is not None

    assert uploads.uploads_sweep(now=path.stat().st_mtime + uploads.KEEP_SECONDS + 1) == 1
    assert uploads.upload_path(sha) is None


def test_partners_and_anonymous_are_kept_out(client: Client, world: World) -> None:
    assert client.get("/backoffice/import/").status_code == 302
    client.force_login(world.a_admin.user)
    assert client.get("/backoffice/import/").status_code == 403
    assert (
        client.post(
            "/backoffice/import/apply/", {"sha256": "0" * 64, "kind": "partners"}
        ).status_code
        == 403
    )
    assert client.get("/backoffice/import/examples/partners.csv").status_code == 403
