import re

import pytest
from django.core import mail
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from community.models import User
from stories.choices import StoryStatus
from stories.models import StoryPage
from tests.e2e.harness import AXE_RUN_JS, DESKTOP, PHONE, open_menu, translated

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

EMAIL = "sari.wulandari@example.com"
PASSWORD = "kopi-susu-gula-aren-42"
FLAGGED_CLAIM = "Penghasilan saya pasti untung Rp 10 juta per bulan, dijamin balik modal."
FIXED_CLAIM = "Rata-rata Rp 3 juta per bulan selama 2025 dari penjualan ke warung dan kantor."


def _photo(path):
    image = Image.new("RGB", (900, 600), (238, 214, 170))
    draw = ImageDraw.Draw(image)
    draw.rectangle((120, 160, 780, 520), fill=(120, 72, 40))
    draw.ellipse((300, 60, 600, 300), fill=(246, 196, 69))
    image.save(path, "JPEG", quality=85)
    return path


def _code_for(address: str) -> str:
    [message] = [m for m in mail.outbox if address in m.to]
    match = re.search(r"^ {4}(\S+)$", message.body, re.MULTILINE)
    assert match, message.body
    return match.group(1)


SECOND_TITLE = "Warung kopi keliling di kampus"
# What every step must pass with axe: no violation at all, of any impact, at either width.
STEP_SIZES = (("phone", PHONE), ("desktop", DESKTOP))


def _checkpoint(journey, page, label):
    """The harness's checkpoint (screenshots at 1280 and 390 px in its artifacts, layout, serious
    axe findings), then axe again with every finding counted, at both widths."""
    journey.checkpoint(page, label)
    original = page.viewport_size
    for size_name, size in STEP_SIZES:
        page.set_viewport_size(size)
        violations = page.evaluate(AXE_RUN_JS)
        assert not violations, f"{label} at {size_name}: {violations}"
    page.set_viewport_size(original)


def _label(page, text):
    return page.get_by_label(re.compile("^" + re.escape(text)))


def _next(page, en):
    page.get_by_role("button", name=translated(en, "Save and continue")).click()


def _walk_the_steps(member, journey, en, *, photo, title=None, label="phone"):
    """Steps 1 to 4 of a new story, each photographed and checked, ending on the check (step 5)."""
    expect(member.get_by_text(re.compile(r"^Step 1 of 5"))).to_be_visible()
    _checkpoint(journey, member, f"{label} step 1: your story, empty")
    _label(member, translated(en, "Title")).fill(
        title or "Dari dapur kecil ke tiga puluh warung langganan"
    )
    _label(member, translated(en, "Name to show")).fill("Sari Wulandari")
    member.get_by_role("checkbox", name="Food & beverage").check()
    _label(member, translated(en, "Summary")).fill(
        "Sari menjual keripik tempe buatan sendiri ke warung dan kantor di Malang."
    )
    _label(member, translated(en, "Product or service")).fill("Keripik tempe")
    for heading, text in [
        ("Background", "Saya mulai menggoreng keripik tempe di dapur rumah pada 2023."),
        ("What we did", "Saya menawarkan sampel ke warung sekitar dan mencatat setiap pesanan."),
        ("Results", "Sekarang tiga puluh warung membeli setiap minggu."),
    ]:
        _label(member, translated(en, heading)).fill(text)
    _next(member, en)

    expect(member).to_have_url(re.compile(r"/submit/\d+/claims/$"))
    expect(member.get_by_text(re.compile(r"^Step 2 of 5"))).to_be_visible()
    claim = member.locator("#claim-1")
    # The one claim row is optional as a whole, and says so; nothing in it claims to be required.
    expect(claim.locator("legend").first).to_contain_text(translated(en, "optional"))
    expect(claim.get_by_text(f"({translated(en, 'required')})", exact=True)).to_have_count(0)
    _checkpoint(journey, member, f"{label} step 2: claims")
    if photo is not None:
        _label(claim, translated(en, "Claim")).fill(FLAGGED_CLAIM)
        _label(claim, translated(en, "What backs it")).fill("Buku kas dan rekening koran 12 bulan")
    _next(member, en)

    expect(member).to_have_url(re.compile(r"/submit/\d+/images/$"))
    hero = member.locator("input[name=hero_image]")
    expect(hero).to_have_attribute("accept", "image/*")
    assert hero.get_attribute("capture") is None
    _checkpoint(journey, member, f"{label} step 3: images")
    if photo is not None:
        hero.set_input_files(photo)
        # The preview of the chosen photo, drawn by static/js/image-preview.js.
        expect(member.locator(".image-preview img")).to_be_visible()
        _checkpoint(journey, member, f"{label} step 3: a photo chosen, its preview")
        _label(member, translated(en, "Describe the main image")).fill(
            "Sari mengemas keripik tempe di dapurnya"
        )
    _next(member, en)

    expect(member).to_have_url(re.compile(r"/submit/\d+/declarations/$"))
    _checkpoint(journey, member, f"{label} step 4: declarations")
    member.locator("input[name=no_material_connection]").check()
    member.locator("input[name=consent_to_publish]").check()
    _next(member, en)
    expect(member).to_have_url(re.compile(r"/submit/\d+/check/$"))
    expect(member.get_by_text(re.compile(r"^Step 5 of 5"))).to_be_visible()
    if photo is None:
        _checkpoint(journey, member, f"{label} step 5: check")


def test_member_signs_up_submits_a_story_and_sees_it_in_review(journey, tmp_path):
    en = "en"
    member = journey.person(viewport=PHONE, locale="en-US")

    member.goto("/")
    nav = member.get_by_role("navigation", name=translated(en, "Main"))
    open_menu(member)
    nav.get_by_role("link", name=translated(en, "Sign up")).click()
    journey.checkpoint(member, "sign-up form")

    member.locator("input[name=email]").fill(EMAIL)
    member.get_by_label(translated(en, "Your name")).fill("Sari Wulandari")
    member.locator("input[name=password1]").fill(PASSWORD)
    member.locator("input[name=password2]").fill(PASSWORD)
    member.locator("main form").get_by_role("button").click()
    expect(member).to_have_url(re.compile(r"/accounts/confirm-email/$"))
    journey.checkpoint(member, "type the code from your e-mail")

    # The code, read in the mail app, typed on the phone where the member signed up: signed in.
    member.get_by_label(translated(en, "Code from the e-mail")).fill(_code_for(EMAIL))
    member.get_by_role("button", name=translated(en, "Confirm")).click()
    expect(member).to_have_url(re.compile(r"/me/$"))
    journey.checkpoint(member, "empty dashboard")

    open_menu(member)

    nav.get_by_role("link", name=translated(en, "Submit a story")).click()
    expect(member).to_have_url(re.compile(r"/submit/$"))
    _walk_the_steps(member, journey, en, photo=_photo(tmp_path / "dapur.jpg"))

    # The check: the red flag, then back to the claims through the list of steps.
    high = member.locator(".flag--high")
    expect(high.first).to_be_visible()
    # The phrase is flagged on its own; the scanner's model may also flag the sentence around it.
    expect(
        member.locator(".flag__match").filter(has_text=re.compile(r"^\W*dijamin balik modal\W*$"))
    ).to_be_visible()
    expect(high.first.get_by_role("link")).to_have_attribute("href", re.compile(r"^/learn/"))
    _checkpoint(journey, member, "step 5: red flags found")

    steps = member.get_by_role("navigation", name=translated(en, "Steps of the form"))
    steps.get_by_role("link", name=translated(en, "Claims and evidence")).click()
    expect(member).to_have_url(re.compile(r"/submit/\d+/claims/$"))
    statement = member.locator("#claim-1").get_by_label(re.compile("^" + translated(en, "Claim")))
    expect(statement).to_have_value(FLAGGED_CLAIM)
    statement.fill(FIXED_CLAIM)
    _next(member, en)
    expect(member).to_have_url(re.compile(r"/submit/\d+/images/$"))
    # Revisiting the images: the photo saved earlier is shown.
    expect(member.locator(".image-current img")).to_be_visible()
    _checkpoint(journey, member, "step 3 revisited: the current image")
    steps.get_by_role("link", name=translated(en, "Check and submit")).click()
    expect(member).to_have_url(re.compile(r"/submit/\d+/check/$"))
    expect(member.locator(".flag--high")).to_have_count(0)
    expect(member.locator(".flag--medium")).to_have_count(0)
    _checkpoint(journey, member, "step 5: text fixed, checked again")

    member.get_by_role("button", name=translated(en, "Submit for review")).click()
    expect(member.locator(".message").first).to_be_visible()
    journey.checkpoint(member, "sent for review")

    open_menu(member)

    nav.get_by_role("link", name=translated(en, "My stories")).click()
    expect(member).to_have_url(re.compile(r"/me/$"))
    status = member.locator(".dashboard-story .status")
    expect(status).to_have_count(1)
    expect(status).to_have_text(translated(en, StoryStatus.IN_REVIEW.label))
    journey.checkpoint(member, "dashboard: in review")

    story = StoryPage.objects.get(owner=User.objects.get(email=EMAIL))
    assert story.current_workflow_state.status == "in_progress"
    assert not story.live
    # One revision per step that changed something: the four steps, then the fixed claim.
    assert story.revisions.count() == 5
    draft = story.get_latest_revision_as_object()
    assert draft.hero_image is not None
    assert draft.hero_image.alt_text == "Sari mengemas keripik tempe di dapurnya"
    assert [c.statement for c in draft.claims.all()] == [FIXED_CLAIM]

    # The same steps on a wide screen: a second story, up to its check.
    member.set_viewport_size(DESKTOP)
    open_menu(member)
    nav.get_by_role("link", name=translated(en, "Submit a story")).click()
    _walk_the_steps(member, journey, en, photo=None, title=SECOND_TITLE, label="desktop")
    expect(member.locator(".story-check__clear")).to_be_visible()
    second = StoryPage.objects.get(owner=story.owner, title=SECOND_TITLE)
    assert second.get_latest_revision_as_object().hero_image is None

    journey.finish()
