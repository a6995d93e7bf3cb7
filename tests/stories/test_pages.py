import pytest
from wagtail.models import Page

from stories.choices import Verification
from stories.models import Industry, StoryPage
from tests.factories import (
    OrganizationFactory,
    StoryPageFactory,
    TransparencyClaimFactory,
)

pytestmark = pytest.mark.django_db


def test_home_page__lists_verified_stories_and_industry_counts(client, story_index):
    StoryPageFactory(title="Katering sehat Jane", industries=["food-beverage"])
    response = client.get("/")
    assert response.status_code == 200
    assert "Katering sehat Jane" in response.content.decode()
    food = next(i for i in response.context["industries"] if i.slug == "food-beverage")
    assert food.story_count == 1


def test_story_page__published__renders_with_transparency_report(client, story_index):
    claim = TransparencyClaimFactory(page=StoryPageFactory(title="Jane dan kelas kebugaran"))
    response = client.get(claim.page.url)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Jane dan kelas kebugaran" in body
    assert claim.statement in body
    assert "Rekening koran 12 bulan" in body


def test_story_page__draft__is_404_for_the_public(client, story_index):
    story = StoryPageFactory(title="Draf rahasia")
    story.unpublish()
    response = client.get(story.url or f"/stories/{story.slug}/")
    assert response.status_code == 404
    assert "Draf rahasia" not in response.content.decode()


def test_story_index__lists_newest_first_and_hides_drafts(client, story_index):
    older = StoryPageFactory(title="Cerita lama")
    newer = StoryPageFactory(title="Cerita baru")
    draft = StoryPageFactory(title="Cerita draf")
    draft.unpublish()
    response = client.get("/stories/")
    titles = [s.title for s in response.context["stories"]]
    assert titles == [newer.title, older.title]


def test_story_index__industry_filter(client, story_index):
    StoryPageFactory(title="Ikan", industries=["agriculture-fisheries"])
    StoryPageFactory(title="Batik", industries=["fashion-textiles"])
    response = client.get("/stories/?industry=fashion-textiles")
    assert [s.title for s in response.context["stories"]] == ["Batik"]


def test_industry_page__stable_url_lists_its_stories(client, story_index):
    StoryPageFactory(title="Ikan", industries=["agriculture-fisheries"])
    StoryPageFactory(title="Batik", industries=["fashion-textiles"])
    response = client.get("/stories/industry/agriculture-fisheries/")
    assert response.status_code == 200
    assert [s.title for s in response.context["stories"]] == ["Ikan"]


def test_industry_page__unknown_slug_is_404(client, story_index):
    assert client.get("/stories/industry/no-such-industry/").status_code == 404


def test_story_index__bad_page_number_gives_last_page_not_error(client, story_index):
    StoryPageFactory()
    assert client.get("/stories/?page=abc").status_code == 200
    assert client.get("/stories/?page=99999").status_code == 200


def test_organization_page__lists_its_published_stories(client, story_index):
    org = OrganizationFactory(name="Best Corporation")
    StoryPageFactory(
        title="Tumbuh karena transparan", organization=org, subject_kind="organization"
    )
    response = client.get(org.get_absolute_url())
    assert response.status_code == 200
    assert "Tumbuh karena transparan" in response.content.decode()


def test_story_page__report_comes_from_the_review_of_the_live_version__never_by_hand(
    story_index,
):
    story = StoryPageFactory(verification=Verification.REVIEWED)
    story.verification = Verification.VERIFIED
    story.report_note = "Written by hand"
    story.save()
    story.refresh_from_db()
    assert story.verification == Verification.REVIEWED
    assert story.report_note == ""
    assert story.reviewed_at == story.live_review().reviewed_at


def test_language_switcher__switches_the_interface_language(client, story_index):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/stories/"})
    assert response.status_code == 302
    assert client.get("/stories/").content.decode().count('<html lang="en">') == 1
    client.post("/i18n/setlang/", {"language": "id", "next": "/stories/"})
    assert client.get("/stories/").content.decode().count('<html lang="id">') == 1


def test_site_tree__is_built_once(home):
    from stories.site_tree import ensure_site_tree

    assert ensure_site_tree().pk == home.pk
    assert Page.objects.filter(depth=2).count() == 1
    assert StoryPage.parent_page_types == ["stories.StoryIndexPage"]


def test_curated_industries__seeded_with_both_names():
    assert Industry.objects.count() == 14
    health = Industry.objects.get(slug="health-wellness")
    assert (health.name, health.name_id) == ("Health & wellness", "Kesehatan & kebugaran")
    assert list(Industry.objects.matching("KESEHATAN & KEBUGARAN")) == [health]
    assert list(Industry.objects.matching("health & wellness")) == [health]
