"""A reader on a phone (390 px) and on a desktop (1280 px) sees a story's proof on top.

For a story of each tier: the summary under the title starts within the first 900 px, its checks
fit in three lines, the badge leads to the report and the guide link to the guide, axe-core finds
no violation at all, and the whole page (HTML, CSS, images) transfers in under 500 KB on a phone.
Each story is photographed at both widths into the journeys' artifacts directory.
"""

import re
from io import BytesIO

import pytest
from django.core.files.images import ImageFile
from playwright.sync_api import expect

from demo.images import render_banner
from stories.checklist import CHECKS
from stories.choices import CheckResult, Verification
from stories.models import CustomImage, GuideIndexPage
from tests.e2e.harness import AXE_RUN_JS, SIZES, translated
from tests.factories import (
    GuidePageFactory,
    StoryPageFactory,
    TransparencyClaimFactory,
    publish_reviewed,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SUMMARY_TOP_LIMIT = 900
SUMMARY_MAX_LINES = 3
PHONE_PAGE_BUDGET = 500 * 1024
LOCALES = {"en": "en-US", "id": "id-ID"}

ALL_PASSED = {check.code: CheckResult.PASSED for check in CHECKS}
# One story per tier; the reviewed one with the longest summary a published story can have.
STORIES = {
    Verification.VERIFIED: ALL_PASSED,
    Verification.REVIEWED: {
        **ALL_PASSED,
        "income_claims": CheckResult.NOT_SEEN,
        "identity": CheckResult.NOT_SEEN,
    },
}

SECTIONS = {
    "background": (
        "Rini cooked lunch for her neighbours for years before an office nearby asked for a "
        "daily order.\n\nShe started with fifteen portions and a rented gas stove."
    ),
    "actions": (
        "She wrote a weekly menu, priced it from her market receipts and asked each office for "
        "a standing order paid at the end of the month.\n\nTwo assistants now help from four "
        "in the morning."
    ),
    "results": (
        "Three offices order every working day, about 140 portions in all.\n\nShe keeps a "
        "notebook of every order and every purchase."
    ),
}

# Everything the page made the browser fetch, as sent over the network (headers included).
TRANSFERRED_JS = """
() => {
  const entries = [...performance.getEntriesByType("navigation"), ...performance.getEntriesByType("resource")];
  return entries.map((e) => ({name: e.name, bytes: e.transferSize, type: e.initiatorType}));
}
"""

SUMMARY_BOX_JS = """
() => {
  const summary = document.querySelector(".story-proof");
  const checks = summary.querySelector(".story-proof__checks");
  const lineHeight = parseFloat(getComputedStyle(checks).lineHeight);
  return {
    top: summary.getBoundingClientRect().top + window.scrollY,
    lines: checks.getBoundingClientRect().height / lineHeight,
  };
}
"""


def _hero(title: str) -> CustomImage:
    banner = render_banner(seed=title, industry="food-beverage")
    image = CustomImage(
        title=title, alt_text=f"Dapur {title}", file=ImageFile(BytesIO(banner), name="hero.png")
    )
    image._set_image_file_metadata()
    image.save()
    return image


def _story(tier, checks):
    from stories.body import compose_body

    title = f"Rini's office catering kitchen ({tier})"
    story = StoryPageFactory(
        title=title,
        subject_name="Rini Susanti",
        language="en",
        summary="From fifteen portions for neighbours to three offices every working day.",
        hero_image=_hero(title),
        product_or_service="Office lunch catering",
        material_connection="Rini owns the business in the story.",
        body=compose_body(language="en", sections=SECTIONS),
        verification="",
    )
    TransparencyClaimFactory(
        page=story,
        statement="About 140 portions a day in 2025.",
        evidence_note="Order records from three offices.",
    )
    publish_reviewed(story, checks=checks)
    assert story.verification == tier
    return story


def test_story_page__proof_on_top_at_phone_and_desktop_width(journey):
    guides = {
        "en": GuidePageFactory(
            parent=GuideIndexPage.objects.get(),
            slug="what-terang-checks",
            language="en",
            title="What Terang checks before a story is published",
        ),
        "id": GuidePageFactory(
            parent=GuideIndexPage.objects.get(),
            slug="apa-yang-diperiksa-terang",
            language="id",
            title="Apa yang diperiksa Terang sebelum cerita terbit",
        ),
    }
    stories = {tier: _story(tier, checks) for tier, checks in STORIES.items()}

    for language, locale in LOCALES.items():
        for tier, story in stories.items():
            for size_name, size in SIZES:
                # A new browser context for each: nothing cached, the page loads at this width.
                reader = journey.person(viewport=size, locale=locale)
                reader.goto(story.url)
                reader.wait_for_load_state("networkidle")
                where = f"{tier} story in {language} at {size['width']} px"
                expect(reader.locator("html")).to_have_attribute("lang", language)

                box = reader.evaluate(SUMMARY_BOX_JS)
                assert box["top"] < SUMMARY_TOP_LIMIT, (where, box)
                assert round(box["lines"]) <= SUMMARY_MAX_LINES, (where, box)

                if not reader.evaluate("() => typeof window.axe !== 'undefined'"):
                    reader.evaluate(journey.axe_path.read_text(encoding="utf-8"))
                violations = reader.evaluate(AXE_RUN_JS)
                assert violations == [], (where, violations)

                if size_name == "phone":
                    fetched = reader.evaluate(TRANSFERRED_JS)
                    assert all(entry["bytes"] > 0 for entry in fetched), (where, fetched)
                    total = sum(entry["bytes"] for entry in fetched)
                    assert total < PHONE_PAGE_BUDGET, (where, total, fetched)
                    heroes = [e["name"] for e in fetched if "/images/" in e["name"]]
                    assert len(heroes) == 1 and "fill-480x270" in heroes[0], (where, heroes)
                    journey.checkpoint(reader, f"{tier} story in {language}")

                summary = reader.locator(".story-proof")
                badge = summary.locator("a.badge")
                expect(badge).to_be_visible()
                badge.click()
                expect(reader).to_have_url(re.compile(r"#transparency-report$"))
                expect(reader.locator("#transparency-report")).to_be_in_viewport()

                summary.get_by_role(
                    "link", name=translated(language, "What Terang checks"), exact=True
                ).click()
                expect(reader.get_by_role("heading", level=1)).to_have_text(guides[language].title)

    journey.finish()
