"""A reader on a phone: results first, industry facets in a panel that applies at once, removable
filter chips, the address as the one state (back button, shared links), and all of it without
JavaScript through the panel's button. The story index and industry pages work the same way."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from stories.choices import Verification
from stories.models import GuideIndexPage, Industry
from tests.e2e.harness import AXE, DESKTOP, PHONE, translated
from tests.factories import GuidePageFactory, StoryPageFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ID = "id"
# The first result must be on the first screen of a phone (844 px tall), facets closed.
FIRST_SCREEN = 700
# The site header on a phone: one row (logo, Search, Menu), 44-px targets and their padding.
HEADER_HEIGHT = 64
FOOD, FARM, CRAFT = "food-beverage", "agriculture-fisheries", "crafts-creative"

AXE_ALL_JS = """
async () => (await axe.run(document, {resultTypes: ["violations"]})).violations.map(
  (v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("; ")})`
)
"""


@pytest.fixture
def stories(site_tree):
    """Coffee stories in three industries: 4 food, 2 farming (one of them also food), 1 craft."""
    made = {}
    for n, industries in enumerate(
        [[FOOD], [FOOD], [FOOD], [FOOD, FARM], [FARM], [CRAFT]], start=1
    ):
        made[n] = StoryPageFactory(
            title=f"Kopi nomor {n} dari kampung",
            summary=f"Usaha kopi nomor {n}, dijual ke pelanggan tetap.",
            industries=industries,
            verification=Verification.VERIFIED,
            material_connection="Tidak ada.",
        )
    return made


@pytest.fixture
def browser_without_js(chromium, live_server, site_tree, artifacts_dir, settings):
    """Pages of a browser with JavaScript off (the harness's people all have it on)."""
    settings.TERANG_PAGE_CACHE_SECONDS = 600
    contexts = []

    def open_page(viewport):
        context = chromium.new_context(
            base_url=live_server.url, viewport=viewport, locale="id-ID", java_script_enabled=False
        )
        contexts.append(context)
        return context.new_page()

    yield open_page
    for number, context in enumerate(contexts, start=1):
        for page in context.pages:
            page.screenshot(
                path=str(artifacts_dir / f"search_phone-no-javascript-{number:02d}.png"),
                full_page=True,
            )
        context.close()


def _top_of_first(page, selector: str) -> float:
    return page.locator(selector).first.evaluate(
        "(el) => el.getBoundingClientRect().top + window.scrollY"
    )


def _params(page) -> dict:
    """The address's parameters, each one's values sorted (the form sends them in its order)."""
    return {name: sorted(values) for name, values in parse_qs(urlsplit(page.url).query).items()}


def _facet(page, slug: str):
    return page.locator(f'.facet input[name="industry"][value="{slug}"]')


def _no_axe_violations(page, where: str) -> None:
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    for size_name, size in (("phone", PHONE), ("desktop", DESKTOP)):
        page.set_viewport_size(size)
        violations = page.evaluate(AXE_ALL_JS)
        assert not violations, f"axe on {where} at {size_name}: {violations}"


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_search__results_first__facets_apply_on_change__back_button(journey, stories, viewport):
    journey.name += "-phone" if viewport is PHONE else "-desktop"
    reader = journey.person(viewport=viewport, locale="id-ID")
    reader.goto("/search/?q=kopi")
    expect(reader.locator("html")).to_have_attribute("lang", ID)
    results = reader.locator(".search-result")
    expect(results).to_have_count(6)
    panel = reader.locator("details.facets")
    if viewport is PHONE:
        expect(panel).not_to_have_attribute("open", re.compile(".*"))
    else:
        # From 900 px the facets sit open in their own column, beside the results.
        expect(panel).to_have_attribute("open", "")
        beside, result = panel.bounding_box(), results.first.bounding_box()
        assert beside["x"] + beside["width"] <= result["x"]
        panel.locator("summary").click()
        expect(panel).not_to_have_attribute("open", re.compile(".*"))
    assert _top_of_first(reader, ".search-result") <= FIRST_SCREEN
    journey.checkpoint(reader, "search results")

    # The panel opens; ticking an industry loads the results and the address, no button needed.
    reader.evaluate("() => { window.__samePage = true; }")
    panel.locator("summary").click()
    expect(panel).to_have_attribute("open", "")
    expect(reader.locator("[data-facets-apply]")).to_be_hidden()
    _facet(reader, FOOD).check()
    expect(reader).to_have_url(re.compile(r"industry=food-beverage"))
    expect(results).to_have_count(4)
    assert _params(reader) == {"q": ["kopi"], "industry": [FOOD]}
    food = Industry.objects.get(slug=FOOD)
    expect(reader.locator(".chip", has_text=food.name_id)).to_be_visible()
    expect(reader.locator(".result-count")).to_have_text(re.compile(r"^4 cerita"))
    _facet(reader, FARM).check()
    expect(results).to_have_count(5)
    assert _params(reader) == {"q": ["kopi"], "industry": sorted([FOOD, FARM])}
    # The counts are the query's, whatever industries are ticked (so one can widen the choice).
    expect(_facet(reader, FOOD).locator("xpath=..").locator(".count [aria-hidden]")).to_have_text(
        "4"
    )
    expect(_facet(reader, CRAFT).locator("xpath=..").locator(".count [aria-hidden]")).to_have_text(
        "1"
    )
    assert reader.evaluate("() => window.__samePage === true"), "the page was loaded again"
    expect(panel).to_have_attribute("open", "")
    journey.checkpoint(reader, "results in two industries")

    # The sort applies at once too, and shows as a chip.
    reader.get_by_label(translated(ID, "Sort by")).select_option("newest")
    expect(reader).to_have_url(re.compile(r"sort=newest"))
    expect(reader.locator(".chip", has_text=translated(ID, "Newest"))).to_be_visible()

    # The back button walks the same steps back, fields and all.
    reader.go_back()
    expect(reader).to_have_url(re.compile(r"industry=agriculture-fisheries"))
    expect(reader.get_by_label(translated(ID, "Sort by"))).to_have_value("relevance")
    reader.go_back()
    expect(results).to_have_count(4)
    assert _params(reader) == {"q": ["kopi"], "industry": [FOOD]}
    expect(_facet(reader, FARM)).not_to_be_checked()
    expect(_facet(reader, FOOD)).to_be_checked()
    reader.go_back()
    expect(results).to_have_count(6)
    assert _params(reader) == {"q": ["kopi"]}
    expect(reader.locator(".chip")).to_have_count(1)  # the words searched
    reader.go_forward()
    expect(results).to_have_count(4)

    # A shared link shows the same; each chip is a link to the same search without its filter.
    reader.goto("/search/?q=kopi&industry=food-beverage&industry=crafts-creative")
    expect(results).to_have_count(5)
    reader.locator(".chip", has_text=food.name_id).click()
    expect(results).to_have_count(1)
    assert _params(reader) == {"q": ["kopi"], "industry": [CRAFT]}
    reader.locator(".chip", has_text="kopi").click()
    assert _params(reader) == {"industry": [CRAFT]}
    expect(results).to_have_count(1)
    journey.finish()


def test_search__without_javascript__the_panel_button_applies(browser_without_js, stories):
    reader = browser_without_js(PHONE)
    reader.goto("/search/?q=kopi")
    results = reader.locator(".search-result")
    expect(results).to_have_count(6)
    assert _top_of_first(reader, ".search-result") <= FIRST_SCREEN
    panel = reader.locator("details.facets")
    panel.locator("summary").click()  # <details> opens without any script
    expect(panel).to_have_attribute("open", "")
    _facet(reader, FARM).check()
    assert _params(reader) == {"q": ["kopi"]}  # nothing happens until the button
    reader.get_by_role("button", name=translated(ID, "Show stories")).click()
    expect(results).to_have_count(2)
    assert _params(reader)["industry"] == [FARM] and _params(reader)["q"] == ["kopi"]
    # The search button also carries the facets, and the chips are plain links.
    expect(panel).not_to_have_attribute("open", re.compile(".*"))  # results first again
    panel.locator("summary").click()
    _facet(reader, CRAFT).check()
    reader.get_by_role("button", name=translated(ID, "Search"), exact=True).click()
    expect(results).to_have_count(3)
    farm = Industry.objects.get(slug=FARM)
    reader.locator(".chip", has_text=farm.name_id).click()
    expect(results).to_have_count(1)
    assert _params(reader)["industry"] == [CRAFT]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_header__one_row__first_result_on_the_first_screen_with_many_chips(
    journey, stories, viewport
):
    journey.name += "-header-phone" if viewport is PHONE else "-header-desktop"
    reader = journey.person(viewport=viewport, locale="id-ID")
    reader.goto(f"/search/?q=kopi&industry={FOOD}&industry={FARM}&sort=newest")
    expect(reader.locator(".chip")).to_have_count(4)  # the words, two industries, the sort
    expect(reader.locator(".search-result")).to_have_count(5)
    header = reader.get_by_role("banner")
    assert header.bounding_box()["height"] <= HEADER_HEIGHT
    assert _top_of_first(reader, ".search-result") <= FIRST_SCREEN

    # Everyone finds the logo and Search by name in the one row.
    brand = header.get_by_role("link", name=translated(ID, "Terang, home"))
    search = header.get_by_role("link", name=translated(ID, "Search"), exact=True)
    row = [brand.bounding_box(), search.bounding_box()]
    nav = reader.get_by_role("navigation", name=translated(ID, "Main"))
    stories_link = nav.get_by_role("link", name=translated(ID, "Stories"), exact=True)
    switcher = reader.get_by_role("navigation", name=translated(ID, "Language"))
    toggle = header.locator("summary", has_text=translated(ID, "Menu"))
    if viewport is PHONE:
        # The other links and the languages wait behind the menu button, in the same row.
        expect(toggle).to_be_visible()
        expect(stories_link).to_be_hidden()
        row.append(toggle.bounding_box())
        toggle.click()
        expect(stories_link).to_be_visible()
        expect(switcher.get_by_role("link", name=re.compile(r"^EN\b"))).to_be_visible()
        assert header.bounding_box()["height"] <= HEADER_HEIGHT  # the menu opens over the page
        assert nav.bounding_box()["y"] >= header.bounding_box()["height"] - 1
    else:
        expect(toggle).to_be_hidden()
        expect(stories_link).to_be_visible()
        row.append(stories_link.bounding_box())
        row.append(switcher.bounding_box())
    middles = [box["y"] + box["height"] / 2 for box in row]
    assert max(middles) - min(middles) <= 4, row
    assert all(box["x"] + box["width"] <= viewport["width"] for box in row), row
    if viewport is PHONE:
        # A picture only: the open menu lies over the search form, as it should.
        reader.screenshot(path=str(journey.shots / f"{journey.name}-menu-open-phone.png"))
        toggle.click()  # closes it again, without JavaScript too (a <details>)
        expect(stories_link).to_be_hidden()
    journey.checkpoint(reader, "three filters and more, the header in one row")
    if viewport is PHONE:
        toggle.click()
    stories_link.click()
    expect(reader).to_have_url(re.compile(r"/stories/$"))
    journey.finish()


def test_header__without_javascript__the_menu_opens(browser_without_js, stories):
    reader = browser_without_js(PHONE)
    reader.goto("/")
    header = reader.get_by_role("banner")
    assert header.bounding_box()["height"] <= HEADER_HEIGHT
    nav = reader.get_by_role("navigation", name=translated(ID, "Main"))
    log_in = nav.get_by_role("link", name=translated(ID, "Log in"))
    expect(log_in).to_be_hidden()
    header.locator("summary", has_text=translated(ID, "Menu")).click()
    expect(log_in).to_be_visible()
    log_in.click()
    expect(reader).to_have_url(re.compile(r"/accounts/login/"))


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_story_index__stories_first__same_facets(journey, stories, viewport):
    journey.name += "-index-phone" if viewport is PHONE else "-index-desktop"
    reader = journey.person(viewport=viewport, locale="id-ID")
    reader.goto("/stories/")
    cards = reader.locator(".story-card")
    expect(cards).to_have_count(6)
    panel = reader.locator("details.facets")
    if viewport is PHONE:
        expect(panel).not_to_have_attribute("open", re.compile(".*"))
    assert _top_of_first(reader, ".story-card") <= FIRST_SCREEN
    journey.checkpoint(reader, "story index")

    reader.evaluate("() => { window.__samePage = true; }")
    if viewport is PHONE:
        panel.locator("summary").click()
    _facet(reader, FARM).check()
    expect(reader).to_have_url(re.compile(r"/stories/\?industry=agriculture-fisheries$"))
    expect(cards).to_have_count(2)
    assert reader.evaluate("() => window.__samePage === true"), "the page was loaded again"
    journey.checkpoint(reader, "story index in one industry")
    reader.go_back()
    expect(cards).to_have_count(6)
    expect(_facet(reader, FARM)).not_to_be_checked()

    # An industry's page: its chip leads to every story; ticking another joins it on the index.
    farm = Industry.objects.get(slug=FARM)
    reader.goto(f"/stories/industry/{FARM}/")
    expect(reader.get_by_role("heading", level=1)).to_have_text(farm.name_id)
    expect(cards).to_have_count(2)
    journey.checkpoint(reader, "industry page")
    if viewport is PHONE:
        panel.locator("summary").click()
    _facet(reader, CRAFT).check()
    expect(cards).to_have_count(3)
    assert _params(reader) == {"industry": sorted([FARM, CRAFT])}
    expect(reader.get_by_role("heading", level=1)).to_have_text(translated(ID, "Stories"))
    reader.go_back()
    expect(reader.get_by_role("heading", level=1)).to_have_text(farm.name_id)
    expect(cards).to_have_count(2)
    reader.locator(".chip", has_text=farm.name_id).click()
    expect(reader).to_have_url(re.compile(r"/stories/$"))
    expect(cards).to_have_count(6)
    journey.finish()


@pytest.mark.parametrize("path", ["/search/?q=kopi", "/stories/"])
def test_axe_finds_nothing_at_either_width(journey, stories, path):
    reader = journey.person(viewport=PHONE, locale="id-ID")
    reader.goto(path)
    _no_axe_violations(reader, path)
    reader.goto(path + ("&" if "?" in path else "?") + f"industry={FOOD}")
    _no_axe_violations(reader, path + " with a filter")


def test_home_page__learn_section_keeps_its_side_margin_on_a_phone(journey, stories):
    for n in (1, 2):
        GuidePageFactory(parent=GuideIndexPage.objects.get(), title=f"Panduan {n}", language="id")
    reader = journey.person(viewport=PHONE, locale="id-ID")
    reader.goto("/")
    heading = reader.locator("#learn-heading")
    first_guide = reader.locator(".guide-list a").first
    for element in (heading, first_guide):
        box = element.bounding_box()
        assert box["x"] >= 12, box
        assert box["x"] + box["width"] <= PHONE["width"] - 12, box
    journey.checkpoint(reader, "home page")
    journey.finish()
