"""One settings module for every environment, read from the environment (django-environ).

`DJANGO_ENV=production` only hardens (HTTPS-only cookies, HSTS, SSL redirect, no DEBUG, required
secrets, a shared cache); it never changes behaviour. Production is the default unless DEBUG=true, so
a forgotten variable fails closed: `make run`, `make test`, CI and the pytest settings
(portal/tests/settings.py) ask for `DJANGO_ENV=development` explicitly. Every variable read here is
listed, with one line of explanation, in `.env.example`. In development with nothing else set, the
portal runs on embedded defaults under `var/`: SQLite, a filesystem Celery broker, private filesystem
storage and file-based email.
"""

import secrets
from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# Blank or unset: production, unless DEBUG=true asks for a development machine. Anything but the two
# names is refused rather than guessed (a typo must not turn hardening off).
_DEBUG_REQUESTED = env.bool("DEBUG", default=False)
DJANGO_ENV = env.str("DJANGO_ENV", default="") or ("development" if _DEBUG_REQUESTED else "production")
if DJANGO_ENV not in {"development", "production"}:
    raise ImproperlyConfigured(f"DJANGO_ENV must be 'development' or 'production', not {DJANGO_ENV!r}.")
PRODUCTION = DJANGO_ENV == "production"
VAR_DIR = Path(env.str("PORTAL_VAR_DIR", default=str(BASE_DIR / "var")))


def _dev_secret_key() -> str:
    """A random key kept under var/ so that a development run survives restarts."""
    import secrets

    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = env.str("SECRET_KEY") if PRODUCTION else env.str("SECRET_KEY", default="") or _dev_secret_key()
if PRODUCTION and not SECRET_KEY:
    raise ImproperlyConfigured("Set the SECRET_KEY environment variable: production never runs with a blank one.")
DEBUG = _DEBUG_REQUESTED and not PRODUCTION
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://localhost:8000")

INSTALLED_APPS = [
    "portal.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp_webauthn",
    "portal.apps.PortalConfig",
    "common",
    "audit",
    "cases",
    "accounts",
    "delivery",
    "sms",
    "notices",
    "filings",
    "guidance",
    "motions",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "audit.context.RequestContextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.SessionLimitsMiddleware",
    "accounts.middleware.MFARequiredMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "portal.middleware.PrivateCacheMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"
ASGI_APPLICATION = "portal.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.portal",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'portal.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Web, worker and beat write at once: IMMEDIATE transactions plus WAL avoid "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;",
    }
else:
    # Persistent connections: opening one per request costs several times the page itself.
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=300)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, broker, Celery ------------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    # Redis down means "nothing cached", never an error page (portal/cache.py); short timeouts so an
    # unreachable Redis costs a request at most a second. The key prefix keeps the cache's keys apart
    # from Celery's in the same database: cache.clear() deletes only these (portal/cache.py).
    CACHES = {
        "default": {
            "BACKEND": "portal.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "portal",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The rate limits (sign-in, lost code) live in the cache: a per-process cache would give each of W x N
# processes its own count, multiplying every limit. Production refuses to start without a shared one.
PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}
if PRODUCTION and CACHES["default"]["BACKEND"] in PER_PROCESS_CACHES:
    raise ImproperlyConfigured(
        "Production needs a cache shared by every process, or each one keeps its own rate limits: "
        "set REDIS_URL (docs/deploy.md)."
    )

BROKER_DIR = VAR_DIR / "broker"
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or "filesystem://")
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
# Longer than the longest task (a mailing batch chunk renders in minutes, not hours).
CELERY_VISIBILITY_TIMEOUT = env.int("CELERY_VISIBILITY_TIMEOUT", default=2 * 60 * 60)
# A worker process using more than this many KiB is replaced after its current task (portal/celery.py).
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env.int("CELERY_WORKER_MAX_MEMORY_PER_CHILD", default=450_000)

# Periodic tasks (Celery beat). Each app adds its own entries below its section.
CELERY_BEAT_SCHEDULE: dict = {}
# The email outbox (common.mail): an email still queued after this long is queued again.
EMAIL_STUCK_AFTER_SECONDS = env.int("EMAIL_STUCK_AFTER_SECONDS", default=10 * 60)
CELERY_BEAT_SCHEDULE["common.email_sweep_stuck"] = {"task": "common.email_sweep_stuck", "schedule": 5 * 60}
# Service emails never confirmed delivered go to paper (delivery, ADR 0100).
CELERY_BEAT_SCHEDULE["delivery.sweep_unconfirmed"] = {
    "task": "delivery.service_records_sweep_unconfirmed",
    "schedule": 60 * 60,
}

# --- Auth ------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "cases:dashboard"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SESSION_REMEMBER = False
# Public self-sign-up stays closed: respondents register with an A-number and access code.
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
PASSWORD_HASHERS = [
    "accounts.hashers.PortalArgon2PasswordHasher",  # argon2id, OWASP m=19 MiB t=2 p=1 (ADR 0130)
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# --- Sessions and cookies --------------------------------------------------------------------
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = 12 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "portal.views.csrf_failure"  # the translated 403 page, not Django's English one
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True

# --- Security headers (on in every environment; production adds the HTTPS-only parts) -------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}
if PRODUCTION:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=63072000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_CSP["upgrade-insecure-requests"] = True

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static files and private storage -------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static", ("uswds", BASE_DIR / "node_modules" / "@uswds" / "uswds" / "dist")]
PRIVATE_MEDIA_ROOT = VAR_DIR / "private"
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": 60,
            "file_overwrite": False,
            "object_parameters": {"ServerSideEncryption": env.str("AWS_S3_SSE", default="AES256")},
        },
    }
else:
    # Private: nothing under PRIVATE_MEDIA_ROOT is served by a URL; downloads go through views.
    _default_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None, "file_permissions_mode": 0o600},
    }
# Separate locations (docs/deploy.md): "quarantine=court-quarantine,uploads=court-uploads" puts each
# key prefix in its own bucket (S3) or directory (filesystem); unlisted prefixes stay in the default.
STORAGE_ROUTES = env.str("STORAGE_ROUTES", default="")
if STORAGE_ROUTES:
    from portal.storage import parse_routes

    _default_storage = {
        "BACKEND": "portal.storage.RoutedStorage",
        "OPTIONS": {
            "backend": _default_storage["BACKEND"],
            "options": _default_storage["OPTIONS"],
            "routes": parse_routes(STORAGE_ROUTES, "bucket_name" if AWS_STORAGE_BUCKET_NAME else "location"),
        },
    }
STORAGES = {
    "default": _default_storage,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
FILE_UPLOAD_PERMISSIONS = 0o600

# --- Email (Django 6.1 MAILERS) -------------------------------------------------------------
MAIL_DIR = VAR_DIR / "mail"
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Respondent Portal (demo) <no-reply@portal.example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Production never writes mail to files (check --deploy forbids it): SMTP, a local relay unless set.
_email_url = env.str("EMAIL_URL", default="smtp://localhost:25" if PRODUCTION else "")
if _email_url:
    _email = environ.Env.email_url_config(_email_url)
    MAILERS = {
        "default": {
            "BACKEND": _email["EMAIL_BACKEND"],
            "OPTIONS": {
                "host": _email.get("EMAIL_HOST"),
                "port": _email.get("EMAIL_PORT"),
                "username": _email.get("EMAIL_HOST_USER") or None,
                "password": _email.get("EMAIL_HOST_PASSWORD") or None,
                "use_tls": bool(_email.get("EMAIL_USE_TLS")),
                "use_ssl": bool(_email.get("EMAIL_USE_SSL")),
            },
        }
    }
else:
    # Development: files under var/mail, each reported delivered through the provider-event path
    # (delivery/backends.py), so electronic service works end to end without a mail provider.
    MAILERS = {
        "default": {
            "BACKEND": "delivery.backends.DevelopmentEmailBackend",
            "OPTIONS": {"file_path": str(MAIL_DIR)},
        }
    }

# --- Electronic service: the mail provider (delivery app, docs/adr/0100) ----------------------
# MAIL_PROVIDER=mailgun sends through Mailgun's API (django-anymail), whose message ids come back in
# its signed delivery webhook at /anymail/mailgun/tracking/ (HMAC with MAILGUN_WEBHOOK_SIGNING_KEY,
# plus HTTP basic auth with ANYMAIL_WEBHOOK_SECRET, "user:password", when set).
MAIL_PROVIDER = env.str("MAIL_PROVIDER", default="")
ANYMAIL = {
    "MAILGUN_API_KEY": env.str("MAILGUN_API_KEY", default=""),
    "MAILGUN_SENDER_DOMAIN": env.str("MAILGUN_SENDER_DOMAIN", default="") or None,
    "MAILGUN_API_URL": env.str("MAILGUN_API_URL", default="https://api.mailgun.net/v3"),
    # Without a key the webhook refuses every request (no signature can match a random key nobody has).
    "MAILGUN_WEBHOOK_SIGNING_KEY": env.str("MAILGUN_WEBHOOK_SIGNING_KEY", default="")
    or f"unset-{secrets.token_hex(32)}",
    "WEBHOOK_SECRET": env.list("ANYMAIL_WEBHOOK_SECRET", default=[]),
}
if MAIL_PROVIDER == "mailgun":
    MAILERS = {"default": {"BACKEND": "anymail.backends.mailgun.EmailBackend"}}
# Mailgun retries a webhook it could not deliver for 8 hours: older timestamps are refused (replays).
DELIVERY_WEBHOOK_MAX_AGE_SECONDS = env.int("DELIVERY_WEBHOOK_MAX_AGE_SECONDS", default=9 * 60 * 60)
# A service email with no delivery news for this long (a lost webhook) is no proof: its notice goes to paper.
DELIVERY_UNCONFIRMED_AFTER_HOURS = env.int("DELIVERY_UNCONFIRMED_AFTER_HOURS", default=72)

# --- Virus scanning (clamd) -----------------------------------------------------------------
CLAMD_HOST = env.str("CLAMD_HOST", default="127.0.0.1")
CLAMD_PORT = env.int("CLAMD_PORT", default=3310)
CLAMD_TIMEOUT = env.float("CLAMD_TIMEOUT", default=30.0)

# --- Portal facts shown to people (fictional in the demo) ----------------------------------
PORTAL_NAME = env.str("PORTAL_NAME", default="Respondent Access Portal")
SUPPORT_PHONE = env.str("SUPPORT_PHONE", default="(555) 010-0199")
SUPPORT_EMAIL = env.str("SUPPORT_EMAIL", default="help@portal.example.org")
SUPPORT_HOURS = env.str("SUPPORT_HOURS", default="Monday to Friday, 8:00 AM to 8:00 PM Eastern Time")
# On unless DEMO_BANNER=false, in every environment: the demo must never pass for an official site, so
# only a deliberate setting (a real court's deployment, docs/deploy.md) takes the banner away.
DEMO_BANNER = env.bool("DEMO_BANNER", default=True)

# --- Logging: one line per event, with the request id; never an A-number or a name ----------
# Query strings are cut from every line (admin and support searches carry A-numbers and names there).
# Django's own loggers lose their default handlers (an unfiltered DEBUG console, the admins' email
# with the whole request, runserver's request lines) and go through the one filtered console.
# gunicorn's access and error logs: portal/launch.py.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "audit.context.RequestIdLogFilter"},
        "no_query_string": {"()": "audit.context.QueryStringLogFilter"},
    },
    "formatters": {
        "line": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "line",
            "filters": ["request_id", "no_query_string"],
        },
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.server": {"handlers": [], "level": "INFO", "propagate": True},
        "django.db.backends": {"level": "WARNING"},
        # pikepdf announces its C++ logger bridge at INFO on import: one line on every manage.py run.
        "pikepdf": {"level": "WARNING"},
    },
}
# The client address (audit.context.client_ip) for the audit log, sign-in records and every rate limit:
# the number of our proxies in front of the app whose X-Forwarded-For entries are trusted.
PORTAL_TRUSTED_PROXIES = env.int("PORTAL_TRUSTED_PROXIES", default=0)
# allauth asks accounts.adapters.AccountAdapter.get_client_ip (audit.context.client_ip); its own reader,
# should anything reach it, counts the same proxies.
ALLAUTH_TRUSTED_PROXY_COUNT = PORTAL_TRUSTED_PROXIES

# --- accounts --------------------------------------------------------------------------------
# Access codes (docs/adr/0040): the pepper keys the code derivation and hashes; never stored in
# the database. Changing it invalidates every outstanding code (reissue them).
ACCESS_CODE_PEPPER = (
    env.str("ACCESS_CODE_PEPPER")
    if PRODUCTION
    else env.str("ACCESS_CODE_PEPPER", default="") or f"dev-pepper:{SECRET_KEY}"
)
if not ACCESS_CODE_PEPPER:
    raise ImproperlyConfigured(
        "Set the ACCESS_CODE_PEPPER environment variable: production never runs with a blank one."
    )
ACCESS_CODE_VALID_DAYS_CONTIGUOUS_US = env.int("ACCESS_CODE_VALID_DAYS_CONTIGUOUS_US", default=21)
ACCESS_CODE_VALID_DAYS_ELSEWHERE = env.int("ACCESS_CODE_VALID_DAYS_ELSEWHERE", default=30)
ACCESS_CODE_NONCONTIGUOUS_STATES = ["AK", "HI", "PR", "GU", "VI", "AS", "MP"]
ACCESS_CODE_MAX_WRONG_TRIES = 5
REGISTRATION_CLIENT_MAX_FAILURES = env.int("REGISTRATION_CLIENT_MAX_FAILURES", default=20)
REGISTRATION_FAILURE_WINDOW_MINUTES = 60
LOST_CODE_INTERVAL_DAYS = 7
# allauth's cache-based limits, plus ours: lost-code requests per client address.
ACCOUNT_RATE_LIMITS = {"lost_code": env.str("LOST_CODE_RATE_LIMIT", default="10/h/ip")}
# Sign-in failures (accounts/services/guard.py): free tries, then doubling waits; lock at 10 per factor.
SIGN_IN_FREE_FAILURES = 3
SIGN_IN_LOCK_FAILURES = 10
SIGN_IN_LOCK_MINUTES = env.int("SIGN_IN_LOCK_MINUTES", default=30)
SIGN_IN_HARD_LOCK_FAILURES = 100
# Sessions (accounts/middleware.py): idle and absolute limits, re-authentication window.
SESSION_IDLE_SECONDS = env.int("SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_ABSOLUTE_SECONDS = 12 * 60 * 60
REAUTHENTICATION_SECONDS = 5 * 60
BACKUP_CODE_COUNT = 10
# Passkeys (docs/adr/0041): the origin must be https:// or http://localhost (not 127.0.0.1).
OTP_WEBAUTHN_RP_ID = env.str("OTP_WEBAUTHN_RP_ID", default="") or (urlsplit(SITE_URL).hostname or "localhost")
OTP_WEBAUTHN_RP_NAME = PORTAL_NAME
OTP_WEBAUTHN_ALLOWED_ORIGINS = env.list("OTP_WEBAUTHN_ALLOWED_ORIGINS", default=[]) or [SITE_URL.rstrip("/")]
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
OTP_TOTP_ISSUER = PORTAL_NAME
# django-otp's own throttle would refuse a right code after a wrong one; our guard does the waits.
OTP_TOTP_THROTTLE_FACTOR = 0
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_PASSWORD_INPUT_RENDER_VALUE = False
# allauth: one email per account, changed by verifying the new one; the old address is notified.
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_REAUTHENTICATION_REQUIRED = False  # ours (password and second factor) runs in accounts.middleware

# --- cases -----------------------------------------------------------------------------------
# Hearing reminders (cases/services/reminders.py): 7 days and 1 day before, each sent exactly once.
CELERY_BEAT_SCHEDULE["cases.send_hearing_reminders"] = {
    "task": "cases.hearing_reminders_send_due",
    "schedule": 15 * 60,
}
# Stored whole-record ZIPs (cases/services/record_zips.py): drop stuck builds, superseded and unused archives.
CELERY_BEAT_SCHEDULE["cases.sweep_record_zips"] = {"task": "cases.record_zips_sweep", "schedule": 60 * 60}
# "Did you go to your hearing?" (cases/services/attendance.py, ADR 0111): one email per hearing, the day after.
CELERY_BEAT_SCHEDULE["cases.send_attendance_check_ins"] = {
    "task": "cases.attendance_check_ins_send_due",
    "schedule": 60 * 60,
}
# The public hearing lookup (cases/services/lookup.py, ADR 0110): fixed windows counted in the shared cache.
HEARING_LOOKUP_CLIENT_LIMIT = env.int("HEARING_LOOKUP_CLIENT_LIMIT", default=30)
HEARING_LOOKUP_CLIENT_WINDOW_SECONDS = env.int("HEARING_LOOKUP_CLIENT_WINDOW_SECONDS", default=60 * 60)
HEARING_LOOKUP_A_NUMBER_LIMIT = env.int("HEARING_LOOKUP_A_NUMBER_LIMIT", default=10)
HEARING_LOOKUP_A_NUMBER_WINDOW_SECONDS = env.int("HEARING_LOOKUP_A_NUMBER_WINDOW_SECONDS", default=24 * 60 * 60)

# --- sms: text-message hearing reminders (docs/adr/0105) -------------------------------------
# The provider backend: console (default: prints each text), file (var/sms/), locmem (tests),
# Twilio or Amazon SNS. Production with real texts sets one of the last two and its credentials.
SMS_BACKEND = env.str("SMS_BACKEND", default="") or "sms.backends.console.ConsoleBackend"
SMS_FILE_PATH = Path(env.str("SMS_FILE_PATH", default="") or VAR_DIR / "sms")
SMS_FROM_NUMBER = env.str("SMS_FROM_NUMBER", default="")  # E.164 sender (Twilio "From", SNS origination)
TWILIO_ACCOUNT_SID = env.str("TWILIO_ACCOUNT_SID", default="")
TWILIO_AUTH_TOKEN = env.str("TWILIO_AUTH_TOKEN", default="")  # also checks the webhooks' signatures
TWILIO_MESSAGING_SERVICE_SID = env.str("TWILIO_MESSAGING_SERVICE_SID", default="")
SMS_SNS_REGION = env.str("SMS_SNS_REGION", default="")
SMS_SNS_SENDER_ID = env.str("SMS_SNS_SENDER_ID", default="")
SMS_SNS_TOPIC_ARN = env.str("SMS_SNS_TOPIC_ARN", default="")  # the topic inbound texts arrive on
# Answer STOP, START and HELP ourselves; off where the provider answers them (Twilio Advanced Opt-Out).
SMS_KEYWORD_REPLIES = env.bool("SMS_KEYWORD_REPLIES", default=True)
PHONENUMBER_DEFAULT_REGION = "US"
PHONENUMBER_DB_FORMAT = "E164"
SMS_CONSENT_VERSION = "2026-12"  # the opt-in wording (templates/sms/_consent.html): change both together
SMS_CODE_VALID_MINUTES = 10
SMS_CODE_MAX_TRIES = 5
SMS_CODES_PER_HOUR = 5
SMS_SENDING_HOURS = (8, 21)  # court time: nothing from 21:00 to 08:00, held until 08:00
SMS_FAILURES_TO_FAIL = 2  # failed sends in a row that mark a number failed
SMS_MAX_ATTEMPTS = 5  # tries of one text when the provider cannot be reached
SMS_SHARED_NUMBER_WINDOW_HOURS = 24  # a family phone gets one text per event within this window
SMS_STUCK_AFTER_SECONDS = env.int("SMS_STUCK_AFTER_SECONDS", default=10 * 60)
CELERY_BEAT_SCHEDULE["sms.text_reminders_send_due"] = {"task": "sms.text_reminders_send_due", "schedule": 15 * 60}
CELERY_BEAT_SCHEDULE["sms.texts_send_due"] = {"task": "sms.texts_send_due", "schedule": 5 * 60}

# --- notices ---------------------------------------------------------------------------------
# Letters (notices/rendering.py, docs/adr/0070): at most this many letters per print file.
NOTICES_PRINT_FILE_MAX = env.int("NOTICES_PRINT_FILE_MAX", default=500)
NOTICES_PRINT_FILE_MAX_ATTEMPTS = 5
# Letters laid out together as one WeasyPrint document when a print file renders its letters.
NOTICES_RENDER_CHUNK = env.int("NOTICES_RENDER_CHUNK", default=50)
# The sweep re-sends renders and print files that made no progress for this long.
NOTICES_STUCK_AFTER_SECONDS = env.int("NOTICES_STUCK_AFTER_SECONDS", default=10 * 60)
CELERY_BEAT_SCHEDULE["notices.sweep_stuck"] = {"task": "notices.notices_sweep_stuck", "schedule": 5 * 60}
# WeasyPrint logs every rendering step at INFO: one line per letter is plenty (ours).
LOGGING["loggers"]["weasyprint"] = {"level": "WARNING"}
LOGGING["loggers"]["fontTools"] = {"level": "WARNING"}

# --- filings ---------------------------------------------------------------------------------
FILINGS_MAX_UPLOAD_BYTES = env.int("FILINGS_MAX_UPLOAD_BYTES", default=25 * 1024 * 1024)
FILINGS_MAX_SUPPORTING_DOCUMENTS = 50
# Uploads go to a temporary file from the first 64 KB on: a 25 MB PDF never sits whole in memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024
FILINGS_SCAN_STUCK_AFTER_SECONDS = env.int("FILINGS_SCAN_STUCK_AFTER_SECONDS", default=10 * 60)
CELERY_BEAT_SCHEDULE["filings-sweep-stuck-scans"] = {
    "task": "filings.tasks.sweep_stuck_scans",
    "schedule": 5 * 60.0,
}

# --- guidance --------------------------------------------------------------------------------
# Support hours as times in SUPPORT_TIMEZONE; the help pages also show them in the court's zone.
SUPPORT_HOURS_START = env.str("SUPPORT_HOURS_START", default="08:00")
SUPPORT_HOURS_END = env.str("SUPPORT_HOURS_END", default="20:00")
SUPPORT_TIMEZONE = env.str("SUPPORT_TIMEZONE", default="America/New_York")
