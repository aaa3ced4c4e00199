"""Django settings for Partner Center, read from the environment.

Every value has a development default so `make run` works on a fresh clone;
production sets DATABASE_URL, SECRET_KEY, DEBUG=0 and ALLOWED_HOSTS.
"""

import os
from pathlib import Path

import dj_database_url


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

# WARNING: the default key is for development only; production must set SECRET_KEY.
SECRET_KEY = os.environ.get(
    "SECRET_KEY", "dev-insecure-partnercenter-secret-key-change-me-in-production"
)
DEBUG = _env_bool("DEBUG", "1")
ALLOWED_HOSTS = _env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")

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
    "partnercenter.imports",
    "partnercenter.audit",
    "partnercenter.backups",
    "partnercenter.privacy",
    "partnercenter.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "partnercenter.body_limit.BodyLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "partnercenter.audit.context.AuditMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
    DATABASES["default"]["CONN_MAX_AGE"] = 0
else:
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

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "media/"
MEDIA_ROOT = VAR_DIR / "media"
# Request bodies: form data (not files) above 2.5 MB is refused; an uploaded file above
# 2.5 MB goes to a temporary file instead of memory. Per-path body limits (evidence 10 MB,
# webhooks 1 MB, CSV imports 20 MB) are in partnercenter.body_limit, checked before reading.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

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
