"""One settings module for every run mode, read from the environment (django-environ).

Embedded default (nothing set): SQLite file, in-memory channel layer, Celery on a
filesystem broker under ``.run/``.  Production: set ``DATABASE_URL`` and ``REDIS_URL``.
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
RUN_DIR = Path(environ.Env().str("CRM_RUN_DIR", default=str(BASE_DIR / ".run")))

env = environ.Env(
    DEBUG=(bool, False),
    ALLOWED_HOSTS=(list, ["localhost", "127.0.0.1", "[::1]", "testserver"]),
)

DEBUG = env("DEBUG")
# No key is committed: a key anyone can read signs nobody's sessions. The embedded run command
# (`manage.py start` with no SECRET_KEY) keeps a random one in the run directory (manage.py).
SECRET_KEY = env("SECRET_KEY", default="")
if not SECRET_KEY:
    # Not even with DEBUG on: a key in the repository signs nobody's sessions safely.
    raise ImproperlyConfigured(
        "SECRET_KEY is not set: set it in the environment to a long random string "
        "(the embedded system, started with ./run.sh or manage.py without DATABASE_URL, keeps its own)."
    )
ALLOWED_HOSTS = env("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# --- HTTPS: on by default unless DEBUG; plain HTTP only where the environment says so ----
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
# Behind a TLS-terminating proxy: the header it sets, e.g. X-Forwarded-Proto (value "https").
# Only set it when the proxy always sets (and overwrites) that header.
if _proxy_ssl_header := env.str("SECURE_PROXY_SSL_HEADER", default=""):
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _proxy_ssl_header.upper().replace("-", "_"), "https")

INSTALLED_APPS = [
    "crm",
    "agents",
    "projects",
    "regional_assessments",
    "cms",
    "crm.apps.CrmAdminConfig",  # django.contrib.admin, third-party admins scoped
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # Wagtail's admin says when a page was sent for review with humanize's naturaltime, whose
    # Chinese ("2 分钟之前") is loaded only for an installed app.
    "django.contrib.humanize",
    # Not last: crm.accounts.roles.roles_sync (post_migrate of each later app) then sees axes's
    # permissions and gives them to administrators.
    "axes",
    "csp",
    "django_ratelimit",
    "channels",
    "django_celery_beat",
    "import_export",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "django.contrib.sitemaps",
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
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "crm.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "crm.urls"
WSGI_APPLICATION = "crm.wsgi.application"
ASGI_APPLICATION = "crm.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "crm.accounts.context_processors.role",
                "csp.context_processors.nonce",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{RUN_DIR / 'crm.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # Several processes (web, worker, beat) share the file in the embedded mode.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "crm.User"
# django-axes first: it refuses a locked-out username+address before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# Chinese first: zh-hans is the default, English is a compiled translation.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
DATE_FORMAT = "Y-m-d"
DATETIME_FORMAT = "Y-m-d H:i"
SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
FORMAT_MODULE_PATH = ["crm.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(RUN_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(RUN_DIR / "media")))
# Uploads (crm/uploads.py): larger files are refused with a message naming the limit.
CRM_UPLOAD_MAX_BYTES = env.int("CRM_UPLOAD_MAX_BYTES", default=20 * 1024 * 1024)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Static files are found where they live; `collectstatic` (run by the start command)
# adds compressed copies for production.
WHITENOISE_USE_FINDERS = True
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Redis switches channels, Celery and the cache together -------------------------
REDIS_URL = env("REDIS_URL", default="")

# The live updates' channel layer with Redis: "pubsub" (the default) keeps one subscriber
# connection per process and hands each message to that process's sockets in memory;
# "list" (channels_redis' RedisChannelLayer, the layer before issue 17) lost every message
# past ~450 sockets on one process. tests/perf/bench_live.py measures the two side by side.
LIVE_CHANNEL_LAYER = env.str("LIVE_CHANNEL_LAYER", default="pubsub")
if LIVE_CHANNEL_LAYER not in ("pubsub", "list"):
    raise ImproperlyConfigured(f"LIVE_CHANNEL_LAYER is {LIVE_CHANNEL_LAYER!r}: it is pubsub or list.")
# Seconds between a page's heartbeats on its live socket (the server answers each).
LIVE_HEARTBEAT_SECONDS = env.int("LIVE_HEARTBEAT_SECONDS", default=25)


def live_channel_prefix(redis_url: str) -> str:
    """Redis' PUBLISH/SUBSCRIBE channels are one namespace for all its databases: the
    pub/sub layer's names carry the database number (each test worker and each deployment
    sharing a Redis has its own), or LIVE_CHANNEL_PREFIX when set."""
    from urllib.parse import urlsplit

    database = urlsplit(redis_url).path.strip("/") or "0"
    return env.str("LIVE_CHANNEL_PREFIX", default=f"crm-live-db{database}:")


# The live updates' Redis, when not REDIS_URL's (a Redis of their own).
LIVE_REDIS_URL = env.str("LIVE_REDIS_URL", default=REDIS_URL)

if REDIS_URL:
    if LIVE_CHANNEL_LAYER == "pubsub":
        CHANNEL_LAYERS = {
            "default": {
                "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
                "CONFIG": {"hosts": [LIVE_REDIS_URL], "prefix": live_channel_prefix(LIVE_REDIS_URL)},
            }
        }
    else:
        CHANNEL_LAYERS = {
            "default": {
                "BACKEND": "channels_redis.core.RedisChannelLayer",
                # Members of a group a dead server left behind expire after 10 minutes.
                "CONFIG": {"hosts": [LIVE_REDIS_URL], "group_expiry": 600},
            }
        }
    # django-redis rather than Django's own Redis backend: it keeps one client per process
    # (Django's builds a client object on every call) and increments with one round trip
    # (Django's asks EXISTS first): the status lookup's counters make several calls per request.
    CACHES = {"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": REDIS_URL}}
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_DIR = RUN_DIR / "broker"
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL or "filesystem://localhost/")
if CELERY_BROKER_URL.startswith("filesystem://"):
    # A broker that needs no server: messages are files in one shared folder.
    for _folder in ("queue", "control"):
        (CELERY_BROKER_DIR / _folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_DIR / "queue"),
        "data_folder_out": str(CELERY_BROKER_DIR / "queue"),
        "control_folder": str(CELERY_BROKER_DIR / "control"),
        "store_processed": False,
    }
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# With the broker down, queuing gives up quickly: the outbox keeps the work and the
# periodic supervision sweep dispatches it once the broker is back.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
if CELERY_BROKER_URL.startswith("redis"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 5}

# --- Wagtail ----------------------------------------------------------------------
WAGTAIL_SITE_NAME = "投资项目代办服务"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Documents and images are checked by content like every other upload (cms/forms.py)
# and served by crm.uploads.file_response (cms/wagtail_hooks.py), never from /media/.
WAGTAILDOCS_EXTENSIONS = ["pdf", "ofd", "docx", "xlsx"]
WAGTAILDOCS_DOCUMENT_FORM_BASE = "cms.forms.DocumentForm"
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf"]
WAGTAILDOCS_CONTENT_TYPES = {"pdf": "application/pdf", "ofd": "application/ofd"}
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png"]
WAGTAILIMAGES_IMAGE_FORM_BASE = "cms.forms.ImageForm"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = CRM_UPLOAD_MAX_BYTES
# The admin calls no outside service: no avatars from gravatar.com, no release check
# against wagtail.org (neither is allowed by the Content-Security-Policy, and an
# intranet server often cannot reach them).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_FRONTEND_LOGIN_URL = "/login/"
# django-ratelimit (the status lookup, the public site's contact form) counts in the
# default cache: see SILENCED_SYSTEM_CHECKS below for why its checks are silenced.

# --- The JSON API (/api/v1/, schema at /api/schema/) -------------------------------
# Machine clients (the provincial 一网通办 platform) send "Authorization: Token <key>"
# for a user that holds the role whose scope they need; browsers use their session.
# Token first, so an anonymous call gets 401 with "WWW-Authenticate: Token".
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "crm.accounts.api_auth.ThrottledTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PAGINATION_CLASS": "projects.api.pagination.Pages",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "projects.api.errors.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "投资项目代办服务 API",
    "DESCRIPTION": "代办中心对接省一网通办平台的接口。机器客户端使用令牌：Authorization: Token <key>。",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "PREPROCESSING_HOOKS": ["projects.api.schema.only_api_v1"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "projects.api.schema.bodies_required",
    ],
    "ENUM_NAME_OVERRIDES": {
        "CaseStateEnum": "projects.models.CaseState",
        "ItemStateEnum": "projects.models.ItemState",
        "MilestoneStateEnum": "projects.models.MilestoneState",
    },
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# --- Content-Security-Policy (django-csp) ------------------------------------------
# Scripts only from this site or with the per-response nonce (Wagtail's and the admin's
# own); no inline handlers. Styles: see README "Security headers" for why the style
# attribute is allowed while <style> elements need the nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "frame-ancestors": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
    }
}

# --- Sign-in throttling (django-axes) and API token guessing -------------------------
# After AXES_FAILURE_LIMIT wrong passwords for one username from one address, that pair is
# refused (even the right password) for AXES_COOLOFF_MINUTES or until an administrator
# deletes the attempt in the admin (站点管理 → Axes → 访问尝试).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [env.list("AXES_LOCKOUT_PARAMETERS", default=["username", "ip_address"])]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "crm/locked_out.html"
AXES_VERBOSE = False
# Wrong API tokens from one address: after this many within the window, every token from
# that address is answered 429 until the window passes (crm.accounts.api_auth).
API_TOKEN_FAILURE_LIMIT = env.int("API_TOKEN_FAILURE_LIMIT", default=10)
API_TOKEN_COOLOFF_SECONDS = env.int("API_TOKEN_COOLOFF_SECONDS", default=int(AXES_COOLOFF_TIME.total_seconds()))

# --- The public status lookup (/status/, django-ratelimit) ----------------------------
# Attempts (each project code + verification code sent) per client address and per
# project code, counted in the default cache; past either limit the page answers 429.
# Behind a proxy, see the sign-in throttling above: the address must be the client's.
STATUS_LOOKUP_RATE_PER_ADDRESS = env.str("STATUS_LOOKUP_RATE_PER_ADDRESS", default="20/m")
STATUS_LOOKUP_RATE_PER_CODE = env.str("STATUS_LOOKUP_RATE_PER_CODE", default="30/h")
# How long a project's answer may be served from the cache at most (any change the services
# record makes it stale at once; this bounds one made outside them).
STATUS_ANSWER_CACHE_SECONDS = env.int("STATUS_ANSWER_CACHE_SECONDS", default=60)
# Lookups are counted in the cache and written to the project every this many.
STATUS_LOOKUPS_FLUSH_EVERY = env.int("STATUS_LOOKUPS_FLUSH_EVERY", default=20)

# --- The public site's page cache (cms/cache.py) ------------------------------------
# How long a page may be served from the cache at most: publishing and the CRM changes
# the pages show make it stale at once; this bounds the home page's "3550" figures.
CMS_PAGE_CACHE_SECONDS = env.int("CMS_PAGE_CACHE_SECONDS", default=300)
# Where in the default cache (the tests give each test one of its own).
CMS_PAGE_CACHE_PREFIX = env.str("CMS_PAGE_CACHE_PREFIX", default="cms:")
if REDIS_URL:
    # django-redis increments atomically, as django-ratelimit needs (its checks pass as they are).
    SILENCED_SYSTEM_CHECKS = []
else:
    # The embedded default has one web process (README): its local-memory cache is the one
    # cache every request sees, which is what django-ratelimit's E003 is about.
    SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]

# --- The working-day calendar -----------------------------------------------------
# Seconds between checks whether an administrator changed the calendar tables
# (one tiny query at most this often per process; never per call).
WORKDAYS_REFRESH_SECONDS = env.int("WORKDAYS_REFRESH_SECONDS", default=5)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # An ordinary 403 or 404 is one line; server errors keep their traceback.
    "filters": {
        "one_line_client_errors": {"()": "crm.log_filters.OneLineClientErrors"},
        "once_a_minute": {"()": "crm.log_filters.OnceAMinute"},
    },
    # On django.request itself, and on the handler for django.security.* (a filter on a
    # parent logger does not see what its children log).
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["one_line_client_errors"]}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
    "loggers": {
        "crm": {"level": env("LOG_LEVEL", default="INFO")},
        "django.request": {"filters": ["one_line_client_errors"]},
        # Redis down: the pub/sub layer's receiver retries every second, each time with a
        # traceback (on the loggers themselves: a parent's filter does not see its children's).
        "channels_redis.pubsub": {"filters": ["once_a_minute"]},
        "channels_redis.core": {"filters": ["once_a_minute"]},
    },
}

# Working days after approval within which an item approved on the applicant's
# written commitment (告知承诺制) must be verified.
COMMITMENT_VERIFICATION_WORKING_DAYS = env.int("COMMITMENT_VERIFICATION_WORKING_DAYS", default=20)

# Ratings and callbacks (好差评、回访): working days to rectify after an unsatisfied
# rating or a sampled phone callback (5 to 15 in practice), and the share of each
# month's closed cases drawn for a phone callback (一事一评电话回访), as a decimal string.
CALLBACK_RECTIFICATION_WORKING_DAYS = env.int("CALLBACK_RECTIFICATION_WORKING_DAYS", default=10)
PHONE_CALLBACK_SHARE = env.str("PHONE_CALLBACK_SHARE", default="0.10")

# --- Electronic supervision and notifications (DOMAIN.md §13) ----------------------------------
# Early warning: at most this many working days left, or this share of the limit when more
# (e.g. 0.2: the last 10 days of a 50-day limit). Milestone definitions set their own days.
SUPERVISION_WARNING_DAYS = env.int("SUPERVISION_WARNING_DAYS", default=2)
SUPERVISION_WARNING_SHARE = env.float("SUPERVISION_WARNING_SHARE", default=0.0)
# Push/SMS provider (两微一端, 短信): a class implementing crm.notifications.delivery.PushBackend.
CRM_PUSH_BACKEND = env("CRM_PUSH_BACKEND", default="crm.notifications.delivery.LoggingPushBackend")
CRM_PUSH_ENABLED = env.bool("CRM_PUSH_ENABLED", default=True)
CRM_DELIVERY_MAX_ATTEMPTS = env.int("CRM_DELIVERY_MAX_ATTEMPTS", default=8)
CRM_DELIVERY_STALE_SECONDS = env.int("CRM_DELIVERY_STALE_SECONDS", default=600)
# Absolute links (crm/links.py): CRM_SITE_URL when set; else the address a request reached; for work
# without a request (the worker's e-mails), CRM_DEFAULT_SITE_URL, which the run command sets from its
# --host and --port.
CRM_SITE_URL = env("CRM_SITE_URL", default="")
CRM_DEFAULT_SITE_URL = env("CRM_DEFAULT_SITE_URL", default="http://127.0.0.1:8000")
CRM_MAIL_DOMAIN = env("CRM_MAIL_DOMAIN", default="crm.localhost")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="代办服务中心 <noreply@crm.localhost>")
# Embedded: e-mails are files under the run directory; production sets an SMTP EMAIL_URL.
if env("EMAIL_URL", default=""):
    globals().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(RUN_DIR / "mail")

# Figures the apps above ``projects`` add to the dashboards and the monthly report
# (projects/dashboards/sections.py): export name -> callable(scope, *, today) -> FigureSection.
CRM_FIGURE_SECTIONS: dict[str, str] = {"reuse": "regional_assessments.reports.figures.reuse_section"}
