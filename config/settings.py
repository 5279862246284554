"""Settings, all from the environment (12-factor). See .env.example for every variable."""

from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from core.logs import logging_config
from core.proxy import parse_networks
from core.replica import REPLICA, replica_database
from core.storage import file_storage

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY") if not DEBUG else env("SECRET_KEY", default="dev-only-insecure-key")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "simple_history",
    "import_export",
    "django_filters",
    "core",
    "associations",
    "members",
    "contests",
    "consultations",
    "submissions",
    "reports",
]

# Reverse proxies (IPs or CIDRs) whose X-Forwarded-For/-Proto/-Host and X-Request-ID are believed;
# from anyone else those headers are dropped (core/proxy.py). Empty: no proxy is trusted.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
parse_networks(tuple(TRUSTED_PROXIES))  # a mistyped address stops start-up, not the first request

MIDDLEWARE = [
    # First: who the client is (core/proxy.py), then the request id and access line (core/logs.py).
    "config.middleware.TrustedProxyMiddleware",
    "core.logs.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "config.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.PreferredLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "core.replica.ReplicaPinMiddleware",
    "config.middleware.StaffMFAMiddleware",
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
                "django.template.context_processors.i18n",
                "associations.context_processors.navigation",
            ],
        },
    },
]

VAR_DIR.mkdir(exist_ok=True)
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
# Pooling (docs/database.md): each process keeps its connection CONN_MAX_AGE seconds. Behind
# PgBouncer in transaction mode (DATABASE_POOLER=pgbouncer) a connection is not ours between
# transactions: no server-side cursors, and no persistent connections by default.
DATABASE_POOLER = env("DATABASE_POOLER", default="")
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    pgbouncer = DATABASE_POOLER == "pgbouncer"
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0 if pgbouncer else 60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("CONN_HEALTH_CHECKS", default=True)
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = pgbouncer
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# A read replica for the read-heavy pages (core/replica.py); unset: everything on the primary.
DATABASE_REPLICA_URL = env("DATABASE_REPLICA_URL", default="")
if DATABASE_REPLICA_URL:
    DATABASES[REPLICA] = replica_database(DATABASE_REPLICA_URL, DATABASES["default"], env=env)
DATABASE_ROUTERS = ["core.replica.ReplicaRouter"]
# After a write, this browser's reads stay on the primary this long (the replica's lag).
REPLICA_PIN_SECONDS = env.int("REPLICA_PIN_SECONDS", default=10)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            # Degrades to no cache (logged) when Redis is down: pages keep working.
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "lhh",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Login failure counters: in the database, shared by every process whatever the cache is.
# The table is made by `manage.py createcachetable` (make migrate runs it; tests create it).
RATELIMIT_CACHE = "ratelimit"
CACHES[RATELIMIT_CACHE] = {
    "BACKEND": "django.core.cache.backends.db.DatabaseCache",
    "LOCATION": "lhh_ratelimit",
    "OPTIONS": {"MAX_ENTRIES": 100_000},
}

# Celery: Redis as broker when REDIS_URL is set; otherwise every task runs in-process.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
# A task is acknowledged only once it has finished: a worker killed mid-task (even SIGKILL of the
# whole worker) leaves it in Redis, which hands it out again after the visibility timeout. Report
# generation takes seconds, so a few minutes is plenty; a longer task would be run twice.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=300),
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
}
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5}
CELERY_TASK_TIME_LIMIT = 240  # below the visibility timeout: a hung render is killed first
CELERY_TASK_SOFT_TIME_LIMIT = 200
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "Asia/Ho_Chi_Minh"
# Workers log through LOGGING (JSON, with the task id as request id), not Celery's own format.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# Periodic tasks: `celery -A config beat` sends them only while it holds a Redis lock
# (core/beat.py), so a second beat stands by and takes over when the first stops or dies (its
# lock expires after CELERY_BEAT_LOCK_SECONDS). Reminders send each step once
# (core/reminders.py), so running them often is harmless. One entry per app's task.
CELERY_BEAT_SCHEDULER = "core.beat.LockedScheduler"
CELERY_BEAT_LOCK_SECONDS = env.int("CELERY_BEAT_LOCK_SECONDS", default=60)
CELERY_BEAT_SCHEDULE_FILENAME = env(
    "CELERY_BEAT_SCHEDULE_FILENAME", default=str(VAR_DIR / "celerybeat-schedule")
)
CELERY_BEAT_SCHEDULE: dict[str, dict] = {
    "members-data-request-reminders": {
        "task": "members.tasks.task_data_request_reminders",
        "schedule": 3600.0,
    },
    "contests-reminders": {
        "task": "contests.tasks.task_send_sheet_reminders",
        "schedule": 86400.0,
    },
    "consultation-reminders": {
        "task": "consultations.tasks.task_send_consultation_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
    "submission-reminders": {
        "task": "submissions.tasks.task_send_submission_reminders",
        "schedule": crontab(hour=7, minute=30),
    },
}
# Working days to answer a personal data request, per kind (members/privacy/requests.py says
# which figures Decree 356/2025/NĐ-CP confirms).
PERSONAL_DATA_REQUEST_DEADLINES = {
    "access": 10,
    "rectify": 10,
    "restrict": 15,
    "withdraw": 15,
    "erase": 20,
}
# A generation with no progress for this long is shown as failed, with a retry button.
REPORT_GENERATION_STALE_AFTER = env.int("REPORT_GENERATION_STALE_AFTER", default=600)

AUTH_USER_MODEL = "associations.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
SITE_ID = 1
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "account_login"

# django-allauth: e-mail login, no public sign-up, rate-limited, TOTP available to all.
ACCOUNT_ADAPTER = "associations.adapters.ClosedSignupAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_RATE_LIMITS = {
    # Failed logins are counted by the account adapter in a shared store: LOGIN_FAILURE_LIMITS.
    "login_failed": "",
    "login": "30/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
}
# (failures, seconds): per account (e-mail), and per address, generous since offices share one IP.
LOGIN_FAILURE_LIMITS = {"account": (5, 300), "address": (100, 900)}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# Staff must set up TOTP before using the portal (off in DEBUG so the demo logs straight in).
STAFF_MFA_REQUIRED = env.bool("STAFF_MFA_REQUIRED", default=not DEBUG)
MFA_TOTP_ISSUER = env("MFA_TOTP_ISSUER", default="Liên hiệp hội")

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="no-reply@lienhiephoi.local")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
# Our own strings first; then Vietnamese for third-party apps that ship none.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "vendor_locale"]
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(VAR_DIR / "staticfiles")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Uploaded and generated files are private: served only through permission-checked views.
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(VAR_DIR / "media")))
MEDIA_URL = None
# Local disk (MEDIA_ROOT) unless AWS_STORAGE_BUCKET_NAME names a private S3-compatible bucket
# (with AWS_S3_ENDPOINT_URL, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_S3_REGION_NAME):
# core/storage.py. Several app servers and workers on other hosts need the bucket.
STORAGES = {
    "default": file_storage(env),
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Largest attachment or import file accepted (bytes). A request body larger than this (plus room
# for the form) is refused while it is read (config.uploads.LimitedUploadHandler).
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
UPLOAD_MAX_REQUEST_BYTES = env.int("UPLOAD_MAX_REQUEST_BYTES", default=3 * UPLOAD_MAX_BYTES)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024  # larger files go to a temporary file
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024  # non-file form fields
FILE_UPLOAD_HANDLERS = [
    "config.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Security: strict by default outside DEBUG; every switch overridable by env.
# No SECURE_PROXY_SSL_HEADER: the scheme comes from X-Forwarded-Proto only when a trusted proxy
# sent it (config.middleware.TrustedProxyMiddleware); anyone else's header is dropped.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = env.bool("LANGUAGE_COOKIE_SECURE", default=not DEBUG)
LANGUAGE_COOKIE_HTTPONLY = True  # read by the server only
LANGUAGE_COOKIE_SAMESITE = "Lax"
# Probes call /healthz and /healthz/ready over plain HTTP on the host's own address: answer them,
# don't redirect (ALLOWED_HOSTS still applies: probes send a Host header).
SECURE_REDIRECT_EXEMPT = [r"^healthz(/ready)?$"]
# How many hosts run the portal (gunicorn or a Celery worker). Only `check --deploy` reads it:
# more than one needs shared files (the bucket) and a shared database (core/checks.py).
APP_SERVERS = env.int("APP_SERVERS", default=1)
SILENCED_SYSTEM_CHECKS = env.list("SILENCED_SYSTEM_CHECKS", default=[])
if SECURE_HSTS_SECONDS and not SECURE_HSTS_PRELOAD:
    # Preload is a separate, deliberate registration with browsers; opt in with the env var.
    SILENCED_SYSTEM_CHECKS.append("security.W021")

IMPORT_EXPORT_SKIP_ADMIN_ACTION_EXPORT_UI = False
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True

# Record imports (core.imports): the model imports are scoped to (`import_records --union SLUG`),
# and what a file may hold, checked before it is parsed.
IMPORT_UNION_MODEL = "associations.Union"
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=50_000)
IMPORT_MAX_UNCOMPRESSED_BYTES = env.int("IMPORT_MAX_UNCOMPRESSED_BYTES", default=100_000_000)

# Where `manage.py backup` (make backup) writes its folders: docs/backup.md.
BACKUP_DIR = Path(env("BACKUP_DIR", default=str(VAR_DIR / "backups")))

# One line a record on stderr: JSON (core/logs.py: time, level, logger, message, request_id, ...)
# or plain text for a developer's terminal.
LOG_FORMAT = env.str("LOG_FORMAT", default="text" if DEBUG else "json")
if LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured("LOG_FORMAT must be json or text")
LOGGING = logging_config(log_format=LOG_FORMAT, level=env("LOG_LEVEL", default="INFO"))

# Personal data (docs/personal-data.md): people whose every membership ended more than this many
# years ago are proposed for anonymisation in the yearly review; backups and exports follow it.
PERSONAL_DATA_RETENTION_YEARS = env.int("PERSONAL_DATA_RETENTION_YEARS", default=5)
# Hours to notify the authority of a breach (Law 91/2025/QH15; 72 hours as in Decree 13/2023).
PERSONAL_DATA_BREACH_NOTIFY_HOURS = env.int("PERSONAL_DATA_BREACH_NOTIFY_HOURS", default=72)
# Where backups are kept, shown on the processing record (a description, never credentials).
PERSONAL_DATA_BACKUP_LOCATION = env("PERSONAL_DATA_BACKUP_LOCATION", default="")
