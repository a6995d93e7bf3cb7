"""An organisation's one public reply under a story, moderated before it shows, every edit too."""

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import PageLogEntry

from stories.models import OrganizationReply
from tests.factories import ModeratorFactory, OrganizationFactory, StoryPageFactory, UserFactory

pytestmark = pytest.mark.django_db

FIRST = "Terima kasih, Sari. Angka omzet Anda sesuai laporan penjualan kami tahun 2026."
EDIT = "Terima kasih, Sari. Angka omzet Anda sesuai laporan penjualan kami (diperbarui)."


@pytest.fixture
def world(story_index):
    organization = OrganizationFactory(name="Koperasi Maju", verified=True)
    teller = UserFactory(email="sari@example.com")
    story = StoryPageFactory(title="Warung Sari", owner=teller, organization=organization)
    representative = UserFactory()
    organization.memberships.create(user=representative, role="representative")
    return {"story": story, "organization": organization, "representative": representative}


def reply_url(story):
    return reverse("community:story_reply", args=[story.pk])


def decide(client, reply, decision, note=""):
    return client.post(
        reverse("org_replies:decide", args=[reply.pk]), {"decision": decision, "note": note}
    )


def test_reply__moderated_before_it_shows_and_the_teller_is_told(
    client, world, staff_login, django_capture_on_commit_callbacks
):
    story = world["story"]
    client.force_login(world["representative"])
    assert client.post(reply_url(story), {"text": FIRST}).status_code == 302
    reply = OrganizationReply.objects.get()
    assert reply.status == "pending"
    client.logout()
    assert FIRST not in client.get(story.url).content.decode()

    staff_login(client, ModeratorFactory())
    assert "Warung Sari" in client.get(reverse("org_replies:index")).content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert decide(client, reply, "approve").status_code == 302
    client.logout()
    client.cookies["django_language"] = "en"
    page = client.get(story.url).content.decode()
    assert FIRST in page and "Koperasi Maju replies" in page and "shown since" in page
    (message,) = [m for m in mail.outbox if m.to == ["sari@example.com"]]
    assert FIRST in message.body
    actions = set(PageLogEntry.objects.filter(page=story).values_list("action", flat=True))
    assert {"terang.reply.submitted", "terang.reply.approved"} <= actions


def test_an_edit__moderated_again_while_the_approved_text_stays(client, world, staff_login):
    story = world["story"]
    client.force_login(world["representative"])
    client.post(reply_url(story), {"text": FIRST})
    staff_login(client, ModeratorFactory())
    decide(client, OrganizationReply.objects.get(), "approve")
    client.force_login(world["representative"])
    client.post(reply_url(story), {"text": EDIT})
    reply = OrganizationReply.objects.get()
    assert (reply.status, reply.published_text) == ("pending", FIRST)
    client.logout()
    page = client.get(story.url).content.decode()
    assert FIRST in page and EDIT not in page
    staff_login(client, ModeratorFactory())
    assert decide(client, reply, "decline").status_code == 200  # a reason is needed
    decide(client, reply, "decline", note="Menyebut nama pelanggan lain.")
    client.logout()
    assert FIRST in client.get(story.url).content.decode()


@pytest.mark.parametrize(
    ("text", "error"), [("", "Write the reply."), ("x" * 1501, "at most 1500")]
)
def test_reply__bad_text__plain_error_and_text_kept(client, world, text, error):
    client.force_login(world["representative"])
    client.cookies["django_language"] = "en"
    response = client.post(reply_url(world["story"]), {"text": text})
    assert response.status_code == 200
    assert error in response.content.decode()
    assert text[:100] in response.content.decode()
    assert not OrganizationReply.objects.exists()


def test_reply__only_representatives_of_a_verified_organisation(client, world):
    story = world["story"]
    assert client.get(reply_url(story)).status_code == 302  # to the login
    for user in (UserFactory(), story.owner):
        client.force_login(user)
        assert client.get(reply_url(story)).status_code == 404
        assert client.post(reply_url(story), {"text": FIRST}).status_code == 404
    world["organization"].verified = False
    world["organization"].save()
    client.force_login(world["representative"])
    assert client.get(reply_url(story)).status_code == 404
    assert not OrganizationReply.objects.exists()


def test_members_never_see_the_replies_queue(client, world):
    client.force_login(world["representative"])
    assert client.get(reverse("org_replies:index")).status_code in (302, 403)
