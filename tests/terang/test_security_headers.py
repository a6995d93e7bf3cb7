"""Security headers: Content-Security-Policy, X-Frame-Options and Permissions-Policy.

The framing tests use this module as their URLconf (``pytest.mark.urls(__name__)``): its two tiny
views, one decorated with ``allow_framing``, next to the whole site.
"""

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.http import HttpResponse
from django.test import Client
from django.urls import include, path
from django.views.decorators.clickjacking import xframe_options_sameorigin

from terang.security import allow_framing
from tests.factories import ModeratorFactory, StoryPageFactory, UserFactory
from tests.terang.test_production_settings import (
    COMPLETE_ENV,
    S3_ENV,
    production_settings,
    storage_from,
)

REPO = Path(__file__).resolve().parents[2]

PUBLIC_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "frame-src": [
        "https://www.youtube.com",
        "https://www.youtube-nocookie.com",
        "https://player.vimeo.com",
    ],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
    "base-uri": ["'none'"],
    "object-src": ["'none'"],
}
ADMIN_POLICY = {
    **PUBLIC_POLICY,
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "connect-src": ["'self'", "https://releases.wagtail.org"],
    "frame-src": ["'self'", *PUBLIC_POLICY["frame-src"]],
}
DENIED_FEATURES = (
    "camera",
    "microphone",
    "geolocation",
    "payment",
    "usb",
    "serial",
    "hid",
    "midi",
    "display-capture",
    "browsing-topics",
    "interest-cohort",
)


def tiny_view(request):
    return HttpResponse("<!DOCTYPE html><title>Tiny</title><p>Tiny</p>")


framed_anywhere = allow_framing()(tiny_view)
framed_by_partner = allow_framing(origins=("https://partner.example", "'self'"))(tiny_view)
framed_by_own_origin = xframe_options_sameorigin(tiny_view)

urlpatterns = [
    path("tiny/", tiny_view),
    path("tiny/framed/", framed_anywhere),
    path("tiny/framed-by-partner/", framed_by_partner),
    path("tiny/same-origin/", framed_by_own_origin),
    path("", include("terang.urls")),
]


def policy(response) -> dict[str, list[str]]:
    """The Content-Security-Policy header as {directive: sources}; the directives' order is free."""
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        assert name not in directives, f"{name} twice in {header}"
        directives[name] = sources
    return directives


def permissions(response) -> dict[str, str]:
    return dict(item.strip().split("=", 1) for item in response["Permissions-Policy"].split(","))


@pytest.fixture
def member(db):
    return UserFactory()


@pytest.fixture
def moderator(db):
    return ModeratorFactory()


@pytest.fixture
def story(home):
    story = StoryPageFactory(title="Keripik tempe Bu Ratna")
    story.refresh_from_db()
    return story


# The site's pages ------------------------------------------------------------------------------


def test_public_page__strict_policy_deny_framing_permissions_policy(client, story):
    response = client.get(story.url)

    assert response.status_code == 200
    assert policy(response) == PUBLIC_POLICY
    assert response["X-Frame-Options"] == "DENY"
    assert all(permissions(response)[feature] == "()" for feature in DENIED_FEATURES)


def test_member_page__same_strict_policy(client, member, home):
    client.force_login(member)
    response = client.get("/me/")

    assert response.status_code == 200
    assert policy(response) == PUBLIC_POLICY
    assert response["X-Frame-Options"] == "DENY"
    assert "Permissions-Policy" in response


def test_search_api__strict_policy_on_json_too(client, story):
    response = client.get("/api/search/", {"q": "keripik"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert policy(response) == PUBLIC_POLICY
    assert response["X-Frame-Options"] == "DENY"
    assert permissions(response)["camera"] == "()"


def test_csrf_failure__site_page_without_django_inline_style(member, home):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    response = client.post("/me/delete/", {})

    assert response.status_code == 403
    assert policy(response) == PUBLIC_POLICY
    html = response.content.decode()
    assert "<style" not in html
    assert 'href="/static/css/terang.css"' in html


def test_email_change_with_a_pending_address__hidden_form_without_inline_style(client, home):
    member = UserFactory(email="sari@example.com")
    EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)
    EmailAddress.objects.create(user=member, email="sari.baru@example.com", verified=False)
    client.force_login(member)
    response = client.get("/accounts/email/")

    assert response.status_code == 200
    assert policy(response) == PUBLIC_POLICY
    html = response.content.decode()
    assert re.search(r'<form hidden\s+id="pending-email"', html)
    assert "sari.baru@example.com" in html
    assert " style=" not in html


# The Wagtail admin -----------------------------------------------------------------------------


def test_admin_login__anonymous__strict_site_policy(client, home):
    # The admin's login address leads to the site's login page: both answers are the site's.
    redirect = client.get("/admin/login/")
    response = client.get(redirect["Location"])

    assert redirect.status_code == 302
    assert policy(redirect) == PUBLIC_POLICY
    assert response.status_code == 200
    assert policy(response) == PUBLIC_POLICY
    assert response["X-Frame-Options"] == "DENY"
    assert permissions(response)["microphone"] == "()"


def test_admin__moderator__admin_policy_still_unframeable(client, moderator, home, staff_login):
    staff_login(client, moderator)
    response = client.get("/admin/")

    assert response.status_code == 200
    assert policy(response) == ADMIN_POLICY
    assert response["X-Frame-Options"] == "DENY"
    assert permissions(response)["geolocation"] == "()"


def test_admin__member_without_admin_access__strict_site_policy(client, member, home):
    client.force_login(member)
    response = client.get("/admin/")

    assert response.status_code in (302, 403)
    assert policy(response) == PUBLIC_POLICY


def test_admin_preview_panel__framed_by_the_admin_only__admin_policy(client, home, staff_login):
    admin = UserFactory(is_superuser=True)
    story = StoryPageFactory()
    staff_login(client, admin)
    response = client.get(f"/admin/pages/{story.pk}/edit/preview/", {"in_preview_panel": "true"})

    assert response.status_code == 200
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert policy(response) == {**ADMIN_POLICY, "frame-ancestors": ["'self'"]}


def test_admin_draft_view__the_page_rendered_inside_wagtail__still_admin_policy(
    client, home, staff_login
):
    # Wagtail renders the page through the middleware again, with a dummy request for its public
    # URL; that inner pass must not decide the policy.
    admin = UserFactory(is_superuser=True)
    story = StoryPageFactory()
    staff_login(client, admin)
    response = client.get(f"/admin/pages/{story.pk}/view_draft/")

    assert response.status_code == 200
    assert story.title in response.content.decode()
    assert policy(response) == ADMIN_POLICY
    assert response["X-Frame-Options"] == "DENY"


# Framing ---------------------------------------------------------------------------------------


@pytest.mark.urls(__name__)
def test_allow_framing__any_site__no_x_frame_options_and_frame_ancestors_star(client, db):
    response = client.get("/tiny/framed/")

    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    assert policy(response) == {**PUBLIC_POLICY, "frame-ancestors": ["*"]}
    assert "Permissions-Policy" in response


@pytest.mark.urls(__name__)
def test_allow_framing__named_origins__only_those(client, db):
    response = client.get("/tiny/framed-by-partner/")

    assert "X-Frame-Options" not in response
    assert policy(response)["frame-ancestors"] == ["https://partner.example", "'self'"]


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("url", ["/tiny/", "/", "/search/", "/api/search/", "/no-such-page/"])
def test_every_other_view__deny_and_frame_ancestors_none(client, home, url):
    response = client.get(url)

    assert response["X-Frame-Options"] == "DENY"
    assert policy(response)["frame-ancestors"] == ["'none'"]


@pytest.mark.urls(__name__)
def test_sameorigin_view__frame_ancestors_self_to_match(client, db):
    response = client.get("/tiny/same-origin/")

    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert policy(response)["frame-ancestors"] == ["'self'"]


@pytest.mark.parametrize(
    ("origins", "error"),
    [
        ("https://partner.example", TypeError),
        ((), ValueError),
        (("https://partner.example; script-src *",), ValueError),
        (("partner.example/embed",), ValueError),
        (("'none'",), ValueError),
    ],
)
def test_allow_framing__not_a_list_of_sources__refused_at_import_time(origins, error):
    with pytest.raises(error):
        allow_framing(origins=origins)


# Production ------------------------------------------------------------------------------------


def test_production__same_policies_and_middleware():
    settings = production_settings(COMPLETE_ENV)

    assert settings["CONTENT_SECURITY_POLICY"]["DIRECTIVES"] == PUBLIC_POLICY
    assert settings["ADMIN_CONTENT_SECURITY_POLICY"]["DIRECTIVES"] == ADMIN_POLICY
    assert "terang.security.ContentSecurityPolicyMiddleware" in settings["MIDDLEWARE"]
    assert "django_permissions_policy.PermissionsPolicyMiddleware" in settings["MIDDLEWARE"]
    assert settings["X_FRAME_OPTIONS"] == "DENY"
    assert settings["PERMISSIONS_POLICY"]["camera"] == []


@pytest.mark.parametrize(
    "environ",
    [
        pytest.param({}, id="path-style endpoint"),
        pytest.param({"S3_ADDRESSING_STYLE": "virtual"}, id="virtual-host endpoint"),
        pytest.param({"S3_ENDPOINT_URL": ""}, id="aws"),
        pytest.param({"S3_ENDPOINT_URL": "", "S3_ADDRESSING_STYLE": "virtual"}, id="aws virtual"),
        pytest.param({"S3_MEDIA_CUSTOM_DOMAIN": "media.terang.id"}, id="custom domain"),
    ],
)
def test_production__s3_media__both_policies_allow_images_from_where_their_urls_point(environ):
    settings = production_settings({**COMPLETE_ENV, **S3_ENV, **environ})
    with pytest.MonkeyPatch.context() as patch:
        for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
            patch.setenv(name, S3_ENV[name])
        url = urlsplit(storage_from(settings["STORAGES"]["default"]).url("images/photo.jpg"))
    origin = f"{url.scheme}://{url.netloc}"

    assert origin != "://"
    for name, expected in (
        ("CONTENT_SECURITY_POLICY", PUBLIC_POLICY),
        ("ADMIN_CONTENT_SECURITY_POLICY", ADMIN_POLICY),
    ):
        assert settings[name]["DIRECTIVES"]["img-src"] == [*expected["img-src"], origin]


def test_production__media_url_on_another_host__allowed_for_images():
    settings = production_settings({**COMPLETE_ENV, "MEDIA_URL": "https://media.terang.id/media/"})

    assert settings["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["img-src"] == [
        "'self'",
        "data:",
        "https://media.terang.id",
    ]


# The templates and scripts the site serves -----------------------------------------------------

INLINE = {
    # A JSON-LD data block (templates/reach/head.html) is never executed, so no policy blocks it.
    "inline <script>": re.compile(
        r"<script(?![^>]*\b(?:src=|type=\"application/ld\+json\"))[^>]*>", re.IGNORECASE
    ),
    "<style> element": re.compile(r"<style\b", re.IGNORECASE),
    "style attribute": re.compile(r"\sstyle\s*=", re.IGNORECASE),
    "event handler attribute": re.compile(r"\son[a-z]+\s*=", re.IGNORECASE),
    "javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
}
SCRIPT_INLINE = {
    "javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
    "inline style set as text": re.compile(r"setAttribute\(\s*[\"']style|\.style\.cssText|style="),
    "event handler set as text": re.compile(r"setAttribute\(\s*[\"']on[a-z]+"),
    "inline markup": re.compile(r"innerHTML|insertAdjacentHTML|document\.write"),
    "eval": re.compile(r"\beval\(|new Function\("),
}


def _findings(paths, patterns):
    found = []
    for file in paths:
        text = file.read_text(encoding="utf-8")
        for what, pattern in patterns.items():
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{file.relative_to(REPO)}:{line}: {what}")
    return found


def _served_by_the_site(path: str) -> bool:
    # The admin's own panels (templates/stories/admin/) render under the admin's policy; e-mail
    # bodies (…/email/…) are read in mail programs, which keep only inline styles, never in a page.
    return "stories/admin" not in path and "email/" not in path


def test_site_templates__nothing_inline_that_the_policy_blocks():
    templates = [
        file
        for file in (REPO / "templates").rglob("*.html")
        if _served_by_the_site(file.relative_to(REPO / "templates").as_posix())
    ]

    assert len(templates) > 30
    assert _findings(templates, INLINE) == []


def test_site_scripts__nothing_inline_that_the_policy_blocks():
    scripts = list((REPO / "static").rglob("*.js"))

    assert scripts
    assert _findings(scripts, SCRIPT_INLINE) == []
