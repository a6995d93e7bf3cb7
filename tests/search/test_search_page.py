"""The search page's filters: removable chips, exact facet counts, page links that keep the filters."""

from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup

from search.views import PAGE_SIZE
from tests.factories import StoryPageFactory

pytestmark = pytest.mark.django_db

FOOD, FARM, CRAFT, TECH = (
    "food-beverage",
    "agriculture-fisheries",
    "crafts-creative",
    "technology",
)


@pytest.fixture(autouse=True)
def database_engine(settings):
    settings.SEARCH_URL = ""


def _story(title, industries, summary=""):
    return StoryPageFactory(title=title, summary=summary or title, industries=industries)


def _page(client, params) -> BeautifulSoup:
    response = client.get("/search/", params)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def _chips(page: BeautifulSoup) -> dict[str, dict]:
    """Each chip's visible text (without the ×) and the parameters of its link."""
    found = {}
    for chip in page.select("a.chip"):
        chip.select_one(".visually-hidden").extract()
        chip.select_one(".chip__remove").extract()
        href = chip["href"]
        found[chip.get_text(strip=True)] = {
            "path": urlsplit(href).path,
            "params": {k: sorted(v) for k, v in parse_qs(urlsplit(href).query).items()},
        }
    return found


def _counts(page: BeautifulSoup) -> dict[str, int]:
    return {
        box["value"]: int(
            page.select_one(f'[data-facets-region="count-{box["value"]}"] [aria-hidden]').text
        )
        for box in page.select('.facet input[name="industry"]')
    }


def test_chips__each_removes_exactly_its_filter_and_keeps_the_others(client, story_index):
    _story("Kopi sawah", [FOOD, FARM])
    page = _page(
        client,
        {"q": "kopi", "industry": [FOOD, CRAFT], "sort": "newest", "translate": "0", "page": "1"},
    )
    chips = _chips(page)
    assert set(chips) == {"“kopi”", "Food & beverage", "Crafts & creative industries", "Newest"}
    everything = {"q": ["kopi"], "industry": [CRAFT, FOOD], "sort": ["newest"], "translate": ["0"]}
    # A chip never keeps the page number: fewer filters start from the first page.
    assert chips["“kopi”"]["params"] == {k: v for k, v in everything.items() if k != "q"}
    assert chips["Food & beverage"]["params"] == {**everything, "industry": [CRAFT]}
    assert chips["Crafts & creative industries"]["params"] == {**everything, "industry": [FOOD]}
    assert chips["Newest"]["params"] == {k: v for k, v in everything.items() if k != "sort"}


def test_chips__last_filter_removed__link_is_the_bare_page(client, story_index):
    chips = _chips(_page(client, {"industry": FOOD}))
    assert chips == {"Food & beverage": {"path": "/search/", "params": {}}}
    body = str(_page(client, {"industry": FOOD}).select_one("a.chip"))
    assert 'href="/search/"' in body


def test_chips__the_default_sort_and_no_query_show_no_chip(client, story_index):
    _story("Kopi", [FOOD])
    page = _page(client, {"q": "", "sort": "relevance"})
    assert page.select("a.chip") == []


def test_chips__query_text_is_escaped_in_label_and_link(client, story_index):
    typed = '<script>alert("x")</script> & kopi'
    response = client.get("/search/", {"q": typed, "industry": FOOD})
    body = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert" not in body
    page = BeautifulSoup(body, "html.parser")
    chips = _chips(page)
    assert f"“{typed}”" in chips  # shown as text, exactly as typed
    assert chips["Food & beverage"]["params"] == {"q": [typed]}
    assert "“&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; kopi”" in body


def test_chips__an_unknown_industry_gets_a_chip_with_its_own_text(client, story_index):
    page = _page(client, {"q": "kopi", "industry": ["<b>no-such</b>", FOOD]})
    chips = _chips(page)
    assert chips["<b>no-such</b>"]["params"] == {"q": ["kopi"], "industry": [FOOD]}
    assert "<b>no-such</b>" not in str(page.select_one(".chips"))


def test_chips__in_indonesian(client, story_index):
    client.cookies["django_language"] = "id"
    page = _page(client, {"q": "kopi", "industry": FOOD, "sort": "newest"})
    assert page.select_one("a.chip .visually-hidden").text.strip() == "Hapus filter:"
    assert set(_chips(page)) == {"“kopi”", "Makanan & minuman", "Terbaru"}


def test_facet_counts__exact_for_the_query_whatever_industries_are_ticked(client, story_index):
    _story("Kopi satu", [FOOD])
    _story("Kopi dua", [FOOD, FARM])
    _story("Kopi tiga", [FARM])
    _story("Anyaman kopi", [CRAFT])
    _story("Teh tanpa kata itu", [FOOD])  # does not match the query
    StoryPageFactory(title="Kopi draf", industries=[TECH], verification="")  # never published
    expected = {FOOD: 2, FARM: 2, CRAFT: 1, TECH: 0}
    for ticked in ([], [FOOD], [FOOD, CRAFT], [TECH]):
        page = _page(client, {"q": "kopi", "industry": ticked})
        counts = _counts(page)
        assert {slug: counts[slug] for slug in expected} == expected, ticked
        assert sum(counts.values()) == 5
        checked = sorted(box["value"] for box in page.select(".facet input:checked"))
        assert checked == sorted(ticked)
    page = _page(client, {"q": "kopi", "industry": [FOOD, CRAFT]})
    assert len(page.select(".search-result")) == 3


def test_facet_counts__the_summary_says_how_many_are_ticked(client, story_index):
    page = _page(client, {"q": "kopi", "industry": [FOOD, FARM]})
    assert page.select_one('[data-facets-region="selected-count"]').text.strip() == "2 selected"
    page = _page(client, {"q": "kopi"})
    assert page.select_one('[data-facets-region="selected-count"]').text.strip() == ""


def test_pagination__links_keep_the_query_industries_and_sort(client, story_index):
    for n in range(PAGE_SIZE + 2):
        _story(f"Kopi {n}", [FOOD if n % 2 else FARM])
    params = {"q": "kopi", "industry": [FOOD, FARM], "sort": "newest", "translate": "0"}
    page = _page(client, params)
    following = page.select_one('.pagination a[rel="next"]')["href"]
    kept = {k: sorted(v) for k, v in parse_qs(urlsplit(following).query).items()}
    assert kept == {
        **{k: sorted(v) if isinstance(v, list) else [v] for k, v in params.items()},
        "page": ["2"],
    }
    page = _page(client, {**params, "page": "2"})
    assert len(page.select(".search-result")) == 2
    previous = page.select_one('.pagination a[rel="prev"]')["href"]
    assert parse_qs(urlsplit(previous).query)["industry"] == [FOOD, FARM]
    assert parse_qs(urlsplit(previous).query)["page"] == ["1"]


def test_panel__closed_without_javascript_its_button_submits_the_search_form(client, story_index):
    page = _page(client, {"q": "kopi"})
    panel = page.select_one("details.facets")
    assert not panel.has_attr("open")
    assert panel.select_one("summary")
    button = panel.select_one("button[type=submit]")
    form = page.select_one("form#search-form")
    assert button["form"] == "search-form" and form["method"] == "get"
    assert all(box["form"] == "search-form" for box in panel.select("input[name=industry]"))
    assert page.select_one("select[name=sort]")["form"] == "search-form"


def test_page__the_facets_script_is_a_static_file_not_inline(client, story_index):
    """The site's policy forbids inline script: the facets' behaviour comes from static/js."""
    _story("Kopi", [FOOD])
    response = client.get("/search/", {"q": "kopi"})
    page = BeautifulSoup(response.content, "html.parser")
    scripts = page.select("script")
    assert scripts and all(script.get("src") and not script.string for script in scripts)
    assert "/static/js/facets.js" in [script["src"] for script in scripts]
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_typing_tips__shown_until_there_are_results(client, story_index):
    _story("Kopi", [FOOD])
    empty = _page(client, {})
    assert empty.select_one("#search-help")
    assert empty.select_one("#search-q")["aria-describedby"] == "search-help"
    nothing = _page(client, {"q": "tidakadakatasepertiini"})
    assert nothing.select_one("#search-help")
    found = _page(client, {"q": "kopi"})
    assert found.select_one("#search-help") is None
    assert not found.select_one("#search-q").has_attr("aria-describedby")
