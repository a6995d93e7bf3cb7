"""The live verified badge: it says what Terang shows about the organisation on every fetch."""

import pytest
from django.conf import settings

from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

BADGE = "/embed/badge.svg"


def badge(client, **query):
    return client.get(BADGE, {"organisation": "sehat-sejahtera", "language": "en", **query})


def state(response) -> str:
    text = response.content.decode()
    return text.split('data-state="', 1)[1].split('"', 1)[0]


def test_badge__verified_organisation_with_a_live_story(client, story):
    response = badge(client)

    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    assert response["Cache-Control"] == "public, max-age=300"
    text = response.content.decode()
    assert state(response) == "verified"
    assert "Verified on Terang" in text
    assert "PT Sehat Sejahtera" in text
    assert f'href="{settings.SITE_URL}/organisations/sehat-sejahtera/"' in text
    assert not response.cookies


def test_badge__withdrawn_verification_shows_on_the_next_fetch(client, story, organization):
    assert state(badge(client)) == "verified"

    organization.verified = False
    organization.save()

    response = badge(client)
    assert state(response) == "not-verified"
    assert "Not verified by Terang" in response.content.decode()
    assert "Verified on Terang" not in response.content.decode()


def test_badge__stories_taken_off_the_site_show_on_the_next_fetch(client, story):
    assert state(badge(client)) == "verified"

    story.unpublish()

    response = badge(client)
    assert state(response) == "no-stories"
    assert "No verified story on Terang now" in response.content.decode()


def test_badge__an_organisation_never_verified(client, story_index):
    OrganizationFactory(name="Belum Dicek", slug="belum-dicek")

    assert state(badge(client, organisation="belum-dicek")) == "not-verified"


def test_badge__light_and_dark_in_both_languages(client, story):
    light = badge(client, theme="light").content.decode()
    dark = badge(client, theme="dark").content.decode()
    indonesian = badge(client, language="id")

    assert 'fill="#ffffff"' in light and 'fill="#151b1a"' not in light
    assert 'fill="#151b1a"' in dark
    assert 'lang="id"' in indonesian.content.decode()
    assert "Verified on Terang" not in indonesian.content.decode()
    assert indonesian["Content-Language"] == "id"


def test_badge__reads_two_rows(client, story, django_assert_num_queries):
    with django_assert_num_queries(3):
        badge(client)


@pytest.mark.parametrize(
    "query",
    [
        {"organisation": "nobody"},
        {"organisation": ""},
        {"organisation": "sehat\x00sejahtera"},
        {"theme": "neon"},
        {"language": "xx"},
        {"size": "big"},
    ],
)
def test_badge__bad_parameters__400(client, story, query):
    assert badge(client, **query).status_code == 400


def test_badge__without_an_organisation__400(client, story):
    assert client.get(BADGE).status_code == 400
