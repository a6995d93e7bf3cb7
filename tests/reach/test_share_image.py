"""The share picture of a story: the live version, in the story's language, kept in the default
storage, drawn again when the live story changes, and never a 500."""

import io

import pytest
from django.core.files.storage import default_storage
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from reach import share_image
from tests.factories import StoryPageFactory, publish_reviewed
from tests.reach.conftest import LIVE_TITLE, pending_edit

pytestmark = pytest.mark.django_db


def url_of(story) -> str:
    return f"/share/stories/{story.pk}/{story.live_revision_id}.png"


def stored(story) -> list[str]:
    try:
        return default_storage.listdir(f"share/stories/{story.pk}")[1]
    except FileNotFoundError:
        return []


def png(response) -> Image.Image:
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(b"".join(response.streaming_content)))
    assert image.size == (1200, 630)
    return image


def test_card__the_live_version_in_the_storys_language(story):
    card = share_image.card_for(story)

    assert card.title == LIVE_TITLE
    assert card.teller == "Siti Rahma · PT Sehat Sejahtera"
    assert card.tier == "Terverifikasi oleh Terang"
    assert card.industries == "Makanan & minuman"
    assert card.language == "id"


def test_card__an_english_story_is_labelled_in_english(story_index):
    story = StoryPageFactory(language="en", industries=["food-beverage"], organization=None)

    card = share_image.card_for(story)

    assert (card.tier, card.industries, card.teller) == (
        "Verified by Terang",
        "Food & beverage",
        "Jane",
    )


def test_share_image__drawn_once_kept_in_the_default_storage(client, story):
    for language in ("id", "en"):
        client.cookies["django_language"] = language
        png(client.get(url_of(story)))

    files = stored(story)
    assert files == [f"{share_image.card_for(story).digest}.png"]
    assert "max-age=86400" in client.get(url_of(story))["Cache-Control"]


def test_share_image__drawn_again_when_the_live_story_changes_not_on_a_pending_edit(client, story):
    png(client.get(url_of(story)))
    first = stored(story)

    pending_edit(story)
    png(client.get(url_of(story)))
    assert stored(story) == first

    old_url = url_of(story)
    publish_reviewed(story, revision=story.latest_revision)
    story.refresh_from_db()
    assert client.get(old_url).status_code == 302
    assert client.get(old_url)["Location"] == url_of(story)
    png(client.get(url_of(story)))

    assert stored(story) != first
    assert len(stored(story)) == 1
    assert share_image.card_for(story).title == "JUDUL BELUM DIPERIKSA"


def test_share_image__unpublished_story__404_and_its_pictures_are_removed(client, story):
    url = url_of(story)
    png(client.get(url))

    story.unpublish()

    assert client.get(url).status_code == 404
    assert stored(story) == []


def test_share_image__a_story_never_published__404(client, story_index):
    draft = StoryPageFactory(verification="")

    assert (
        client.get(f"/share/stories/{draft.pk}/{draft.latest_revision_id or 1}.png").status_code
        == 404
    )
    assert client.get("/share/stories/999999/1.png").status_code == 404


def test_site_image__each_language_and_nothing_else(client):
    png(client.get("/share/site/id.png"))
    png(client.get("/share/site/en.png"))
    assert client.get("/share/site/fr.png").status_code == 404


texts = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=400
) | st.sampled_from(["", " ", "\x00\n\t", "W" * 500, "🎉" * 80, "ناجح جدا", "成功的故事" * 30])


@given(title=texts, teller=texts, industries=texts)
def test_draw__any_text_gives_a_picture(title, teller, industries):
    card = share_image.Card(
        title=share_image.clean(title),
        teller=share_image.clean(teller),
        tier="Verified by Terang",
        industries=share_image.clean(industries),
        language="en",
    )

    image = Image.open(io.BytesIO(share_image.draw(card)))

    assert image.size == (1200, 630)


def test_wrap__long_words_are_cut_and_overflow_ends_with_an_ellipsis():
    pen = Image.new("RGB", (10, 10))
    from PIL import ImageDraw

    draw = ImageDraw.Draw(pen)
    typeface = share_image.font("bold", 60)
    lines = share_image.wrap(draw, "W" * 200 + " kata " * 50, typeface, 1056, 4)

    assert len(lines) == 4
    assert lines[-1].endswith("…")
    assert all(draw.textlength(line, font=typeface) <= 1056 for line in lines)
