import datetime as dt
import re
from io import StringIO

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone
from django.utils.translation import override as override_language
from wagtail.models import Revision, WorkflowState

from community.models import Consent, Organization, RequestLink
from demo.accounts import DEMO_TOTP_SECRET
from stories.accountability import moderation_figures
from stories.body import SECTION_KEYS, body_parts
from stories.checklist import CHECKS
from stories.choices import CheckResult, ClaimKind, ReviewKind, ReviewOutcome, Verification
from stories.models import (
    CustomImage,
    GuidePage,
    HomePage,
    Industry,
    ReviewDecision,
    StoryPage,
    TransparencyClaim,
)
from stories.review import verification_for
from tests.factories import give_authenticator_app, publish_reviewed, totp_code

# Every test reads the database the module fixture fills (this also makes pytest-django create the
# test database when only some of these tests are selected).
pytestmark = pytest.mark.django_db

GUIDE_SLUGS = {
    "bisnis-jaringan-vs-skema-piramida": "network-business-vs-pyramid-scheme",
    "membaca-klaim-penghasilan": "reading-an-income-claim",
    "investasi-ilegal-dan-imbal-hasil-tetap": "illegal-investments-and-fixed-returns",
    "apa-yang-diperiksa-terang": "what-terang-checks",
}
# The documented demo passwords, as printed by the command.
ACCOUNTS = {
    "admin": "terang-admin-demo",
    "moderator": "terang-moderator-demo",
    "member": "terang-member-demo",
}
EMAILS = {username: f"{username}@terang.example" for username in ACCOUNTS}


def _counts() -> dict[str, int]:
    return {
        "stories": StoryPage.objects.count(),
        "guides": GuidePage.objects.count(),
        "images": CustomImage.objects.count(),
        "users": get_user_model().objects.count(),
        "organizations": Organization.objects.count(),
        "claims": TransparencyClaim.objects.count(),
        "decisions": ReviewDecision.objects.count(),
        "revisions": Revision.objects.count(),
        "workflow_states": WorkflowState.objects.count(),
        "consents": Consent.objects.count(),
    }


def _load() -> str:
    """The command's output as an English-speaking operator reads it."""
    out = StringIO()
    with override_language("en"):
        call_command("load_demo", force=True, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Load the demo twice, once per module; everything is rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        first_output = _load()
        after_first = _counts()
        second_output = _load()
        yield {
            "first_output": first_output,
            "second_output": second_output,
            "after_first": after_first,
            "after_second": _counts(),
        }
        transaction.set_rollback(True)


@pytest.fixture
def stories(demo, db):
    return StoryPage.objects.filter(import_source="demo").live()


@pytest.fixture
def submission(demo, db):
    return StoryPage.objects.get(
        import_source="demo", external_id="ratna-kelas-mpasi-menunggu-tinjauan"
    )


def test_load_demo__second_run__changes_no_counts(demo):
    assert demo["after_first"]["stories"] >= 24
    assert demo["after_second"] == demo["after_first"]


def test_load_demo__second_run__reports_that_nothing_was_added(demo):
    stories = demo["after_first"]["stories"]
    assert f"Added {stories} stories, 8 guides" in demo["first_output"]
    assert stories == 29
    assert "Nothing was missing" in demo["second_output"]


def test_load_demo__prints_summary_then_every_account(demo):
    output = demo["second_output"]
    assert (
        "Demo ready: 27 stories in 14 industries (1 more waiting for review), 8 guides, "
        "3 accounts." in output
    )
    summary_at = output.index("Demo ready:")
    for line in (
        "log in at http://testserver/accounts/login/?next=/admin/ as admin with the password "
        "terang-admin-demo",
        "log in at http://testserver/accounts/login/?next=/admin/ as moderator with the password "
        "terang-moderator-demo",
        "log in at http://testserver/accounts/login/ as member@terang.example with the password "
        "terang-member-demo",
        "then enter the code of an authenticator app set up with the demo secret "
        f"{DEMO_TOTP_SECRET} (or this address: otpauth://totp/admin%40terang.example?secret="
        f"{DEMO_TOTP_SECRET}&issuer=Terang), or the code that `python manage.py demo_totp admin` "
        "prints",
        "`python manage.py demo_totp moderator` prints",
    ):
        assert output.index(line) > summary_at
    assert output.count("demo_totp") == 2  # the administrator and the moderator, not the member


def test_demo__at_least_24_live_stories(stories):
    assert stories.live().count() >= 24


def test_demo__stories_span_at_least_8_industries(stories):
    assert Industry.objects.filter(story_items__content_object__in=stories).distinct().count() >= 8


def test_demo__roughly_half_the_stories_in_each_language(stories):
    total = stories.count()
    indonesian = stories.filter(language="id").count()
    english = stories.filter(language="en").count()
    assert indonesian + english == total
    assert min(indonesian, english) >= total * 0.4


def test_demo__jane_story_in_indonesian_and_english_under_health_wellness(stories):
    jane = stories.filter(subject_name="Jane", industries__slug="health-wellness").live()
    assert set(jane.values_list("language", flat=True)) == {"id", "en"}


def test_demo__best_corporation_story_is_about_a_verified_organisation(stories):
    story = stories.get(organization__name="Best Corporation", language="id")
    assert story.subject_kind == "organization"
    assert story.live and story.is_verified
    organization = story.organization
    assert organization.verified and organization.verified_at
    assert organization.business_licence_number
    assert "APLI" in organization.association_membership
    assert "Satgas PASTI" in organization.regulator_list_note


def test_demo__every_story_has_claims_hero_image_review_and_product(stories):
    for story in stories:
        assert 1 <= story.claims.count() <= 3, story.slug
        assert story.hero_image and story.hero_image.alt_text, story.slug
        assert story.reviewed_at, story.slug
        assert story.product_or_service and story.product_description, story.slug
        assert len(story.summary) <= 500, story.slug
        assert story.live_revision_id, story.slug


def test_demo__report_checks_cover_the_whole_checklist_and_match_the_verification(stories):
    codes = {check.code for check in CHECKS}
    for story in stories:
        assert set(story.report_checks) == codes, story.slug
        assert story.verification == verification_for(story.report_checks), story.slug
        assert story.material_connection, story.slug


def test_demo__each_story_passed_both_review_steps_by_two_people(stories):
    for story in stories:
        review = story.live_review()
        assert review.kind == ReviewKind.WORKFLOW
        assert (review.transparency.moderator.username, review.editorial.moderator.username) == (
            "moderator",
            "admin",
        )
        for decision in (review.transparency, review.editorial):
            assert decision.outcome == ReviewOutcome.APPROVED
            assert decision.revision_id == story.live_revision_id
            assert timezone.localdate(decision.created_at) == story.reviewed_at
        assert review.transparency.checks == story.report_checks
        assert review.reviewed_at == story.reviewed_at


def test_demo__an_organisation_matches_the_sample_regulator_list(demo, db):
    matched = Organization.objects.filter(regulator_matches__isnull=False).distinct()
    assert [organization.name for organization in matched] == ["Dana Kilat Sejahtera"]
    assert not Organization.objects.get(name="Dana Kilat Sejahtera").verified


def test_demo__how_we_moderate_counts_a_year_of_demo_reviews(demo, db):
    end_of_november = timezone.make_aware(dt.datetime(2026, 11, 30, 23, 0))
    figures = moderation_figures(now=end_of_november)
    totals = figures.totals
    # Three demo stories had a first version sent back, each resubmitted and then approved.
    assert totals.sent_back == 3
    assert totals.published >= 10
    assert {code for code, _, _ in figures.reasons} == {
        "income_without_evidence",
        "atypical_income",
        "undisclosed_connection",
    }
    # Each decision is timed from the submission it answered, a spread of hours and days.
    assert figures.decisions == totals.published + totals.sent_back
    assert 0 < figures.median_hours < figures.p90_hours


def test_demo__reviewed_stories_say_which_evidence_was_missing(stories):
    reviewed = stories.filter(verification=Verification.REVIEWED)
    assert reviewed.count() >= 3
    assert not reviewed.filter(report_note="").exists()
    assert all(CheckResult.NOT_SEEN in story.report_checks.values() for story in reviewed)
    assert stories.filter(verification=Verification.VERIFIED).count() > reviewed.count()


def test_demo__income_claims_in_verified_stories_carry_evidence(stories):
    claims = TransparencyClaim.objects.filter(
        page__in=stories.filter(verification=Verification.VERIFIED), kind=ClaimKind.INCOME
    )
    assert claims.exists()
    assert not claims.filter(evidence_note="").exists()


def test_demo__story_bodies_use_only_local_blocks_and_some_images(stories):
    block_types = [{block.block_type for block in story.body} for story in stories]
    assert all("embed" not in types for types in block_types)
    assert all({"heading", "paragraph"} <= types for types in block_types)
    assert sum("image" in types for types in block_types) >= 3
    assert sum("testimonial" in types for types in block_types) >= 5


def test_demo__publication_dates_are_spread_over_2025_and_2026(stories):
    dates = list(stories.values_list("first_published_at", "last_published_at"))
    assert {first.year for first, _ in dates} == {2025, 2026}
    assert len({(first.year, first.month) for first, _ in dates}) >= 15
    assert all(first == last and first < timezone.now() for first, last in dates)


@pytest.mark.parametrize(
    "slug,translation", [*GUIDE_SLUGS.items(), *[(en, i) for i, en in GUIDE_SLUGS.items()]]
)
def test_demo__guide_is_live_with_a_live_translation(demo, db, slug, translation):
    guide = GuidePage.objects.get(slug=slug)
    assert guide.live
    assert guide.translation.slug == translation
    assert guide.translation.live
    assert guide.translation.language != guide.language
    assert guide.url == f"/learn/{slug}/"


def test_demo__janes_two_stories_are_linked_both_ways(demo, db):
    english = StoryPage.objects.get(external_id="jane-fitness-community-bandung")
    indonesian = StoryPage.objects.get(external_id="jane-komunitas-kebugaran-bandung")
    assert (english.translation, indonesian.translation) == (indonesian, english)
    assert english.other_language_version == indonesian
    assert indonesian.other_language_version == english
    assert english.url == "/stories/jane-fitness-community-bandung/"


def test_demo__run_again_on_a_database_loaded_before_the_link__links_jane_through_review(
    demo, db, client
):
    keys = ("jane-fitness-community-bandung", "jane-komunitas-kebugaran-bandung")
    for key in keys:
        page = StoryPage.objects.get(external_id=key)
        # As the demo left it before it linked languages: no link in the page or any version.
        for revision in page.revisions.all():
            revision.content["translation"] = None
            revision.save(update_fields=["content"])
        StoryPage.objects.filter(pk=page.pk).update(translation=None)
    assert 'hreflang="x-default"' not in client.get(f"/stories/{keys[0]}/").content.decode()

    _load()
    english, indonesian = (StoryPage.objects.get(external_id=key) for key in keys)
    assert (english.translation, indonesian.translation) == (indonesian, english)
    assert english.other_language_version == indonesian
    for page in (english, indonesian):
        assert page.live and not page.has_unpublished_changes
        assert page.get_latest_revision().as_object().translation is not None
        assert page.verification != Verification.UNREVIEWED
    assert 'hreflang="x-default"' in client.get(f"/stories/{keys[0]}/").content.decode()

    revisions = Revision.objects.count()
    _load()
    assert Revision.objects.count() == revisions


def test_demo__the_member_curates_best_corporations_collection(demo, db, client):
    slug = Organization.objects.get(name="Best Corporation").slug
    client.force_login(get_user_model().objects.get(username="member"))
    listing = client.get(f"/me/organisations/{slug}/collections/")
    assert listing.status_code == 200
    # The line to paste, shown as text inside <code>.
    assert "data-collection=&quot;best-corporation&quot;" in listing.content.decode()
    assert f"/me/organisations/{slug}/collections/" in client.get("/me/").content.decode()


def test_demo__best_corporation_asks_for_stories_through_a_request_link(demo, db, client):
    link = RequestLink.objects.get(organization__name="Best Corporation")
    assert client.get(link.get_absolute_url()).status_code == 200
    client.force_login(get_user_model().objects.get(username="member"))
    listing = client.get(f"/me/organisations/{link.organization.slug}/request-links/")
    assert link.token in listing.content.decode()


def test_demo__guides_teach_in_several_sections(demo, db):
    for guide in GuidePage.objects.filter(slug__in=[*GUIDE_SLUGS, *GUIDE_SLUGS.values()]):
        headings = [block for block in guide.body if block.block_type == "heading"]
        assert len(headings) >= 4, guide.slug


def test_demo__home_page_has_real_intro_and_mission(demo, db):
    home = HomePage.objects.get()
    assert "diperiksa" in home.intro
    assert "stigma" in home.mission


@pytest.mark.parametrize(
    "url,expected",
    [
        ("/", "Jane"),
        ("/stories/jane-komunitas-kebugaran-bandung/", "Yang tidak berhasil"),
        ("/stories/jane-fitness-community-bandung/", "What the moderator checked"),
        ("/stories/best-corporation-tumbuh-karena-transparan/", "Best Corporation"),
        ("/stories/maya-stopped-recruiting/", "What did not work"),
        ("/learn/", "Cara membaca klaim penghasilan"),
        ("/learn/what-terang-checks/", "Baca dalam Bahasa Indonesia"),
        ("/stories/jane-fitness-community-bandung/", "Baca dalam Bahasa Indonesia"),
        ("/stories/jane-komunitas-kebugaran-bandung/", 'hreflang="x-default"'),
        ("/stories/industry/agriculture-fisheries/", "Mina Bahari"),
        ("/how-we-moderate/", "Sent back for changes"),
    ],
)
def test_demo__pages_render(demo, db, client, url, expected):
    response = client.get(url)
    assert response.status_code == 200
    assert expected in response.content.decode()


def test_demo__stories_are_searchable_with_their_publication_dates(demo, db, client):
    data = client.get("/api/search/", {"q": "kebugaran"}).json()
    jane = next(
        r for r in data["results"] if r["url"] == "/stories/jane-komunitas-kebugaran-bandung/"
    )
    assert jane["published_at"] == "2026-11-03"
    assert jane["verified"] is True
    assert client.get("/api/search/", {"q": "MPASI"}).json()["count"] == 0


def test_demo__search_index_check_passes_right_after_loading(demo, db):
    # The loader backdates the stories' publication dates after publishing them; their indexed
    # content is still exactly their live revision, so nothing is stale.
    out = StringIO()
    call_command("search_index", "--check", stdout=out)  # raises CommandError when unhealthy
    assert "database: missing 0, stale 0, extra 0" in out.getvalue()


def demo_code(username: str) -> str:
    out, err = StringIO(), StringIO()
    call_command("demo_totp", username, stdout=out, stderr=err)
    assert "valid for" in err.getvalue()
    return out.getvalue().strip()


@pytest.mark.parametrize("username", ["admin", "moderator"])
def test_demo__admin_login_admits_the_printed_username_password_and_code(
    demo, db, client, username
):
    response = client.post(
        "/accounts/login/",
        {"login": username, "password": ACCOUNTS[username], "next": "/admin/"},
    )
    assert response["Location"] == "/accounts/2fa/authenticate/"
    response = client.post("/accounts/2fa/authenticate/", {"code": demo_code(username)})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_demo_totp__prints_the_code_the_demo_secret_gives_now(demo, db):
    code = demo_code("moderator")
    assert re.fullmatch(r"\d{6}", code)
    assert code == totp_code(DEMO_TOTP_SECRET)


@pytest.mark.parametrize("username", ["member", "nobody"])
def test_demo_totp__refuses_accounts_without_the_demo_secret(demo, db, username):
    with pytest.raises(CommandError, match="not a demo account with the published demo secret"):
        call_command("demo_totp", username, stdout=StringIO(), stderr=StringIO())


def test_demo_totp__refuses_a_demo_account_whose_app_was_set_up_again(demo, db):
    admin = get_user_model().objects.get(username="admin")
    Authenticator.objects.filter(user=admin, type=Authenticator.Type.TOTP).delete()
    give_authenticator_app(admin, "SOMEONEELSESSECRETABCDEFGHIJKLMN")

    with pytest.raises(CommandError):
        call_command("demo_totp", "admin", stdout=StringIO(), stderr=StringIO())


def test_demo__site_login_form_admits_the_member_by_email(demo, db, client):
    response = client.post(
        "/accounts/login/", {"login": EMAILS["member"], "password": ACCOUNTS["member"]}
    )
    member = get_user_model().objects.get(username="member")
    assert response.status_code == 302
    assert "confirm-email" not in response.url
    assert client.session["_auth_user_id"] == str(member.pk)


def test_demo__admin_login_form_turns_the_member_away(demo, db, client):
    response = client.post(
        "/accounts/login/",
        {"login": "member", "password": ACCOUNTS["member"], "next": "/admin/"},
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_demo__accounts_have_their_roles(demo, db):
    users = get_user_model().objects.in_bulk(list(ACCOUNTS), field_name="username")
    assert users["admin"].is_superuser and users["admin"].is_staff
    assert users["moderator"].groups.filter(name="Moderators").exists()
    assert not users["moderator"].is_superuser
    assert not users["member"].is_superuser and not users["member"].groups.exists()
    with_app = Authenticator.objects.filter(type=Authenticator.Type.TOTP)
    assert {app.user.username for app in with_app if app.user.username in ACCOUNTS} == {
        "admin",
        "moderator",
    }


def test_demo__member_account_owns_a_published_story(stories):
    assert stories.filter(owner__username="member").live().exists()


def test_demo__member_story_splits_into_the_edit_forms_sections(stories):
    story = stories.get(owner__username="member")
    parts = body_parts(story.body)
    assert all(parts.sections[key] for key in SECTION_KEYS)
    assert not any(heading in parts.sections["background"] for heading in ("Hasil", "Tantangan"))
    assert [image.section for image in parts.images] == ["actions"]


def test_demo__submission_waits_in_the_review_workflow(submission):
    assert submission.owner.username == "member"
    assert submission.workflow_in_progress
    assert submission.current_workflow_task.specific_class.__name__ == "TransparencyReviewTask"
    assert submission.verification == Verification.UNREVIEWED
    assert not submission.review_decisions.exists()
    assert submission.consents.filter(kind="publish").exists()


def test_demo__submission__is_404_for_the_public(submission, client):
    response = client.get(f"/stories/{submission.slug}/")
    assert response.status_code == 404
    assert submission.title not in response.content.decode()


def test_demo__moderator_finds_the_submission_awaiting_review(submission, client, staff_login):
    staff_login(client, get_user_model().objects.get(username="moderator"))
    response = client.get("/admin/")
    assert response.status_code == 200
    assert submission.title in response.content.decode()


def test_demo__submission_keeps_its_demo_key_in_the_revision_a_moderator_publishes(submission):
    content = submission.latest_revision.content
    assert (content["import_source"], content["external_id"]) == (
        "demo",
        "ratna-kelas-mpasi-menunggu-tinjauan",
    )


def test_load_demo__rerun__restores_a_changed_password_and_app_and_keeps_edits(demo, db, client):
    moderator = get_user_model().objects.get(username="moderator")
    moderator.set_password("something-else-entirely")
    moderator.save()
    Authenticator.objects.filter(user=moderator).delete()
    give_authenticator_app(moderator, "SOMEONEELSESSECRETABCDEFGHIJKLMN")
    home = HomePage.objects.get()
    home.mission = "<p>Edited by the site's own editors.</p>"
    home.save_revision().publish()

    _load()

    response = client.post(
        "/accounts/login/", {"login": "moderator", "password": ACCOUNTS["moderator"]}
    )
    assert response["Location"] == "/accounts/2fa/authenticate/"
    client.post("/accounts/2fa/authenticate/", {"code": totp_code(DEMO_TOTP_SECRET)})
    assert client.session["_auth_user_id"] == str(moderator.pk)
    assert HomePage.objects.get().mission == "<p>Edited by the site's own editors.</p>"


def test_load_demo__rerun__does_not_overwrite_an_edited_story(stories):
    story = stories.get(external_id="sari-keluar-dari-arisan-investasi")
    story.title = "Judul yang disunting moderator"
    publish_reviewed(story)

    _load()

    assert StoryPage.objects.get(pk=story.pk).title == "Judul yang disunting moderator"


def test_load_demo__rerun__relinks_a_guide_that_lost_its_translation(demo, db):
    GuidePage.objects.filter(slug="what-terang-checks").update(translation=None)

    _load()

    guide = GuidePage.objects.get(slug="what-terang-checks")
    assert guide.translation.slug == "apa-yang-diperiksa-terang"
    assert guide.live and not guide.has_unpublished_changes


def test_load_demo__without_debug__refuses_unless_forced(db, settings):
    settings.DEBUG = False
    before = StoryPage.objects.count()
    with pytest.raises(CommandError, match="--force"):
        call_command("load_demo", stdout=StringIO())
    assert StoryPage.objects.count() == before


def test_demo__story_images_are_public_and_the_waiting_submission_image_is_not(
    client, stories, submission
):
    story = stories.exclude(hero_image=None).first()
    html = client.get(story.url).content.decode()
    urls = re.findall(r'src="(/images/[^"]+)"', html)
    assert len(urls) >= 2  # the hero image and at least one image in the story
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"].startswith("public, max-age=")
    assert submission.hero_image is not None
    assert client.get(submission.hero_image.file.url).status_code == 404


def test_demo__every_demo_image_has_a_focal_point_inside_it(stories, submission):
    images = [*CustomImage.objects.filter(title__startswith="Terang demo:"), submission.hero_image]
    assert len(images) > stories.count()
    for image in images:
        assert image.get_focal_point() is not None, image.title
        left = image.focal_point_x - image.focal_point_width / 2
        top = image.focal_point_y - image.focal_point_height / 2
        assert left >= 0 and left + image.focal_point_width <= image.width, image.title
        assert top >= 0 and top + image.focal_point_height <= image.height, image.title


def test_demo__review_queue_has_an_overdue_story(demo, db, settings):
    from stories.review_queue import overdue_days, queue_stories

    waiting = queue_stories().filter(import_source="demo")
    cutoff = timezone.now() - dt.timedelta(days=overdue_days())
    assert waiting.filter(submitted_at__lt=cutoff).exists()
    assert waiting.filter(title="Dari demo panci ke kelas memasak MPASI").exists()


def test_demo__an_organisations_reply_is_shown_under_its_story(demo, db):
    from stories.models import OrganizationReply, ReplyStatus

    reply = OrganizationReply.objects.get(
        story__external_id="best-corporation-tumbuh-karena-transparan"
    )
    assert reply.status == ReplyStatus.APPROVED
    assert reply.published_text and reply.published_at


def test_demo__a_rejection_waits_on_its_appeal(demo, db):
    from stories.models import Appeal, AppealOutcome

    appeal = Appeal.objects.get(story__external_id="agus-tabungan-emas-banding")
    assert appeal.outcome == AppealOutcome.OPEN
    assert appeal.rejection.outcome == ReviewOutcome.REJECTED
    assert appeal.rejection.reason == "guaranteed_returns"


def test_demo__walls_of_love_for_a_collection_and_a_verified_organisation(demo, db, client):
    from reach.models import StoryCollection

    collection = StoryCollection.objects.get(slug="koperasi-terbuka")
    wall = client.get("/embed/wall/", {"collection": "koperasi-terbuka", "language": "en"})
    badge = client.get("/embed/badge.svg", {"organisation": "best-corporation"})

    assert collection.items.count() == 4
    assert wall.status_code == 200
    assert wall.content.decode().count('class="wall-card"') == 4
    assert 'data-state="verified"' in badge.content.decode()
    assert StoryCollection.objects.get(slug="best-corporation").organization.name == (
        "Best Corporation"
    )
