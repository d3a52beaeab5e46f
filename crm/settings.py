"""One settings module for every run mode, read from the environment (django-environ).

Embedded default (nothing set): SQLite file, in-memory channel layer, Celery on a
filesystem broker under ``.run/``.  Production: set ``DATABASE_URL`` and ``REDIS_URL``.
"""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent
RUN_DIR = Path(environ.Env().str("CRM_RUN_DIR", default=str(BASE_DIR / ".run")))

env = environ.Env(
    DEBUG=(bool, False),
    ALLOWED_HOSTS=(list, ["localhost", "127.0.0.1", "[::1]", "testserver"]),
)

DEBUG = env("DEBUG")
SECRET_KEY = env("SECRET_KEY", default="embedded-default-key-change-me-in-production-0123456789")
ALLOWED_HOSTS = env("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "crm",
    "agents",
    "projects",
    "regional_assessments",
    "cms",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "channels",
    "django_celery_beat",
    "import_export",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
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
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
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
                "crm.context_processors.role",
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

if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            # Members of a group a dead server left behind expire after 10 minutes.
            "CONFIG": {"hosts": [REDIS_URL], "group_expiry": 600},
        }
    }
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
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
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "xlsx", "zip"]

# --- The JSON API (/api/v1/, schema at /api/schema/) -------------------------------
# Machine clients (the provincial 一网通办 platform) send "Authorization: Token <key>"
# for a user that holds the role whose scope they need; browsers use their session.
# Token first, so an anonymous call gets 401 with "WWW-Authenticate: Token".
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
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

# --- The working-day calendar -----------------------------------------------------
# Seconds between checks whether an administrator changed the calendar tables
# (one tiny query at most this often per process; never per call).
WORKDAYS_REFRESH_SECONDS = env.int("WORKDAYS_REFRESH_SECONDS", default=5)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
    "loggers": {"crm": {"level": env("LOG_LEVEL", default="INFO")}},
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
# Push/SMS provider (两微一端, 短信): a class implementing crm.notify.PushBackend.
CRM_PUSH_BACKEND = env("CRM_PUSH_BACKEND", default="crm.notify.LoggingPushBackend")
CRM_PUSH_ENABLED = env.bool("CRM_PUSH_ENABLED", default=True)
CRM_DELIVERY_MAX_ATTEMPTS = env.int("CRM_DELIVERY_MAX_ATTEMPTS", default=8)
CRM_DELIVERY_STALE_SECONDS = env.int("CRM_DELIVERY_STALE_SECONDS", default=600)
CRM_SITE_URL = env("CRM_SITE_URL", default="http://127.0.0.1:8000")
CRM_MAIL_DOMAIN = env("CRM_MAIL_DOMAIN", default="crm.localhost")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="代办服务中心 <noreply@crm.localhost>")
# Embedded: e-mails are files under the run directory; production sets an SMTP EMAIL_URL.
if env("EMAIL_URL", default=""):
    globals().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(RUN_DIR / "mail")
