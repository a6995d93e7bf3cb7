"""The regulator's list of illegal investments: the import, the matching and where moderators see it."""

import pytest
from django.core.management import CommandError, call_command
from django.template import Context, Template
from django.urls import reverse
from wagtail.models import ModelLogEntry, WorkflowState

from community.models import Organization, RegulatorListEntry, RegulatorMatch
from community.services import regulator
from community.services.regulator import licence_key, name_key, name_similarity
from stories.choices import SubjectKind, Verification
from tests.factories import ModeratorFactory, OrganizationFactory, StoryPageFactory, UserFactory

pytestmark = pytest.mark.django_db

LIST = """name,licence_number,listed_on,note
PT Dana Kilat Sejahtera Indonesia,,2026-10-01,Investasi emas dengan imbal hasil tetap
Robot Trading Cuan Abadi,NIB 812 000 555 1234,15/09/2026,Robot trading tanpa izin
Koperasi Simpan Pinjam Maju Bersama,,2026-08-20,
"""


@pytest.fixture
def list_file(tmp_path):
    def write(text, name="swi.csv", encoding="utf-8"):
        path = tmp_path / name
        path.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
        return path

    return write


def run(path, source="SWI"):
    from io import StringIO

    out = StringIO()
    call_command("import_regulator_list", str(path), "--source", source, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("PT. Dana Kilat Sejahtera, Tbk", "dana kilat sejahtera"),
        ("CV Rotan  Cirebon-Lestari", "rotan cirebon lestari"),
        ("Koperasi Simpan Pinjam Maju Bersama", "koperasi simpan pinjam maju bersama"),
        ("Kopi Toraja Yöhanis", "kopi toraja yohanis"),
    ],
)
def test_name_key__leaves_out_legal_forms_punctuation_case_and_accents(name, key):
    assert name_key(name) == key


@pytest.mark.parametrize(
    ("number", "key"),
    [
        ("NIB 9120-3012.34567", "9120301234567"),
        ("nib: 812 000 555 1234", "8120005551234"),
        ("-", ""),
    ],
)
def test_licence_key__digits_and_letters_without_a_label(number, key):
    assert licence_key(number) == key


@pytest.mark.parametrize(
    ("one", "other", "alike"),
    [
        ("PT Dana Kilat Sejahtera", "Dana Kilat Sejahtera Indonesia", True),  # contained, 3 of 4
        ("Dana Kilat Sejahtra", "Dana Kilat Sejahtera", True),  # a typo
        ("Sinar Jaya Abadi", "Sinar Jaya Motor", False),
        ("Best Corporation", "Best Corp Investama", False),
        ("Maju", "Koperasi Maju Bersama Sejahtera", False),  # one word is not enough
        ("Jaya Abadi", "Jaya Abadi Sentosa Makmur Raya", False),  # contained but a small part
    ],
)
def test_name_similarity__close_names_match_and_neighbours_do_not(one, other, alike):
    score = name_similarity(name_key(one), name_key(other))
    assert (score >= regulator.NAME_SIMILARITY) is alike


def test_import__matches_organisations_by_name_and_by_licence_and_logs_each(list_file):
    by_name = OrganizationFactory(name="PT Dana Kilat Sejahtera")
    by_licence = OrganizationFactory(name="Cuan Digital", business_licence_number="812-0005551234")
    honest = OrganizationFactory(name="Best Corporation", business_licence_number="9120301234567")

    out = run(list_file(LIST))

    assert RegulatorListEntry.objects.filter(source="SWI").count() == 3
    assert "SWI: 3 entries (3 new, 0 no longer listed)." in out
    assert "MATCH PT Dana Kilat Sejahtera ~ PT Dana Kilat Sejahtera Indonesia" in out
    assert "MATCH Cuan Digital ~ Robot Trading Cuan Abadi (same licence number" in out
    name_match = by_name.regulator_matches.get()
    assert (name_match.kind, name_match.entry.listed_on.isoformat()) == ("name", "2026-10-01")
    assert by_licence.regulator_matches.get().kind == "licence"
    assert not honest.regulator_matches.exists()
    logged = ModelLogEntry.objects.filter(action="terang.regulator.match")
    assert sorted(logged.values_list("label", flat=True)) == sorted([str(by_name), str(by_licence)])


def test_import__again_with_the_same_file__keeps_matches_and_logs_nothing_new(list_file):
    organization = OrganizationFactory(name="Dana Kilat Sejahtera")
    path = list_file(LIST)
    run(path)
    match = organization.regulator_matches.get()
    out = run(path)
    assert "0 new, 0 no longer listed" in out
    assert organization.regulator_matches.get().pk == match.pk
    assert ModelLogEntry.objects.filter(action="terang.regulator.match").count() == 1


def test_import__an_entry_no_longer_listed__clears_its_match_with_a_log_entry(list_file):
    organization = OrganizationFactory(name="Dana Kilat Sejahtera")
    run(list_file(LIST))
    shorter = "\n".join(line for line in LIST.splitlines() if "Dana Kilat" not in line)
    out = run(list_file(shorter, name="newer.csv"))
    assert "2 entries (0 new, 1 no longer listed)" in out
    assert not organization.regulator_matches.exists()
    cleared = ModelLogEntry.objects.get(action="terang.regulator.cleared")
    assert cleared.data["name"] == "PT Dana Kilat Sejahtera Indonesia"


def test_import__replaces_only_its_own_source(list_file):
    run(list_file(LIST))
    run(list_file("nama\nArisan Online Berkah\n", name="other.csv"), source="OJK investor alert")
    assert RegulatorListEntry.objects.filter(source="SWI").count() == 3
    assert RegulatorListEntry.objects.filter(source="OJK investor alert").count() == 1


def test_import__indonesian_headers_semicolons_and_a_byte_order_mark(list_file):
    text = (
        "\ufeffNama;NIB;Tanggal;Keterangan\nRobot Trading Cuan Abadi;8120005551234;01-09-2026;x\n"
    )
    organization = OrganizationFactory(name="Cuan", business_licence_number="NIB 8120005551234")
    run(list_file(text))
    entry = RegulatorListEntry.objects.get()
    assert (entry.name, entry.listed_on.isoformat(), entry.note) == (
        "Robot Trading Cuan Abadi",
        "2026-09-01",
        "x",
    )
    assert organization.regulator_matches.get().kind == "licence"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("nama_perusahaan,alamat\nX,Y\n", "Line 1: no name column"),
        ("name,listed_on\nGood Name,2026-01-01\n,2026-01-02\n", "Line 3: the name is empty"),
        ("name,listed_on\nGood,kemarin\n", "Line 2: “kemarin” is not a date"),
        ("name\n" + "x" * 301 + "\n", "Line 2: the name is longer than 300 characters"),
        ("name\n", "The file has no entries"),
        ("", "The file is empty"),
        ("name\nCaf\xe9 Invest\n".encode("latin-1"), "not UTF-8 text"),
    ],
)
def test_import__a_bad_file__is_refused_by_line_and_changes_nothing(list_file, content, message):
    run(list_file(LIST))
    before = list(RegulatorListEntry.objects.values_list("pk", "name"))
    with pytest.raises(CommandError) as refused:
        run(list_file(content, name="bad.csv"))
    assert message in str(refused.value)
    assert "nothing was imported" in str(refused.value)
    assert list(RegulatorListEntry.objects.values_list("pk", "name")) == before


def test_import__every_bad_line_is_listed_up_to_a_limit(list_file):
    rows = "".join(f",{line}\n" for line in range(30))
    with pytest.raises(CommandError) as refused:
        run(list_file("name,note\n" + rows))
    text = str(refused.value)
    assert "Line 2: the name is empty" in text and "Line 21: the name is empty" in text
    assert "Line 22:" not in text
    assert "… and 10 more." in text


def test_import__over_the_size_or_row_limit__refused(list_file, monkeypatch):
    monkeypatch.setattr(regulator, "MAX_ROWS", 2)
    with pytest.raises(CommandError, match="more than 2 entries"):
        run(list_file(LIST))
    monkeypatch.setattr(regulator, "MAX_FILE_BYTES", 10)
    with pytest.raises(regulator.RegulatorListError, match="larger than"):
        regulator.read_list(LIST.encode())
    with pytest.raises(CommandError, match="No such file"):
        run("/nonexistent/swi.csv")


def test_import__an_unnamed_source__refused(list_file):
    with pytest.raises(CommandError, match="Name the list"):
        run(list_file(LIST), source=" ")


def test_organisation_created_or_renamed_after_the_import__is_checked_at_once(list_file):
    run(list_file(LIST))
    organization = Organization.objects.create(name="Maju Bersama Koperasi Simpan Pinjam")
    assert organization.regulator_matches.get().entry.name == "Koperasi Simpan Pinjam Maju Bersama"
    organization.name = "Warung Maju"
    organization.save()
    assert not organization.regulator_matches.exists()
    assert ModelLogEntry.objects.filter(action="terang.regulator.cleared").count() == 1


@pytest.fixture
def story_in_review(story_index):
    organization = OrganizationFactory(name="Dana Kilat Sejahtera")
    member = UserFactory()
    story = StoryPageFactory(
        owner=member,
        organization=organization,
        subject_kind=SubjectKind.ORGANIZATION,
        subject_name=organization.name,
        verification=Verification.UNREVIEWED,
        reviewed_at=None,
    )
    story.unpublish()
    story.save_revision(user=member)
    story.get_workflow().start(story, member)
    return story


def test_review__every_step_shows_the_organisations_match(story_in_review, list_file):
    run(list_file(LIST))
    state = WorkflowState.objects.for_instance(story_in_review).active().get()
    html = Template("{% load review_tags %}{% review_context task_state %}").render(
        Context({"task_state": state.current_task_state})
    )
    assert "matches a regulator's list of illegal investments" in html
    assert "PT Dana Kilat Sejahtera Indonesia · SWI" in html
    assert "similar name" in html


def test_review__no_match__no_warning(story_in_review):
    state = WorkflowState.objects.for_instance(story_in_review).active().get()
    html = Template("{% load review_tags %}{% review_context task_state %}").render(
        Context({"task_state": state.current_task_state})
    )
    assert "matches a regulator" not in html


def test_admin__moderators_see_matches_in_the_list_and_on_the_organisation(
    client, staff_login, list_file
):
    organization = OrganizationFactory(name="Dana Kilat Sejahtera")
    run(list_file(LIST))
    staff_login(client, ModeratorFactory())
    listing = client.get(reverse("wagtailsnippets_community_organization:list"))
    assert listing.status_code == 200
    assert "Regulator list matches" in listing.content.decode()
    edit = client.get(
        reverse("wagtailsnippets_community_organization:edit", args=[organization.pk])
    )
    assert edit.status_code == 200
    assert "PT Dana Kilat Sejahtera Indonesia" in edit.content.decode()
    history = client.get(
        reverse("wagtailsnippets_community_organization:history", args=[organization.pk])
    )
    assert "Matches an entry of a regulator" in history.content.decode()


def test_matches__go_with_the_organisation(list_file):
    organization = OrganizationFactory(name="Dana Kilat Sejahtera")
    run(list_file(LIST))
    organization.delete()
    assert not RegulatorMatch.objects.exists()
