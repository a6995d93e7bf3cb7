"""Properties of ``GET /api/search/`` (CONTRACTS.md section 2) for whatever a client sends.

Query strings are built by hand, so anything a hostile client can put in a URL arrives: unpaired
surrogates go out as the bytes some tools wrongly write for them (Django reads those as U+FFFD),
parameters repeat, numbers are huge, negative, fractional or empty. The answer is always JSON, a
400 exactly when a parameter breaks a documented limit, otherwise a 200 whose numbers agree with
each other and with the database.

Runs on the database engine of whichever database the suite uses (SQLite, or PostgreSQL with
``TEST_DATABASE=postgres``). The stories are made once per class (``setUpTestData``); Hypothesis'
Django ``TestCase`` then runs every example in its own transaction, rolled back afterwards.
"""

import html
import html.entities
import json
import math
import re
from urllib.parse import urlencode

from django.test import override_settings
from django.utils.html import strip_tags
from hypothesis import event, example, given
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase
from wagtail.models import PageViewRestriction
from wagtail.rich_text import RichText

from search import text
from search.query import MAX_INDUSTRIES, MAX_PAGE, MAX_PAGE_SIZE, MAX_QUERY_LENGTH, SORTS
from stories.body import paragraphs_to_html
from stories.models import Industry, StoryPage
from stories.site_tree import ensure_site_tree
from tests.factories import StoryPageFactory, publish_reviewed

# (title, summary, body, industries, language): text with markup, entities and query syntax in it.
STORIES = [
    (
        "Kopi susu Jane",
        "Kopi <script>alert(1)</script> & susu \"manis\" 'enak'",
        'Kopi & susu <b>tebal</b>, harga Rp 10.000 & "diskon" 5% untuk <pelanggan>.',
        ("food-beverage",),
        "id",
    ),
    (
        "Kelas kebugaran ibu-ibu",
        'Kebugaran 🙂 naïve café: NEAR(kopi) AND -susu title:x ^ * ( ) & | ! <-> "kopi',
        "Setiap pagi & sore.\n\nKelas kopi-kebugaran &amp; yoga: 30 peserta.",
        ("health-wellness",),
        "id",
    ),
    (
        "Coffee cart on wheels",
        "Selling coffee & tea <i>daily</i> to office workers",
        "We sell coffee from a cart. Profit & loss are in the notes.\n\n"
        + "Kopi " * 60
        + "& the end.",
        ("food-beverage", "retail-ecommerce"),
        "en",
    ),
    (
        "Warung makan Bu Sri",
        "Nasi rames dan es teh manis",
        "Kami buka jam tujuh\nTutup jam sembilan malam",
        ("food-beverage",),
        "id",
    ),
    (
        "Batik tulis Sari",
        "Batik & kopi dari Pekalongan",
        "Kain batik <u>tulis</u> & cap.\nBaris kedua.",
        ("fashion-textiles",),
        "id",
    ),
]


def words_seen() -> dict[str, set[int]]:
    """Every word a reader sees in a story (title, summary, body as written): in which stories."""
    seen: dict[str, set[int]] = {}
    for number, (title, summary, body, *_rest) in enumerate(STORIES):
        for word in text.TOKEN_RE.findall(" ".join([title, summary, body])):
            seen.setdefault(word, set()).add(number)
    return seen


WORDS_SEEN = words_seen()
# Stories with the same words that must never be found: unpublished, never published, private.
HIDDEN = ["Kopi yang ditarik", "Kopi draf rahasia", "Kopi untuk anggota saja"]

WORDS = ["kopi", "susu", "kebugaran", "coffee", "selling", "batik", "kop", "cof", "naive", "jane"]
WORDS += ["kop*", "cof*", '"kopi susu"', '"profit loss"', "café", "KOPI"]
SYNTAX = [
    '"',
    "*",
    "NEAR(",
    "AND",
    "OR",
    "NOT",
    "-",
    ":",
    "(",
    ")",
    "^",
    "&",
    "|",
    "!",
    "<->",
    ":*",
    "+",
    "'",
    "\\",
    "{title}",
    "title:",
    "%",
    "_",
    ";",
    "--",
    "\x00",
    "\ud800",
    "\u2028",
    "\ufffd",
    "\u200b",
]
ANY_CHARACTER = st.one_of(
    st.characters(),
    st.sampled_from([token for token in SYNTAX if len(token) == 1]),
    st.characters(categories=["Cs"]),
)
queries = st.one_of(
    st.text(ANY_CHARACTER, max_size=30),
    st.lists(st.sampled_from(WORDS + SYNTAX) | st.text(ANY_CHARACTER, max_size=4), max_size=8).map(
        " ".join
    ),
    st.lists(st.sampled_from(WORDS + SYNTAX), max_size=8).map("".join),
    # Around the length limit.
    st.builds(
        lambda unit, n: (unit * n)[:n],
        st.sampled_from(["kopi ", "a", "é", "🙂", '"', "\ufffd"]),
        st.integers(MAX_QUERY_LENGTH - 2, MAX_QUERY_LENGTH + 2),
    ),
)
numbers = st.one_of(
    st.integers(1, MAX_PAGE_SIZE).map(str),
    st.integers(-3, MAX_PAGE + 3).map(str),
    st.integers().map(str),
    st.floats().map(str),
    # The edges of both limits, and numbers as people and programs mistype them.
    st.sampled_from(["0", "-0", "1", "50", "51", "10000", "10001", "999999999", "1000000000"]),
    st.sampled_from(["", " 1", "1 ", "+1", "01", "0x10", "1e3", "1.0", "١", "５", "1_0"]),
    st.text(ANY_CHARACTER, max_size=6),
)
slugs = st.one_of(
    st.sampled_from(["food-beverage", "health-wellness", "fashion-textiles", "no-such-thing"]),
    st.sampled_from(["", " ", " food-beverage ", "FOOD-BEVERAGE", "x" * 101]),
    st.text(ANY_CHARACTER, max_size=10),
)
sorts = st.one_of(
    st.sampled_from(["relevance", "newest", ""]),
    st.sampled_from(["price", "NEWEST", " newest", "relevance\x00"]),
    st.text(ANY_CHARACTER, max_size=6),
)
one_param = st.one_of(
    st.tuples(st.just("q"), queries),
    st.tuples(st.just("industry"), slugs),
    st.tuples(st.just("sort"), sorts),
    st.tuples(st.just("page"), numbers),
    st.tuples(st.just("page_size"), numbers),
    st.tuples(st.text(ANY_CHARACTER, max_size=5), st.text(ANY_CHARACTER, max_size=5)),
)
# Any parameters in any order, repeated or not; now and then more industries than allowed.
params = st.builds(
    lambda some, industries: some + industries,
    st.lists(one_param, max_size=5),
    st.integers(0, 5).flatmap(
        lambda n: (
            st.lists(st.tuples(st.just("industry"), slugs), min_size=18, max_size=24)
            if n == 0
            else st.just([])
        )
    ),
)
# Parameters a reader would send, for properties that need results to look at.
found_params = st.builds(
    lambda q, extra: [("q", q), *extra],
    st.one_of(
        st.sampled_from(WORDS + [""]), st.lists(st.sampled_from(WORDS), max_size=3).map(" ".join)
    ),
    st.lists(
        st.one_of(
            st.tuples(st.just("sort"), st.sampled_from(SORTS)),
            st.tuples(st.just("page_size"), st.integers(1, 5).map(str)),
            st.tuples(st.just("industry"), st.sampled_from(["food-beverage", "fashion-textiles"])),
        ),
        max_size=2,
    ),
)


def url(pairs) -> str:
    # Unpaired surrogates go out as their (invalid) UTF-8 bytes, as broken clients send them.
    encoded = [
        (k.encode("utf-8", "surrogatepass"), v.encode("utf-8", "surrogatepass")) for k, v in pairs
    ]
    return "/api/search/?" + urlencode(encoded)


def received(pairs) -> dict[str, list[str]]:
    """The parameters as Django reads them: bytes that are not UTF-8 become U+FFFD."""
    values: dict[str, list[str]] = {}
    for key, value in pairs:
        decoded = key.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
        values.setdefault(decoded, []).append(
            value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
        )
    return values


def broken_limits(values: dict[str, list[str]]) -> set[str]:
    """Which parameters break a documented limit (the last value of a repeated one counts).

    A NUL anywhere in the query string (any name, any value, repeated or not) is refused before
    the view by terang.request_guard: "nul"."""
    if any("\x00" in key or any("\x00" in v for v in vs) for key, vs in values.items()):
        return {"nul"}
    broken = set()
    q = values.get("q", [""])[-1]
    if len(q) > MAX_QUERY_LENGTH or "\x00" in q:
        broken.add("q")
    industries = [s.strip() for s in values.get("industry", []) if s.strip()]
    if len(industries) > MAX_INDUSTRIES or any(len(s) > 100 or "\x00" in s for s in industries):
        broken.add("industry")
    if (values.get("sort", [""])[-1] or "relevance") not in SORTS:
        broken.add("sort")
    for name, limit in (("page", MAX_PAGE), ("page_size", MAX_PAGE_SIZE)):
        raw = values.get(name, [""])[-1]
        if raw and not (re.fullmatch(r"[0-9]{1,9}", raw) and 1 <= int(raw) <= limit):
            broken.add(name)
    return broken


# What a 400's error names for each parameter.
NAMED = {
    "q": "query",
    "industry": "industr",
    "sort": "sort",
    "page": "page",
    "page_size": "page_size",
    "nul": "character",
}
ENTITY = re.compile(r"&(#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]*;)")


def assert_only_mark_markup(snippet: str) -> None:
    """``snippet`` is escaped text in which only <mark>…</mark> (not nested) is markup."""
    unmarked = re.sub(r"<mark>([^<>]*)</mark>", r"\1", snippet)
    assert "<" not in unmarked and ">" not in unmarked, snippet
    for match in re.finditer("&", unmarked):
        entity = ENTITY.match(unmarked, match.start())
        assert entity, f"a bare & in {snippet!r}"
        name = entity.group(1)
        assert name.startswith("#") or name in html.entities.html5, snippet


def snippet_text(snippet: str) -> str:
    """What a reader sees of a snippet: tags gone, entities read once, the ellipses dropped."""
    seen = html.unescape(snippet.replace("<mark>", "").replace("</mark>", ""))
    return seen.removeprefix("… ").removesuffix(" …")


def squeezed(value: str) -> str:
    return "".join(value.split())


@override_settings(SEARCH_URL="")
class SearchApiProperties(TestCase):
    @classmethod
    def setUpTestData(cls):
        ensure_site_tree()
        cls.visible_text = {}
        cls.numbered = []
        for title, summary, body, industries, language in STORIES:
            story = StoryPageFactory(
                title=title, summary=summary, language=language, industries=list(industries)
            )
            story.body = [("paragraph", RichText(p)) for p in paragraphs_to_html(body)]
            publish_reviewed(story)
            paragraphs = [html.unescape(strip_tags(block.value.source)) for block in story.body]
            cls.visible_text[story.pk] = " ".join([summary, *paragraphs])
            cls.numbered.append(story.pk)
        withdrawn, private = (StoryPageFactory(title=t, summary=t) for t in HIDDEN[::2])
        draft = StoryPageFactory(title=HIDDEN[1], summary=HIDDEN[1], verification="")
        draft.save_revision()
        StoryPage.objects.get(pk=withdrawn.pk).unpublish()
        PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
        cls.hidden = {withdrawn.pk, draft.pk, private.pk}

    def get(self, pairs):
        response = self.client.get(url(pairs))
        assert response.status_code in (200, 400), response.status_code
        assert response["Content-Type"] == "application/json"
        data = json.loads(response.content)
        event(f"{response.status_code}, {'results' if data.get('results') else 'no results'}")
        return response, data

    def published(self) -> dict[int, StoryPage]:
        return {story.pk: story for story in StoryPage.objects.live().public()}

    @given(pairs=params)
    @example(pairs=[("q", "kopi\x00")])
    @example(pairs=[("q", "\ud800" * 67)])  # 201 characters once read
    @example(pairs=[("page", "1.0"), ("page", "2")])
    @example(pairs=[("page_size", "50"), ("page", "10000"), ("q", 'NEAR("kopi" *')])
    @example(pairs=[("industry", "food-beverage")] * 21)
    @example(pairs=[("sort", "")] + [("q", q) for q in SYNTAX])
    def test_any_parameters__json_400_exactly_for_a_broken_limit_else_a_consistent_200(self, pairs):
        values = received(pairs)
        response, data = self.get(pairs)
        broken = broken_limits(values)
        event(f"broken: {sorted(broken)}")
        if broken:
            assert response.status_code == 400, (broken, data)
            assert set(data) == {"error"}
            error = data["error"]
            assert error and "\n" not in error
            assert any(NAMED[name] in error.lower() for name in broken), (broken, error)
            return
        assert response.status_code == 200, data
        published = self.published()
        page = int(values.get("page", [""])[-1] or 1)
        page_size = int(values.get("page_size", [""])[-1] or 10)
        count = data["count"]
        assert data["engine"] == "database"
        assert data["query"] == values.get("q", [""])[-1].strip()
        assert data["page"] == page
        assert data["pages"] == (math.ceil(count / page_size) if count else 0)
        assert len(data["results"]) == max(0, min(page_size, count - (page - 1) * page_size))
        ids = [result["id"] for result in data["results"]]
        assert len(set(ids)) == len(ids)
        for result in data["results"]:
            # Only published stories: live and public, never the hidden ones.
            assert result["id"] in published, (result, self.hidden)
            story = published[result["id"]]
            assert result["title"] == story.title and result["url"] == story.url
            assert {i["slug"] for i in result["industries"]} == {
                i.slug for i in story.industries.all()
            }
            assert_only_mark_markup(result["snippet"])
        facets = {facet["slug"]: facet["count"] for facet in data["facets"]["industry"]}
        assert len(facets) == len(data["facets"]["industry"])
        if not text.tokens(values.get("q", [""])[-1]):
            # No words to match: the counts are the database's own.
            selected = {s.strip() for s in values.get("industry", []) if s.strip()}
            stories = StoryPage.objects.live().public()
            matching = stories.filter(industries__slug__in=selected) if selected else stories
            assert count == matching.distinct().count()
            assert facets == {
                industry.slug: n
                for industry in Industry.objects.all()
                if (n := stories.filter(industries=industry).count())
            }

    @given(pairs=found_params)
    @example(pairs=[("q", "kopi")])
    def test_found_stories__snippets_are_escaped_text_with_only_mark_as_markup(self, pairs):
        response, data = self.get(pairs)
        assert response.status_code == 200
        assert not {result["id"] for result in data["results"]} & self.hidden
        for result in data["results"]:
            assert result["snippet"]
            assert_only_mark_markup(result["snippet"])

    @given(pairs=found_params)
    # Failed before search.text read rich text with get_text_for_indexing: "Profit & loss" in a
    # paragraph came back as "Profit &amp;amp; loss".
    @example(pairs=[("q", "kopi")])
    def test_found_stories__snippet_reads_as_the_storys_own_text(self, pairs):
        response, data = self.get(pairs)
        assert response.status_code == 200
        for result in data["results"]:
            seen = squeezed(snippet_text(result["snippet"]))
            assert seen in squeezed(self.visible_text[result["id"]]), result["snippet"]

    @given(word=st.sampled_from(sorted(WORDS_SEEN)))
    # Failed while search.text stripped <br/> without leaving a space: "buka jam tujuh<br/>Tutup
    # jam" was indexed as "tujuhTutup".
    @example(word="tujuh")
    def test_every_word_a_reader_sees__finds_its_story(self, word):
        response, data = self.get([("q", word), ("page_size", "50")])
        found = {result["id"] for result in data["results"]}
        assert {self.numbered[n] for n in WORDS_SEEN[word]} <= found
