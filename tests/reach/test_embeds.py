"""The wall of love (/embed/wall/ and the script that inserts it) and story collections."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from community.models import OrganizationMembership
from reach.models import StoryCollection, StoryCollectionItem
from reach.permissions import collection_policy
from stories.choices import Verification
from stories.permissions import MODERATORS_GROUP
from tests.factories import OrganizationFactory, StoryPageFactory, UserFactory
from tests.reach.conftest import LIVE_SUMMARY, LIVE_TITLE, assert_no_draft

pytestmark = pytest.mark.django_db

WALL = "/embed/wall/"


@pytest.fixture
def others(story_index, organization):
    """Another organisation's English story, a "reviewed" one, and one taken off the site."""
    english = StoryPageFactory(
        title="Selling batik online",
        subject_name="Budi",
        language="en",
        organization=OrganizationFactory(name="Batik Co", slug="batik-co"),
        industries=["fashion-textiles"],
    )
    reviewed = StoryPageFactory(
        title="Hanya ditinjau",
        organization=organization,
        verification=Verification.REVIEWED,
        industries=["food-beverage"],
    )
    offline = StoryPageFactory(title="Sudah diturunkan", organization=organization)
    offline.unpublish()
    return {"english": english, "reviewed": reviewed, "offline": offline}


def card_titles(response) -> list[str]:
    import re

    return re.findall(
        r'class="wall-card__title"[^>]*><a [^>]*>([^<]+)</a>', response.content.decode()
    )


def test_wall__organisation__live_reviewed_versions_with_teller_tier_industry_and_links(
    client, story, others
):
    response = client.get(WALL, {"organisation": "sehat-sejahtera", "language": "en"})

    assert response.status_code == 200
    text = response.content.decode()
    assert card_titles(response) == ["Hanya ditinjau", LIVE_TITLE]
    assert LIVE_SUMMARY in text and "Siti Rahma" in text
    assert "Food &amp; beverage" in text
    assert "✓ </span>Verified" in text and ">Reviewed<" in text
    assert f'href="{settings.SITE_URL}{story.url}"' in text
    assert f'href="{settings.SITE_URL}{story.url}#transparency-report"' in text
    assert_no_draft(text)
    assert "Sudah diturunkan" not in text and "Selling batik online" not in text


def test_wall__both_languages_by_parameter(client, story):
    english = client.get(WALL, {"organisation": "sehat-sejahtera", "language": "en"})
    indonesian = client.get(WALL, {"organisation": "sehat-sejahtera", "language": "id"})

    assert '<html lang="en"' in english.content.decode()
    assert "Read the story" in english.content.decode()
    assert english["Content-Language"] == "en"
    assert '<html lang="id"' in indonesian.content.decode()
    assert "Makanan &amp; minuman" in indonesian.content.decode()
    assert "Read the story" not in indonesian.content.decode()
    assert indonesian["Content-Language"] == "id"


def test_wall__industry_and_single_story(client, story, others):
    industry = client.get(WALL, {"industry": "fashion-textiles"})
    single = client.get(WALL, {"story": str(story.pk)})

    assert card_titles(industry) == ["Selling batik online"]
    assert card_titles(single) == [LIVE_TITLE]
    assert_no_draft(single.content.decode())


def test_wall__collection__in_its_order_and_only_live_stories(client, story, others):
    collection = StoryCollection.objects.create(title="Pilihan kami", slug="pilihan")
    for story_page in (others["english"], others["offline"], story):
        StoryCollectionItem.objects.create(collection=collection, story=story_page)

    response = client.get(WALL, {"collection": "pilihan", "theme": "dark"})

    assert response.status_code == 200
    assert card_titles(response) == ["Selling batik online", LIVE_TITLE]
    assert 'class="embed embed--dark"' in response.content.decode()
    assert_no_draft(response.content.decode())


def test_wall__a_story_taken_off_the_site_leaves_the_wall(client, story):
    assert card_titles(client.get(WALL, {"organisation": "sehat-sejahtera"})) == [LIVE_TITLE]

    story.unpublish()

    assert card_titles(client.get(WALL, {"organisation": "sehat-sejahtera"})) == []
    assert client.get(WALL, {"story": str(story.pk)}).status_code == 400


def test_wall__only_embeds_may_be_framed(client, story):
    wall = client.get(WALL, {"organisation": "sehat-sejahtera"})
    page = client.get(story.url)

    assert "X-Frame-Options" not in wall
    assert "frame-ancestors *" in wall["Content-Security-Policy"]
    assert page["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in page["Content-Security-Policy"]


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"organisation": "sehat-sejahtera", "industry": "food-beverage"},
        {"organisation": "nobody"},
        {"industry": "no-such-industry"},
        {"collection": "no-such-collection"},
        {"story": "999999"},
        {"story": "abc"},
        {"organisation": "sehat\x00sejahtera"},
        {"organisation": "x" * 300},
        {"organisation": "sehat-sejahtera", "limit": "0"},
        {"organisation": "sehat-sejahtera", "limit": "25"},
        {"organisation": "sehat-sejahtera", "limit": "9" * 40},
        {"organisation": "sehat-sejahtera", "limit": "1\x00"},
        {"organisation": "sehat-sejahtera", "language": "fr"},
        {"organisation": "sehat-sejahtera", "theme": "pink"},
        {"organisation": "sehat-sejahtera", "colour": "red"},
    ],
)
def test_wall__bad_parameters__400_with_a_message(client, story, query):
    response = client.get(WALL, query)

    assert response.status_code == 400
    assert response.content
    assert not response.cookies


def test_wall__repeated_parameter__400(client, story):
    response = client.get(f"{WALL}?organisation=sehat-sejahtera&organisation=sehat-sejahtera")

    assert response.status_code == 400


def test_wall__the_message_in_the_readers_language(client, story):
    client.cookies["django_language"] = "en"
    english = client.get(WALL, {"organisation": "nobody"}).content.decode()
    client.cookies["django_language"] = "id"
    indonesian = client.get(WALL, {"organisation": "nobody"}).content.decode()

    assert english == "No organisation has that slug."
    assert indonesian != english


def test_wall__queries_do_not_grow_with_the_cards(
    client, story, organization, django_assert_num_queries
):
    for number in range(5):
        StoryPageFactory(title=f"Kisah {number}", organization=organization)

    with django_assert_num_queries(4):
        response = client.get(WALL, {"organisation": "sehat-sejahtera"})

    assert len(card_titles(response)) == 6


def test_script__inserts_the_frame_from_its_own_origin_and_sets_no_cookie(client, story):
    response = client.get("/embed/wall.js")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    script = response.content.decode()
    assert "new URL(script.src).origin" in script
    assert '"/embed/wall/"' in script
    assert '"organisation"' in script and '"collection"' in script
    assert "terang:height" in script
    assert not response.cookies


def test_embed_routes__set_no_cookies_for_a_reader_with_a_language_cookie(client, story):
    client.cookies["django_language"] = "en"
    for url in (
        f"{WALL}?organisation=sehat-sejahtera",
        "/embed/wall.js",
        "/embed/badge.svg?organisation=sehat-sejahtera",
        f"/oembed/?url={settings.SITE_URL}{story.url}",
        f"/verify/stories/{story.pk}/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert not response.cookies, url
        assert "Set-Cookie" not in str(response.serialize_headers()), url


def test_collection__of_an_organisation__holds_only_its_stories(story, others):
    collection = StoryCollection(
        title="Dari kami", slug="dari-kami", organization=story.organization
    )
    collection.items.add(StoryCollectionItem(story=others["english"]))

    with pytest.raises(ValidationError) as refused:
        collection.full_clean()

    assert "organization" in refused.value.message_dict


def test_collection_policy__representatives_curate_their_own_organisations_collections(
    story, others
):
    own = StoryCollection.objects.create(
        title="Dari kami", slug="dari-kami", organization=story.organization
    )
    theirs = StoryCollection.objects.create(
        title="Batik", slug="batik", organization=others["english"].organization
    )
    representative = UserFactory()
    OrganizationMembership.objects.create(user=representative, organization=story.organization)

    assert collection_policy.user_has_permission_for_instance(representative, "change", own)
    assert not collection_policy.user_has_permission_for_instance(representative, "change", theirs)
    assert list(collection_policy.instances_user_has_permission_for(representative, "change")) == [
        own
    ]


def test_collection_policy__moderators_curate_every_collection_and_members_none(story):
    collection = StoryCollection.objects.create(title="Pilihan", slug="pilihan")
    moderator, member = UserFactory(), UserFactory()
    moderator.groups.add(Group.objects.get(name=MODERATORS_GROUP))

    assert collection_policy.user_has_permission_for_instance(moderator, "change", collection)
    assert collection_policy.user_has_permission(moderator, "add")
    assert not collection_policy.user_has_permission_for_instance(member, "change", collection)
    assert not collection_policy.instances_user_has_permission_for(member, "change").exists()


def test_organisation_page__shows_the_lines_that_embed_its_wall_and_badge(client, story):
    text = client.get("/organisations/sehat-sejahtera/").content.decode()

    assert '/embed/wall.js" data-organisation="sehat-sejahtera"' in text
    assert "/embed/badge.svg?organisation=sehat-sejahtera" in text


def test_story_report__links_to_its_verification_record(client, story):
    text = client.get(story.url).content.decode()

    assert f'href="/verify/stories/{story.pk}/"' in text
