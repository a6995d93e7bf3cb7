"""Settings shared by every environment. Secure by default; secrets come from the environment."""

import os
from pathlib import Path

from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

from terang.environment import SHARED_CACHE_URL, cache_settings, session_engine

BASE_DIR = Path(__file__).resolve().parent.parent.parent

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS: list[str] = []

INSTALLED_APPS = [
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
    "django_tasks",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "csp",
    # Terang's own apps load last, so their ready() can adjust what Wagtail registered.
    "terang",
    "community",
    "stories",
    "search",
    "reach",
    "demo",
]

MIDDLEWARE = [
    # First: it times the whole stack and counts every answer (terang.metrics, /metrics).
    "terang.metrics.MetricsMiddleware",
    "terang.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    # Above XFrameOptionsMiddleware, so it sees the X-Frame-Options a view ended with.
    "terang.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # ETag on every GET answer and 304 to a matching If-None-Match, cached pages included.
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Anonymous readers' public pages, per language (terang.page_cache); below the locale, above
    # everything that makes a page personal (CSRF, the user, messages).
    "terang.page_cache.PageCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A NUL in the path or query string is a 400 here, before any view or query (PostgreSQL
    # cannot hold it in text); after the user and messages, so the page renders like any other.
    "terang.request_guard.RequestGuardMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Staff areas (/admin/, /evidence/): staff only, after two-factor authentication.
    "community.middleware.StaffAreaMiddleware",
    # Last, as django-axes asks; with our handler it keeps the page the login view rendered.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "terang.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "terang.wsgi.application"

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
        # Writers queue for the lock up front instead of failing mid-transaction ("database is locked").
        "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20},
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Caches: the database cache, which every process and server shares, so the log-in throttle, the
# rate limits and the used two-factor codes count once for the whole site. CACHE_URL=locmem://
# keeps the default cache in each process; the throttle stays in the database ("shared").
# `migrate` also creates the cache table (community.apps), as `createcachetable` does.
CACHES = cache_settings(os.environ.get("CACHE_URL", SHARED_CACHE_URL))
# Sessions live in the database; with Redis (CACHE_URL=redis://…) they are read through it.
SESSION_ENGINE = session_engine(CACHES)

# The page cache (terang.page_cache): how long an anonymous reader's public page is kept. Changes
# purge it at once (stories.page_cache), so this only bounds what no signal reports. 0: off.
TERANG_PAGE_CACHE_SECONDS = 600
# Messages travel in a signed cookie, never in a session: an anonymous reader gets no session.
MESSAGE_STORAGE = "django.contrib.messages.storage.cookie.CookieStorage"

AUTH_USER_MODEL = "community.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "static-collected"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Evidence files and images live outside MEDIA_ROOT: no web server serves them from disk. Evidence
# goes only through the evidence view, images through the image view (who may see each file is
# decided there, see docs/security.md "File privacy").
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private-media"))

STORAGES = {
    # Wagtail documents (served by Wagtail's view, which checks collection privacy).
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Locations are strings: file deletion runs as a task, whose arguments must be JSON.
    "private": {
        "BACKEND": "stories.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT)},
    },
    "images": {
        "BACKEND": "stories.storage.ImageFileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT / "images")},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# How long browsers and CDNs may keep an image a live, public page shows (seconds). Taking the page
# offline makes its images private at once on Terang; a copy cached before that lives up to this long.
TERANG_PUBLIC_IMAGE_MAX_AGE = 3600

DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# The site's public address and name. Every absolute link in an e-mail starts with SITE_URL and
# nothing else (never the host a request came in on); the site's name is in every e-mail's subject
# and sender (stories.emails). Production requires SITE_URL; here it defaults to `make run`'s.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Wagtail
WAGTAIL_SITE_NAME = "Terang"
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAILIMAGES_IMAGE_MODEL = "stories.CustomImage"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_WORKFLOW_ENABLED = True
# An edit after a review step restarts the review: moderators always approve what goes live.
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
# The end of a review workflow publishes a story only through its completed, recorded review.
WAGTAIL_FINISH_WORKFLOW_ACTION = "stories.workflows.finish_workflow"
# The transparency review and the editorial approval of a story are done by two different people.
# Switch off only on a site with a single moderator; the admin then says so on every review.
TERANG_REVIEW_TWO_PEOPLE = True
# A story waiting longer than this many days since it was submitted shows as overdue in the
# admin's review queue.
TERANG_REVIEW_OVERDUE_DAYS = 3
WAGTAILADMIN_NOTIFICATION_USE_HTML = True
WAGTAIL_MODERATION_ENABLED = True
WAGTAILADMIN_PERMITTED_LANGUAGES = [("en", "English"), ("id", "Bahasa Indonesia")]
WAGTAILEMBEDS_RESPONSIVE_HTML = True
# No avatars fetched from gravatar.com: a moderator's e-mail hash never leaves the site.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

TAGGIT_CASE_INSENSITIVE = True

# Background tasks: the database queue, so nothing is lost while a worker or the search cluster is away.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# The task worker (manage.py task_worker, terang.task_worker): a task whose worker stopped beating
# for this long is run again by another worker. Longer than any pause of a healthy worker.
TERANG_TASK_LEASE_SECONDS = int(os.environ.get("TASK_LEASE_SECONDS", "60"))

# Search: absent SEARCH_URL means the database engine answers every query.
SEARCH_URL = os.environ.get("SEARCH_URL", "")
SEARCH_INDEX_PREFIX = os.environ.get("SEARCH_INDEX_PREFIX", "terang")
SEARCH_TIMEOUT = float(os.environ.get("SEARCH_TIMEOUT", "2.0"))
# Index updates the cluster refused wait this long before they are sent again (one queued task
# at a time), so they land within seconds of the cluster's return (issue 17 asks within 30 s).
SEARCH_RETRY_SECONDS = float(os.environ.get("SEARCH_RETRY_SECONDS", "10"))

# /metrics (terang.metrics): with a token, only requests bearing it; without one, open only where
# METRICS_OPEN says so (development and tests), else the route does not exist.
METRICS_TOKEN = ""
METRICS_OPEN = False

# Security defaults (production tightens these further from the environment).
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

# Content-Security-Policy (django-csp; docs/security.md, "Headers", says why each source is there).
# The site's own pages: no inline script or style at all, so a cached page needs no nonce.
# The only other hosts are the video players a story's "Video or post" block embeds.
EMBED_FRAME_ORIGINS = [
    "https://www.youtube.com",
    "https://www.youtube-nocookie.com",
    "https://player.vimeo.com",
]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": EMBED_FRAME_ORIGINS,
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}
# The Wagtail admin, for people who may use it (terang.security.ContentSecurityPolicyMiddleware):
# what Wagtail 8's admin was seen to need in Chromium, and nothing more (docs/security.md).
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        # Widget set-up scripts in forms and chooser modals (new PageChooser(…), initDateChooser(…)).
        "script-src": [SELF, UNSAFE_INLINE],
        # The rich text editor (Draftail) adds <style> elements for placeholders and list levels.
        "style-src": [SELF, UNSAFE_INLINE],
        # Previews of images chosen for upload are blob: URLs.
        "img-src": [SELF, "data:", "blob:"],
        # Superusers' dashboard asks wagtail.org for the latest release (the upgrade notice).
        "connect-src": [SELF, "https://releases.wagtail.org"],
        # The preview panel frames the admin's own preview view, which may embed a video.
        "frame-src": [SELF, *EMBED_FRAME_ORIGINS],
    }
}

# Permissions-Policy (django-permissions-policy): powerful features the site never uses, denied to
# its pages and to anything they embed. Left alone: what the embedded video players need
# (fullscreen, picture-in-picture, encrypted-media, clipboard-write, web-share) and passkeys
# (publickey-credentials-*). Every name is one Chromium knows, so browsers log no warnings.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "captured-surface-control",
        "clipboard-read",
        "compute-pressure",
        "display-capture",
        "gamepad",
        "geolocation",
        "gyroscope",
        "hid",
        "identity-credentials-get",
        "idle-detection",
        "interest-cohort",
        "keyboard-map",
        "local-fonts",
        "magnetometer",
        "microphone",
        "midi",
        "otp-credentials",
        "payment",
        "private-state-token-issuance",
        "private-state-token-redemption",
        "screen-wake-lock",
        "serial",
        "usb",
        "window-management",
        "xr-spatial-tracking",
    )
}

LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/me/"

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Terang <noreply@terang.example>")
# Where people write about their personal data (the privacy notice, /privacy/).
TERANG_PRIVACY_CONTACT = os.environ.get("TERANG_PRIVACY_CONTACT", "privasi@terang.example")
# How long data kept for a limited time is kept, in days (stories.retention; the privacy notice
# shows these, and `manage.py enforce_retention`, run by the housekeeping timer, applies them).
TERANG_RETENTION_DAYS = {
    "evidence_offline_days": 180,
    "scan_feedback_days": 730,
    "reporter_email_days": 90,
}

# Accounts: everyone logs in with django-allauth at /accounts/login/, by e-mail address or username
# (members usually by e-mail, moderators by username); members verify their address first. The
# Wagtail admin has no login form of its own: /admin/login/ sends people here with next=/admin/.
# docs/security.md ("Accounts and logins") says what this promises and which tests prove it.
AUTHENTICATION_BACKENDS = [
    # django-axes refuses attempts while their client cools down (community.login_throttle).
    "axes.backends.AxesStandaloneBackend",
    # Username or e-mail address, one password hash whatever the outcome.
    "community.auth.AccountBackend",
]
ACCOUNT_ADAPTER = "community.auth.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email", "username"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "community.forms.account.SignupForm"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
# The address is verified by a code typed on the page that asks for it, never by a link: a link
# would open in the mail app's own browser, and the member would be signed in there instead of on
# the phone or computer where they signed up. The code is kept in that browser's session only.
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
# A wrong code 5 times, or 15 minutes gone: the code stops working and the member logs in with
# their password again, which sends a new one (community.auth.AccountAdapter says so).
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_MAX_ATTEMPTS = 5
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_TIMEOUT = 15 * 60
# "Send a new code" twice at most, and the address mistyped at sign-up may be corrected twice.
ACCOUNT_EMAIL_VERIFICATION_SUPPORTS_RESEND = True
ACCOUNT_EMAIL_VERIFICATION_SUPPORTS_CHANGE = True
ACCOUNT_UNIQUE_EMAIL = True
# One address per member: a change is verified before it replaces the old one.
ACCOUNT_CHANGE_EMAIL = True
# Wagtail needs a username (moderators log in with it); allauth generates one for members.
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
# allauth's e-mails are rendered by community.auth.AccountAdapter with stories.emails, which
# prefixes every subject with the site's name; this is the same prefix for anything else of allauth.
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{WAGTAIL_SITE_NAME}] "
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
# Messages greet members by the name on their stories (User.__str__), not the generated username.
ACCOUNT_USER_DISPLAY = str
ACCOUNT_FORMS = {
    "login": "community.forms.allauth_forms.LoginForm",
    "signup": "community.forms.allauth_forms.SignupForm",
    "reset_password": "community.forms.allauth_forms.ResetPasswordForm",
    "confirm_email_verification_code": (
        "community.forms.allauth_forms.ConfirmEmailVerificationCodeForm"
    ),
}
# allauth's rate limits, in the default cache (the shared database cache outside tests). Each
# "N/period/per": N actions per period, counted per client IP address ("ip"), per member ("user")
# or per e-mail address ("key").
ACCOUNT_RATE_LIMITS = {
    # Failed logins are counted by django-axes (below), per account on an address and per address:
    # allauth's own count per typed login would lock an account out from everywhere, and its
    # 429 page would answer differently from a wrong password.
    "login": None,
    # allauth still uses this one for wrong two-factor codes: per account (only someone who knew
    # the password gets that far) and per address.
    "login_failed": "10/m/ip,5/5m/key",
    # Sign-up and password reset refuse in the form, keeping what was typed
    # (community.forms.allauth_forms), instead of allauth's bare 429 page that loses it.
    "signup": None,
    "reset_password": None,
    "signup_form": "20/h/ip,3/h/key",
    # Sending an e-mail verification code: once in 10 seconds per address (allauth's own for
    # codes, written out); "send a new code" twice at most per sign-up, and a wrong code 5 times
    # at most (ACCOUNT_EMAIL_VERIFICATION_*, above).
    "confirm_email": "1/10s/key",
    "reset_password_form": "20/h/ip,3/h/key",
    # Saving a story draft and sending it for review (community.views.submission).
    "story_save": "60/h/user,300/h/ip",
    "story_submit": "10/h/user,50/h/ip",
    # A reader reporting a story (stories.views.report_story_view): per story and address ("key"),
    # and per address over all stories.
    "story_report": "3/h/key,20/h/ip",
}
WAGTAILADMIN_LOGIN_URL = LOGIN_URL

# Two-factor authentication (allauth.mfa): an authenticator app plus recovery codes. Required for
# moderators and administrators (community.middleware), offered to members.
MFA_ADAPTER = "community.two_factor.TwoFactorAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Terang"
# Also accept the code of the 30 seconds before and after: phones' clocks drift.
MFA_TOTP_TOLERANCE = 1

# The log-in throttle (community.login_throttle): django-axes with our handler, in the shared cache.
AXES_HANDLER = "community.login_throttle.LoginThrottle"
AXES_CACHE = "shared"
AXES_LOCKOUT_PARAMETERS = ["ip_address", ["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "community.login_throttle.username"
AXES_CLIENT_IP_CALLABLE = "community.login_throttle.client_ip"
AXES_COOLOFF_TIME = "community.login_throttle.cool_off"
AXES_LOCKOUT_CALLABLE = "community.login_throttle.lockout_response"
AXES_COOLOFF_MESSAGE = AXES_PERMALOCK_MESSAGE = _(
    "Your e-mail address or username and password did not match, or there were too many "
    "attempts. Wait a few minutes and try again."
)
TERANG_LOGIN_THROTTLE = {
    # Failures allowed before the first cool-down: per account on one address, per address.
    "free_failures": {"account_ip": 5, "ip": 20},
    # Seconds. Each failure after the free ones starts a cool-down twice the previous one.
    "first_cool_down": 60,
    "longest_cool_down": 3600,
    # A bucket is forgotten this long after its last failure.
    "memory": 24 * 3600,
}
