"""The story index and industry pages use the search page's facets: a panel of industries with
their counts, removable chips, and page links that keep the filters."""

from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup

from stories.models import StoryIndexPage
from tests.factories import StoryPageFactory

pytestmark = pytest.mark.django_db

FOOD, FARM, CRAFT = "food-beverage", "agriculture-fisheries", "crafts-creative"


def _page(client, path, params=None) -> BeautifulSoup:
    response = client.get(path, params or {})
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def _chip_links(page: BeautifulSoup) -> dict[str, str]:
    found = {}
    for chip in page.select("a.chip"):
        chip.select_one(".visually-hidden").extract()
        chip.select_one(".chip__remove").extract()
        found[chip.get_text(strip=True)] = chip["href"]
    return found


def test_index__facets_have_exact_counts_and_tick_the_filters_in_use(client, story_index):
    StoryPageFactory(title="Kopi", industries=[FOOD, FARM])
    StoryPageFactory(title="Teh", industries=[FOOD])
    StoryPageFactory(title="Draf", industries=[CRAFT], verification="")
    page = _page(client, "/stories/", {"industry": [FARM, CRAFT]})
    counts = {
        box["value"]: int(
            page.select_one(f'[data-facets-region="count-{box["value"]}"] [aria-hidden]').text
        )
        for box in page.select(".facet input[name=industry]")
    }
    assert (counts[FOOD], counts[FARM], counts[CRAFT]) == (2, 1, 0)
    assert sorted(box["value"] for box in page.select(".facet input:checked")) == sorted(
        [CRAFT, FARM]
    )
    assert [a.text for a in page.select(".story-card__title a")] == ["Kopi"]
    panel = page.select_one("details.facets")
    assert not panel.has_attr("open")
    assert page.select_one("form#listing-form")["action"] == "/stories/"


def test_index__each_chip_removes_its_industry_and_keeps_the_others(client, story_index):
    page = _page(client, "/stories/", {"industry": [FOOD, FARM, "no-such"], "page": "1"})
    links = _chip_links(page)
    assert set(links) == {"Food & beverage", "Agriculture & fisheries", "no-such"}
    remaining = {
        name: sorted(parse_qs(urlsplit(href).query).get("industry", []))
        for name, href in links.items()
    }
    assert remaining == {
        "Food & beverage": sorted([FARM, "no-such"]),
        "Agriculture & fisheries": sorted([FOOD, "no-such"]),
        "no-such": sorted([FOOD, FARM]),
    }
    assert all("page" not in parse_qs(urlsplit(href).query) for href in links.values())
    single = _chip_links(_page(client, "/stories/", {"industry": FOOD}))
    assert single == {"Food & beverage": "/stories/"}


def test_index__no_filter__no_chip(client, story_index):
    assert _page(client, "/stories/").select("a.chip") == []


def test_index__page_links_keep_the_industries(client, story_index):
    for n in range(StoryIndexPage.LISTING_PAGE_SIZE + 1):
        StoryPageFactory(title=f"Cerita {n}", industries=[FOOD if n % 2 else FARM])
    StoryPageFactory(title="Lain", industries=[CRAFT])
    page = _page(client, "/stories/", {"industry": [FOOD, FARM]})
    following = page.select_one('.pagination a[rel="next"]')["href"]
    assert parse_qs(urlsplit(following).query) == {"industry": [FOOD, FARM], "page": ["2"]}
    second = _page(client, "/stories/", parse_qs(urlsplit(following).query))
    assert len(second.select(".story-card")) == 1
    assert "Lain" not in second.text


def test_industry_page__its_chip_leads_to_every_story_and_the_panel_to_the_index(
    client, story_index
):
    StoryPageFactory(title="Kopi", industries=[FOOD])
    page = _page(client, f"/stories/industry/{FOOD}/")
    assert _chip_links(page) == {"Food & beverage": "/stories/"}
    assert [box["value"] for box in page.select(".facet input:checked")] == [FOOD]
    assert page.select_one("form#listing-form")["action"] == "/stories/"
    assert page.select_one('[data-facets-region="heading"] h1').text == "Food & beverage"
