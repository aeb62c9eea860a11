"""Custos settings, read from the environment (every variable is documented in the README)."""

from __future__ import annotations

import base64
import binascii
import os
from pathlib import Path

import django_stubs_ext
import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

# Lets admin.ModelAdmin[Model] and other generic classes be subscripted at run time, as the stubs expect.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("CUSTOS_VAR_DIR", BASE_DIR / "var"))

env = environ.Env()
# A local env file (written by `python3 dev.py` for the demo) fills in what the real environment leaves unset.
_env_file = Path(os.environ.get("CUSTOS_ENV_FILE", VAR_DIR / "custos.env"))
if _env_file.is_file():
    env.read_env(str(_env_file), overwrite=False)


def _required(name: str) -> str:
    value = str(env.str(name, default=""))
    if not value:
        raise ImproperlyConfigured(f"Set the environment variable {name} (see the README, 'Configuration').")
    return value


def _key_bytes(name: str, text: str) -> bytes:
    """Decode a base64 (standard or URL-safe) 256-bit key, naming the variable on failure."""
    try:
        raw = base64.urlsafe_b64decode(text.replace("+", "-").replace("/", "_").encode("ascii"))
    except (binascii.Error, ValueError, UnicodeEncodeError):
        raise ImproperlyConfigured(f"{name}: a key is not valid base64.") from None
    if len(raw) != 32:
        raise ImproperlyConfigured(f"{name}: a key must be 32 bytes (256 bits), got {len(raw)}.")
    return raw


def _parse_keks(text: str) -> dict[str, bytes]:
    """Parse `id:base64key,id:base64key`; the first listed is the active (newest) KEK."""
    keks: dict[str, bytes] = {}
    for item in (part.strip() for part in text.split(",")):
        if not item:
            continue
        kek_id, sep, key = item.partition(":")
        kek_id = kek_id.strip()
        if not sep or not kek_id or len(kek_id) > 32 or not kek_id.replace("-", "").replace("_", "").isalnum():
            raise ImproperlyConfigured(
                "CUSTOS_KEKS: each entry must be `id:base64key` with an id of letters, digits, - or _."
            )
        if kek_id in keks:
            raise ImproperlyConfigured(f"CUSTOS_KEKS: the id {kek_id!r} is listed twice.")
        keks[kek_id] = _key_bytes("CUSTOS_KEKS", key.strip())
    if not keks:
        raise ImproperlyConfigured("CUSTOS_KEKS: no key-encryption key is configured.")
    return keks


SECRET_KEY = _required("SECRET_KEY")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

CUSTOS_KEKS = _parse_keks(_required("CUSTOS_KEKS"))
CUSTOS_ACTIVE_KEK_ID = next(iter(CUSTOS_KEKS))
CUSTOS_BLIND_INDEX_KEY = _key_bytes("CUSTOS_BLIND_INDEX_KEY", _required("CUSTOS_BLIND_INDEX_KEY"))
if CUSTOS_BLIND_INDEX_KEY in CUSTOS_KEKS.values():
    raise ImproperlyConfigured("CUSTOS_BLIND_INDEX_KEY must differ from every key in CUSTOS_KEKS.")
CUSTOS_KEY_CACHE_SECONDS = env.int("CUSTOS_KEY_CACHE_SECONDS", default=60)
CUSTOS_ATTACHMENT_MAX_BYTES = env.int("CUSTOS_ATTACHMENT_MAX_BYTES", default=25 * 1024 * 1024)

INSTALLED_APPS = [
    "staffauth.apps.CustosAdminConfig",  # django.contrib.admin, with a site that requires a second factor
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "guardian",
    "simple_history",
    "pgtrigger",
    "django_celery_beat",
    "rest_framework",
    "drf_spectacular",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "audit",
    "outbox",
    "staffauth.apps.StaffAuthConfig",
    "encryption",
    "supportrecords",
    "deletion",
    "privacy",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "staffauth.middleware.IdleTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "staffauth.related_links.AdminViewerMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "config.headers.SecurityHeadersMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    # Innermost: an unexpected exception in a view becomes a plain 500 with an error id, logged without content.
    "config.errors.ErrorPageMiddleware",
]
# Error reports (the DEBUG page, emails to ADMINS) hide every setting, variable and header that holds a key, a
# token, a password or a credentialed URL, whatever DEBUG says.
DEFAULT_EXCEPTION_REPORTER_FILTER = "config.errors.SafeReporterFilter"

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "privacy.context_processors.language_switch",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'custos.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Web, worker and beat share the embedded database: WAL lets readers run beside the one writer.
    # A file, not memory, so that a real Celery worker started by the tests sees the test database.
    _db_file = Path(str(DATABASES["default"]["NAME"]))
    DATABASES["default"]["TEST"] = {"NAME": str(_db_file.with_name(f"test-{_db_file.name}"))}
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=60))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked-out username + IP before checking the password
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
ANONYMOUS_USER_NAME = None  # guardian: no anonymous user row; the public pages never use object permissions
GUARDIAN_RAISE_403 = True

# Staff sign-in: password, then a TOTP code or a backup code (django-otp) on every admin page.
OTP_TOTP_ISSUER = "Custos"
# django-axes: this many failed passwords for one username from one IP lock both out for CUSTOS_STAFF_LOCKOUT_MINUTES.
AXES_FAILURE_LIMIT = env.int("CUSTOS_STAFF_LOCKOUT_FAILURES", default=5)
AXES_COOLOFF_TIME = env.int("CUSTOS_STAFF_LOCKOUT_MINUTES", default=30) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # successful logins are in the audit trail
AXES_CLIENT_IP_CALLABLE = "audit.services.client_ip"
AXES_SENSITIVE_PARAMETERS = ["password", "code"]
AXES_VERBOSE = False
AXES_LOCKOUT_CALLABLE = "staffauth.views.lockout_response"  # the admin's look, translated, with when and whom
# A signed-in staff session ends after this many idle seconds; reveals and exports ask for a code again after
# CUSTOS_STAFF_REAUTH_SECONDS.
CUSTOS_STAFF_IDLE_SECONDS = env.int("CUSTOS_STAFF_IDLE_SECONDS", default=30 * 60)
CUSTOS_STAFF_REAUTH_SECONDS = env.int("CUSTOS_STAFF_REAUTH_SECONDS", default=5 * 60)
# Demo only: lets `manage.py otp_code USER` (`python3 dev.py otp USER`) print a current code.
CUSTOS_DEMO_OTP = env.bool("CUSTOS_DEMO_OTP", default=False)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("zh-hans", _("Simplified Chinese"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# One date format per language everywhere (pages, admin, exports, certificates): config/formats/<locale>/formats.py.
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]  # the site's own files (favicon)
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise expects it even before collectstatic
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))

CUSTOS_STORAGE = env.str("CUSTOS_STORAGE", default="filesystem")
if CUSTOS_STORAGE == "s3":
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": _required("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
            "default_acl": "private",
            "file_overwrite": False,
        },
    }
elif CUSTOS_STORAGE == "filesystem":
    _default_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(MEDIA_ROOT), "file_permissions_mode": 0o600},
    }
else:
    raise ImproperlyConfigured("CUSTOS_STORAGE must be `filesystem` or `s3`.")
STORAGES = {
    "default": _default_storage,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if DEBUG:
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}

_email_url = str(env.str("EMAIL_URL", default="filemail://"))
if _email_url.startswith("filemail://"):
    # django-environ drops the leading `/` of `filemail:///abs/path`; read the path ourselves. A relative path is
    # under CUSTOS_VAR_DIR, never the working directory; files are written mode 0600.
    _mail_dir = Path(_email_url.removeprefix("filemail://") or "mail")
    EMAIL_BACKEND = "config.mail.PrivateFileEmailBackend"
    EMAIL_FILE_PATH = str(_mail_dir if _mail_dir.is_absolute() else VAR_DIR / _mail_dir)
else:
    vars().update(env.email_url_config(_email_url))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="privacy@custos.localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security headers: on by default whenever DEBUG is off, so `check --deploy` is clean.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
# Proxies whose X-Forwarded-For is believed (addresses or networks): audit.services.client_ip.
CUSTOS_TRUSTED_PROXIES = env.list("CUSTOS_TRUSTED_PROXIES", default=[])
if env.bool("SECURE_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)
X_FRAME_OPTIONS = "DENY"
# Messages live in the session, server-side, not in a signed cookie anyone can read: the admin shows a new
# integration's API token once as a message, and a proxy or a WAF that logs cookies would have kept it.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Content-Security-Policy (django-csp): scripts only from our own origin, none inline (our templates have none;
# the admin's are static files); styles may be inline (the public pages' one <style> block), nothing framed.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}
# Permissions-Policy and Cross-Origin-Resource-Policy: config/headers.py.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

# Celery. The embedded default is kombu's filesystem transport under var/, so the demo needs no broker.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    _queue_dir = VAR_DIR / "broker" / "queue"
    for _folder in ("queue", "processed", "control"):
        (VAR_DIR / "broker" / _folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {
        "data_folder_in": str(_queue_dir),
        "data_folder_out": str(_queue_dir),
        "processed_folder": str(VAR_DIR / "broker" / "processed"),
        "control_folder": str(VAR_DIR / "broker" / "control"),
        "store_processed": False,
    }
    CELERY_WORKER_ENABLE_REMOTE_CONTROL = False  # the filesystem transport has no fanout exchange
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        # A killed worker's task (acks late) is redelivered this long after it was taken: minutes, not an hour.
        # Every task is idempotent and far shorter (a purge or erasure chunk, a key-rewrap batch: seconds).
        "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=300),
        # Publishing gives up within a second when the broker is down (the default retries for ~6 s inside a web
        # request): the transactional outbox keeps the task start and beat's sweeper sends it later. Workers'
        # consumers reconnect under their own retry settings.
        "max_retries": 1,
        "interval_start": 0,
        "interval_step": 0.5,
        "interval_max": 0.5,
    }
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # JSON nested deeper than config.jsonsafe.MAX_DEPTH, or larger than CUSTOS_API_MAX_REQUEST_BYTES, is refused.
    # Error messages never quote the request (a value, the Content-Type, the method): secrets may be in any of them.
    "EXCEPTION_HANDLER": "supportrecords.api.errors.api_exception_handler",
    "DEFAULT_PARSER_CLASSES": [
        "supportrecords.api.parsers.LimitedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
}
SPECTACULAR_SETTINGS = {"TITLE": "Custos ingestion API", "VERSION": "1.0.0", "SERVE_INCLUDE_SCHEMA": False}

SIMPLE_HISTORY_REVERT_DISABLED = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # Link tokens, query values (admin searches), emails and account ids never reach a log line.
    "filters": {"redact": {"()": "config.logfilters.RedactingFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["redact"]}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # axes logs each attempt with username and IP at INFO; failures and lockouts are in the audit trail instead.
    # Django's own console handlers (DEBUG) and runserver's are replaced by the filtered one.
    "loggers": {
        "axes": {"level": "ERROR"},
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

# Ingestion and redaction (supportrecords)
# The exchange's own domains: links to lookalikes of these (punycode, homoglyphs, one edit, hyphens, TLD swaps)
# flag a ticket for phishing.
CUSTOS_EXCHANGE_DOMAINS = env.list("CUSTOS_EXCHANGE_DOMAINS", default=["custos-exchange.com"])
# Who is emailed when a customer posts a seed phrase or private key (comma-separated addresses).
CUSTOS_SECURITY_CONTACTS = env.list("CUSTOS_SECURITY_CONTACTS", default=[])
# One alert per exposure of a ticket: further exposures alert again only once the last alert is this old (0: always).
CUSTOS_SECURITY_ALERT_WINDOW_MINUTES = env.int("CUSTOS_SECURITY_ALERT_WINDOW_MINUTES", default=60)
# Also email the customer the automatic exposure reply (it is always added to the ticket's conversation).
CUSTOS_EXPOSURE_REPLY_BY_EMAIL = env.bool("CUSTOS_EXPOSURE_REPLY_BY_EMAIL", default=True)
# The address the web server binds (Procfile), and the base URL of links in emails and printed URLs: by default
# the bound address, so that a demo on another port links to that port.
CUSTOS_BIND = env.str("CUSTOS_BIND", default="127.0.0.1:8000")
_bound_host, _, _bound_port = CUSTOS_BIND.rpartition(":")
if _bound_host in ("", "0.0.0.0", "[::]", "::"):  # noqa: S104  # a wildcard bind is reached on the loopback
    _bound_host = "127.0.0.1"
CUSTOS_PUBLIC_BASE_URL = env.str("CUSTOS_PUBLIC_BASE_URL", default=f"http://{_bound_host}:{_bound_port}").rstrip("/")
# The base URL staff reach the admin at, for links in alert emails.
CUSTOS_ADMIN_BASE_URL = env.str("CUSTOS_ADMIN_BASE_URL", default=CUSTOS_PUBLIC_BASE_URL).rstrip("/")
# Ingestion API: largest JSON request body, and the rate of an integration that has none of its own.
CUSTOS_API_MAX_REQUEST_BYTES = env.int("CUSTOS_API_MAX_REQUEST_BYTES", default=16 * 1024 * 1024)
CUSTOS_API_DEFAULT_RATE = env.str("CUSTOS_API_DEFAULT_RATE", default="600/min")
# Requests with a wrong token, per client IP, before 429; unauthenticated refusals are audited once per IP per window.
CUSTOS_API_BAD_TOKEN_RATE = env.str("CUSTOS_API_BAD_TOKEN_RATE", default="20/min")
CUSTOS_API_REJECT_AUDIT_SECONDS = env.int("CUSTOS_API_REJECT_AUDIT_SECONDS", default=600)

# Transactional outbox: a task start not sent after its commit (broker down) is sent by beat's sweeper once this old.
CUSTOS_OUTBOX_SWEEP_AFTER_SECONDS = env.int("CUSTOS_OUTBOX_SWEEP_AFTER_SECONDS", default=30)

# Retention and purge (deletion app)
# The deletion ledger: append-only tombstones outside the database, replayed after a backup restore.
CUSTOS_LEDGER_DIR = Path(env.str("CUSTOS_LEDGER_DIR", default=str(VAR_DIR / "ledger")))
CUSTOS_LEDGER_FSYNC = env.bool("CUSTOS_LEDGER_FSYNC", default=True)
# Optional: write the ledger to S3 instead (one object per record; turn on Object Lock for the bucket).
CUSTOS_LEDGER_S3_BUCKET = env.str("CUSTOS_LEDGER_S3_BUCKET", default="")
CUSTOS_LEDGER_S3_PREFIX = env.str("CUSTOS_LEDGER_S3_PREFIX", default="ledger")
# Tickets per purge chunk task (one transaction each; keep a chunk far below the broker's visibility timeout).
CUSTOS_PURGE_CHUNK_TICKETS = env.int("CUSTOS_PURGE_CHUNK_TICKETS", default=1000)
# Ids read per keyset page while the dispatcher looks for expired tickets.
CUSTOS_PURGE_PAGE_SIZE = env.int("CUSTOS_PURGE_PAGE_SIZE", default=20_000)
# The queue purge tasks go to; run dedicated workers on it: `celery -A config worker -Q purge --prefetch-multiplier 1`.
CUSTOS_PURGE_QUEUE = env.str("CUSTOS_PURGE_QUEUE", default="purge")
# A run that has not finished after this long is marked abandoned (its leftovers are found by the next run).
CUSTOS_PURGE_RUN_STALE_SECONDS = env.int("CUSTOS_PURGE_RUN_STALE_SECONDS", default=6 * 3600)
# Failed deletions of stored files are retried with exponential backoff, starting at this delay.
CUSTOS_FILE_DELETION_RETRY_SECONDS = env.int("CUSTOS_FILE_DELETION_RETRY_SECONDS", default=300)
CELERY_TASK_ROUTES = {
    **globals().get("CELERY_TASK_ROUTES", {}),
    "deletion.tasks.purge_dispatch_task": {"queue": CUSTOS_PURGE_QUEUE},
    "deletion.tasks.purge_chunk_task": {"queue": CUSTOS_PURGE_QUEUE},
    "deletion.tasks.file_deletions_retry_task": {"queue": CUSTOS_PURGE_QUEUE},
}
if not CELERY_BROKER_URL.startswith("filesystem://"):
    # How often a worker looks for messages of a dead worker (unacked past the visibility timeout) to redeliver.
    CELERY_BROKER_TRANSPORT_OPTIONS.update(
        unacked_restore_interval=env.int("CELERY_UNACKED_RESTORE_INTERVAL", default=10),
        unacked_restore_throttle=env.int("CELERY_UNACKED_RESTORE_THROTTLE", default=10),
    )

# Privacy requests (deletion app)
# Ed25519 key that signs deletion certificates: base64 of the raw 32-byte private key. Required unless DEBUG; in
# DEBUG an unset key is derived from SECRET_KEY (stable across web and worker) with a warning.
_certificate_key = str(env.str("CUSTOS_CERTIFICATE_SIGNING_KEY", default=""))
if _certificate_key:
    CUSTOS_CERTIFICATE_SIGNING_KEY = _key_bytes("CUSTOS_CERTIFICATE_SIGNING_KEY", _certificate_key)
elif DEBUG:
    import hashlib as _hashlib
    import warnings as _warnings

    _warnings.warn(
        "CUSTOS_CERTIFICATE_SIGNING_KEY is not set: certificates are signed with a development key derived from "
        "SECRET_KEY. Set the variable in production.",
        stacklevel=1,
    )
    CUSTOS_CERTIFICATE_SIGNING_KEY = _hashlib.sha256(b"custos-dev-certificate-key|" + SECRET_KEY.encode()).digest()
else:
    CUSTOS_CERTIFICATE_SIGNING_KEY = _key_bytes(
        "CUSTOS_CERTIFICATE_SIGNING_KEY", _required("CUSTOS_CERTIFICATE_SIGNING_KEY")
    )
# Who the certificates name as issuer.
CUSTOS_CERTIFICATE_ISSUER = env.str("CUSTOS_CERTIFICATE_ISSUER", default="Custos")
# Submissions of the public request form, per client IP and per email address (`N/s|m|h|d`), on the Django cache.
CUSTOS_PRIVACY_RATE_PER_IP = env.str("CUSTOS_PRIVACY_RATE_PER_IP", default="10/h")
CUSTOS_PRIVACY_RATE_PER_EMAIL = env.str("CUSTOS_PRIVACY_RATE_PER_EMAIL", default="3/h")
# Lifetimes: the emailed confirmation link, and the download link of an access export.
CUSTOS_PRIVACY_VERIFY_HOURS = env.int("CUSTOS_PRIVACY_VERIFY_HOURS", default=24)
CUSTOS_PRIVACY_EXPORT_DAYS = env.int("CUSTOS_PRIVACY_EXPORT_DAYS", default=7)
# Answer deadlines by jurisdiction: `1m+2m` one month extendable by two, `15wd` working days, `40d` days.
CUSTOS_PRIVACY_DEADLINES = env.str(
    "CUSTOS_PRIVACY_DEADLINES", default="eu:1m+2m,uk:1m+2m,cn:15wd,hk:40d,us_ny:45d,us:45d,other:1m+2m"
)
# Categories whose retention is a legal obligation (AML): an erasure keeps them, restricted, until it ends.
CUSTOS_PRIVACY_RETAINED_CATEGORIES = env.list(
    "CUSTOS_PRIVACY_RETAINED_CATEGORIES", default=["deposit-withdrawal", "kyc-identity", "aml-suspicious-activity"]
)
# The daily reminder lists requests due within this many days (and the overdue ones).
CUSTOS_PRIVACY_REMIND_DAYS = env.int("CUSTOS_PRIVACY_REMIND_DAYS", default=3)
# A request being executed with no progress for this long is flagged as stuck and retried.
CUSTOS_PRIVACY_STUCK_AFTER_HOURS = env.int("CUSTOS_PRIVACY_STUCK_AFTER_HOURS", default=6)
# Days after a request is closed (completed, rejected, cancelled, abandoned) before it keeps only ids and dates.
CUSTOS_PRIVACY_MINIMISE_AFTER_DAYS = env.int("CUSTOS_PRIVACY_MINIMISE_AFTER_DAYS", default=90)
# The Celery queue of privacy-request tasks (execution, exports, emails, processor deliveries).
CUSTOS_PRIVACY_QUEUE = env.str("CUSTOS_PRIVACY_QUEUE", default="default")
# A public form submission still unmatched this long after its matching task was queued is queued again (beat).
CUSTOS_PRIVACY_SUBMISSION_SWEEP_AFTER_SECONDS = env.int("CUSTOS_PRIVACY_SUBMISSION_SWEEP_AFTER_SECONDS", default=300)
# Processor notifications: request timeout, attempts before giving up, first retry delay (doubling each time).
CUSTOS_PROCESSOR_TIMEOUT_SECONDS = env.int("CUSTOS_PROCESSOR_TIMEOUT_SECONDS", default=10)
CUSTOS_PROCESSOR_MAX_ATTEMPTS = env.int("CUSTOS_PROCESSOR_MAX_ATTEMPTS", default=10)
CUSTOS_PROCESSOR_RETRY_SECONDS = env.int("CUSTOS_PROCESSOR_RETRY_SECONDS", default=60)

# Audit trail (audit app)
# Events sealed into the hash chain per transaction by the sealer (a beat task every few seconds, `seal_audit`).
CUSTOS_AUDIT_SEAL_BATCH = env.int("CUSTOS_AUDIT_SEAL_BATCH", default=1000)
# A signed checkpoint of the chain's head is written at most this often (the beat task looks every minute).
CUSTOS_AUDIT_CHECKPOINT_MINUTES = env.int("CUSTOS_AUDIT_CHECKPOINT_MINUTES", default=10)
# Where checkpoints are written outside the database: a directory, or an S3 bucket (use Object Lock) if set.
CUSTOS_AUDIT_CHECKPOINT_DIR = Path(env.str("CUSTOS_AUDIT_CHECKPOINT_DIR", default=str(VAR_DIR / "audit-checkpoints")))
CUSTOS_AUDIT_CHECKPOINT_S3_BUCKET = env.str("CUSTOS_AUDIT_CHECKPOINT_S3_BUCKET", default="")
CUSTOS_AUDIT_CHECKPOINT_S3_PREFIX = env.str("CUSTOS_AUDIT_CHECKPOINT_S3_PREFIX", default="audit-checkpoints")
# Ed25519 key signing the checkpoints (base64 of the raw 32 bytes); defaults to the certificate signing key.
_audit_key = str(env.str("CUSTOS_AUDIT_SIGNING_KEY", default=""))
CUSTOS_AUDIT_SIGNING_KEY = (
    _key_bytes("CUSTOS_AUDIT_SIGNING_KEY", _audit_key) if _audit_key else CUSTOS_CERTIFICATE_SIGNING_KEY
)
