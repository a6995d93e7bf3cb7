"""Properties of the submission form for whatever a member types into its text fields.

A logged-in member posts hostile text (any unicode, control characters, NUL, unpaired surrogates,
strings far past every ``max_length``, HTML and template payloads) into the form's text fields,
walking its steps (the first, then each step with a field typed into it), with valid values
everywhere else. Never a 5xx; and at each step one of two outcomes:

- **saved**: the draft holds what was typed (whitespace aside), its body holds no markup but
  paragraphs and line breaks, and the member's check page shows it escaped: no tag from the input
  is ever live markup there;
- **refused**: the step comes back with an error, nothing is saved, and nothing typed is lost.
  "Kept" means exactly: the value Django received for each text field appears HTML-escaped
  (``django.utils.html.escape``), verbatim, in the re-rendered page: not stripped, not cut at
  ``max_length``, NUL and control characters included. What Django received is the posted bytes
  read as UTF-8, with an unpaired surrogate (which no browser can send as such; broken clients send
  its invalid UTF-8 bytes, as these tests do) read as U+FFFD replacement characters.

The bodies are posted as hand-built ``application/x-www-form-urlencoded`` bytes, because the test
client cannot encode an unpaired surrogate at all.

Database: Hypothesis' Django ``TestCase`` runs each generated example in its own transaction and
rolls it back (``setup_example``/``teardown_example`` wrap Django's per-test atomic blocks), so
every example starts from the same member and site tree made once in ``setUpTestData``, and a
fresh test client. pytest-django runs these unittest-style classes with database access as it runs
Django's own ``TestCase``. pytest's function-scoped fixtures (``client``, ``db``) would not be reset
between examples, which is why these tests are not plain functions with fixtures.
"""

import re
import uuid
from urllib.parse import urlencode

import hypothesis
from django.core.cache import cache
from django.urls import resolve, reverse
from django.utils import translation
from django.utils.html import escape
from hypothesis import event, example, given
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from community.forms.submission import SECTION_MAX_CHARS
from community.models import DECLARATIONS, ConsentKind
from stories.body import body_parts
from stories.models import Industry, StoryPage
from stories.site_tree import ensure_site_tree
from tests.factories import UserFactory

# Every text field a member types into: (name as posted, max_length, how a saved value is kept).
# "collapsed": runs of whitespace become one space; "stripped": surrounding whitespace goes;
# "paragraphs": the story body, compared without whitespace; "dropped": not saved without an image;
# "image row": an image row without a file, refused unless left blank.
TEXT_FIELDS = {
    "title": (200, "collapsed"),
    "subject_name": (200, "collapsed"),
    "organization_name": (200, "collapsed"),
    "summary": (500, "stripped"),
    "product_or_service": (200, "stripped"),
    "product_description": (2000, "stripped"),
    "material_connection": (1000, "stripped"),
    "hero_alt_text": (250, "dropped"),
    "section_background": (SECTION_MAX_CHARS, "paragraphs"),
    "section_challenge": (SECTION_MAX_CHARS, "paragraphs"),
    "section_actions": (SECTION_MAX_CHARS, "paragraphs"),
    "section_results": (SECTION_MAX_CHARS, "paragraphs"),
    "section_lessons": (SECTION_MAX_CHARS, "paragraphs"),
    "claims-0-statement": (1000, "stripped"),
    "claims-0-evidence_note": (1000, "stripped"),
    "images-0-alt_text": (250, "image row"),
    "images-0-caption": (250, "image row"),
}
# Tags that must never come out of the input as markup: a page holds exactly as many of them as the
# same page holds for a clean submission (the site's own logo is an <img>).
FOREIGN_TAG = re.compile(r"<\s*(script|img|iframe|svg|object|embed|textarea)\b", re.IGNORECASE)

PAYLOADS = [
    '<script>alert("terang")</script>',
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(2)>",
    "</textarea><script>alert(3)</script><textarea>",
    '" autofocus onfocus="alert(4)',
    "<b>tebal</b> & &amp; &lt;i&gt; &#60;script&#62;",
    "{{ request.user.password }} {% csrf_token %} {# #}",
    "<iframe src=javascript:alert(5)>",
    # A red flag, so the check page shows the text around it.
    "Pasti untung <script>alert(6)</script> tanpa jualan",
]
NASTY = [
    "\x00",
    "\x01",
    "\x08",
    "\x0b",
    "\x0c",
    "\x1b",
    "\x7f",
    "\x85",
    "\u2028",
    "\u2029",
    "\u200b",
    "\u202e",
    "\ufeff",
    "\r",
    "\n",
    "\r\n",
    "\t",
    " ",
    "\ud800",
    "\udfff",
]
ANY_CHARACTER = st.one_of(
    st.characters(),
    st.sampled_from([ch for ch in NASTY if len(ch) == 1]),
    st.characters(categories=["Cs"]),
)
hostile_text = st.one_of(
    st.text(ANY_CHARACTER, max_size=60),
    st.lists(
        st.one_of(st.sampled_from(PAYLOADS + NASTY), st.text(ANY_CHARACTER, max_size=8)),
        max_size=6,
    ).map("".join),
    # Past every max_length (the longest is a section's 4,000), cheaply.
    st.builds(
        lambda unit, times: unit * times,
        st.one_of(
            st.sampled_from(["x", "é", "🙂", "<", "&", "a\r\n", "\x00"]), st.text(min_size=1)
        ),
        st.integers(min_value=190, max_value=12_000),
    ),
)
# Text a form accepts more often than not: printable, short, with markup in it now and then.
plausible_text = st.one_of(
    st.text(st.characters(exclude_categories=["Cs", "Cc"]), min_size=1, max_size=150),
    st.lists(
        st.one_of(st.sampled_from(PAYLOADS), st.text(min_size=1, max_size=20)),
        min_size=1,
        max_size=4,
    ).map(" ".join),
)


STEPS = ("story", "claims", "images", "declarations")


def step_of(name: str) -> str:
    if name.startswith("claims-"):
        return "claims"
    if name.startswith(("images-", "hero_")):
        return "images"
    if name == "material_connection":
        return "declarations"
    return "story"


def valid_post(step: str, industry: str) -> dict[str, str]:
    """A step the form accepts (as in tests/community/conftest.py story_data and the others)."""
    return {
        "story": {
            "form_token": uuid.uuid4().hex,
            "title": "Dari dapur rumah ke tiga puluh pelanggan",
            "subject_kind": "person",
            "subject_name": "Sari Wulandari",
            "organization_name": "",
            "industries": industry,
            "language": "id",
            "summary": "Sari menjual kue kering dari dapurnya.",
            "product_or_service": "Kue kering rumahan",
            "product_description": "Nastar dan kastengel, dijual per toples.",
            "section_background": "Saya mulai tahun 2023.",
            "section_challenge": "",
            "section_actions": "Saya menawarkan kue ke tetangga.",
            "section_results": "Sekarang rata-rata Rp 3 juta sebulan.",
            "section_lessons": "",
        },
        "claims": {
            "claims-TOTAL_FORMS": "1",
            "claims-INITIAL_FORMS": "0",
            "claims-MIN_NUM_FORMS": "0",
            "claims-MAX_NUM_FORMS": "10",
            "claims-0-key": "",
            "claims-0-kind": "income",
            "claims-0-statement": "Rata-rata Rp 3 juta per bulan selama 2025.",
            "claims-0-evidence_note": "Rekening koran 12 bulan",
        },
        "images": {
            "hero_alt_text": "",
            "images-TOTAL_FORMS": "0",
            "images-INITIAL_FORMS": "0",
            "images-MIN_NUM_FORMS": "0",
            "images-MAX_NUM_FORMS": "4",
        },
        "declarations": {
            "material_connection": "",
            "no_material_connection": "on",
            "no_connection_version": DECLARATIONS[ConsentKind.NO_CONNECTION].version,
            "consent_to_publish": "on",
            "consent_version": DECLARATIONS[ConsentKind.PUBLISH].version,
        },
    }[step] | {"action": "next"}


# Makes a step refuse for a reason that has nothing to do with text, keeping the page's shape.
REFUSE_CLEANLY = {
    "story": {"industries": "999999"},
    "claims": {"claims-0-kind": "unknown"},
    "declarations": {"consent_to_publish": None},
}


def with_typed(data: dict[str, str], typed: dict[str, str]) -> dict[str, str]:
    """The valid post with these text fields typed in, and what the fields need besides."""
    data = {**data, **typed}
    if received(typed.get("material_connection", "")).strip():
        # A described connection replaces the "no connection" declaration.
        del data["no_material_connection"]
    if any(name.startswith("images-0-") for name in typed):
        data.update(
            {"images-TOTAL_FORMS": "1", "images-0-image_id": "", "images-0-section": "results"}
        )
    return data


def received(value: str) -> str:
    """A value as Django reads it from the request: bytes that are not UTF-8 become U+FFFD."""
    return value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


def kept_when_saved(value: str, how: str) -> str:
    if how == "collapsed":
        return " ".join(value.split())
    if how == "paragraphs":
        return "".join(value.split())
    return value.strip()


class SubmissionProperties(TestCase):
    # The foreign tags of each page the site itself shows (a refused step, by its shape), read once.
    clean_tags: dict[tuple, list[str]] = {}

    @classmethod
    def setUpTestData(cls):
        ensure_site_tree()
        cls.member = UserFactory()
        cls.industry = str(Industry.objects.get(slug="food-beverage").pk)

    def url(self, step: str, pk: int | None) -> str:
        if pk is None:
            return reverse("community:story_create")
        name = {"story": "story_edit", "claims": "story_claims", "images": "story_images"}
        return reverse(f"community:{name.get(step, 'story_declarations')}", args=[pk])

    def post(self, step: str, pk: int | None, data: dict[str, str | None], *, member=None):
        pairs = [(k, v.encode("utf-8", "surrogatepass")) for k, v in data.items() if v is not None]
        cache.clear()
        self.client.force_login(member or self.member)
        response = self.client.post(
            self.url(step, pk), urlencode(pairs), content_type="application/x-www-form-urlencoded"
        )
        # The test client raises a view's exception itself; any other 5xx is caught here.
        assert response.status_code in (200, 302), response.status_code
        return response

    def clean_page(self, step: str, pk: int | None, data: dict[str, str]) -> str:
        """The same step refused for a reason that is not the text typed: the site's own page."""
        clean = {name: "x" if name in TEXT_FIELDS else value for name, value in data.items()}
        refusal = REFUSE_CLEANLY.get(step)
        if step == "images":
            refusal = (
                {"images-0-section": "unknown"}
                if "images-0-alt_text" in data or "images-0-caption" in data
                else {"images-TOTAL_FORMS": "x", "images-INITIAL_FORMS": "x"}
            )
        if step == "declarations" and pk is not None:
            clean["material_connection"], clean["no_material_connection"] = "", None
        response = self.post(step, pk, {**clean, **refusal})
        assert response.status_code == 200
        return response.content.decode()

    def assert_no_markup_from_input(self, page: str, key: tuple, clean_page) -> None:
        if key not in self.clean_tags:
            self.clean_tags[key] = sorted(t.lower() for t in FOREIGN_TAG.findall(clean_page()))
        assert sorted(t.lower() for t in FOREIGN_TAG.findall(page)) == self.clean_tags[key]
        # An input that closed a textarea early would leave more closing tags than opening ones.
        assert page.count("<textarea") == page.count("</textarea>")

    def assert_saved_as_typed(self, story: StoryPage, typed: dict[str, str]) -> None:
        draft = story.get_latest_revision_as_object()
        claims = list(draft.claims.all())
        sections = body_parts(draft.body).sections
        saved = {
            "title": draft.title,
            "subject_name": draft.subject_name,
            "organization_name": draft.organization.name if draft.organization else "",
            "summary": draft.summary,
            "product_or_service": draft.product_or_service,
            "product_description": draft.product_description,
            "material_connection": draft.material_connection,
            "claims-0-statement": claims[0].statement if claims else "",
            "claims-0-evidence_note": claims[0].evidence_note if claims else "",
            **{f"section_{key}": "".join(text.split()) for key, text in sections.items()},
        }
        for name, value in typed.items():
            how, value = TEXT_FIELDS[name][1], received(value)
            if how == "image row":
                assert not value.strip(), f"{name}: an image row without a file was saved"
            elif name == "material_connection" and not value.strip():
                # Left blank, with "no connection" declared: the declaration, in the story's
                # language, stands in its place.
                with translation.override(draft.language):
                    declared = str(DECLARATIONS[ConsentKind.NO_CONNECTION].text)
                assert draft.material_connection == declared
            elif how != "dropped":
                assert saved[name] == kept_when_saved(value, how), (name, saved[name][:80])
        # The body is escaped text: paragraphs and line breaks are its only markup.
        for block in draft.body.raw_data:
            if block["type"] == "paragraph":
                assert set(re.findall(r"</?(\w+)", block["value"])) <= {"p", "br"}, block

        check = self.client.get(reverse("community:story_check", args=[story.pk]))
        assert check.status_code == 200
        page = check.content.decode()
        assert escape(draft.title) in page
        self.assert_no_markup_from_input(page, ("check",), self.clean_check_page)

    def clean_check_page(self) -> str:
        """The check page of a clean story (another member's, so this one's stories stay theirs)."""
        response = self.post(
            "story", None, valid_post("story", self.industry), member=UserFactory()
        )
        pk = resolve(response.url).kwargs["pk"]
        page = self.client.get(reverse("community:story_check", args=[pk])).content.decode()
        self.client.force_login(self.member)
        return page

    def assert_refused_and_kept(self, response, step, pk, data, typed, revisions) -> None:
        page = response.content.decode()
        assert "This step was not saved" in page
        story = StoryPage.objects.filter(owner=self.member).first()
        if pk is None:
            assert story is None
        else:
            assert story.revisions.count() == revisions
        for name, value in typed.items():
            assert escape(received(value)) in page, f"{name}: {received(value)[:80]!r}… was lost"
        shape = (step, data.get("images-TOTAL_FORMS"), pk is None)
        self.assert_no_markup_from_input(page, shape, lambda: self.clean_page(step, pk, data))

    def submit(self, typed: dict[str, str]) -> None:
        """Walk the steps, each with the fields typed into it: every step saves or is refused."""
        pk = None
        for step in STEPS:
            typed_here = {name: value for name, value in typed.items() if step_of(name) == step}
            if step != "story" and not typed_here:
                continue
            data = with_typed(valid_post(step, self.industry), typed_here)
            revisions = StoryPage.objects.get(pk=pk).revisions.count() if pk else 0
            response = self.post(step, pk, data)
            if response.status_code != 302:
                event("refused")
                self.assert_refused_and_kept(response, step, pk, data, typed_here, revisions)
                return
            pk = pk or resolve(response.url).kwargs["pk"]
        event("saved")
        self.assert_saved_as_typed(StoryPage.objects.get(pk=pk), typed)

    @given(
        name=st.sampled_from(sorted(TEXT_FIELDS)),
        value=st.one_of(hostile_text, plausible_text),
    )
    @example(name="title", value=PAYLOADS[0])
    @example(name="section_actions", value=PAYLOADS[-1])
    @example(name="summary", value="Sari <b>menjual</b>\x00 kue")
    @example(name="section_results", value="\ud800 hasil")
    @example(name="claims-0-statement", value="x" * 1001)
    @example(name="product_description", value="</textarea><script>alert(1)</script>")
    def test_one_field__saved_escaped_or_refused_with_everything_kept(self, name, value):
        self.submit({name: value})

    @given(values=st.fixed_dictionaries(dict.fromkeys(TEXT_FIELDS, hostile_text)))
    @hypothesis.settings(max_examples=max(10, hypothesis.settings().max_examples // 3))
    def test_every_field_at_once__saved_escaped_or_refused_with_everything_kept(self, values):
        self.submit(values)

    @given(
        values=st.fixed_dictionaries(
            {name: plausible_text for name in TEXT_FIELDS if TEXT_FIELDS[name][1] != "image row"}
        )
    )
    @hypothesis.settings(max_examples=max(10, hypothesis.settings().max_examples // 3))
    def test_plausible_text_everywhere__saved_as_typed_or_refused_with_everything_kept(
        self, values
    ):
        self.submit(values)
