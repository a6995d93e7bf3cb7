"""Public pages can be cached: nothing personal in them, no cookie, a fixed number of queries.

Issue 12, "Pages that can be cached". The page cache itself (terang.page_cache) and its purges are
tested in test_page_cache.py.
"""

import pytest
from django.core.cache import caches

from tests.factories import (
    GuidePageFactory,
    OrganizationFactory,
    StoryPageFactory,
    TransparencyClaimFactory,
    uploaded_image,
)

pytestmark = pytest.mark.django_db

LANGUAGES = ("id", "en")


def build_site(count, guide_index):
    """``count`` published stories with hero images, some of an organisation, in one or two
    industries; a story with a claim; a guide in each language. Returns the public URLs."""
    organization = OrganizationFactory(verified=True)
    stories = [
        StoryPageFactory(
            title=f"Jualan kue kering {n}",
            hero_image=uploaded_image(),
            organization=organization if n % 2 else None,
            industries=["food-beverage", "health-wellness"] if n % 3 else ["food-beverage"],
        )
        for n in range(count)
    ]
    TransparencyClaimFactory(page=stories[1])
    guide = GuidePageFactory(parent=guide_index, language="id")
    GuidePageFactory(parent=guide_index, language="en")
    return {
        "home": "/",
        "stories": "/stories/",
        "industry": "/stories/industry/food-beverage/",
        "story": stories[1].url,
        "guide": guide.url,
        "learn": "/learn/",
        "search": "/search/?q=kue",
        "api": "/api/search/?q=kue",
        "organization": organization.get_absolute_url(),
    }


PAGES = (
    "home",
    "stories",
    "industry",
    "story",
    "guide",
    "learn",
    "search",
    "api",
    "organization",
)


@pytest.fixture
def public_site(story_index, guide_index):
    return build_site(3, guide_index)


def test_language_cookie_only__every_public_page_sets_no_cookie(client, public_site, settings):
    """No public page gives an anonymous reader a cookie: no csrftoken, no sessionid, nothing,
    in either language, with the page cache on (a miss, then a hit) and off."""
    for seconds in (0, 600):
        settings.TERANG_PAGE_CACHE_SECONDS = seconds
        for language in LANGUAGES:
            client.cookies.clear()
            client.cookies["django_language"] = language
            for name in PAGES:
                for _ in range(2):
                    response = client.get(public_site[name])
                    assert response.status_code == 200, name
                    assert not response.cookies, (name, language, seconds, response.cookies)
                    assert "Set-Cookie" not in response.headers
                    assert b"csrfmiddlewaretoken" not in response.content, name
                    assert f'lang="{language}"'.encode() in response.content or name == "api"


def test_no_cookie_at_all__first_visit_by_accept_language__sets_no_cookie(client, public_site):
    for name in PAGES:
        response = client.get(public_site[name], HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.8")
        assert response.status_code == 200
        assert not response.cookies, name


# Queries per page, with every process cache cold (the renditions' and Wagtail's site cache) and the
# page cache off: what a miss costs. The same at 3 and at 30 stories.
QUERIES = {
    "home": 16,
    "stories": 16,
    "industry": 17,
    "story": 21,
    "guide": 9,
    "learn": 10,
    "search": 8,
    "api": 7,
    "organization": 8,
}


@pytest.mark.parametrize("count", [3, 30])
def test_public_pages__a_fixed_number_of_queries_whatever_the_number_of_stories(
    client, story_index, guide_index, count, django_assert_num_queries
):
    urls = build_site(count, guide_index)
    for language in LANGUAGES:
        client.cookies["django_language"] = language
        for name in PAGES:
            assert client.get(urls[name]).status_code == 200
            caches["default"].clear()
            # A search (page or API) runs its translations' pass only when the typed words do not
            # fill the page (search.engines.database): its count is a ceiling, at any size.
            exact = name not in ("search", "api")
            with django_assert_num_queries(
                QUERIES[name], exact=exact, info=f"{name} in {language}"
            ):
                response = client.get(urls[name])
            assert response.status_code == 200


def test_public_pages__send_an_etag_and_answer_304_to_it(client, public_site, settings):
    for seconds in (0, 600):
        settings.TERANG_PAGE_CACHE_SECONDS = seconds
        for name in PAGES:
            response = client.get(public_site[name])
            etag = response["ETag"]
            again = client.get(public_site[name], HTTP_IF_NONE_MATCH=etag)
            assert again.status_code == 304, name
            assert again.content == b""
            assert not again.cookies
            changed = client.get(public_site[name], HTTP_IF_NONE_MATCH='"something-else"')
            assert changed.status_code == 200


def test_public_pages__carry_no_nonce_and_no_inline_script(client, public_site):
    """A cached page is as safe as a fresh one because the policy needs no nonce."""
    for name in PAGES:
        response = client.get(public_site[name])
        assert "nonce-" not in response["Content-Security-Policy"]
        assert b"nonce=" not in response.content
