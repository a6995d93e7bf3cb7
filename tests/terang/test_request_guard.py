"""A NUL in the path or query string is refused with 400 on every route, before the database sees
it (PostgreSQL cannot hold NUL in text): terang.request_guard."""

import pytest

pytestmark = pytest.mark.django_db

ROUTES = [
    "/",
    "/stories/",
    "/search/",
    "/feeds/stories.rss",
    "/sitemap.xml",
    "/accounts/login/",
    "/admin/",
]


def get(client, url, language):
    client.cookies["django_language"] = language
    return client.get(url)


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("query", ["q=%00", "industry=a%00b", "x%00y=1", "q=ok&q=%00"])
def test_nul_in_the_query_string__400_page_in_the_readers_language(
    client, story_index, route, query
):
    for language, heading in (("id", "Permintaan tidak valid"), ("en", "Bad request")):
        response = get(client, f"{route}?{query}", language)
        assert response.status_code == 400, (route, query)
        assert heading in response.content.decode()
        assert "Set-Cookie" not in response or "sessionid" not in response.cookies


@pytest.mark.parametrize("path", ["/stories/%00/", "/stories/a%00b/", "/%00", "/feeds/%00.rss"])
def test_nul_in_the_path__400(client, story_index, path):
    response = get(client, path, "en")
    assert response.status_code == 400, path


@pytest.mark.parametrize(
    "url", ["/api/search/?q=%00", "/api/search/?industry=%00", "/api/search/suggest/?q=a%00"]
)
def test_nul_on_the_api__json_error(client, story_index, url):
    response = get(client, url, "en")
    assert response.status_code == 400
    assert response.json() == {"error": "The address contains a character that is not allowed."}


def test_a_plain_query_is_untouched(client, story_index):
    assert get(client, "/api/search/?q=jual", "en").status_code == 200
    assert get(client, "/search/?q=jual", "id").status_code == 200
