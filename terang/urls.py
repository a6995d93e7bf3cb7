import re

from django.conf import settings
from django.conf.urls.static import static
from django.contrib.staticfiles.urls import staticfiles_urlpatterns
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from community.views import admin_login
from reach.embeds import wall as embed_wall
from stories.urls import report_urlpatterns
from stories.views import (
    how_we_moderate,
    image_file,
    legacy_image_redirect,
    story_outbound,
    story_view_beacon,
)
from terang.health import healthz
from terang.language import switch_language
from terang.metrics import metrics
from terang.privacy import privacy_notice
from terang.security import allow_framing

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("metrics", metrics, name="metrics"),
    path("i18n/", include("django.conf.urls.i18n")),
    # The language switcher's links (a GET; Django's POST-only set_language stays above).
    path("i18n/switch/<str:code>/", switch_language, name="switch_language"),
    # Before Wagtail's own login view: the admin logs in through the site's login.
    path("admin/login/", admin_login),
    path("admin/", include(wagtailadmin_urls)),
    path("accounts/", include("allauth.urls")),
    path("documents/", include(wagtaildocs_urls)),
    path("evidence/", include("stories.urls")),
    path("report/", include((report_urlpatterns, "reports"))),
    # Wagtail images and renditions, for whoever may see them (stories.image_files).
    path("images/<path:name>", image_file, name="image_file"),
    path("how-we-moderate/", how_we_moderate, name="how_we_moderate"),
    path("privacy/", privacy_notice, name="privacy"),
    # Reader counts (stories.analytics): the story page's view beacon and its outbound links.
    path("beacon/story/<int:story_id>/", story_view_beacon, name="story_view_beacon"),
    path("out/<str:token>/", story_outbound, name="story_outbound"),
    # The wall of love (reach.embeds): the one page any other site may frame.
    path("embed/wall/", allow_framing(origins=("*",))(embed_wall), name="embed_wall"),
    # robots.txt, sitemap.xml, the feeds, the share pictures and the other embeds (reach).
    path("", include("reach.urls")),
    path("", include("search.urls")),
    path("", include("community.urls")),
]

if settings.MEDIA_URL.startswith("/"):
    # Before images left MEDIA_ROOT they were addressed there; old pages and shares still are.
    media = re.escape(settings.MEDIA_URL[1:])
    urlpatterns.append(
        re_path(rf"^{media}(?P<name>(?:original_images|images)/.+)$", legacy_image_redirect)
    )

if settings.DEBUG:
    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]

# A database that does not answer gives a 503 with Retry-After (terang.errors), anything else a 500.
handler500 = "terang.errors.server_error"
