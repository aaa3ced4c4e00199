"""Checking evidence files by their content: the name and the browser's claimed type mean nothing."""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse, Http404

from partnercenter.submissions.errors import InvalidEvidenceFile
from partnercenter.submissions.models import Submission

MAX_BYTES = 10 * 1024 * 1024
"""The largest evidence file accepted (10 MB)."""

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)


def sniff(head: bytes) -> str | None:
    """The content type the first bytes prove (PDF, PNG or JPEG), or None."""
    for magic, content_type in _MAGIC:
        if head.startswith(magic):
            return content_type
    return None


def evidence_check(upload: UploadedFile) -> str:
    """Return the file's real content type, or refuse it with a message for the field."""
    size = upload.size or 0
    if size == 0:
        raise InvalidEvidenceFile("The file is empty.")
    if size > MAX_BYTES:
        raise InvalidEvidenceFile(
            f"The file is {size / 1048576:.1f} MB; the limit is {MAX_BYTES // 1048576} MB."
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    content_type = sniff(head)
    if content_type is None:
        raise InvalidEvidenceFile("The file must be a PDF, PNG or JPEG (checked by its content).")
    return content_type


def evidence_response(submission: Submission) -> FileResponse:
    """Serve evidence as an attachment with the type found in its content; never inline HTML."""
    if not submission.evidence_file:
        raise Http404("No evidence file.")
    try:
        handle = submission.evidence_file.open("rb")
    except OSError:
        raise Http404("The evidence file is missing.") from None
    suffix = submission.evidence_file.name.rsplit(".", 1)[-1]
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"submission-{submission.pk}-evidence.{suffix}",
        content_type=submission.evidence_content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
