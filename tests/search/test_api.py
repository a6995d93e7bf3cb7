import pytest
from django.db.models import Count
from django.utils import timezone
from wagtail.rich_text import RichText

from stories.models import StoryIndustry, StoryPage
from tests.factories import StoryPageFactory, publish_reviewed

pytestmark = pytest.mark.django_db


def _story(title, summary="", industries=("health-wellness",), **kwargs):
    story = StoryPageFactory(
        title=title, summary=summary or title, industries=list(industries), **kwargs
    )
    story.refresh_from_db()
    return story


def test_api__contract_shape_and_highlighted_snippet(client, story_index):
    story = _story("Kelas kebugaran Jane", "Jane membuka kelas kebugaran untuk ibu-ibu.")
    response = client.get("/api/search/", {"q": "kebugaran"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert data["query"] == "kebugaran"
    assert (data["count"], data["page"], data["pages"], data["engine"]) == (1, 1, 1, "database")
    [result] = data["results"]
    assert result["id"] == story.pk
    assert result["url"] == story.url
    assert result["subject"] == "Jane"
    assert result["verified"] is True
    assert result["industries"] == [{"slug": "health-wellness", "name": "Health & wellness"}]
    assert result["published_at"] == timezone.localdate(story.first_published_at).isoformat()
    assert "<mark>kebugaran</mark>" in result["snippet"]
    assert data["facets"]["industry"] == [
        {"slug": "health-wellness", "name": "Health & wellness", "count": 1}
    ]


@pytest.mark.parametrize(
    ("params", "fragment"),
    [
        ({"page": "abc"}, "page"),
        ({"page": "0"}, "page"),
        ({"page": "-1"}, "page"),
        ({"page": "99999999999999999999"}, "page"),
        ({"page_size": "1000"}, "page_size"),
        ({"page_size": "0"}, "page_size"),
        ({"sort": "price"}, "sort"),
        ({"q": "x" * 201}, "too long"),
        ({"q": "kopi\x00"}, "not allowed"),
        ({"industry": [f"i{n}" for n in range(21)]}, "industries"),
    ],
)
def test_api__bad_parameter__400_with_error(client, story_index, params, fragment):
    client.cookies["django_language"] = "en"
    response = client.get("/api/search/", params)
    assert response.status_code == 400
    assert fragment in response.json()["error"].lower() or fragment in response.json()["error"]


@pytest.mark.parametrize(
    "q",
    [
        '"',
        "*",
        "NEAR(",
        "a -b",
        "title:kopi",
        '"unclosed',
        "AND OR NOT",
        "^",
        "{title}",
        "((",
        "-",
        "kopi*susu",
        "🙂",
        "' OR 1=1 --",
    ],
)
def test_api__query_syntax_characters__never_an_error(client, story_index, q):
    _story("Kopi susu Jane")
    response = client.get("/api/search/", {"q": q})
    assert response.status_code == 200
    assert response.json()["count"] >= 0


def test_api__unknown_industry__empty_result_not_error(client, story_index):
    _story("Kopi susu")
    data = client.get("/api/search/", {"industry": "no-such-thing"}).json()
    assert data["count"] == 0 and data["results"] == [] and data["pages"] == 0


def test_api__only_published_stories(client, story_index):
    _story("Kopi rahasia draf").unpublish()
    _story("Kopi terbit")
    titles = [r["title"] for r in client.get("/api/search/", {"q": "kopi"}).json()["results"]]
    assert titles == ["Kopi terbit"]


def test_api__deleted_story__disappears(client, story_index):
    story = _story("Kopi yang dihapus")
    story.delete()
    assert client.get("/api/search/", {"q": "kopi"}).json()["count"] == 0


def test_api__facets_ignore_industry_filter_and_equal_orm_counts(client, story_index):
    _story("Kopi petani", industries=["food-beverage", "agriculture-fisheries"])
    _story("Kopi kemasan", industries=["food-beverage"])
    _story("Kopi batik", industries=["fashion-textiles"])
    _story("Teh hijau", industries=["food-beverage"])
    data = client.get("/api/search/", {"q": "kopi", "industry": "fashion-textiles"}).json()
    assert data["count"] == 1
    got = {f["slug"]: f["count"] for f in data["facets"]["industry"]}
    kopi = StoryPage.objects.live().filter(title__icontains="kopi")
    expected = dict(
        StoryIndustry.objects.filter(content_object__in=kopi)
        .values("tag__slug")
        .annotate(n=Count("content_object", distinct=True))
        .values_list("tag__slug", "n")
    )
    assert (
        got == expected == {"food-beverage": 2, "agriculture-fisheries": 1, "fashion-textiles": 1}
    )


def test_api__several_industries__stories_in_any_of_them(client, story_index):
    _story("Kopi petani", industries=["agriculture-fisheries"])
    _story("Kopi batik", industries=["fashion-textiles"])
    _story("Kopi kemasan", industries=["food-beverage"])
    data = client.get(
        "/api/search/?q=kopi&industry=fashion-textiles&industry=agriculture-fisheries"
    ).json()
    assert sorted(r["title"] for r in data["results"]) == ["Kopi batik", "Kopi petani"]


def test_api__pagination_edges(client, story_index):
    for n in range(5):
        _story(f"Kopi nomor {n}")
    first = client.get("/api/search/", {"q": "kopi", "page_size": 2}).json()
    last = client.get("/api/search/", {"q": "kopi", "page_size": 2, "page": 3}).json()
    beyond = client.get("/api/search/", {"q": "kopi", "page_size": 2, "page": 4}).json()
    assert (first["count"], first["pages"], len(first["results"])) == (5, 3, 2)
    assert (last["page"], len(last["results"])) == (3, 1)
    assert (beyond["count"], beyond["pages"], beyond["results"]) == (5, 3, [])
    every = [
        r["id"]
        for p in (1, 2, 3)
        for r in client.get("/api/search/", {"q": "kopi", "page_size": 2, "page": p}).json()[
            "results"
        ]
    ]
    assert len(set(every)) == 5
    exact = client.get("/api/search/", {"q": "kopi", "page_size": 5}).json()
    assert (exact["pages"], len(exact["results"])) == (1, 5)


def test_api__sort_newest(client, story_index):
    older = _story("Kopi lama")
    newer = _story("Kopi baru kopi kopi")
    ids = [
        r["id"]
        for r in client.get("/api/search/", {"q": "kopi", "sort": "newest"}).json()["results"]
    ]
    assert ids == [newer.pk, older.pk]


def test_api__snippet_escapes_story_html(client, story_index):
    _story("Kopi", "Kopi <script>alert(1)</script> & susu")
    snippet = client.get("/api/search/", {"q": "kopi"}).json()["results"][0]["snippet"]
    assert "<script>" not in snippet
    assert "&lt;script&gt;" in snippet
    assert snippet.replace("<mark>", "").replace("</mark>", "").count("<") == 0


def test_api__rich_text_entities__not_matched_and_snippet_escaped_once(engine, client, story_index):
    story = StoryPageFactory(
        title="Kartun lama", summary="Kartun lama", industries=["health-wellness"]
    )
    story.body = [("paragraph", RichText('<p data-block-key="k1">Tom &amp; Jerry &gt; others</p>'))]
    publish_reviewed(story)
    for q in ("amp", "gt"):
        data = client.get("/api/search/", {"q": q}).json()
        assert (data["engine"], data["count"]) == (engine, 0), q
    data = client.get("/api/search/", {"q": "Jerry"}).json()
    assert (data["engine"], data["count"]) == (engine, 1)
    snippet = data["results"][0]["snippet"]
    assert "Tom &amp; <mark>Jerry</mark> &gt; others" in snippet
    assert "&amp;amp;" not in snippet


def test_suggest__prefix_of_title(client, story_index):
    story = _story("Kebun kopi keluarga")
    data = client.get("/api/search/suggest/", {"q": "kebu"}).json()
    assert data["suggestions"] == [{"title": story.title, "url": story.url}]
    assert client.get("/api/search/suggest/", {"q": "x" * 101}).status_code == 400
    assert client.get("/api/search/suggest/", {"q": '"*('}).json() == {"suggestions": []}
