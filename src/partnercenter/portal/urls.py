"""URL routes of the partner portal."""

from django.contrib.auth import views as auth_views
from django.urls import URLPattern, URLResolver, path, reverse_lazy

from partnercenter.portal import (
    views,
    views_auth,
    views_billing,
    views_contract,
    views_directory,
    views_leads,
    views_links,
    views_membership,
    views_privacy,
    views_referrals,
    views_submissions,
    views_support,
    views_team,
)

app_name = "portal"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.dashboard, name="dashboard"),
    path("login/", views_auth.sign_in, name="login"),
    path("logout/", views_auth.sign_out, name="logout"),
    path(
        "password-reset/",
        auth_views.PasswordResetView.as_view(
            template_name="portal/password_reset.html",
            email_template_name="portal/email/password_reset.txt",
            subject_template_name="portal/email/password_reset_subject.txt",
            success_url=reverse_lazy("portal:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="portal/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="portal/password_reset_confirm.html",
            success_url=reverse_lazy("portal:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="portal/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("invite/<str:token>/", views_auth.invite, name="invite"),
    path("referrals/", views_referrals.referrals, name="referrals"),
    path("referrals/<int:pk>/", views_referrals.referral, name="referral"),
    path("commissions/", views_referrals.commissions_page, name="commissions"),
    path(
        "commissions/statement-<str:month>.csv",
        views_referrals.statement_csv,
        name="commission_statement_csv",
    ),
    path(
        "commissions/statement-<str:month>.pdf",
        views_referrals.statement_pdf_view,
        name="commission_statement_pdf",
    ),
    path("ledger/", views.ledger, name="ledger"),
    path("levels/", views.levels, name="levels"),
    path("plan/", views_billing.plan, name="plan"),
    path("plan/choose/", views_billing.plan_choose_view, name="plan_choose"),
    path("plan/kick-off-package/", views_billing.kick_off_buy, name="kick_off_buy"),
    path("invoices/", views_billing.invoices, name="invoices"),
    path("invoices/<str:number>.pdf", views_billing.invoice_pdf, name="invoice_pdf"),
    path(
        "invoices/<str:number>/credit-note.pdf",
        views_billing.credit_note_pdf,
        name="credit_note_pdf",
    ),
    path("invoices/<str:number>/pay/", views_billing.invoice_pay, name="invoice_pay"),
    path("support/", views_support.support, name="support"),
    path("support/<int:pk>/", views_support.ticket, name="ticket"),
    path("meetings/", views_support.meetings, name="meetings"),
    path("meetings/book/", views_support.meeting_book_view, name="meeting_book"),
    path("meetings/<int:pk>/cancel/", views_support.meeting_cancel_view, name="meeting_cancel"),
    path("meetings/<int:pk>.ics", views_support.meeting_ics_view, name="meeting_ics"),
    path("activities/", views_submissions.submission_list, name="submissions"),
    path("activities/new/", views_submissions.submission_new, name="submission_new"),
    path("activities/<int:pk>/", views_submissions.submission_detail, name="submission"),
    path(
        "activities/<int:pk>/withdraw/",
        views_submissions.submission_withdraw_view,
        name="submission_withdraw",
    ),
    path(
        "activities/<int:pk>/evidence/",
        views_submissions.submission_evidence,
        name="submission_evidence",
    ),
    path("team/", views_team.team, name="team"),
    path("team/invite/", views_team.team_invite, name="team_invite"),
    path("team/<int:pk>/role/", views_team.team_role, name="team_role"),
    path("team/<int:pk>/resend/", views_team.team_invite_resend, name="team_invite_resend"),
    path("team/<int:pk>/cancel/", views_team.team_invite_cancel, name="team_invite_cancel"),
    path("profile/", views_team.profile, name="profile"),
    path("public-page/", views_directory.public_page, name="public_page"),
    path("membership/", views_membership.membership, name="membership"),
    path("membership/notice/", views_membership.membership_notice, name="membership_notice"),
    path(
        "membership/documents/<str:code>/",
        views_membership.membership_document,
        name="membership_document",
    ),
    path("messages/", views_membership.message_history, name="messages"),
    path("contract/", views_contract.contract, name="contract"),
    path("contract/renew/", views_contract.contract_renew, name="contract_renew"),
    path("contract/<int:pk>/sign/", views_contract.contract_sign_view, name="contract_sign"),
    path(
        "contract/<int:pk>/contract.pdf",
        views_contract.contract_file,
        {"which": "contract"},
        name="contract_pdf",
    ),
    path(
        "contract/<int:pk>/signed.pdf",
        views_contract.contract_file,
        {"which": "signed"},
        name="contract_signed_pdf",
    ),
    path("my-data/", views_privacy.my_data, name="my_data"),
    path("linked-accounts/", views_links.linked_accounts, name="linked_accounts"),
    path("leads/", views_leads.leads, name="leads"),
    path("leads/<int:pk>/<str:action>/", views_leads.lead_act, name="lead_act"),
    path("my-data/download/", views_privacy.my_data_download, name="my_data_download"),
]
