import json
import re
from datetime import UTC, date
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone, translation
from wagtail.models import PageLogEntry, Revision, WorkflowState
from wagtail.signals import page_published

from community.models import Organization, User
from stories.choices import Verification
from stories.importing import (
    MAX_LINE_BYTES,
    REPORT_NOTE,
    SYSTEM_USERNAME,
    ImportSetupError,
    import_stories,
    importer_account,
)
from stories.models import Industry, StoryIndexPage, StoryPage, TransparencyClaim
from tests.factories import UserFactory, import_line

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


story = import_line


def without(data: dict, key: str) -> dict:
    return {k: v for k, v in data.items() if k != key}


def write(tmp_path, *lines, name="stories.jsonl"):
    path = tmp_path / name
    chunks = []
    for line in lines:
        if isinstance(line, dict):
            line = json.dumps(line)
        chunks.append(line if isinstance(line, bytes) else line.encode("utf-8"))
    path.write_bytes(b"\n".join(chunks) + b"\n")
    return path


def run(path, *args):
    stdout, stderr = StringIO(), StringIO()
    try:
        call_command("import_stories", str(path), *args, stdout=stdout, stderr=stderr)
        status = 0
    except SystemExit as exit_:
        status = exit_.code
    return stdout.getvalue(), stderr.getvalue(), status


def last_line(text: str) -> str:
    return text.rstrip("\n").split("\n")[-1]


def imported(external_id="legacy-1", source="import") -> StoryPage:
    return StoryPage.objects.get(import_source=source, external_id=external_id)


# The command, good lines


def test_import__good_lines__are_saved_with_every_field(tmp_path, story_index):
    path = write(
        tmp_path,
        story(
            industries=["FOOD-BEVERAGE", "health & WELLNESS", "kerajinan & INDUSTRI kreatif"],
            subject={"kind": "person", "name": "Siti Rahma", "organization": "Koperasi Maju"},
            claims=[
                {"kind": "income", "statement": "Rp 3 juta per bulan.", "evidence": "Rekening"},
                {"kind": "product", "statement": "Nasi kotak sehat.", "evidence": None},
                {"kind": "time", "statement": "Dua tahun berjalan."},
            ],
        ),
        story(
            external_id="legacy-2",
            title="PT Sinar Batik tumbuh",
            subject={"kind": "organization", "name": "PT Sinar Batik", "organization": None},
            industries=["Fesyen & Tekstil"],
            language="en",
        ),
    )

    stdout, stderr, status = run(path)

    assert (status, stderr) == (0, "")
    assert last_line(stdout) == "imported 2, updated 0, rejected 0"
    page = imported("legacy-1")
    assert page.get_parent().specific == story_index
    assert (page.title, page.slug) == (
        "Katering sehat dari dapur rumah",
        "katering-sehat-dari-dapur-rumah",
    )
    assert (page.subject_kind, page.subject_name, page.language) == ("person", "Siti Rahma", "id")
    assert page.summary == "Dari dapur rumah ke tiga puluh pelanggan tetap."
    assert page.organization == Organization.objects.get(name="Koperasi Maju")
    assert sorted(i.slug for i in page.industries.all()) == [
        "crafts-creative",
        "food-beverage",
        "health-wellness",
    ]
    assert [(b.block_type, without_keys(b.value.source)) for b in page.body] == [
        ("paragraph", "<p>Siti mulai memasak untuk tetangga.</p>"),
        ("paragraph", "<p>Sekarang ia punya dapur<br/>sendiri.</p>"),
    ]
    assert [(c.kind, c.statement, c.evidence_note) for c in page.claims.all()] == [
        ("income", "Rp 3 juta per bulan.", "Rekening"),
        ("product", "Nasi kotak sehat.", ""),
        ("time", "Dua tahun berjalan.", ""),
    ]
    organisation_story = imported("legacy-2")
    assert organisation_story.organization.name == "PT Sinar Batik"
    assert [i.slug for i in organisation_story.industries.all()] == ["fashion-textiles"]
    assert organisation_story.language == "en"


def test_import__organisation__is_matched_by_name_ignoring_case(tmp_path, story_index):
    existing = Organization.objects.create(name="Koperasi Maju")
    path = write(
        tmp_path, story(subject={"kind": "person", "name": "Siti", "organization": "KOPERASI maju"})
    )
    run(path)
    assert imported().organization == existing
    assert Organization.objects.count() == 1


def test_import__without_publish__story_is_submitted_to_review_and_hidden(
    tmp_path, story_index, client
):
    _, _, status = run(write(tmp_path, story()))

    page = imported()
    assert status == 0
    assert not page.live
    assert page.verification == Verification.UNREVIEWED
    state = page.current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.workflow.name == "Story review"
    assert state.requested_by == importer_account()
    assert page.get_latest_revision() is not None
    actions = set(PageLogEntry.objects.filter(page=page).values_list("action", flat=True))
    assert {"wagtail.create", "wagtail.workflow.start", "terang.import"} <= actions
    assert "wagtail.publish" not in actions
    assert client.get(f"/stories/{page.slug}/").status_code == 404


def test_import__without_publish__published_at_is_ignored(tmp_path, story_index):
    run(write(tmp_path, story(published_at="2024-05-01")))
    page = imported()
    assert (page.live, page.first_published_at, page.reviewed_at) == (False, None, None)


def test_import__publish__publishes_with_date_and_audit_log(tmp_path, story_index, client):
    published = []

    def on_published(sender, instance, **kwargs):
        published.append(instance.pk)

    page_published.connect(on_published)
    try:
        stdout, _, status = run(write(tmp_path, story(published_at="2024-05-01")), "--publish")
    finally:
        page_published.disconnect(on_published)

    page = imported()
    assert (status, last_line(stdout)) == (0, "imported 1, updated 0, rejected 0")
    assert page.live and not page.has_unpublished_changes
    assert timezone.localdate(page.first_published_at) == date(2024, 5, 1)
    assert timezone.localdate(page.last_published_at) == date(2024, 5, 1)
    assert page.first_published_at.astimezone(UTC).date() == date(2024, 5, 1)
    assert page.verification == Verification.REVIEWED
    assert page.reviewed_at == date(2024, 5, 1)
    assert page.language == "id"
    assert "diverifikasi di tempat lain" in page.report_note  # written in the story's language
    assert published == [page.pk]
    publish_log = PageLogEntry.objects.get(page=page, action="wagtail.publish")
    import_log = PageLogEntry.objects.get(page=page, action="terang.import")
    assert publish_log.user == import_log.user == importer_account()
    assert import_log.data == {
        "source": "import",
        "external_id": "legacy-1",
        "created": True,
        "published": True,
    }
    assert "verified elsewhere" in import_log.message
    assert page.current_workflow_state is None
    response = client.get(f"/stories/{page.slug}/")
    assert response.status_code == 200
    assert "Katering sehat dari dapur rumah" in response.content.decode()


def test_import__publish__story_is_found_by_the_search_api_at_once(tmp_path, story_index, client):
    run(
        write(tmp_path, story(body="Budidaya lele di kolam terpal.", published_at="2024-03-01")),
        "--publish",
    )
    answer = client.get("/api/search/", {"q": "lele"}).json()
    assert [(r["title"], r["published_at"]) for r in answer["results"]] == [
        ("Katering sehat dari dapur rumah", "2024-03-01")
    ]


def test_import__without_publish__story_is_not_found_by_the_search_api(
    tmp_path, story_index, client
):
    run(write(tmp_path, story(body="Budidaya lele di kolam terpal.")))
    assert client.get("/api/search/", {"q": "lele"}).json()["count"] == 0


@pytest.mark.parametrize("language", ["id", "en"])
def test_import__publish__report_note_is_in_the_story_language(tmp_path, story_index, language):
    run(write(tmp_path, story(language=language)), "--publish")
    with translation.override(language):
        assert imported().report_note == str(REPORT_NOTE)


def test_import__publish_without_date__is_reviewed_today(tmp_path, story_index):
    run(write(tmp_path, story()), "--publish")
    page = imported()
    assert page.live
    assert page.reviewed_at == timezone.localdate()
    assert timezone.localdate(page.first_published_at) == timezone.localdate()


# The command, bad lines

BAD_LINES = [
    pytest.param('{"external_id": "x", "title": ', "json", id="invalid-json"),
    pytest.param('{"external_id": NaN}', "json", id="json-nan"),
    pytest.param("[1, 2, 3]", "json", id="not-an-object"),
    pytest.param('"just a string"', "json", id="a-string"),
    pytest.param(without(story(), "external_id"), "external_id", id="missing-external-id"),
    pytest.param(without(story(), "title"), "title", id="missing-title"),
    pytest.param(without(story(), "subject"), "subject", id="missing-subject"),
    pytest.param(without(story(), "industries"), "industries", id="missing-industries"),
    pytest.param(without(story(), "language"), "language", id="missing-language"),
    pytest.param(without(story(), "summary"), "summary", id="missing-summary"),
    pytest.param(without(story(), "body"), "body", id="missing-body"),
    pytest.param(story(external_id=17), "external_id", id="external-id-number"),
    pytest.param(story(external_id="  "), "external_id", id="external-id-blank"),
    pytest.param(story(external_id="e" * 201), "external_id", id="external-id-201"),
    pytest.param(story(title=12), "title", id="title-number"),
    pytest.param(story(title=""), "title", id="title-0-chars"),
    pytest.param(story(title="t" * 201), "title", id="title-201-chars"),
    pytest.param(story(summary="s" * 501), "summary", id="summary-501-chars"),
    pytest.param(story(body="   \n\n  "), "body", id="body-blank"),
    pytest.param(story(body=["a"]), "body", id="body-list"),
    pytest.param(story(subject="Siti"), "subject", id="subject-string"),
    pytest.param(story(subject={"kind": "robot", "name": "Siti"}), "subject.kind", id="subj-kind"),
    pytest.param(story(subject={"kind": "person"}), "subject.name", id="subject-no-name"),
    pytest.param(story(industries="food-beverage"), "industries", id="industries-string"),
    pytest.param(story(industries=[]), "industries", id="industries-empty"),
    pytest.param(story(industries=[3]), "industries[0]", id="industry-number"),
    pytest.param(story(language="fr"), "language", id="bad-language"),
    pytest.param(story(language="EN"), "language", id="language-case"),
    pytest.param(story(claims={"kind": "income"}), "claims", id="claims-object"),
    pytest.param(story(claims=["income"]), "claims[0]", id="claim-string"),
    pytest.param(
        story(claims=[{"kind": "income", "statement": " "}]),
        "claims[0].statement",
        id="claim-empty-statement",
    ),
    pytest.param(
        story(claims=[{"kind": "bonus", "statement": "Rp 1 juta"}]),
        "claims[0].kind",
        id="claim-bad-kind",
    ),
    pytest.param(
        story(claims=[{"kind": "income", "statement": "ok", "evidence": 5}]),
        "claims[0].evidence",
        id="claim-evidence-number",
    ),
    pytest.param(story(published_at="01/05/2024"), "published_at", id="date-format"),
    pytest.param(story(published_at="2026-02-30"), "published_at", id="impossible-date"),
    pytest.param(story(published_at=20240501), "published_at", id="date-number"),
    pytest.param(b'{"title": "caf\xe9"}', "encoding", id="invalid-utf-8"),
]


@pytest.mark.parametrize(("bad_line", "field"), BAD_LINES)
def test_import__bad_line__is_rejected_and_good_lines_still_imported(
    tmp_path, story_index, bad_line, field
):
    path = write(tmp_path, story(), bad_line, story(external_id="legacy-3"))

    stdout, stderr, status = run(path)

    assert status == 1
    assert stderr.startswith(f"line 2: {field}: ")
    assert len(stderr.strip().splitlines()) == 1
    assert last_line(stdout) == "imported 2, updated 0, rejected 1"
    assert sorted(StoryPage.objects.values_list("external_id", flat=True)) == [
        "legacy-1",
        "legacy-3",
    ]


def test_import__unknown_industry__names_it(tmp_path, story_index):
    path = write(
        tmp_path, story(), story(external_id="b"), story(external_id="c", industries=["xyz"])
    )
    stdout, stderr, status = run(path)
    assert stderr == "line 3: industries: unknown industry 'xyz'\n"
    assert (status, last_line(stdout)) == (1, "imported 2, updated 0, rejected 1")


def test_import__same_title__gets_a_free_slug(tmp_path, story_index):
    path = write(tmp_path, story(), story(external_id="b"), story(external_id="c", title="🌟🌟"))
    run(path)
    assert [imported(i).slug for i in ("legacy-1", "b", "c")] == [
        "katering-sehat-dari-dapur-rumah",
        "katering-sehat-dari-dapur-rumah-2",
        "story",
    ]


def test_import_stories__lines_over_the_limit__are_rejected_without_a_file(story_index):
    report = import_stories(lines=[json.dumps(story()), "x" * (MAX_LINE_BYTES + 1)])
    assert (report.imported, report.rejected) == (1, 1)
    assert report.rejections[0].messages()[0].startswith("line 2: length: ")


def test_import__title_at_limits__is_accepted(tmp_path, story_index):
    path = write(tmp_path, story(title="T"), story(external_id="b", title="t" * 200))
    _, stderr, status = run(path)
    assert (status, stderr) == (0, "")


def test_import__line_over_the_length_limit__is_rejected(tmp_path, story_index):
    long_line = json.dumps(story(external_id="long", summary="x" * MAX_LINE_BYTES))
    path = write(tmp_path, long_line, story())
    stdout, stderr, status = run(path)
    assert stderr.startswith("line 1: length: ")
    assert (status, last_line(stdout)) == (1, "imported 1, updated 0, rejected 1")


def test_import__several_errors__first_by_default_all_with_verbosity_2(tmp_path, story_index):
    path = write(tmp_path, story(title="", language="fr"))
    _, stderr, _ = run(path)
    assert stderr.splitlines() == ["line 1: title: must not be empty"]
    _, stderr, _ = run(path, "--verbosity", "2")
    assert stderr.splitlines() == [
        "line 1: title: must not be empty",
        "line 1: language: must be one of 'id', 'en'",
    ]


def test_import__blank_lines__are_skipped_but_counted_in_line_numbers(tmp_path, story_index):
    path = write(tmp_path, "", story(), "   ", "{oops")
    stdout, stderr, _ = run(path)
    assert stderr.startswith("line 4: json: ")
    assert last_line(stdout) == "imported 1, updated 0, rejected 1"


def test_import__byte_order_mark_and_crlf__are_accepted(tmp_path, story_index):
    path = tmp_path / "windows.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(story()).encode() + b"\r\n")
    stdout, stderr, status = run(path)
    assert (status, stderr, last_line(stdout)) == (0, "", "imported 1, updated 0, rejected 0")


def test_import__empty_file__imports_nothing_and_succeeds(tmp_path, story_index):
    path = tmp_path / "empty.jsonl"
    path.write_bytes(b"")
    assert run(path) == ("imported 0, updated 0, rejected 0\n", "", 0)


def test_import__missing_file__is_a_command_error(tmp_path, story_index):
    with pytest.raises(CommandError, match="File not found"):
        call_command("import_stories", str(tmp_path / "nope.jsonl"))


def test_import__directory__is_a_command_error(tmp_path, story_index):
    with pytest.raises(CommandError, match="is a directory"):
        call_command("import_stories", str(tmp_path))


def test_import__no_story_index__builds_the_site_tree(tmp_path, db):
    assert not StoryIndexPage.objects.exists()
    _, _, status = run(write(tmp_path, story()))
    assert status == 0
    assert imported().get_parent().specific == StoryIndexPage.objects.get()


# Updates


def test_reimport__same_external_id__updates_instead_of_duplicating(tmp_path, story_index):
    run(write(tmp_path, story(claims=[{"kind": "income", "statement": "Rp 1 juta"}])))
    first = imported()
    slug = first.slug

    changed = story(
        title="Judul baru",
        industries=["technology"],
        claims=[{"kind": "time", "statement": "Tiga tahun", "evidence": "Akta"}],
    )
    stdout, _, status = run(write(tmp_path, changed, name="second.jsonl"))

    assert (status, last_line(stdout)) == (0, "imported 0, updated 1, rejected 0")
    assert StoryPage.objects.count() == 1
    page = imported()
    assert page.pk == first.pk
    assert (page.title, page.slug) == ("Judul baru", slug)
    assert [i.slug for i in page.industries.all()] == ["technology"]
    assert [(c.kind, c.statement, c.evidence_note) for c in page.claims.all()] == [
        ("time", "Tiga tahun", "Akta")
    ]
    assert TransparencyClaim.objects.filter(page=page).count() == 1


def test_reimport__story_in_review__restarts_review_on_new_content(tmp_path, story_index):
    run(write(tmp_path, story()))
    first_state = imported().current_workflow_state

    run(write(tmp_path, story(summary="Ringkasan baru."), name="second.jsonl"))

    page = imported()
    first_state.refresh_from_db()
    assert first_state.status == WorkflowState.STATUS_CANCELLED
    states = WorkflowState.objects.for_instance(page)
    assert states.active().count() == 1
    assert page.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert page.get_latest_revision_as_object().summary == "Ringkasan baru."


def test_reimport__story_waiting_for_changes__is_resubmitted(tmp_path, story_index):
    run(write(tmp_path, story()))
    state = imported().current_workflow_state
    state.status = WorkflowState.STATUS_NEEDS_CHANGES
    state.save()

    run(write(tmp_path, story(summary="Sudah diperbaiki."), name="second.jsonl"))

    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert WorkflowState.objects.for_instance(imported()).count() == 1


def test_reimport__identical_line__changes_nothing_but_counts_as_updated(tmp_path, story_index):
    path = write(tmp_path, story(claims=[{"kind": "income", "statement": "Rp 1 juta"}]))
    run(path)
    revisions = Revision.objects.count()
    state = imported().current_workflow_state

    stdout, _, status = run(path)

    assert (status, last_line(stdout)) == (0, "imported 0, updated 1, rejected 0")
    assert Revision.objects.count() == revisions
    assert imported().current_workflow_state == state


def test_reimport__live_story_without_publish__keeps_live_version_until_review(
    tmp_path, story_index, client
):
    run(write(tmp_path, story()), "--publish")
    run(write(tmp_path, story(title="Versi baru"), name="second.jsonl"))

    page = imported()
    assert page.live and page.has_unpublished_changes
    assert page.title == "Katering sehat dari dapur rumah"
    assert page.get_latest_revision_as_object().title == "Versi baru"
    assert page.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert "Versi baru" not in client.get(f"/stories/{page.slug}/").content.decode()


def test_reimport__publish__publishes_a_story_in_review_and_ends_its_review(tmp_path, story_index):
    run(write(tmp_path, story()))
    state = imported().current_workflow_state

    stdout, _, _ = run(write(tmp_path, story(title="Terbit"), name="second.jsonl"), "--publish")

    page = imported()
    state.refresh_from_db()
    assert last_line(stdout) == "imported 0, updated 1, rejected 0"
    assert page.live and page.title == "Terbit"
    assert state.status == WorkflowState.STATUS_CANCELLED
    assert page.current_workflow_state is None


def test_import__source__keeps_external_ids_apart(tmp_path, story_index):
    path = write(tmp_path, story())
    run(path)
    stdout, _, _ = run(path, "--source", "lama")
    assert last_line(stdout) == "imported 1, updated 0, rejected 0"
    assert imported(source="lama").pk != imported().pk


def test_import__source_too_long__is_a_command_error(tmp_path, story_index):
    with pytest.raises(CommandError, match="source"):
        call_command("import_stories", str(write(tmp_path, story())), "--source", "s" * 51)


# Options


def test_import__create_industries__creates_the_unknown_one(tmp_path, story_index):
    path = write(tmp_path, story(industries=["Peternakan Lebah", "food-beverage"]))
    stdout, stderr, status = run(path, "--create-industries")
    assert (status, stderr) == (0, "")
    industry = Industry.objects.get(slug="peternakan-lebah")
    assert (industry.name, industry.name_id) == ("Peternakan Lebah", "Peternakan Lebah")
    assert sorted(i.slug for i in imported().industries.all()) == [
        "food-beverage",
        "peternakan-lebah",
    ]
    run(write(tmp_path, story(external_id="b", industries=["peternakan lebah"]), name="2.jsonl"))
    assert Industry.objects.filter(name__iexact="peternakan lebah").count() == 1


def test_import__user__is_recorded_as_owner_and_requester(tmp_path, story_index):
    editor = UserFactory(username="editor")
    run(write(tmp_path, story()), "--user", "editor")
    page = imported()
    assert page.owner == editor
    assert page.get_latest_revision().user == editor
    assert page.current_workflow_state.requested_by == editor


def test_import__unknown_user__is_a_command_error(tmp_path, story_index):
    with pytest.raises(CommandError, match="no user called"):
        call_command("import_stories", str(write(tmp_path, story())), "--user", "ghost")


def test_importer_account__cannot_log_in():
    account = importer_account()
    assert account.username == SYSTEM_USERNAME
    assert not account.is_active
    assert not account.has_usable_password()
    assert importer_account() == account


def test_importer_account__refuses_a_real_account_with_that_name():
    UserFactory(username=SYSTEM_USERNAME)
    with pytest.raises(ImportSetupError, match="--user"):
        importer_account()
    assert User.objects.filter(username=SYSTEM_USERNAME).count() == 1


# All or nothing per line


def test_import__failure_after_page_creation__leaves_nothing_behind(
    tmp_path, story_index, monkeypatch
):
    def refuse(claim):
        if claim.statement == "refused":
            raise ValidationError({"statement": "This claim is refused."})

    monkeypatch.setattr(TransparencyClaim, "clean", refuse)
    org_count, revision_count = Organization.objects.count(), Revision.objects.count()
    path = write(
        tmp_path,
        story(
            subject={"kind": "person", "name": "Siti", "organization": "Koperasi Baru"},
            claims=[{"kind": "income", "statement": "refused"}],
        ),
        story(external_id="legacy-2"),
    )

    stdout, stderr, status = run(path, "--create-industries")

    assert stderr == "line 1: claims[0].statement: This claim is refused.\n"
    assert (status, last_line(stdout)) == (1, "imported 1, updated 0, rejected 1")
    assert list(StoryPage.objects.values_list("external_id", flat=True)) == ["legacy-2"]
    assert Organization.objects.count() == org_count
    assert Revision.objects.count() == revision_count + 1
    assert not PageLogEntry.objects.filter(label="Katering sehat dari dapur rumah").exclude(
        page__in=StoryPage.objects.all()
    )


# The pure validator


def without_keys(html: str) -> str:
    """Paragraph HTML without the block keys the rich-text editor's format adds."""
    return re.sub(r' data-block-key="[^"]*"', "", html)
