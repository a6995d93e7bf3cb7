"""An organisation's representative curates its collections on the members' pages
(reach.curation, reach.curation_views): one policy for every path, bounds on every field, and only
the organisation's live, reviewed stories, whatever is posted."""

import html
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.translation import override

from community.models import OrganizationMembership, OrganizationRole
from community.services.data_rights import story_withdraw
from reach import curation
from reach.models import MAX_STORIES, StoryCollection, StoryCollectionItem
from stories.choices import Verification
from stories.models import StoryPage
from tests.factories import ModeratorFactory, OrganizationFactory, StoryPageFactory, UserFactory
from tests.reach.conftest import DRAFT_TITLE, LIVE_TITLE

pytestmark = pytest.mark.django_db

WALL = "/embed/wall/"


def member_of(organization, role=OrganizationRole.REPRESENTATIVE):
    user = UserFactory()
    OrganizationMembership.objects.create(user=user, organization=organization, role=role)
    return user


@pytest.fixture
def representative(organization):
    return member_of(organization)


@pytest.fixture
def second(organization):
    return StoryPageFactory(title="Kisah kedua", organization=organization)


@pytest.fixture
def collection(organization, representative, story):
    collection = curation.collection_create(
        member=representative, organization=organization, title="Pilihan kami", slug="pilihan"
    )
    curation.collection_add_story(member=representative, collection=collection, story_id=story.pk)
    return collection


@pytest.fixture
def people(organization, representative):
    other = OrganizationFactory(name="CV Lain", slug="cv-lain", verified=True)
    unverified = OrganizationFactory(name="CV Belum", slug="cv-belum", verified=False)
    return {
        "anonymous": None,
        "member": UserFactory(),
        "other_organisation": member_of(other),
        "unverified_representative": member_of(unverified),
        "representative": representative,
        "owner": member_of(organization, role=OrganizationRole.OWNER),
        "moderator": ModeratorFactory(),
    }


ALLOWED = {"representative", "owner", "moderator"}
PEOPLE = [
    "anonymous",
    "member",
    "other_organisation",
    "unverified_representative",
    "representative",
    "owner",
    "moderator",
]


def list_url(organization):
    return reverse("reach:collections", args=[organization.slug])


def edit_url(collection):
    return reverse("reach:collection", args=[collection.organization.slug, collection.pk])


def delete_url(collection):
    return reverse("reach:collection_delete", args=[collection.organization.slug, collection.pk])


def as_person(client, people, who):
    if people[who] is not None:
        client.force_login(people[who])
    return client


def wall_titles(client, slug) -> list[str]:
    response = client.get(WALL, {"collection": slug})
    assert response.status_code == 200
    return re.findall(
        r'class="wall-card__title"[^>]*><a [^>]*>([^<]+)</a>', response.content.decode()
    )


def expected_refusal(response, who):
    if who == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    else:
        assert response.status_code == 404


# --- Who may curate: one cell per assertion -----------------------------------------------------


@pytest.mark.parametrize("who", PEOPLE)
def test_permissions__see_the_collections(client, people, collection, who):
    response = as_person(client, people, who).get(list_url(collection.organization))
    if who in ALLOWED:
        assert response.status_code == 200
        assert "Pilihan kami" in response.content.decode()
    else:
        expected_refusal(response, who)


@pytest.mark.parametrize("who", PEOPLE)
def test_permissions__make_a_collection(client, people, organization, who):
    response = as_person(client, people, who).post(
        list_url(organization), {"title": "Baru", "slug": "baru", "language": "id"}
    )
    made = StoryCollection.objects.filter(slug="baru", organization=organization).exists()
    if who in ALLOWED:
        assert response.status_code == 302 and made
    else:
        expected_refusal(response, who)
        assert not made


@pytest.mark.parametrize("who", PEOPLE)
def test_permissions__edit_add_and_delete(client, people, collection, second, who):
    client = as_person(client, people, who)
    assert_allowed = who in ALLOWED
    page = client.get(edit_url(collection))
    added = client.post(edit_url(collection), {"action": "add", "story": second.pk})
    titles = wall_titles(client, "pilihan")
    deleted = client.post(delete_url(collection))
    exists = StoryCollection.objects.filter(pk=collection.pk).exists()
    if assert_allowed:
        assert page.status_code == 200
        assert added.status_code == 302 and titles == [LIVE_TITLE, "Kisah kedua"]
        assert deleted.status_code == 302 and not exists
    else:
        for response in (page, added, deleted):
            expected_refusal(response, who)
        assert titles == [LIVE_TITLE] and exists


@pytest.mark.parametrize("who", [w for w in PEOPLE if w not in ALLOWED and w != "anonymous"])
def test_permissions__services_refuse_the_same_people(people, collection, second, who):
    with pytest.raises(PermissionDenied):
        curation.collection_create(
            member=people[who], organization=collection.organization, title="X", slug="x"
        )
    with pytest.raises(PermissionDenied):
        curation.collection_add_story(member=people[who], collection=collection, story_id=second.pk)
    with pytest.raises(PermissionDenied):
        curation.collection_delete(member=people[who], collection=collection)
    with pytest.raises(PermissionDenied):
        curation.collections_of(people[who], collection.organization)


def test_permissions__another_organisations_collection_through_own_address__404(
    client, people, collection
):
    theirs = OrganizationFactory(name="CV Lain Lagi", slug="cv-lain-lagi", verified=True)
    client.force_login(member_of(theirs))
    url = reverse("reach:collection", args=[theirs.slug, collection.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "remove", "story": "1"}).status_code == 404


def test_verification_withdrawn__representative_loses_the_collections(
    client, collection, representative
):
    client.force_login(representative)
    assert client.get(list_url(collection.organization)).status_code == 200
    collection.organization.verified = False
    collection.organization.save()
    assert client.get(list_url(collection.organization)).status_code == 404
    assert client.get(edit_url(collection)).status_code == 404


# --- Both languages ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "heading", "embed_heading"),
    [
        ("en", "Story collections of PT Sehat Sejahtera", "Show it on your website"),
        ("id", "Koleksi cerita PT Sehat Sejahtera", "Tampilkan di situs web Anda"),
    ],
)
def test_pages__answer_in_both_languages(
    client, collection, representative, language, heading, embed_heading
):
    client.force_login(representative)
    client.cookies["django_language"] = language
    listing = client.get(list_url(collection.organization)).content.decode()
    edit = client.get(edit_url(collection)).content.decode()
    delete = client.get(delete_url(collection))
    assert heading in listing
    assert embed_heading in edit
    assert delete.status_code == 200


def test_dashboard__links_a_verified_organisations_collections(client, collection, representative):
    client.force_login(representative)
    with override("en"):
        body = client.get(reverse("community:dashboard")).content.decode()
    assert list_url(collection.organization) in body


# --- What the representative sees ---------------------------------------------------------------


def test_list__embed_lines_and_preview_for_each_collection(
    client, collection, representative, settings
):
    client.force_login(representative)
    body = client.get(list_url(collection.organization)).content.decode()
    # The lines to paste, shown as text: what a reader copies is exactly this markup.
    script = (
        f'<script src="{settings.SITE_URL}/embed/wall.js" data-collection="pilihan" '
        'data-language="id" async></script>'
    )
    frame = (
        f'<iframe src="{settings.SITE_URL}/embed/wall/?collection=pilihan&amp;language=id" '
        'title="Pilihan kami" width="100%" height="640" style="border:0" loading="lazy"></iframe>'
    )
    assert f"<code>{html.escape(script)}</code>" in body
    assert f"<code>{html.escape(frame)}</code>" in body
    assert 'href="/embed/wall/?collection=pilihan&amp;language=id"' in body


def test_edit__shows_live_titles_never_a_pending_edit(client, collection, representative):
    client.force_login(representative)
    body = client.get(edit_url(collection)).content.decode()
    assert LIVE_TITLE in body
    assert DRAFT_TITLE not in body


def test_add__offers_only_the_organisations_live_reviewed_stories(
    client, collection, representative, second, organization
):
    foreign = StoryPageFactory(
        title="Kisah orang lain",
        organization=OrganizationFactory(name="CV Lain", slug="cv-lain", verified=True),
    )
    unreviewed = StoryPageFactory(
        title="Belum ditinjau", organization=organization, verification=""
    )
    offline = StoryPageFactory(title="Sudah diturunkan", organization=organization)
    offline.unpublish()
    client.force_login(representative)
    body = client.get(edit_url(collection)).content.decode()
    assert f'<option value="{second.pk}">Kisah kedua</option>' in body
    for story in (foreign, unreviewed, offline):
        assert f'value="{story.pk}"' not in body


@pytest.mark.parametrize("kind", ["foreign", "unpublished", "unreviewed", "unknown", "garbage"])
def test_add__forged_post_of_a_story_that_may_not_go_in__refused_nothing_added(
    client, collection, representative, organization, kind
):
    if kind == "foreign":
        story_id = StoryPageFactory(
            organization=OrganizationFactory(name="CV Lain", slug="cv-lain", verified=True)
        ).pk
    elif kind == "unpublished":
        story = StoryPageFactory(organization=organization)
        story.unpublish()
        story_id = story.pk
    elif kind == "unreviewed":
        story_id = StoryPageFactory(organization=organization, verification="").pk
    elif kind == "unknown":
        story_id = 999999
    else:
        story_id = "1; DROP TABLE"
    client.force_login(representative)
    client.cookies["django_language"] = "en"
    response = client.post(edit_url(collection), {"action": "add", "story": story_id})
    assert response.status_code == 400
    assert "That story cannot be added" in response.content.decode()
    assert collection.items.count() == 1


@pytest.mark.parametrize("kind", ["foreign", "unpublished", "unreviewed"])
def test_add__the_model_refuses_it_on_every_path(collection, representative, organization, kind):
    if kind == "foreign":
        story = StoryPageFactory(
            organization=OrganizationFactory(name="CV Lain", slug="cv-lain", verified=True)
        )
    else:
        story = StoryPageFactory(
            organization=organization,
            verification="" if kind == "unreviewed" else Verification.VERIFIED,
        )
        if kind == "unpublished":
            story.unpublish()
    with pytest.raises(ValidationError):
        curation.collection_add_story(
            member=representative, collection=collection, story_id=story.pk
        )
    # The same rule holds for a moderator, and for a collection saved by hand (the admin's path).
    with pytest.raises(ValidationError):
        curation.collection_add_story(
            member=ModeratorFactory(), collection=collection, story_id=story.pk
        )
    collection.items.add(StoryCollectionItem(story=story, sort_order=5))
    with pytest.raises(ValidationError):
        collection.full_clean()
    assert not StoryCollectionItem.objects.filter(collection=collection, story=story).exists()


def test_add__twice__refused_plainly(client, collection, representative, story):
    with pytest.raises(ValidationError):
        curation.collection_add_story(
            member=representative, collection=collection, story_id=story.pk
        )
    assert collection.items.count() == 1


def test_bounds__more_stories_than_a_wall_shows__refused(collection, story):
    collection.items.set(
        [StoryCollectionItem(story=story, sort_order=n) for n in range(MAX_STORIES + 1)]
    )
    with pytest.raises(ValidationError) as raised:
        collection.full_clean()
    assert raised.value.messages[0].startswith(f"A collection holds at most {MAX_STORIES}")


def test_bounds__adding_past_the_limit_on_the_page__400_plain_and_nothing_added(
    client, collection, representative, second, monkeypatch
):
    monkeypatch.setattr("reach.models.MAX_STORIES", 1)
    client.force_login(representative)
    client.cookies["django_language"] = "en"
    response = client.post(edit_url(collection), {"action": "add", "story": second.pk})
    assert response.status_code == 400
    assert "A collection holds at most 1 stories: remove 1." in response.content.decode()
    assert LIVE_TITLE in response.content.decode()  # the page shows the collection as it is
    assert collection.items.count() == 1


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"title": "x" * 121, "slug": "baru"}, "title", "at most 120 characters"),
        ({"title": "", "slug": "baru"}, "title", "This field is required"),
        ({"title": "Baru", "slug": "bukan slug!"}, "slug", "Enter a valid"),
        ({"title": "Baru", "slug": "x" * 81}, "slug", "at most 80 characters"),
        ({"title": "Baru", "slug": "pilihan"}, "slug", "already exists"),
        ({"title": "Baru", "slug": "baru", "language": "fr"}, "language", "valid choice"),
        ({"title": "Baru", "slug": "baru", "description": "d" * 501}, "description", "at most 500"),
    ],
)
def test_bounds__bad_fields__400_with_a_plain_message_and_everything_typed_kept(
    client, collection, representative, data, field, message
):
    client.force_login(representative)
    client.cookies["django_language"] = "en"
    data = {"language": "id", **data}
    before = StoryCollection.objects.count()
    response = client.post(list_url(collection.organization), data)
    assert response.status_code == 400
    form = response.context["form"]
    assert any(message in error for error in form.errors[field]), form.errors
    assert StoryCollection.objects.count() == before
    body = response.content.decode()
    if data["title"]:
        assert data["title"] in body

    if data["slug"] == "pilihan":  # the collection's own slug: fine for itself
        return
    edited = client.post(edit_url(collection), {"action": "save", **data})
    assert edited.status_code == 400
    assert any(message in error for error in edited.context["form"].errors[field])
    collection.refresh_from_db()
    assert collection.title == "Pilihan kami"


def test_bad_actions__400_never_500(client, collection, representative):
    client.force_login(representative)
    url = edit_url(collection)
    assert client.post(url, {"action": "explode"}).status_code == 400
    assert client.post(url, {"action": "remove", "story": "abc"}).status_code == 400
    assert client.post(url, {"action": "up", "story": "9" * 40}).status_code == 400
    assert client.post(url, {"action": "down", "story": "999999"}).status_code == 302
    assert collection.items.count() == 1


def test_create__slug_from_the_title_when_left_empty(client, organization, representative):
    client.force_login(representative)
    response = client.post(
        list_url(organization), {"title": "Cerita Pelanggan Kami", "language": "en"}
    )
    collection = StoryCollection.objects.get(slug="cerita-pelanggan-kami")
    assert response["Location"] == edit_url(collection)
    assert collection.organization == organization
    assert collection.created_by == representative
    assert collection.language == "en"


# --- The wall follows the collection ------------------------------------------------------------


def test_reorder_and_remove__the_wall_follows(client, collection, representative, second):
    client.force_login(representative)
    url = edit_url(collection)
    client.post(url, {"action": "add", "story": second.pk})
    assert wall_titles(client, "pilihan") == [LIVE_TITLE, "Kisah kedua"]
    client.post(url, {"action": "up", "story": second.pk})
    assert wall_titles(client, "pilihan") == ["Kisah kedua", LIVE_TITLE]
    client.post(url, {"action": "up", "story": second.pk})  # already first: nothing moves
    assert wall_titles(client, "pilihan") == ["Kisah kedua", LIVE_TITLE]
    client.post(url, {"action": "remove", "story": second.pk})
    assert wall_titles(client, "pilihan") == [LIVE_TITLE]


def test_withdrawn_story__leaves_the_wall_and_shows_untitled_on_the_page(
    client, collection, representative, story
):
    assert wall_titles(client, "pilihan") == [LIVE_TITLE]
    teller = UserFactory()
    StoryPage.objects.filter(pk=story.pk).update(owner=teller)
    story_withdraw(member=teller, story=story)
    assert wall_titles(client, "pilihan") == []
    client.force_login(representative)
    client.cookies["django_language"] = "en"
    body = client.get(edit_url(collection)).content.decode()
    assert "no longer published" in body and LIVE_TITLE not in body
    # It may still be taken out, and renaming the collection works with it still in.
    curation.collection_update(member=representative, collection=collection, title="Baru")
    assert (
        client.post(edit_url(collection), {"action": "remove", "story": story.pk}).status_code
        == 302
    )
    assert collection.items.count() == 0


def test_wall__speaks_the_collections_language_unless_the_embed_names_one(
    client, collection, representative
):
    curation.collection_update(member=representative, collection=collection, language="en")
    assert '<html lang="en"' in client.get(WALL, {"collection": "pilihan"}).content.decode()
    indonesian = client.get(WALL, {"collection": "pilihan", "language": "id"})
    assert '<html lang="id"' in indonesian.content.decode()


def test_delete__the_wall_answers_400(client, collection, representative):
    client.force_login(representative)
    assert client.post(delete_url(collection)).status_code == 302
    assert client.get(WALL, {"collection": "pilihan"}).status_code == 400


# --- The admin's snippet form applies the same rules -------------------------------------------


def admin_data(story_ids, **fields):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    return nested_form_data(
        {
            "title": "Pilihan moderator",
            "slug": "pilihan-moderator",
            "organization": "",
            "language": "en",
            "description": "",
            **fields,
            "items": inline_formset([{"story": story_id} for story_id in story_ids]),
        }
    )


def test_admin__moderator_adds_a_collection_of_live_reviewed_stories(
    client, story, second, staff_login
):
    staff_login(client, ModeratorFactory())
    url = reverse("wagtailsnippets_reach_storycollection:add")
    response = client.post(url, admin_data([second.pk, story.pk]))
    assert response.status_code == 302
    collection = StoryCollection.objects.get(slug="pilihan-moderator")
    assert wall_titles(client, "pilihan-moderator") == ["Kisah kedua", LIVE_TITLE]
    assert collection.language == "en"


@pytest.mark.parametrize("kind", ["unpublished", "foreign"])
def test_admin__a_story_that_may_not_go_in__refused_with_the_form_no_500(
    client, story, organization, staff_login, kind
):
    other = StoryPageFactory(
        title="Kisah lain",
        organization=OrganizationFactory(name="CV Lain", slug="cv-lain", verified=True),
    )
    if kind == "unpublished":
        other.unpublish()
    staff_login(client, ModeratorFactory())
    client.cookies["django_language"] = "en"
    url = reverse("wagtailsnippets_reach_storycollection:add")
    response = client.post(
        url,
        admin_data([story.pk, other.pk], organization=organization.pk if kind == "foreign" else ""),
    )
    assert response.status_code == 400 or response.status_code == 200
    body = response.content.decode()
    assert "Only published stories" in body or "must be about" in body
    assert not StoryCollection.objects.filter(slug="pilihan-moderator").exists()
