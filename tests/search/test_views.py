import pytest
from wagtail.rich_text import RichText

from tests.factories import StoryPageFactory, publish_reviewed

pytestmark = pytest.mark.django_db


def _story(title, summary="", industries=("health-wellness",)):
    story = StoryPageFactory(title=title, summary=summary or title, industries=list(industries))
    return story


def test_search_page__shows_hits_facets_and_marked_snippets(client, story_index):
    _story("Katering kopi", "Kopi susu dari dapur rumah.", industries=["food-beverage"])
    _story("Batik tulis", "Batik dan kopi.", industries=["fashion-textiles"])
    response = client.get("/search/", {"q": "kopi", "industry": "food-beverage"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Katering kopi" in body and "Batik tulis" not in body
    assert "<mark>Kopi</mark> susu" in body
    facets = {i.slug: (i.story_count, i.selected) for i in response.context["industries"]}
    assert facets["food-beverage"] == (1, True)
    assert facets["fashion-textiles"] == (1, False)
    assert 'name="industry" value="food-beverage" checked' in body


def test_search_page__snippet_is_escaped_once_and_only_mark_is_markup(client, story_index):
    story = StoryPageFactory(title="Kartun lama", summary="Kartun <i>lama</i>")
    story.body = [("paragraph", RichText('<p data-block-key="k1">Tom &amp; Jerry &gt; others</p>'))]
    publish_reviewed(story)
    body = client.get("/search/", {"q": "Jerry"}).content.decode()
    assert "Kartun &lt;i&gt;lama&lt;/i&gt; Tom &amp; <mark>Jerry</mark> &gt; others" in body
    assert "&amp;amp;" not in body and "<i>" not in body


def test_search_page__empty_state_is_helpful(client, story_index):
    client.cookies["django_language"] = "en"
    response = client.get("/search/", {"q": "tidakadakatasepertiini"})
    assert response.status_code == 200
    assert "No published story matches this search." in response.content.decode()


def test_search_page__bad_parameter__400_page_with_message_and_query_kept(client, story_index):
    client.cookies["django_language"] = "en"
    response = client.get("/search/", {"q": "kopi", "page": "abc"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "page must be a whole number" in body
    assert 'value="kopi"' in body


def test_search_page__in_english(client, story_index):
    client.post("/i18n/setlang/", {"language": "en", "next": "/search/"})
    _story("Kopi", industries=["food-beverage"])
    body = client.get("/search/", {"q": "kopi"}).content.decode()
    assert "Food &amp; beverage" in body
    client.post("/i18n/setlang/", {"language": "id", "next": "/search/"})
    body = client.get("/search/", {"q": "kopi"}).content.decode()
    assert "Makanan &amp; minuman" in body


def test_story_index__industry_counts_come_from_the_search_facets(client, story_index):
    _story("Kopi", industries=["food-beverage", "agriculture-fisheries"])
    _story("Teh", industries=["food-beverage"])
    response = client.get("/stories/", {"industry": "agriculture-fisheries"})
    assert [s.title for s in response.context["stories"]] == ["Kopi"]
    counts = {i.slug: i.story_count for i in response.context["industries"]}
    assert counts["food-beverage"] == 2 and counts["agriculture-fisheries"] == 1
