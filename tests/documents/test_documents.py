"""Documents: the public verification page, and the database keeping every PDF as issued."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, transaction
from django.test import Client

from partnercenter.documents.models import Document, DocumentKind
from partnercenter.documents.services import document_code_new, document_store, render_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(make_partner: Callable[..., Any]) -> Document:
    partner = make_partner("acme", name="Acme")
    code = document_code_new()
    pdf = render_pdf("membership/statement.html", {"code": code, "partner": partner, "on": None,
                                                    "reason": "Test.", "edition": None,
                                                    "invoices": []})  # fmt: skip
    return document_store(
        partner=partner, kind=DocumentKind.STATEMENT, title="Final statement", filename="s.pdf",
        pdf=pdf, code=code, edition_id="2025-01-01",
    )  # fmt: skip


def test_codes_look_alike_free() -> None:
    code = document_code_new()
    assert code.startswith("PC-") and len(code) == 17
    assert not set(code[3:].replace("-", "")) & set("01OI")


def test_verify_finds_an_issued_document(client: Client, document: Document) -> None:
    response = client.get(f"/documents/verify/{document.code}/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Genuine document" in page and "Acme" in page and document.sha256 in page
    lower = client.get(f"/documents/verify/?code={document.code.lower()}%20")
    assert lower.status_code == 200 and "Genuine document" in lower.content.decode()


@pytest.mark.parametrize("code", ["PC-AAAA-BBBB-CCCC", "x" * 40, "<script>"])
def test_verify_says_when_no_document_has_the_code(client: Client, code: str) -> None:
    response = client.get("/documents/verify/", {"code": code})
    assert response.status_code == 404
    assert "No document has this code" in response.content.decode()
    assert "<script>" not in response.content.decode()


def test_the_form_alone_answers(client: Client) -> None:
    response = client.get("/documents/verify/")
    assert response.status_code == 200 and "Verification code" in response.content.decode()


@pytest.mark.parametrize(
    "statement", ["UPDATE documents_document SET title = 'x'", "DELETE FROM documents_document"]
)
def test_the_database_refuses_update_and_delete(document: Document, statement: str) -> None:
    with (
        pytest.raises(Exception, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement)
    document.refresh_from_db()
    assert document.title == "Final statement"


def test_the_orm_cannot_delete_either(document: Document) -> None:
    with pytest.raises(Exception, match="append-only"), transaction.atomic():
        Document.objects.filter(pk=document.pk).delete()
    assert Document.objects.filter(pk=document.pk).exists()
