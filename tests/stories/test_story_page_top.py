"""The proof on top of a story page: the summary under the title, the badge, the full report that
never contradicts itself or the summary, and the top image cropped around its focal point."""

import datetime as dt
import io
import uuid

import pytest
from bs4 import BeautifulSoup
from django.core.files.images import ImageFile
from django.urls import reverse
from django.utils import translation
from PIL import Image
from wagtail.models import Collection

from stories.checklist import CHECKS, CHECKS_BY_CODE, verification_for
from stories.choices import CheckResult, ReviewKind, Verification
from stories.models import CustomImage, StoryPage
from stories.review import record_imported_review
from stories.templatetags.story_tags import HERO_FORMAT, HERO_PHONE_FILTERS, HERO_WIDE_FILTERS
from tests.factories import (
    GuidePageFactory,
    ModeratorFactory,
    StoryPageFactory,
    UserFactory,
    publish_reviewed,
)

pytestmark = pytest.mark.django_db

PASSED, NOT_SEEN, NOT_APPLICABLE = (
    CheckResult.PASSED,
    CheckResult.NOT_SEEN,
    CheckResult.NOT_APPLICABLE,
)
ALL_PASSED = {check.code: PASSED for check in CHECKS}
REVIEWED_ON = dt.date(2026, 3, 14)
LANGUAGES = ["id", "en"]

# Every way a story reaches each tier: the checklist the moderator completed, or None for a
# story imported as verified elsewhere (no checklist on Terang).
CASES = {
    "verified, every check passed": (Verification.VERIFIED, ALL_PASSED),
    "verified, no income claim and no connection": (
        Verification.VERIFIED,
        {**ALL_PASSED, "income_claims": NOT_APPLICABLE, "material_connection": NOT_APPLICABLE},
    ),
    "reviewed, income evidence not seen": (
        Verification.REVIEWED,
        {**ALL_PASSED, "income_claims": NOT_SEEN},
    ),
    "reviewed, identity not seen": (Verification.REVIEWED, {**ALL_PASSED, "identity": NOT_SEEN}),
    "reviewed, identity does not apply": (
        Verification.REVIEWED,
        {**ALL_PASSED, "identity": NOT_APPLICABLE},
    ),
    "reviewed, both evidence checks not seen": (
        Verification.REVIEWED,
        {**ALL_PASSED, "income_claims": NOT_SEEN, "identity": NOT_SEEN},
    ),
    "reviewed, imported": (Verification.REVIEWED, None),
}


def test_cases_cover_every_tier_the_site_has():
    assert {tier for tier, _checks in CASES.values()} == {tier for tier in Verification if tier}


def _translated(language, message):
    with translation.override(language):
        return str(translation.gettext(message))


def _story(case, **fields):
    tier, checks = CASES[case]
    story = StoryPageFactory(verification="", **fields)
    if checks is None:
        revision = story.save_revision(user=story.owner)
        record_imported_review(
            story=story,
            revision=revision,
            user=UserFactory(is_superuser=True),
            reviewed_at=REVIEWED_ON,
            note="Diperiksa oleh asosiasi sebelum pindah ke Terang.",
        )
        revision.publish(user=None, skip_permission_checks=True)
    else:
        publish_reviewed(story, checks=checks, reviewed_at=REVIEWED_ON)
    story = StoryPage.objects.get(pk=story.pk)
    assert story.live and story.verification == tier
    return story


def _page(client, story, language):
    client.cookies["django_language"] = language
    response = client.get(story.url)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    assert soup.html["lang"] == language
    return soup


def _results(items) -> dict[str, str]:
    found = {}
    for item in items:
        assert item["data-check"] not in found, f"{item['data-check']} is listed twice"
        found[item["data-check"]] = item["data-result"]
    return found


def _confirmed(code, result) -> bool:
    if CHECKS_BY_CODE[code].must_pass_to_verify:
        return result == PASSED
    return result in (PASSED, NOT_APPLICABLE)


@pytest.fixture
def checks_guides(guide_index):
    return {
        "en": GuidePageFactory(
            parent=guide_index, slug="what-terang-checks", language="en", title="What it checks"
        ),
        "id": GuidePageFactory(
            parent=guide_index,
            slug="apa-yang-diperiksa-terang",
            language="id",
            title="Apa yang diperiksa",
        ),
    }


# --- the summary under the title and the full report agree, for every tier and language ---------


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("case", list(CASES))
def test_report__no_check_is_both_passed_and_unconfirmed(client, story_index, case, language):
    tier, checks = CASES[case]
    soup = _page(client, _story(case), language)
    report = soup.find(id="transparency-report")
    listed = _results(report.select(".checks li"))
    unconfirmed = _results(report.select(".report-unconfirmed li"))
    if checks is None:
        assert listed == {} and unconfirmed == {}
        status = report.select_one(".report-status--reviewed").get_text()
        imported = (
            "Reviewed: this story was checked elsewhere before it came to Terang, and imported "
            "as such. Terang's own checklist was not completed for it."
        )
        assert status == _translated(language, imported)
        return
    assert listed == {code: str(result) for code, result in checks.items()}
    for code, result in listed.items():
        item = report.select_one(f'.checks li[data-check="{code}"]')
        assert (result == PASSED) == ("check--passed" in item["class"])
        if result == PASSED:
            assert code not in unconfirmed
    assert unconfirmed == {
        code: result for code, result in listed.items() if not _confirmed(code, result)
    }
    assert (tier == Verification.VERIFIED) == (not unconfirmed)
    assert not {CheckResult.FAILED, CheckResult.NOT_SEEN} & (
        {listed[code] for code in listed if code not in unconfirmed}
    )


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("case", list(CASES))
def test_summary__agrees_with_the_full_report(client, story_index, case, language):
    tier, checks = CASES[case]
    soup = _page(client, _story(case), language)
    summary = soup.select_one(".story-proof")
    report = soup.find(id="transparency-report")
    shown = _results(summary.select("li[data-check]"))
    listed = _results(report.select(".checks li"))
    for code, result in shown.items():
        assert listed[code] == result
        item = summary.select_one(f'li[data-check="{code}"]')
        assert ("✓" in item.get_text()) == (result == PASSED)
    if checks is None:
        assert shown == {}
        imported = "Checked elsewhere before it came to Terang; Terang's own checklist was not completed for it."
        assert _translated(language, imported) in summary.get_text()
        return
    headline = {check.code for check in CHECKS if check.headline}
    unconfirmed = {code for code, result in listed.items() if not _confirmed(code, result)}
    assert headline | unconfirmed == set(shown)
    more = {item["data-more"]: int(item["data-count"]) for item in summary.select("[data-more]")}
    rest = [listed[code] for code in listed if code not in shown]
    assert more.get("passed", 0) == rest.count(PASSED)
    assert more.get("not_applicable", 0) == rest.count(NOT_APPLICABLE)
    assert len(shown) + sum(more.values()) == len(CHECKS)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("case", list(CASES))
def test_summary__right_under_the_title_with_tier_date_and_links(
    client, story_index, checks_guides, case, language
):
    tier, _checks = CASES[case]
    soup = _page(client, _story(case), language)
    summary = soup.find("h1").find_next_sibling()
    assert "story-proof" in summary["class"]
    assert summary["lang"] == language

    badge = summary.select_one("a.badge")
    assert badge["href"] == "#transparency-report" and soup.find(id="transparency-report")
    assert not badge.has_attr("title")
    meaning = (
        "every applicable check passed"
        if tier == Verification.VERIFIED
        else "not every check could be confirmed"
    )
    with translation.override(language):
        label = str(Verification(tier).label)
    assert badge.get_text(strip=True).lstrip("✓ ") == f"{label}: {_translated(language, meaning)}"

    date = summary.select_one("time")
    assert date["datetime"] == REVIEWED_ON.isoformat()
    assert soup.find(id="transparency-report").select_one("time")["datetime"] == date["datetime"]

    links = {a.get_text(strip=True): a["href"] for a in summary.select(".story-proof__links a")}
    assert links == {
        _translated(language, "Full transparency report"): "#transparency-report",
        _translated(language, "What Terang checks"): checks_guides[language].url,
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_summary__names_each_unconfirmed_check_in_words(client, story_index, language):
    soup = _page(client, _story("reviewed, both evidence checks not seen"), language)
    summary = soup.select_one(".story-proof")
    for code in ("income_claims", "identity"):
        item = summary.select_one(f'li[data-check="{code}"]')
        with translation.override(language):
            expected = f"{CHECKS_BY_CODE[code].short_label}: {translation.gettext('not seen')}"
        assert item.get_text() == expected


def test_summary__a_few_checks_in_words_in_english(client, story_index):
    soup = _page(client, _story("reviewed, income evidence not seen"), "en")
    shown = [item.get_text() for item in soup.select(".story-proof__checks li")]
    assert shown == [
        "Real product ✓: Passed",
        "Income backed by evidence: not seen",
        "No recruitment earnings ✓: Passed",
        "4 more checks passed",
    ]


def test_summary__a_few_checks_in_words_in_indonesian(client, story_index):
    soup = _page(client, _story("verified, every check passed"), "id")
    shown = [item.get_text() for item in soup.select(".story-proof__checks li")]
    assert shown == [
        "Produk nyata ✓: Lolos",
        "Penghasilan didukung bukti ✓: Lolos",
        "Bukan hasil merekrut ✓: Lolos",
        "4 lainnya lolos",
    ]


# --- only the live, reviewed version -------------------------------------------------------------


def test_summary__pending_edit_keeps_the_live_review(client, story_index):
    story = _story("reviewed, income evidence not seen", title="Versi yang ditinjau")
    edit = story.get_latest_revision_as_object()
    edit.title = "Suntingan belum ditinjau"
    edit.summary = "Ringkasan baru yang belum ditinjau."
    edit.save_revision(user=story.owner)

    soup = _page(client, StoryPage.objects.get(pk=story.pk), "en")
    assert soup.find("h1").get_text() == "Versi yang ditinjau"
    summary = soup.select_one(".story-proof")
    assert summary.select_one("a.badge--reviewed")
    assert summary.select_one("time")["datetime"] == REVIEWED_ON.isoformat()
    assert _results(summary.select("li[data-check]"))["income_claims"] == NOT_SEEN


def test_summary__preview_of_a_pending_edit_shows_no_tier_and_no_checks(story_index):
    story = _story("verified, every check passed")
    edit = story.get_latest_revision_as_object()
    edit.title = "Suntingan belum ditinjau"
    edit.save_revision(user=story.owner)
    pending = StoryPage.objects.get(pk=story.pk).get_latest_revision_as_object()

    assert not pending.public_report.reviewed and pending.public_report.checks == ()
    response = pending.make_preview_request()
    html = response.render().content.decode() if hasattr(response, "render") else response.content
    soup = BeautifulSoup(html, "html.parser")
    summary = soup.select_one(".story-proof")
    assert summary.select(".badge") == [] and summary.select("li[data-check]") == []
    assert soup.select(".transparency-report .checks li") == []


# --- the guide link ------------------------------------------------------------------------------


def test_guide_link__reader_language_first_then_the_other(client, story_index, guide_index):
    english = GuidePageFactory(parent=guide_index, slug="what-terang-checks", language="en")
    story = _story("verified, every check passed")
    for language in LANGUAGES:
        soup = _page(client, story, language)
        guide = soup.select(".story-proof__links a")[-1]
        assert guide["href"] == english.url and guide["hreflang"] == "en"
        assert soup.select_one(".report-help a")["href"] == english.url


def test_guide_link__unpublished_guide_is_not_linked(client, story_index, guide_index):
    GuidePageFactory(parent=guide_index, slug="what-terang-checks", language="en").unpublish()
    soup = _page(client, _story("verified, every check passed"), "en")
    assert soup.select(".story-proof__links a")[-1]["href"] == guide_index.url


# --- the tier follows from the checklist ---------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "tier"),
    [
        ({}, Verification.VERIFIED),
        ({"income_claims": NOT_APPLICABLE}, Verification.VERIFIED),
        ({"income_claims": NOT_SEEN}, Verification.REVIEWED),
        ({"identity": NOT_APPLICABLE}, Verification.REVIEWED),
        ({"identity": CheckResult.FAILED}, Verification.UNREVIEWED),
        ({"unknown_check": PASSED}, Verification.UNREVIEWED),
    ],
)
def test_verification_for__tier_of_a_checklist(changes, tier):
    assert verification_for({**ALL_PASSED, **changes}) == tier


def test_verification_for__incomplete_checklist_has_no_tier():
    assert verification_for({"real_product": PASSED}) == Verification.UNREVIEWED
    assert verification_for({}) == Verification.UNREVIEWED


# --- the top image -------------------------------------------------------------------------------


def _image(size, *, red_until=0, focal=None) -> CustomImage:
    picture = Image.new("RGB", size, "blue")
    if red_until:
        picture.paste((255, 0, 0), (0, 0, red_until, size[1]))
    output = io.BytesIO()
    picture.save(output, format="PNG")
    image = CustomImage(
        title="Dapur",
        alt_text="Dapur katering",
        file=ImageFile(output, name=f"{uuid.uuid4().hex}.png"),
    )
    image._set_image_file_metadata()
    if focal:
        image.set_focal_point(focal)
    image.save()
    return image


def _hero(client, story):
    soup = _page(client, story, "id")
    return soup.select_one(".story__hero picture")


def test_hero__srcset_for_phone_and_desktop_with_sizes_and_dimensions(client, story_index):
    image = _image((1600, 900))
    hero = _hero(client, _story("verified, every check passed", hero_image=image))
    source, img = hero.select_one("source"), hero.select_one("img")
    assert source["media"] == "(max-width: 599px)" and source["sizes"] and img["sizes"]
    assert img["alt"] == "Dapur katering"
    for element, filters in ((source, HERO_PHONE_FILTERS), (img, HERO_WIDE_FILTERS)):
        renditions = [image.get_rendition(f"{spec}|{HERO_FORMAT}") for spec in filters]
        assert element["srcset"] == ", ".join(f"{r.url} {r.width}w" for r in renditions)
        largest = renditions[-1]
        assert (int(element["width"]), int(element["height"])) == (largest.width, largest.height)
    assert (int(source["width"]), int(source["height"])) == (1200, 675)
    assert int(img["width"]) / int(img["height"]) == pytest.approx(2, abs=0.01)


def test_hero__small_image_is_never_enlarged(client, story_index):
    image = _image((400, 300))
    hero = _hero(client, _story("verified, every check passed", hero_image=image))
    source, img = hero.select_one("source"), hero.select_one("img")
    assert [len(e["srcset"].split(", ")) for e in (source, img)] == [1, 1]
    assert int(source["width"]) <= 400 and int(img["width"]) <= 400


def _left_pixel(rendition):
    with rendition.file.open("rb") as handle:
        picture = Image.open(handle).convert("RGB")
        return picture.getpixel((2, picture.height // 2))


def test_hero__crops_around_the_focal_point(client, story_index):
    from wagtail.images.rect import Rect

    # A wide picture, red on its left fifth only; the phone's 16:9 crop must keep some width out.
    centred = _image((2000, 600), red_until=400)
    focused = _image((2000, 600), red_until=400, focal=Rect(100, 250, 300, 350))
    for image, red in ((centred, False), (focused, True)):
        hero = _hero(client, _story("verified, every check passed", hero_image=image))
        assert hero is not None
        for spec in HERO_PHONE_FILTERS:
            rendition = image.get_rendition(f"{spec}|{HERO_FORMAT}")
            r, g, b = _left_pixel(rendition)
            assert (r > 200 and b < 60) == red, (spec, (r, g, b))


# --- editors set the focal point in the admin ----------------------------------------------------


def test_admin__moderator_sets_the_focal_point(client, staff_login):
    image = _image((1600, 900))
    staff_login(client, ModeratorFactory())
    url = reverse("wagtailimages:edit", args=(image.pk,))
    page = client.get(url)
    assert page.status_code == 200
    for field in ("focal_point_x", "focal_point_y", "focal_point_width", "focal_point_height"):
        assert f'name="{field}"' in page.content.decode()
    response = client.post(
        url,
        {
            "title": image.title,
            "alt_text": image.alt_text,
            "collection": Collection.get_first_root_node().pk,
            "tags": "",
            "focal_point_x": "300",
            "focal_point_y": "450",
            "focal_point_width": "200",
            "focal_point_height": "100",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    image.refresh_from_db()
    assert (image.focal_point_x, image.focal_point_y) == (300, 450)
    assert (image.focal_point_width, image.focal_point_height) == (200, 100)


def test_review_kind__imported_story_says_so(client, story_index):
    story = _story("reviewed, imported")
    assert story.live_review().kind == ReviewKind.IMPORT
    assert story.public_report.imported
