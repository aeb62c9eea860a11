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
    "django.contrib.admin",
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
    "audit",
    "encryption",
    "supportrecords",
    "deletion",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

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
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
ANONYMOUS_USER_NAME = None  # guardian: no anonymous user row; the public pages never use object permissions
GUARDIAN_RAISE_403 = True

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("zh-hans", _("Simplified Chinese"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
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

EMAIL_CONFIG = env.email_url("EMAIL_URL", default=f"filemail://{VAR_DIR / 'mail'}")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="privacy@custos.localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security headers: on by default whenever DEBUG is off, so `check --deploy` is clean.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
if env.bool("SECURE_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

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
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600)}
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
}
SPECTACULAR_SETTINGS = {"TITLE": "Custos ingestion API", "VERSION": "1.0.0", "SERVE_INCLUDE_SCHEMA": False}

SIMPLE_HISTORY_REVERT_DISABLED = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
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
# Processor notifications: request timeout, attempts before giving up, first retry delay (doubling each time).
CUSTOS_PROCESSOR_TIMEOUT_SECONDS = env.int("CUSTOS_PROCESSOR_TIMEOUT_SECONDS", default=10)
CUSTOS_PROCESSOR_MAX_ATTEMPTS = env.int("CUSTOS_PROCESSOR_MAX_ATTEMPTS", default=10)
CUSTOS_PROCESSOR_RETRY_SECONDS = env.int("CUSTOS_PROCESSOR_RETRY_SECONDS", default=60)
