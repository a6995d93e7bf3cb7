"""The rest of the site on a phone (390 px) and a desktop (1280 px): axe-core finds no violation
of any impact on the home page, an organisation page, the guides, the sign-up and log-in pages and
the member's own pages (data export is the dashboard's download link, no page of its own); the home page transfers under 800 KB on a phone. Every page is
photographed at both widths into the journeys' artifacts directory."""

import re
from io import BytesIO

import pytest
from django.conf import settings
from django.core.files.images import ImageFile
from django.test import Client
from django.urls import reverse

from demo.images import render_banner
from stories.models import CustomImage, GuideIndexPage, StoryPage
from tests.e2e.harness import AXE_RUN_JS, SIZES
from tests.factories import GuidePageFactory, OrganizationFactory, StoryPageFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

HOME_PHONE_BUDGET = 800 * 1024
INDUSTRIES = ("food-beverage", "agriculture-fisheries", "crafts-creative", "health-wellness")

# Everything the page made the browser fetch, as sent over the network (headers included).
TRANSFERRED_JS = """
() => {
  const entries = [...performance.getEntriesByType("navigation"), ...performance.getEntriesByType("resource")];
  return entries.map((e) => ({name: e.name, bytes: e.transferSize, type: e.initiatorType}));
}
"""


def _hero(title: str, industry: str) -> CustomImage:
    banner = render_banner(seed=title, industry=industry)
    image = CustomImage(
        title=title, alt_text=f"Usaha {title}", file=ImageFile(BytesIO(banner), name="hero.png")
    )
    image._set_image_file_metadata()
    image.save()
    return image


@pytest.fixture
def content(site_tree):
    """Published stories with cover images (one organisation's among them) and two guides."""
    organization = OrganizationFactory(name="Koperasi Tani Makmur", slug="koperasi-tani-makmur")
    for n, industry in enumerate(INDUSTRIES * 2, start=1):
        title = f"Usaha nomor {n} dari Malang"
        StoryPageFactory(
            title=title,
            summary=f"Usaha nomor {n}, dijual ke pelanggan tetap di pasar dan kantor.",
            industries=[industry],
            hero_image=_hero(title, industry),
            organization=organization if n % 3 == 0 else None,
            material_connection="Tidak ada.",
        )
    guides = GuideIndexPage.objects.get()
    guide = GuidePageFactory(
        parent=guides, slug="membaca-klaim-penghasilan", title="Cara membaca klaim penghasilan"
    )
    GuidePageFactory(parent=guides, slug="tanda-skema-piramida", title="Tanda skema piramida")
    story = StoryPage.objects.live().order_by("pk").first()
    return {"organization": organization, "guides": guides, "guide": guide, "story": story}


@pytest.fixture
def member(content):
    user = UserFactory(username="sari", email="sari@example.com", first_name="Sari")
    user.own_story = StoryPageFactory(title="Warung Sari", owner=user, industries=[INDUSTRIES[0]])
    return user


def _signed_in(journey, page, user) -> None:
    """Give the browser the session of ``user``, signed in through Django's own session."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": journey.base_url}])


def _check(journey, page, path: str, label: str, size_name: str, size: dict) -> None:
    response = page.goto(path)
    assert response is not None and response.status == 200, (label, path, response)
    page.wait_for_load_state("networkidle")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(journey.axe_path.read_text(encoding="utf-8"))
    violations = page.evaluate(AXE_RUN_JS)
    assert violations == [], f"{label} at {size['width']} px: {violations}"
    page.screenshot(
        path=str(journey.shots / f"pages_phone-{label}-{size_name}.png"), full_page=True
    )


def test_public_pages__no_axe_violation_at_phone_and_desktop_width(journey, content):
    pages = {
        "home": "/",
        "organisation": reverse(
            "community:organization", kwargs={"slug": content["organization"].slug}
        ),
        "guides": content["guides"].url,
        "guide": content["guide"].url,
        "sign-up": reverse("account_signup"),
        "log-in": reverse("account_login"),
        "how-we-moderate": reverse("how_we_moderate"),
        "privacy": reverse("privacy"),
        "report-a-story": reverse("reports:story", args=[content["story"].pk]),
    }
    for size_name, size in SIZES:
        reader = journey.person(viewport=size, locale="id-ID")
        for label, path in pages.items():
            _check(journey, reader, path, label, size_name, size)
    journey.finish()


def test_member_pages__no_axe_violation_at_phone_and_desktop_width(journey, member):
    pages = {
        "dashboard": reverse("community:dashboard"),
        "emails": reverse("community:email_preferences"),
        "account-deletion": reverse("community:account_delete"),
        "readers": reverse("community:story_readers", args=[member.own_story.pk]),
    }
    for size_name, size in SIZES:
        page = journey.person(viewport=size, locale="id-ID")
        _signed_in(journey, page, member)
        for label, path in pages.items():
            _check(journey, page, path, label, size_name, size)
            assert page.url.endswith(path), (label, page.url)
        # Data export has no page of its own: the dashboard's link (checked above) hands over the
        # archive at once.
        page.goto(pages["dashboard"])
        with page.expect_download() as download:
            page.locator(f'a[href="{reverse("community:data_export")}"]').click()
        assert re.fullmatch(
            r"terang-data-\d{4}-\d{2}-\d{2}\.zip", download.value.suggested_filename
        )
    journey.finish()


def test_home_page__transfers_under_800_kb_on_a_phone(journey, content):
    phone = dict(SIZES)["phone"]
    # A new browser context: nothing cached, the page loads at phone width.
    reader = journey.person(viewport=phone, locale="id-ID")
    reader.goto("/")
    reader.wait_for_load_state("networkidle")
    fetched = reader.evaluate(TRANSFERRED_JS)
    covers = [entry for entry in fetched if "/images/" in entry["name"]]
    # The home page shows the stories' covers: the budget holds with them, not for want of them.
    assert covers, fetched
    assert all(entry["bytes"] > 0 for entry in fetched), fetched
    total = sum(entry["bytes"] for entry in fetched)
    assert total < HOME_PHONE_BUDGET, (total, fetched)
    journey.finish()
