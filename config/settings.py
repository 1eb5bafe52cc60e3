"""The one settings module, configured from the environment (12-factor).

With nothing set (beyond DEBUG=true from `.env`) the site runs on SQLite in
`var/` and the in-memory channel layer. DATABASE_URL and REDIS_URL move it onto
PostgreSQL and Redis so several ASGI processes can serve one site. With DEBUG
off, every production value must be given: nothing falls back silently.
"""

import sys
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    # Values already in the real environment win over the file.
    env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off. For local development set DEBUG=true "
            "(`make` writes it to .env for you)."
        )
    SECRET_KEY = "django-insecure-local-development-only"

if DEBUG:
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
else:
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_URL

INSTALLED_APPS = [
    # Project apps first so their templates override the libraries'.
    "core",
    "network",
    "notifications",
    "masterclasses",
    "peer_support",
    "commissioning",
    "privacy",
    "insight",
    "scheduling",
    "sitewide",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_htmx",
    "django_q",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.middleware.RejectNulBytesMiddleware",
    "core.page_cache.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "network.middleware.signed_in_reads",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "network.middleware.require_mfa_for_cms",
    "core.middleware.DomainErrorMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
FORM_RENDERER = "core.forms.FormRenderer"
ASGI_APPLICATION = "config.asgi.application"

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
                "wagtail.contrib.settings.context_processors.settings",
                "network.context_processors.member",
                "notifications.context_processors.unread_notifications",
                "sitewide.context_processors.navigation",
                "core.context_processors.page_cache",
            ],
        },
    },
]

# --- Data ---------------------------------------------------------------------------------

VAR_DIR.mkdir(exist_ok=True)
# An empty DATABASE_URL means "not set", as it does for REDIS_URL below.
DATABASE_URL = env.str("DATABASE_URL", default="") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}"
DATABASES = {"default": env.db_url_config(DATABASE_URL)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL and immediate transactions let the ASGI server's threads write without
        # "database is locked"; the on-disk test database lets browser tests share it.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
else:
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # with the pool: checked when lent
    # Django's psycopg connection pool: every request and every socket's database call runs
    # in a thread that used to open (~9 ms) and close a connection of its own; now it
    # borrows one (docs/performance.md). Not in the task worker, whose processes fork: a
    # forked child would share its parent's pooled connections.
    if env.bool("DATABASE_POOL", default=True) and sys.argv[1:2] != ["qcluster"]:
        DATABASES["default"]["CONN_MAX_AGE"] = 0  # the pool keeps the connections instead
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": env.int("DATABASE_POOL_MIN", default=2),
            "max_size": env.int("DATABASE_POOL_MAX", default=20),
            "timeout": 20,  # seconds a thread waits for a connection before an error
        }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    # Both degrade instead of raising while Redis is unreachable: docs/reliability.md.
    CACHES = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="commonground"),
        }
    }
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "core.channel_layer.ResilientRedisChannelLayer",
            "CONFIG": {
                "hosts": [REDIS_URL],
                "prefix": env.str("CHANNEL_LAYER_PREFIX", default="commonground"),
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

# Threads a process writes circles' messages in, a circle always in the same one
# (core/serial_threads.py); each borrows a pooled connection while it writes.
SERIAL_THREADS = env.int("SERIAL_THREADS", default=4)

# Sessions are read from the cache and fall back to the database (while Redis is away too),
# so a signed-in page spends no query on its session. Without REDIS_URL the cache is the one
# process's memory, which is all there is then (one process serves the site).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Public pages for visitors who are not signed in come from the cache, and the shared parts
# of every page from cached fragments, both purged on publish (core/page_cache.py,
# docs/performance.md). 0 turns both off.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=300)
CACHES["pages"] = {
    "BACKEND": "core.cache.ProcessCache",
    "LOCATION": "pages",
    "OPTIONS": {"MAX_ENTRIES": env.int("PAGE_CACHE_ENTRIES", default=5000)},
}

# With an HTTP cache (Varnish, nginx, a CDN) in front: Wagtail purges a page's URLs there when
# it is published or unpublished. FRONTEND_CACHE_URL is the cache's purge address for
# Wagtail's HTTPBackend, e.g. http://varnish:8000.
FRONTEND_CACHE_URL = env.str("FRONTEND_CACHE_URL", default="")
if FRONTEND_CACHE_URL:
    INSTALLED_APPS.append("wagtail.contrib.frontend_cache")
    WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": FRONTEND_CACHE_URL,
        }
    }

# --- Background tasks (django-q2) ---------------------------------------------------------

# Emails and the periodic jobs run on `manage.py qcluster`. Its queue lives in the database
# by default and in Redis when REDIS_URL is set (under its own name, beside the cache and the
# channel layer). The schedules themselves are rows that a migration creates.
Q_CLUSTER = {
    "name": env.str("TASK_QUEUE_NAME", default="commonground"),
    "workers": env.int("TASK_WORKERS", default=2),
    "timeout": 300,  # seconds one task may run before its worker is replaced
    "retry": 360,  # an unacknowledged task (its worker died) is handed out again after this
    # A task that raised has failed for good: it is kept under Failed tasks in the admin and
    # never run again by the queue. Retrying is the task's own business: each email backs
    # off by itself (notifications/outbox.py), a periodic job waits for its next run.
    "ack_failures": True,
    "max_attempts": 1,
    "save_limit": 1000,  # successful results kept; failures are always kept
    "catch_up": False,  # a worker that was down runs each missed schedule once, not once per miss
    "poll": 1,  # seconds between looks at the database queue
    "label": "Background tasks",
}
if REDIS_URL:
    Q_CLUSTER["redis"] = REDIS_URL
else:
    Q_CLUSTER["orm"] = "default"

# --- Accounts -----------------------------------------------------------------------------

AUTH_USER_MODEL = "network.User"
# The first loads each request's user with their member in one query; the others check
# passwords, and keep sessions that name them signed in (network/auth_backends.py).
AUTHENTICATION_BACKENDS = [
    "network.auth_backends.MemberBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"

ACCOUNT_ADAPTER = "config.adapters.AccountAdapter"  # network's, with the log-in limit's key fixed
ACCOUNT_FORMS = {
    "login": "network.forms.members.LoginForm",
    "signup": "network.forms.members.SignupForm",
}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
# A person signing up with an address already registered is told so plainly: the
# sector is small and a silent "check your email" confuses more than it protects.
ACCOUNT_PREVENT_ENUMERATION = False
EMAIL_SUBJECT_PREFIX = "[Common Ground] "
ACCOUNT_EMAIL_SUBJECT_PREFIX = EMAIL_SUBJECT_PREFIX
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Common Ground"

# --- Email --------------------------------------------------------------------------------

# EMAIL_URL sets EMAIL_BACKEND, EMAIL_HOST, EMAIL_PORT, credentials and TLS in one value.
globals().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Common Ground <hello@commonground.localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Wagtail ------------------------------------------------------------------------------

WAGTAIL_SITE_NAME = "Common Ground"
WAGTAILADMIN_LOGIN_URL = "/accounts/login/"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAIL_I18N_ENABLED = False

# --- Internationalisation -----------------------------------------------------------------

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# --- Static and media ---------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# Files only their owner may download through a view (members' data archives): never under
# MEDIA_ROOT, which the web server may serve to anyone.
PRIVATE_ROOT = Path(env.str("PRIVATE_ROOT", default=str(VAR_DIR / "private")))
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
WHITENOISE_AUTOREFRESH = DEBUG

# --- Security -----------------------------------------------------------------------------

# Local only: lets the production settings run over plain HTTP on your own machine.
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"  # Wagtail relaxes this to SAMEORIGIN on its own preview views.
if env.bool("TRUST_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Behind a reverse proxy, and Content-Security-Policy (docs/reliability.md) -------------

# How many proxies you run in front of the site, each appending to X-Forwarded-For. allauth's
# per-address rate limits (log-in, sign-up, password reset) then key on the visitor's address
# rather than the proxy's. 0 (the default) ignores the header, which anyone can forge.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# Nothing but the site itself, and no inline script, style or event handler. The Wagtail and
# Django admins render inline scripts and styles of their own, so they are left out; both are
# reached only by staff with two-factor authentication.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/", "/django-admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "connect-src": ["'self'"],  # the circle socket: same origin, ws: or wss:
        "img-src": ["'self'"],
        # Video players embedded in guidance come from their provider: list those you use,
        # e.g. CSP_FRAME_SRC=https://www.youtube-nocookie.com,https://player.vimeo.com
        "frame-src": ["'self'", *env.list("CSP_FRAME_SRC", default=[])],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # The worker logs a line or two per task: noise beside the web server's log. Failures
        # still show. (django-q2's own log_level applies only where logging is unconfigured.)
        "django-q": {"level": env.str("TASK_LOG_LEVEL", default="WARNING")},
    },
}
