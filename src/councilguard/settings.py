"""Django settings: one file, every value read once from the environment (see env.py).

``COUNCILGUARD_ENV`` is ``demo`` (the default: SQLite in var/, a generated secret key kept in
var/, mail to the console) or ``production`` (refuses to start with an insecure setting).
"""

from __future__ import annotations

import base64
import re
import secrets
from email.utils import parseaddr
from pathlib import Path

import dj_database_url

from councilguard.env import ConfigError, envbool, envint, envlist, envsecret, envstr

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(envstr("COUNCILGUARD_VAR_DIR", str(PROJECT_DIR / "var")))
# The event store (DESIGN 7): Parquet partitions of monitoring events, like DATABASE_URL for
# the relational store.
DATA_DIR = Path(envstr("COUNCILGUARD_DATA_DIR", str(VAR_DIR / "data")))
# The engine the web and DNS rules run on (C31): "duckdb" on this machine, or "spark" (PySpark,
# local mode unless a master URL is given; a cluster must share DATA_DIR's event store).
ANALYSIS_ENGINE = envstr("COUNCILGUARD_ANALYSIS_ENGINE", "duckdb")
SPARK_MASTER = envstr("COUNCILGUARD_SPARK_MASTER", "local[2]")

ENVIRONMENT = envstr("COUNCILGUARD_ENV", "demo")
if ENVIRONMENT not in {"demo", "production"}:
    raise ConfigError(f"COUNCILGUARD_ENV must be demo or production, not {ENVIRONMENT!r}")
PRODUCTION = ENVIRONMENT == "production"
DEBUG = envbool("COUNCILGUARD_DEBUG", default=not PRODUCTION)
# Secrets marked with sensitive_variables / sensitive_post_parameters stay hidden on error pages
# in debug (demo) mode as well, not only when DEBUG is off.
DEFAULT_EXCEPTION_REPORTER_FILTER = "councilguard.vault.errors.AlwaysSafeExceptionReporterFilter"


def _demo_secret_key() -> str:
    """Keep a generated key in var/ so demo sessions survive a restart."""
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


SECRET_KEY = envsecret("SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise ConfigError("SECRET_KEY (or SECRET_KEY_FILE) must be set in production")
    SECRET_KEY = _demo_secret_key()
if PRODUCTION and (len(SECRET_KEY) < 50 or DEBUG):
    raise ConfigError("production needs a SECRET_KEY of 50+ characters and DEBUG off")


# --- vault ---
def _vault_key() -> tuple[str, Path | None]:
    """The vault's key-encryption key (DESIGN 10): URL-safe base64 of 32 random bytes, from
    COUNCILGUARD_VAULT_KEY or COUNCILGUARD_VAULT_KEY_FILE. Demo mode keeps a generated one in
    var/; production refuses to start without one. A malformed key stops start-up here rather
    than producing garbage later; a well-formed but wrong key is caught by the vault's system
    check (vault/checks.py)."""
    key, demo_file = envsecret("COUNCILGUARD_VAULT_KEY"), None
    if not key:
        if PRODUCTION:
            raise ConfigError(
                "COUNCILGUARD_VAULT_KEY (or COUNCILGUARD_VAULT_KEY_FILE) must be set in "
                "production; make one with: councilguard vault new-key"
            )
        demo_file = VAR_DIR / "vault_key"
        if not demo_file.exists():
            VAR_DIR.mkdir(parents=True, exist_ok=True)
            demo_file.write_text(
                base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(), encoding="utf-8"
            )
            demo_file.chmod(0o600)
        key = demo_file.read_text(encoding="utf-8").strip()
    try:
        padded = key.encode("ascii") + b"=" * (-len(key) % 4)
        raw = base64.b64decode(padded, altchars=b"-_", validate=True)
    except (ValueError, UnicodeEncodeError):
        raw = b""
    if len(raw) != 32:
        raise ConfigError(
            "COUNCILGUARD_VAULT_KEY must be the URL-safe base64 of 32 random bytes; make one "
            "with: councilguard vault new-key"
        )
    return key, demo_file


VAULT_KEY, VAULT_KEY_DEMO_FILE = _vault_key()
# --- end vault ---

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
if PRODUCTION and not ALLOWED_HOSTS:
    raise ConfigError("ALLOWED_HOSTS must name this server's host names in production")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
SITE_URL = envstr("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "councilguard.core",
    "councilguard.accounts",
    "councilguard.audit",
    "councilguard.people",
    "councilguard.api",
    "councilguard.policies",
    "councilguard.vault",
    "councilguard.incidents",
    "councilguard.devices",
    "councilguard.monitoring",
    "councilguard.phones",
    "councilguard.mail",
    "councilguard.operations",
    "councilguard.dse",
    "councilguard.reminders",
    "councilguard.disclosure",
    "councilguard.rights",
    "councilguard.privacy",
    "councilguard.provider",
    "councilguard.cctv",
    "councilguard.socialmedia",
    "councilguard.cases",
    "councilguard.retention",
    # Last: its demo prints a committee pack of what every other app loaded.
    "councilguard.reports",
]

MIDDLEWARE = [
    # First, so its request id and timing cover everything below it.
    "councilguard.operations.logs.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # The product's "Page not found" in demo mode too, where DEBUG is on (core/errors.py).
    "councilguard.core.errors.ProductErrorPagesMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "councilguard.accounts.middleware.RequireMFAMiddleware",
]

ROOT_URLCONF = "councilguard.urls"
WSGI_APPLICATION = "councilguard.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "councilguard.core.context_processors.shell",
            ],
            # Codes as words ({{ value|words }}, {{ ref|clause }}) in every template.
            "builtins": ["councilguard.core.templatetags.words"],
        },
    },
]

# Relational store: SQLite (WAL) under var/ by default, PostgreSQL through DATABASE_URL.
DATABASE_URL = envsecret("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'councilguard.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # IMMEDIATE takes the write lock at BEGIN, so two writers queue rather than deadlock
        # while extending the audit chain.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    # Shared between web processes and the worker, so sign-in rate limits hold across them.
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "councilguard_cache",
    }
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "councilguard.accounts.passwords.GuessablePasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:start"
LOGOUT_REDIRECT_URL = "account_login"

# django-allauth: accounts are given by a clerk, never self-registered; e-mail is the login.
ACCOUNT_ADAPTER = "councilguard.accounts.adapter.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_RATE_LIMITS = {
    # C14: five failed sign-ins per account in fifteen minutes, and a per-IP ceiling.
    "login_failed": envstr("COUNCILGUARD_LOGIN_RATE", "20/m/ip,5/15m/key"),
    "login": "60/m/ip",
    "reset_password": "20/m/ip,5/m/key",
}
MFA_ADAPTER = "councilguard.accounts.adapter.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = "councilguard"
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = not PRODUCTION
USERSESSIONS_TRACK_ACTIVITY = True

SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = envint("COUNCILGUARD_SESSION_SECONDS", 8 * 3600)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "councilguard.api.authentication.CouncilTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "councilguard.api.schema.CouncilAutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # 100 a page unless asked, at most api.pagination.MAX_LIMIT.
    "DEFAULT_PAGINATION_CLASS": "councilguard.api.pagination.CouncilPagination",
    "PAGE_SIZE": 100,
    "UNAUTHENTICATED_USER": None,
    "EXCEPTION_HANDLER": "councilguard.api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "councilguard API",
    "DESCRIPTION": "Per-council REST API. Authenticate with a council API token: "
    "`Authorization: Bearer <token>`.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/",
    # Separate request and response components, so each says exactly what goes in and out.
    "COMPONENT_SPLIT_REQUEST": True,
    # JSON is the API's format: bodies are documented as JSON only (uploads as multipart).
    # Form encodings, which cannot say null or a number, are still read, as before.
    "PARSER_WHITELIST": ["rest_framework.parsers.JSONParser"],
    # One name per choice set that several serializers use (fields called "kind" and "status"
    # mean different things in different apps).
    "ENUM_NAME_OVERRIDES": {
        "SourceKindEnum": "councilguard.monitoring.models.SourceKind",
        "BatchStatusEnum": "councilguard.monitoring.models.BatchStatus",
        "EyeTestStatusEnum": "councilguard.dse.models.EyeTestStatus",
        "RemovalStatusEnum": "councilguard.socialmedia.models.RemovalStatus",
        "TriageEnum": "councilguard.socialmedia.models.Triage",
        "ApprovalKindEnum": "councilguard.devices.models.ApprovalKind",
        "AskedApprovalKindEnum": "councilguard.devices.api.API_KINDS",
        "ScanResultEnum": "councilguard.devices.models.ScanResult",
        "ChargeKindEnum": "councilguard.devices.models.ChargeKind",
        "LeaverItemKindEnum": "councilguard.devices.models.LeaverItemKind",
        "PersonKindEnum": "councilguard.people.models.PersonKind",
    },
}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
# The sign-in and password pages of django-allauth in the product's words (locale/en_GB).
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise expects it to exist
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "councilguard.operations.staticfiles.StaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION

EMAIL_BACKEND = envstr(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = envstr("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 587)
EMAIL_HOST_USER = envstr("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = envsecret("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "councilguard <noreply@localhost>")

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
    # Health probes ask the web server directly, over plain HTTP on the loopback.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    if not SECURE_SSL_REDIRECT and not envbool("COUNCILGUARD_BEHIND_TLS_PROXY", False):
        raise ConfigError("production needs HTTPS: leave SECURE_SSL_REDIRECT on")

# --- operations ---
# COUNCILGUARD_LOG_FORMAT=json: one JSON object a line, one per request and per job, each with
# a request id, and nothing personal in them (operations/logs.py, docs/deploy.md).
LOG_FORMAT = envstr("COUNCILGUARD_LOG_FORMAT", "text")
if LOG_FORMAT not in {"text", "json"}:
    raise ConfigError(f"COUNCILGUARD_LOG_FORMAT must be text or json, not {LOG_FORMAT!r}")
LOG_JSON = LOG_FORMAT == "json"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "councilguard.operations.logs.JsonFormatter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", **({"formatter": "json"} if LOG_JSON else {})}
    },
    "root": {"handlers": ["console"], "level": envstr("COUNCILGUARD_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Django's own request warnings repeat the path (which can hold a reset token); the
        # request line of operations/logs.py says the same without it.
        # django_tasks logs each job's start and end as text; operations/logs.py writes one
        # line per job instead.
        **({"django.request": {"level": "ERROR"}} if LOG_JSON else {}),
        **({"django_tasks": {"level": "WARNING"}} if LOG_JSON else {}),
        **({"django_tasks_db": {"level": "WARNING"}} if LOG_JSON else {}),
    },
}

# Deployment-wide backups (docs/deploy.md "Backups"): with COUNCILGUARD_BACKUP_DIR set, the
# worker writes one a day after COUNCILGUARD_BACKUP_TIME (UK time) and keeps the newest
# COUNCILGUARD_BACKUP_KEEP; a failure is mailed to ADMINS.
BACKUP_DIR = envstr("COUNCILGUARD_BACKUP_DIR")
BACKUP_TIME = envstr("COUNCILGUARD_BACKUP_TIME", "02:30")
if not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", BACKUP_TIME):
    raise ConfigError(f"COUNCILGUARD_BACKUP_TIME must be HH:MM, not {BACKUP_TIME!r}")
BACKUP_KEEP = envint("COUNCILGUARD_BACKUP_KEEP", 7)
if BACKUP_KEEP < 1:
    raise ConfigError("COUNCILGUARD_BACKUP_KEEP must be at least 1")
# The deployment's administrators (not any council's): "Name <address>, ..." or addresses.
ADMINS = [parseaddr(item) for item in envlist("COUNCILGUARD_ADMINS")]
SERVER_EMAIL = envstr("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
EMAIL_SUBJECT_PREFIX = "[councilguard] "
# /healthz: how old the worker's last heartbeat and the last audit check may be, and the free
# space the data directory must keep.
HEALTH_WORKER_MAX_AGE = envint("COUNCILGUARD_HEALTH_WORKER_SECONDS", 900)
HEALTH_AUDIT_MAX_AGE = envint("COUNCILGUARD_HEALTH_AUDIT_HOURS", 48)
HEALTH_MIN_FREE_MB = envint("COUNCILGUARD_HEALTH_MIN_FREE_MB", 1024)
# --- end operations ---

MFA_SETUP_URL = "/accounts/2fa/totp/activate/"

# Untrusted input (issue 12). How far a compressed file may expand (core/archives.py): a Word
# policy, the shared category lists (the full UT1 set unpacks to about 250 MB), a gzip'd log.
# Ratios beyond these are bombs: real text compresses 3 to 20 to 1, zeros 1,000 to 1.
_MB = 1024 * 1024
ARCHIVE_LIMITS = {
    "document": {
        "total": envint("COUNCILGUARD_DOCUMENT_MAX_UNPACKED_MB", 200) * _MB,
        "member": envint("COUNCILGUARD_DOCUMENT_MAX_PART_MB", 100) * _MB,
        "ratio": 100,
    },
    "category_lists": {
        "total": envint("COUNCILGUARD_CATEGORY_LISTS_MAX_UNPACKED_MB", 2048) * _MB,
        "member": envint("COUNCILGUARD_CATEGORY_LIST_MAX_MB", 512) * _MB,
        "ratio": 100,
    },
    "log": {
        "total": envint("COUNCILGUARD_LOG_MAX_UNPACKED_MB", 32 * 1024) * _MB,
        "member": envint("COUNCILGUARD_LOG_MAX_UNPACKED_MB", 32 * 1024) * _MB,
        "ratio": 200,
    },
}
# The longest log line ingest reads; a longer one is listed as rejected (Squid's own limit on a
# logged URL is 8 KB; 64 KB leaves room and keeps a hostile line from taking the memory).
# At least one byte: the scanners would read 0 as "no limit" and the other readers as "refuse
# every line", and a log from outside needs a limit either way (issue 12).
INGEST_MAX_LINE_BYTES = envint("COUNCILGUARD_MAX_LINE_BYTES", 64 * 1024, minimum=1)
# JSON request bodies are read with a limit on their nesting (issue 12); the others as DRF's.
REST_FRAMEWORK["DEFAULT_PARSER_CLASSES"] = [
    "councilguard.api.parsers.BoundedJSONParser",
    "rest_framework.parsers.FormParser",
    "rest_framework.parsers.MultiPartParser",
]
