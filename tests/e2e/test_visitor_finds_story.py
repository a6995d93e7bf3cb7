import re

import pytest
from playwright.sync_api import expect

from stories.checklist import CHECKS_BY_CODE
from stories.choices import Verification
from stories.models import Industry
from tests.e2e.harness import PHONE, open_menu, translated
from tests.factories import StoryPageFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _published(title, summary, industry):
    story = StoryPageFactory(
        title=title,
        summary=summary,
        industries=[industry],
        verification=Verification.VERIFIED,
        material_connection="Tidak ada.",
    )
    story.refresh_from_db()
    return story


def test_visitor_in_indonesian_finds_story_by_word_and_industry(journey, search_engine):
    story = _published(
        "Keripik tempe Bu Ratna sampai ke Surabaya",
        "Keripik tempe buatan rumah, dijual lewat warung dan pesanan daring.",
        "food-beverage",
    )
    other = _published(
        "Kemasan anyaman untuk keripik oleh-oleh",
        "Perajin pandan membuat kemasan anyaman untuk keripik dan kue kering.",
        "crafts-creative",
    )
    food = Industry.objects.get(slug="food-beverage")
    id_ = "id"

    visitor = journey.person(viewport=PHONE, locale="en-US")
    visitor.goto("/")
    expect(visitor.locator("html")).to_have_attribute("lang", "en")
    journey.checkpoint(visitor, "home page in English")

    open_menu(visitor)
    visitor.locator(".language-switcher").get_by_role("link", name=re.compile(r"^ID\b")).click()
    expect(visitor.locator("html")).to_have_attribute("lang", id_)
    journey.checkpoint(visitor, "home page in Indonesian")

    header = visitor.get_by_role("banner")
    header.get_by_role("link", name=translated(id_, "Search"), exact=True).click()
    expect(visitor.locator("html")).to_have_attribute("lang", id_)
    journey.checkpoint(visitor, "search page")

    visitor.get_by_label(translated(id_, "What are you looking for?")).fill("keripik")
    visitor.get_by_role("button", name=translated(id_, "Search"), exact=True).click()
    results = visitor.locator(".search-result")
    expect(results).to_have_count(2)
    journey.checkpoint(visitor, "results for a word")

    # On a phone the industries wait in a closed panel; a ticked one applies at once.
    visitor.locator("details.facets > summary").click()
    facet = visitor.locator(".facet").filter(has_text=food.name_id)
    expect(facet).to_have_count(1)
    expect(facet.locator(".count [aria-hidden]")).to_have_text("1")
    facet.get_by_role("checkbox").check()
    expect(results).to_have_count(1)
    expect(results.first).to_contain_text(story.title)
    expect(visitor.get_by_text(other.title)).to_have_count(0)
    expect(visitor.locator(".facet input:checked")).to_have_count(1)
    journey.checkpoint(visitor, "results in one industry")

    results.first.get_by_role("link", name=story.title).click()
    expect(visitor).to_have_url(re.compile(re.escape(story.url) + "$"))
    expect(visitor.get_by_role("heading", level=1)).to_have_text(story.title)
    expect(visitor.locator(".story__header .badge--verified")).to_be_visible()
    report = visitor.locator(".transparency-report")
    expect(
        report.get_by_role("heading", name=translated(id_, "Transparency report"))
    ).to_be_visible()
    expect(report.locator(".report-status--verified")).to_be_visible()
    expect(report.locator(".checks li.check--passed")).to_have_count(len(CHECKS_BY_CODE))
    journey.checkpoint(visitor, "story with its transparency report")

    answer = visitor.request.get("/api/search/", params={"q": "keripik", "industry": food.slug})
    assert answer.ok
    assert answer.json()["engine"] == search_engine
    assert [r["id"] for r in answer.json()["results"]] == [story.pk]

    journey.finish()
