"""A story's stable verification address: what was checked and when, for its live version."""

import pytest

from tests.reach.conftest import LIVE_TITLE, assert_no_draft

pytestmark = pytest.mark.django_db


def test_verification__what_was_checked_and_when(client, story):
    client.cookies["django_language"] = "en"
    response = client.get(f"/verify/stories/{story.pk}/")

    assert response.status_code == 200
    text = response.content.decode()
    assert LIVE_TITLE in text and "Siti Rahma" in text and "PT Sehat Sejahtera" in text
    assert 'data-check="income_claims" data-result="passed"' in text
    assert "Transparency review completed" in text and "Editorial approval" in text
    assert f"<dd>{story.live_revision_id}</dd>" in text
    assert_no_draft(text)
    assert response["X-Frame-Options"] == "DENY"
    assert not response.cookies


def test_verification__both_languages(client, story):
    client.cookies["django_language"] = "id"
    indonesian = client.get(f"/verify/stories/{story.pk}/").content.decode()

    assert '<html lang="id"' in indonesian
    assert "Transparency review completed" not in indonesian


def test_verification__a_story_taken_off_the_site__404_that_shows_nothing_of_it(client, story):
    story.unpublish()

    response = client.get(f"/verify/stories/{story.pk}/")

    assert response.status_code == 404
    assert LIVE_TITLE not in response.content.decode()
    assert "Siti Rahma" not in response.content.decode()


def test_verification__reads_a_few_rows(client, story, django_assert_num_queries):
    with django_assert_num_queries(5):
        client.get(f"/verify/stories/{story.pk}/")
