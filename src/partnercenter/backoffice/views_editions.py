"""Editions: the stored editions, drafts of the next one, and publishing it (issue 10).

The staff door onto what `partnercenter program check / diff / simulate / load` do: the
work is in `editions_workbench` (drafts) and `programs` (checking and storing editions);
these views only read forms and show the report.
"""

from __future__ import annotations

from datetime import date

from csp.decorators import csp_exempt
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from partnercenter.backoffice.access import staff_user, staff_view
from partnercenter.backoffice.forms_editions import EditionTextForm, EditionUploadForm, PublishForm
from partnercenter.editions_workbench.errors import DraftError, DraftFileInvalid
from partnercenter.editions_workbench.models import EditionDraft
from partnercenter.editions_workbench.selectors import (
    MOVES_SHOWN,
    draft_contract_preview,
    draft_label,
    draft_report,
    drafts_open,
    editions_listing,
    proposed_date,
    sample_partner_details,
)
from partnercenter.editions_workbench.services import (
    draft_copy_current,
    draft_create,
    draft_publish,
    draft_save,
    text_decoded,
)
from partnercenter.programs.models import ProgramEdition
from partnercenter.programs.selectors import NoEdition, program_id
from partnercenter.staffroles.roles import MANAGE_PROGRAM


def _today() -> date:
    return timezone.now().date()


def _list_page(
    request: HttpRequest, upload: EditionUploadForm | None = None, status: int = 200
) -> HttpResponse:
    today = _today()
    drafts = list(drafts_open()[:50])
    return render(
        request,
        "backoffice/editions.html",
        {
            "today": today,
            "editions": editions_listing(today),
            "drafts": [(d, draft_label(d)) for d in drafts],
            "upload": upload or EditionUploadForm(),
            "proposed": proposed_date(today),
        },
        status=status,
    )


@staff_view(perm=MANAGE_PROGRAM)
def editions(request: HttpRequest) -> HttpResponse:
    """Every edition (scheduled, in force, past), the open drafts, and "New edition"."""
    return _list_page(request)


@require_POST
@staff_view(perm=MANAGE_PROGRAM)
def edition_upload(request: HttpRequest) -> HttpResponseBase:
    """A draft from an uploaded program file (and, optionally, a contract template)."""
    form = EditionUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _list_page(request, form, status=400)
    program_file = form.cleaned_data["program_file"]
    contract_file = form.cleaned_data["contract_file"]
    try:
        source = text_decoded(program_file.read(), field="program_file", what="program file")
        contract = (
            text_decoded(contract_file.read(), field="contract_file", what="contract template")
            if contract_file
            else None
        )
        draft = draft_create(
            source=source,
            contract_template=contract,
            filename=program_file.name or "",
            actor=staff_user(request),
            today=_today(),
        )
    except DraftFileInvalid as error:
        form.add_error(error.field or None, error.message)
        return _list_page(request, form, status=400)
    messages.success(request, f"Draft #{draft.pk} created from {program_file.name}.")
    return redirect("backoffice:edition_draft", pk=draft.pk)


@require_POST
@staff_view(perm=MANAGE_PROGRAM)
def edition_copy(request: HttpRequest) -> HttpResponseBase:
    """A draft copying the edition in force, proposed for the 1st of next month."""
    try:
        draft = draft_copy_current(actor=staff_user(request), today=_today())
    except NoEdition as error:
        messages.error(request, str(error))
        return redirect("backoffice:editions")
    messages.success(request, f"Draft #{draft.pk} copies edition {draft.based_on}.")
    return redirect("backoffice:edition_draft", pk=draft.pk)


def _draft_page(
    request: HttpRequest,
    draft: EditionDraft,
    *,
    text: EditionTextForm | None = None,
    publish: PublishForm | None = None,
    status: int = 200,
) -> HttpResponse:
    today = _today()
    report = draft_report(draft, today)
    if publish is None:
        on = report.effective_from
        publish = PublishForm(
            initial={"effective_from": on if on and on > today else proposed_date(today)}
        )
    sample = (
        sample_partner_details(report.check.edition)["name"]
        if report.check.ok and report.check.edition
        else ""
    )
    return render(
        request,
        "backoffice/edition_draft.html",
        {
            "draft": draft,
            "report": report,
            "text": text
            or EditionTextForm(
                initial={"source": draft.source, "contract_template": draft.contract_template}
            ),
            "publish": publish,
            "today": today,
            "moves_shown": MOVES_SHOWN,
            "sample_partner": sample,
            "label": draft_label(draft),
        },
        status=status,
    )


@staff_view(perm=MANAGE_PROGRAM)
def edition_draft(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the draft's report. POST: save the edited text, then show the report again."""
    draft = get_object_or_404(EditionDraft.objects.select_related("edition"), pk=pk)
    if request.method != "POST":
        return _draft_page(request, draft)
    form = EditionTextForm(request.POST)
    if not form.is_valid():
        return _draft_page(request, draft, text=form, status=400)
    try:
        draft = draft_save(
            draft_id=draft.pk,
            source=form.cleaned_data["source"],
            contract_template=form.cleaned_data["contract_template"],
            actor=staff_user(request),
        )
    except DraftError as error:
        form.add_error(error.field or None, error.message)
        return _draft_page(request, draft, text=form, status=400)
    messages.success(request, f"Draft #{draft.pk} saved.")
    return redirect("backoffice:edition_draft", pk=draft.pk)


@require_POST
@staff_view(perm=MANAGE_PROGRAM)
def edition_draft_publish(request: HttpRequest, pk: int) -> HttpResponseBase:
    """Publish the draft as a new edition on the date given (after today)."""
    draft = get_object_or_404(EditionDraft.objects.select_related("edition"), pk=pk)
    form = PublishForm(request.POST)
    if not form.is_valid():
        return _draft_page(request, draft, publish=form, status=400)
    try:
        row = draft_publish(
            draft_id=draft.pk,
            effective_from=form.cleaned_data["effective_from"],
            actor=staff_user(request),
            today=_today(),
        )
    except DraftError as error:
        field = error.field if error.field == "effective_from" else None
        form.add_error(field, error.message)
        return _draft_page(request, draft, publish=form, status=400)
    messages.success(
        request,
        f"Published edition {row.edition_id}: it takes effect on {row.effective_from:%-d %B %Y}.",
    )
    return redirect("backoffice:editions")


@xframe_options_sameorigin
@csp_exempt()  # type: ignore[arg-type]  # a PDF runs no page code; X-Frame-Options guards framing
@staff_view(perm=MANAGE_PROGRAM)
def edition_draft_contract(request: HttpRequest, pk: int) -> HttpResponse:
    """The draft's contract rendered for a sample partner, as the PDF partners would get."""
    draft = get_object_or_404(EditionDraft, pk=pk)
    pdf = draft_contract_preview(draft, _today())
    if pdf is None:
        raise Http404("The draft has problems or no contract template: nothing to preview.")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="contract-preview-draft-{draft.pk}.pdf"'
    return response


@staff_view(perm=MANAGE_PROGRAM)
def edition_detail(request: HttpRequest, edition_id: str) -> HttpResponse:
    """A stored edition's text and contract, read-only: published editions do not change."""
    row = get_object_or_404(ProgramEdition, program_id=program_id(), edition_id=edition_id)
    state = next((e.state for e in editions_listing(_today()) if e.edition_id == edition_id), "")
    return render(request, "backoffice/edition.html", {"row": row, "state": state})
