"""The language switcher: plain links to a GET view that sets the language cookie and goes back."""

import re

import pytest

pytestmark = pytest.mark.django_db


def test_switch__sets_the_language_cookie_and_returns_to_the_page(client, story_index):
    response = client.get("/i18n/switch/en/", {"next": "/stories/?page=2&industry=technology"})
    assert response.status_code == 302
    assert response["Location"] == "/stories/?page=2&industry=technology"
    cookie = response.cookies["django_language"]
    assert cookie.value == "en"
    assert cookie["samesite"] == "Lax" or cookie["samesite"] == ""
    assert "no-store" in response["Cache-Control"]
    assert b'<html lang="en">' in client.get("/stories/").content
    client.get("/i18n/switch/id/", {"next": "/stories/"})
    assert b'<html lang="id">' in client.get("/stories/").content


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "\\\\evil.example",
        "javascript:alert(1)",
        "stories/",
        "",
        "http://testserver/stories/",
    ],
)
def test_switch__next_elsewhere__goes_home(client, target):
    response = client.get("/i18n/switch/en/", {"next": target})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert response.cookies["django_language"].value == "en"


def test_switch__unknown_language__404_and_no_cookie(client):
    response = client.get("/i18n/switch/fr/", {"next": "/"})
    assert response.status_code == 404
    assert "django_language" not in response.cookies


def test_switch__post__refused(client):
    assert client.post("/i18n/switch/en/", {"next": "/"}).status_code == 405


def test_djangos_set_language__still_works(client, story_index):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/stories/"})
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "en"


def test_switcher__links_with_the_current_language_marked_and_no_form(client, story_index):
    client.cookies["django_language"] = "en"
    body = client.get("/stories/?page=1&industry=food-beverage").content.decode()
    switcher = re.search(r'<nav class="language-switcher".*?</nav>', body, re.S).group(0)
    assert "<form" not in switcher and "csrf" not in switcher
    links = re.findall(r"<a [^>]*>", switcher)
    assert len(links) == 2
    (indonesian,) = [link for link in links if 'hreflang="id"' in link]
    (english,) = [link for link in links if 'hreflang="en"' in link]
    assert 'aria-current="true"' in english and "aria-current" not in indonesian
    assert (
        'href="/i18n/switch/id/?next=%2Fstories%2F%3Fpage%3D1%26industry%3Dfood-beverage"'
        in indonesian
    )
