import re

import pytest
from django.core import mail
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from community.models import User
from stories.choices import StoryStatus
from stories.models import StoryPage
from tests.e2e.harness import PHONE, translated

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


def test_member_signs_up_submits_a_story_and_sees_it_in_review(journey, tmp_path):
    en = "en"
    member = journey.person(viewport=PHONE, locale="en-US")

    member.goto("/")
    nav = member.get_by_role("navigation", name=translated(en, "Main"))
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

    nav.get_by_role("link", name=translated(en, "Submit a story")).click()
    expect(member).to_have_url(re.compile(r"/submit/$"))
    member.get_by_label(re.compile("^" + translated(en, "Title"))).fill(
        "Dari dapur kecil ke tiga puluh warung langganan"
    )
    member.get_by_label(re.compile("^" + translated(en, "Name to show"))).fill("Sari Wulandari")
    member.get_by_role("checkbox", name="Food & beverage").check()
    member.get_by_label(re.compile("^" + translated(en, "Summary"))).fill(
        "Sari menjual keripik tempe buatan sendiri ke warung dan kantor di Malang."
    )
    member.get_by_label(re.compile("^" + translated(en, "Product or service"))).fill(
        "Keripik tempe"
    )
    for heading, text in [
        ("Background", "Saya mulai menggoreng keripik tempe di dapur rumah pada 2023."),
        ("What we did", "Saya menawarkan sampel ke warung sekitar dan mencatat setiap pesanan."),
        ("Results", "Sekarang tiga puluh warung membeli setiap minggu."),
    ]:
        member.get_by_label(re.compile("^" + translated(en, heading))).fill(text)
    claim = member.locator("#claim-1")
    claim.get_by_label(re.compile("^" + translated(en, "Claim"))).fill(FLAGGED_CLAIM)
    claim.get_by_label(re.compile("^" + translated(en, "What backs it"))).fill(
        "Buku kas dan rekening koran 12 bulan"
    )
    member.get_by_label(re.compile("^" + translated(en, "Main image"))).set_input_files(
        _photo(tmp_path / "dapur.jpg")
    )
    member.get_by_label(re.compile("^" + translated(en, "Describe the main image"))).fill(
        "Sari mengemas keripik tempe di dapurnya"
    )
    member.locator("input[name=no_material_connection]").check()
    member.locator("input[name=consent_to_publish]").check()
    journey.checkpoint(member, "story form filled in")

    member.get_by_role("button", name=translated(en, "Check and submit")).click()
    expect(member).to_have_url(re.compile(r"/submit/\d+/check/$"))
    high = member.locator(".flag--high")
    expect(high.first).to_be_visible()
    # The phrase is flagged on its own; the scanner's model may also flag the sentence around it.
    expect(
        member.locator(".flag__match").filter(has_text=re.compile(r"^\W*dijamin balik modal\W*$"))
    ).to_be_visible()
    expect(high.first.get_by_role("link")).to_have_attribute("href", re.compile(r"^/learn/"))
    journey.checkpoint(member, "red flags found")

    member.locator("main").get_by_role("link", name=translated(en, "Back to editing")).first.click()
    expect(member).to_have_url(re.compile(r"/submit/\d+/$"))
    statement = member.locator("#claim-1").get_by_label(re.compile("^" + translated(en, "Claim")))
    expect(statement).to_have_value(FLAGGED_CLAIM)
    statement.fill(FIXED_CLAIM)
    member.get_by_role("button", name=translated(en, "Check and submit")).click()
    expect(member).to_have_url(re.compile(r"/submit/\d+/check/$"))
    expect(member.locator(".flag--high")).to_have_count(0)
    expect(member.locator(".flag--medium")).to_have_count(0)
    journey.checkpoint(member, "text fixed, checked again")

    member.get_by_role("button", name=translated(en, "Submit for review")).click()
    expect(member.locator(".message").first).to_be_visible()
    journey.checkpoint(member, "sent for review")

    nav.get_by_role("link", name=translated(en, "My stories")).click()
    expect(member).to_have_url(re.compile(r"/me/$"))
    status = member.locator(".dashboard-story .status")
    expect(status).to_have_count(1)
    expect(status).to_have_text(translated(en, StoryStatus.IN_REVIEW.label))
    journey.checkpoint(member, "dashboard: in review")

    story = StoryPage.objects.get(owner=User.objects.get(email=EMAIL))
    assert story.current_workflow_state.status == "in_progress"
    assert not story.live
    draft = story.get_latest_revision_as_object()
    assert draft.hero_image is not None
    assert draft.hero_image.alt_text == "Sari mengemas keripik tempe di dapurnya"
    assert [c.statement for c in draft.claims.all()] == [FIXED_CLAIM]

    journey.finish()
