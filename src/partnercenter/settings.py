"""Django settings for Partner Center, read from the environment.

Development (DEBUG=1, the default) works on a fresh clone with built-in values.
Production (DEBUG=0) has no development defaults: SECRET_KEY must be set (the
system checks in `partnercenter.ops.checks` refuse to start without it), webhook
sources without their secret are switched off, and the secure-by-default HTTP
settings below apply. The README's "Run in production" lists every variable.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF

from partnercenter.linkedaccounts.conf import social_providers
from partnercenter.ops.conf import cache_from_url, logging_config


def _env_bool(name: str, default: str) -> bool:
    return os.environ.get(name, default).strip().lower() in {"1", "true", "yes", "on"}


def _env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# The repository root (the package is installed editable from src/).
BASE_DIR = Path(__file__).resolve().parents[2]

# Runtime files: the SQLite database, collected static files, uploads.
VAR_DIR = Path(os.environ.get("PARTNERCENTER_VAR_DIR") or BASE_DIR / "var")
VAR_DIR.mkdir(parents=True, exist_ok=True)

# Program editions, one TOML file per effective date.
PROGRAMS_DIR = Path(os.environ.get("PARTNERCENTER_PROGRAMS_DIR") or BASE_DIR / "programs")

DEBUG = _env_bool("DEBUG", "1")

# The development key exists only with DEBUG=1. With DEBUG=0 an unset SECRET_KEY stays
# empty and the check `partnercenter.E001` stops every process (web, worker, scheduler).
DEV_SECRET_KEY = "dev-insecure-partnercenter-secret-key-change-me-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY", "") or (DEV_SECRET_KEY if DEBUG else "")
ALLOWED_HOSTS = _env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
# Whether development defaults (webhook secrets, ...) exist: fixed by DEBUG at start-up
# (the test runner turns settings.DEBUG off at run time; the defaults must stay).
PARTNERCENTER_DEV_DEFAULTS = DEBUG

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "partnercenter.programs",
    "partnercenter.partners",
    "partnercenter.ledger",
    "partnercenter.review",
    "partnercenter.submissions",
    "partnercenter.portal",
    "partnercenter.backoffice",
    "partnercenter.api",
    "partnercenter.hooks",
    "partnercenter.notifications",
    "partnercenter.documents",
    "partnercenter.membership",
    "partnercenter.applications",
    "partnercenter.contracts",
    "partnercenter.billing",
    "partnercenter.entitlements",
    "partnercenter.engagement",
    "partnercenter.imports",
    "partnercenter.audit",
    "partnercenter.backups",
    "partnercenter.privacy",
    "partnercenter.leads",
    "partnercenter.directory",
    "partnercenter.web",
    "partnercenter.ops",
    "django_prometheus",
    "csp",
    "partnercenter.commissions",
    "partnercenter.appeals",
    "partnercenter.certifications",
    "partnercenter.editions_workbench",
    "partnercenter.linkedaccounts",
    "partnercenter.staffroles",
    "partnercenter.events",
    "partnercenter.certificates",
    # Accounts (issue 9): identity before allauth so its templates override allauth's.
    "partnercenter.identity",
    "allauth",
    "allauth.account",
    "allauth.mfa",
]

MIDDLEWARE = [
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "partnercenter.body_limit.BodyLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "partnercenter.audit.context.AuditMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "partnercenter.identity.middleware.StaffSecurityMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "partnercenter.urls"
WSGI_APPLICATION = "partnercenter.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "partnercenter.identity.context.portal_person",
            ],
        },
    },
]

# Database: DATABASE_URL (e.g. postgresql://user:pass@host:5432/db), else SQLite in VAR_DIR.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'partnercenter.sqlite3'}",
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while the task worker writes; IMMEDIATE
    # transactions take the write lock up front instead of failing mid-way.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY; PRAGMA mmap_size=268435456;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
    }
# A connection is kept for a minute on both databases: opening one costs a SQLite file
# ~7 ms (its schema is parsed again, its page cache starts cold), more than a cached
# portal page's own work (issue 14, docs/benchmarks.md "Pages"). No CONN_HEALTH_CHECKS:
# on PostgreSQL it sends a `SELECT 1` round trip before each request's first query; a
# connection that failed is closed at the end of its request anyway.
DATABASES["default"]["CONN_MAX_AGE"] = 60

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Background work: stored in the database, run by `partnercenter db_worker`.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "/portal/login/"

# ------------------------------------------------------------------ accounts (django-allauth)
# Sign-in by email and password, password reset, two-factor (TOTP + recovery codes).
# Nobody signs up: people join by application or invitation (see identity.adapter).
AUTHENTICATION_BACKENDS = [
    # The same two, reading the user and its partner person in one query (issue 14):
    "partnercenter.identity.backends.ModelBackend",
    "partnercenter.identity.backends.AuthenticationBackend",
    # Kept so that sessions signed in under them keep working (they name their backend).
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
ACCOUNT_ADAPTER = "partnercenter.identity.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_SESSION_REMEMBER = True
# Django's database sessions, loaded in one raw statement (issue 14; same table and rows).
SESSION_ENGINE = "partnercenter.identity.sessions"
ACCOUNT_LOGOUT_REDIRECT_URL = LOGIN_URL
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Partner Center] "
# Rate limits count in the shared cache (CACHES below), so every process counts together.
# Wrong passwords: per address (slows guessing and spraying) and per account (slows a
# botnet). A browser that signed in to the account before (a signed "known device"
# cookie) is exempt from both and has its own small limit: an attacker cannot lock the
# owner out (identity.adapter). The per-request "login" limit is off: it would refuse
# the owner's right password when an attacker shares the address.
ACCOUNT_RATE_LIMITS = {
    "login": None,
    "login_failed": "10/m/ip,30/15m/ip,10/15m/key",
    "login_failed_known_device": "10/15m/key",
    "reset_password": "20/m/ip,5/m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Partner Center (7x)"
# One 30-second step either side, for phones whose clock drifts a little.
MFA_TOTP_TOLERANCE = 1
MFA_ADAPTER = "allauth.mfa.adapter.DefaultMFAAdapter"
# Staff need the second factor before any /backoffice/ or /admin/ page (identity.middleware).
PARTNERCENTER_STAFF_MFA_REQUIRED = True
# Staff sessions (identity.middleware): 30 minutes idle, 12 hours at most.
PARTNERCENTER_STAFF_IDLE_SECONDS = 30 * 60
PARTNERCENTER_STAFF_MAX_SECONDS = 12 * 3600
# Staff API tokens expire within this many days.
PARTNERCENTER_STAFF_TOKEN_MAX_DAYS = 90

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("PARTNERCENTER_STATIC_ROOT") or VAR_DIR / "static")
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_URL = "media/"
MEDIA_ROOT = VAR_DIR / "media"
# Request bodies: form data (not files) above 2.5 MB is refused; an uploaded file above
# 2.5 MB goes to a temporary file instead of memory. Per-path body limits (evidence 10 MB,
# webhooks 1 MB, CSV imports 20 MB) are in partnercenter.body_limit, checked before reading.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Static files: whitenoise serves them from every web process. Production uses hashed,
# compressed files (run `partnercenter collectstatic`) with far-future cache headers;
# development and tests read the apps' static folders directly, no collectstatic needed.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# A cache shared by every process (sign-in limits, API and application rate limits):
# Django's database cache by default (table `partnercenter_cache`, created by the ops
# app's migration). PARTNERCENTER_CACHE_URL picks another: `locmem://` (one process
# only), `redis://host:6379/0`, `memcached://host:11211`, `db://table`.
CACHES = {"default": cache_from_url(os.environ.get("PARTNERCENTER_CACHE_URL", ""))}

# ------------------------------------------------------------------ HTTP security
# Secure by default in production; a deployment behind a TLS-terminating proxy sets
# SECURE_PROXY_SSL_HEADER=X-Forwarded-Proto (the proxy must set that header) and may set
# SECURE_SSL_REDIRECT=0 when the proxy redirects http itself.
SECURE_SSL_REDIRECT = _env_bool("SECURE_SSL_REDIRECT", "0" if DEBUG else "1")
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
if os.environ.get("SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = (
        "HTTP_" + os.environ["SECURE_PROXY_SSL_HEADER"].strip().upper().replace("-", "_"),
        "https",
    )
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
# HSTS covers subdomains and allows preloading unless the deployment says otherwise; saying
# so (=0) is a decision, so its deploy-check warning is silenced.
SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", "0" if DEBUG else "1")
SECURE_HSTS_PRELOAD = _env_bool("SECURE_HSTS_PRELOAD", "0" if DEBUG else "1")
SILENCED_SYSTEM_CHECKS = [
    check
    for check, chosen in (
        ("security.W005", "SECURE_HSTS_INCLUDE_SUBDOMAINS"),
        ("security.W021", "SECURE_HSTS_PRELOAD"),
        ("security.W008", "SECURE_SSL_REDIRECT"),
    )
    if os.environ.get(chosen, "").strip() in {"0", "false", "no", "off"}
]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE", "0" if DEBUG else "1")
CSRF_COOKIE_SECURE = _env_bool("CSRF_COOKIE_SECURE", "0" if DEBUG else "1")
SESSION_COOKIE_HTTPONLY = True
CSRF_TRUSTED_ORIGINS = _env_list("CSRF_TRUSTED_ORIGINS", "")

# Content-Security-Policy (django-csp 4): only this site's own scripts, styles and images;
# the one inline script (the API docs' settings) carries the per-request nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF, "https://checkout.stripe.com"],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        # object-src falls back to 'self': Chromium shows a PDF opened in the browser
        # (invoices, certificates) as a plugin document that 'none' would block.
    }
}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Exponential Partner Program <partners@exponential.earth>"
)
# SMTP (when EMAIL_BACKEND is django.core.mail.backends.smtp.EmailBackend).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _env_bool("EMAIL_USE_TLS", "0")

# The public address of this installation, for links in emails and documents.
PARTNERCENTER_SITE_URL = os.environ.get("PARTNERCENTER_SITE_URL", "http://127.0.0.1:8000").rstrip(
    "/"
)

# Applications: how many one address may send per hour, and how long the email link works.
PARTNERCENTER_APPLICATIONS_PER_HOUR = int(
    os.environ.get("PARTNERCENTER_APPLICATIONS_PER_HOUR", "5")
)
PARTNERCENTER_APPLICATION_CONFIRM_DAYS = int(
    os.environ.get("PARTNERCENTER_APPLICATION_CONFIRM_DAYS", "7")
)
# Billing (issue 13). Tax on invoices in basis points (1,900 = 19%); 0 by default.
PARTNERCENTER_TAX_RATE_BP = int(os.environ.get("PARTNERCENTER_TAX_RATE_BP", "0"))
# The seller's address printed on invoices, and how to pay by bank transfer.
PARTNERCENTER_SELLER_ADDRESS = os.environ.get(
    "PARTNERCENTER_SELLER_ADDRESS",
    "7x d.o.o.\nExponential Partner Program\npartners@exponential.earth",
)
PARTNERCENTER_BANK_TRANSFER = os.environ.get(
    "PARTNERCENTER_BANK_TRANSFER",
    "Bank transfer to 7x d.o.o., IBAN SI56 0000 0000 0000 000, BIC XXXXSI22. "
    "Quote the invoice number as the payment reference.",
)
# Card payments by Stripe Checkout: offered only when both keys are set.
STRIPE_SECRET_KEY = os.environ.get("STRIPE_SECRET_KEY", "")
STRIPE_WEBHOOK_SECRET = os.environ.get("STRIPE_WEBHOOK_SECRET", "")

# ------------------------------------------------------------------ operations
# Logs: plain lines by default; PARTNERCENTER_LOG_FORMAT=json writes one JSON object a
# line (for a log shipper). PARTNERCENTER_LOG_LEVEL sets the level (default INFO).
LOGGING = logging_config(
    fmt=os.environ.get("PARTNERCENTER_LOG_FORMAT", "text"),
    level=os.environ.get("PARTNERCENTER_LOG_LEVEL", "INFO"),
)
# /readyz: a worker must have finished a job within this many seconds, and the oldest
# job waiting in the queue must be younger than PARTNERCENTER_READY_QUEUE_AGE seconds.
PARTNERCENTER_READY_WORKER_SECONDS = int(os.environ.get("PARTNERCENTER_READY_WORKER_SECONDS", "60"))
PARTNERCENTER_READY_QUEUE_AGE = int(os.environ.get("PARTNERCENTER_READY_QUEUE_AGE", "900"))
# /metrics: open to a Bearer token when this is set; otherwise only to loopback
# addresses (a scraper on the same host) and staff sessions.
PARTNERCENTER_METRICS_TOKEN = os.environ.get("PARTNERCENTER_METRICS_TOKEN", "")

# ------------------------------------------------------------------ linked accounts
# People link their GitHub and community accounts by OAuth through django-allauth's
# social accounts (connect only: `linkedaccounts.oauth.LinkOnlyAdapter` refuses sign-in
# and sign-up). The apps' credentials come from the environment, never the database:
# see `partnercenter.linkedaccounts.conf`.
INSTALLED_APPS += [
    "allauth.socialaccount",
    "allauth.socialaccount.providers.github",
    "allauth.socialaccount.providers.openid_connect",
]
SOCIALACCOUNT_ADAPTER = "partnercenter.linkedaccounts.oauth.LinkOnlyAdapter"
SOCIALACCOUNT_PROVIDERS = social_providers(os.environ)
SOCIALACCOUNT_STORE_TOKENS = False
# Staff roles (issue 10): an approver adjusts up to this many points (either way) alone;
# a larger adjustment waits for a second approver (four-eyes).
PARTNERCENTER_ADJUSTMENT_LIMIT_POINTS = int(
    os.environ.get("PARTNERCENTER_ADJUSTMENT_LIMIT_POINTS", "500")
)
