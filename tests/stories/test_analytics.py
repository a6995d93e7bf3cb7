"""Readers counted without being followed: the view beacon, outbound links and what tellers see."""

import pytest
from django.core import signing
from django.urls import reverse
from wagtail.rich_text import RichText

from stories.analytics import OUTBOUND_SALT, outbound_url, rewrite_outbound_links
from stories.models import StoryLinkClickDay, StoryViewDay
from tests.factories import OrganizationFactory, StoryPageFactory, UserFactory

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/126 Mobile Safari/537.36"


@pytest.fixture
def story(story_index):
    return StoryPageFactory(
        title="Warung kopi Jane",
        owner=UserFactory(),
        body=[
            (
                "paragraph",
                RichText(
                    '<p>Kami menjual lewat <a href="https://tokopedia.example/kopi-jane">toko '
                    'daring</a> dan <a href="/learn/">panduan</a>.</p>'
                ),
            )
        ],
    )


def beacon(client, story, *, address="203.0.113.7", agent=BROWSER):
    return client.post(
        reverse("story_view_beacon", args=[story.pk]),
        REMOTE_ADDR=address,
        HTTP_USER_AGENT=agent,
    )


def views_of(story) -> int:
    return sum(StoryViewDay.objects.filter(story=story).values_list("views", flat=True))


def test_beacon__counts_a_view_today_and_sets_no_cookie(client, story):
    response = beacon(client, story)
    assert response.status_code == 204
    assert not response.cookies
    assert response["Cache-Control"] == "no-store"
    assert views_of(story) == 1


def test_beacon__a_reader_reloading__counts_once_another_reader_counts(client, story):
    beacon(client, story)
    beacon(client, story)
    beacon(client, story, address="198.51.100.4")
    assert views_of(story) == 2


@pytest.mark.parametrize(
    "agent", ["", "Googlebot/2.1", "facebookexternalhit preview", "HeadlessChrome/126"]
)
def test_beacon__robots_and_unnamed_clients__not_counted(client, story, agent):
    assert beacon(client, story, agent=agent).status_code == 204
    assert views_of(story) == 0


def test_beacon__a_draft_or_missing_story__not_counted_and_the_same_answer(client, story_index):
    draft = StoryPageFactory(verification="")
    draft.unpublish()
    assert beacon(client, draft).status_code == 204
    missing = client.post(reverse("story_view_beacon", args=[999999]), HTTP_USER_AGENT=BROWSER)
    assert missing.status_code == 204
    assert not StoryViewDay.objects.exists()


def test_beacon__only_post(client, story):
    assert client.get(reverse("story_view_beacon", args=[story.pk])).status_code == 405


def test_beacon__no_address_is_kept(client, story, settings):
    beacon(client, story, address="203.0.113.77")
    row = StoryViewDay.objects.get()
    assert "203.0.113.77" not in str(row.__dict__)


def test_story_page__carries_the_beacon_and_its_script(client, story):
    page = client.get(story.url).content.decode()
    assert f'data-view-beacon="{reverse("story_view_beacon", args=[story.pk])}"' in page
    assert "js/story-view.js" in page


def test_story_page__outbound_links_go_through_the_signed_redirect(client, story):
    page = client.get(story.url).content.decode()
    assert 'href="https://tokopedia.example/kopi-jane"' not in page
    assert f'href="{outbound_url(story.pk, "https://tokopedia.example/kopi-jane")}"' in page
    assert 'rel="nofollow noopener"' in page
    assert 'href="/learn/"' in page


def test_outbound__counts_the_click_then_redirects(client, story):
    url = outbound_url(story.pk, "https://tokopedia.example/kopi-jane")
    response = client.get(url, HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 302
    assert response["Location"] == "https://tokopedia.example/kopi-jane"
    assert response["Referrer-Policy"] == "no-referrer"
    client.get(url, HTTP_USER_AGENT=BROWSER)
    row = StoryLinkClickDay.objects.get()
    assert (row.url, row.clicks) == ("https://tokopedia.example/kopi-jane", 2)


@pytest.mark.parametrize(
    "token",
    [
        "not-a-token",
        signing.Signer(salt="another.salt").sign_object([1, "https://evil.example/"]),
        signing.Signer(salt=OUTBOUND_SALT).sign_object([1, "javascript:alert(1)"]),
        signing.Signer(salt=OUTBOUND_SALT).sign_object(["1", "https://x.example/"]),
        signing.Signer(salt=OUTBOUND_SALT).sign_object({"url": "https://x.example/"}),
        signing.dumps([1, "https://x.example/"], salt=OUTBOUND_SALT),
    ],
)
def test_outbound__anything_the_site_did_not_sign_for_a_web_address__404(client, story, token):
    response = client.get(reverse("story_outbound", args=[token]))
    assert response.status_code == 404
    assert not StoryLinkClickDay.objects.exists()


def test_outbound__a_tampered_token__404(client, story):
    token = outbound_url(story.pk, "https://tokopedia.example/")[len("/out/") : -1]
    response = client.get(reverse("story_outbound", args=[token[:-2] + "xx"]))
    assert response.status_code == 404


def test_rewrite__keeps_the_markup_and_escapes_attributes():
    html = (
        '<p>A &amp; B <a href="https://x.example/?a=1&amp;b=2" title="&quot;x&quot;">x</a><br/></p>'
    )
    out = rewrite_outbound_links(html, 7)
    assert out.startswith('<p>A &amp; B <a href="/out/')
    assert 'title="&quot;x&quot;"' in out and "<br />" in out and out.endswith("</a><br /></p>")


def test_readers_page__the_teller_and_the_organisations_representatives_see_day_by_day(
    client, story_index
):
    organization = OrganizationFactory(name="Kopi Jane")
    story = StoryPageFactory(organization=organization, owner=UserFactory())
    beacon(client, story)
    client.get(
        outbound_url(story.pk, "https://tokopedia.example/kopi-jane"), HTTP_USER_AGENT=BROWSER
    )
    representative = UserFactory()
    organization.memberships.create(user=representative, role="representative")
    url = reverse("community:story_readers", args=[story.pk])
    for user in (story.owner, representative):
        client.force_login(user)
        client.cookies["django_language"] = "en"
        page = client.get(url).content.decode()
        assert "Read 1 time in the last 30 days." in page
        assert "https://tokopedia.example/kopi-jane" in page
        assert "We set no cookie" in page
    dashboard = client.get(reverse("community:dashboard")).content.decode()
    assert "read 1 time in the last 30 days" in dashboard
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404


def test_dashboard__shows_each_live_storys_recent_readers(client, story):
    beacon(client, story)
    client.force_login(story.owner)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("community:dashboard")).content.decode()
    assert "Read 1 time in the last 30 days." in page
    assert reverse("community:story_readers", args=[story.pk]) in page
