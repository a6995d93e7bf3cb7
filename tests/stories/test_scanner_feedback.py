"""Moderators' corrections of the scanner: stored, listed read-only, exported to dev, masked."""

import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from stories.models import ScanFeedback
from stories.scanner import feedback
from stories.scanner.evaluation import check_offsets
from stories.scanner.evaluation import checked_scan as scan
from tests.factories import ModeratorFactory, StoryPageFactory, UserFactory


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("Hubungi rina.kue@contoh.id atau WA 0812-3456-7890.", "Hubungi [email] atau WA [phone]."),
        ("Call +62 813 1234 5678 today.", "Call [phone] today."),
        ("Transfer ke BCA 1234567890 a.n. toko.", "Transfer ke BCA [account] a.n. toko."),
        ("No. rek: 123-456-789-0 ya kak", "No. rek: [account] ya kak"),
        ("Kode 98765432101 di aplikasi.", "Kode [account] di aplikasi."),
        ("Kata Bu Ratna Sari, untungnya lumayan.", "Kata Bu [name], untungnya lumayan."),
        ("Nama saya Dewi, reseller dari Depok.", "Nama saya [name], reseller dari Depok."),
        ("Hi, I'm Lee and I sell candles.", "Hi, I'm [name] and I sell candles."),
        ("Testimoni jujur.\n— Fitri, Depok", "Testimoni jujur.\n— [name], Depok"),
        ("Follow @rina.kue untuk promo.", "Follow @[name] untuk promo."),
    ],
)
def test_mask__hides_personal_details(text, masked):
    assert feedback.mask(text) == masked


def test_mask__keeps_money_amounts_and_known_names_go():
    text = "Rina dapat Rp 12.500.000 per bulan, 10jt dari Rina Wati sendiri, $3,000 a week."

    masked = feedback.mask(text, names=["Rina Wati"])

    assert (
        masked == "[name] dapat Rp 12.500.000 per bulan, 10jt dari [name] sendiri, $3,000 a week."
    )


@pytest.fixture
def story(db, story_index):
    return StoryPageFactory(
        owner=UserFactory(first_name="Sari", last_name="Utami"), subject_name="Sari Utami"
    )


def correction(story, **fields):
    values = {
        "story": story,
        "moderator": ModeratorFactory(),
        "language": "id",
        "reason": "Alasan.",
    }
    values.update(fields)
    item = ScanFeedback(**values)
    item.full_clean()
    item.save()
    return item


def test_model__phrase_must_be_the_span_of_the_passage(story):
    item = ScanFeedback(
        story=story,
        code="income_claim",
        verdict="wrong",
        language="id",
        passage="Harga paket Rp 500 ribu per bulan.",
        phrase="Rp 500 ribu",
        start=0,
        end=5,
        reason="Itu harga.",
    )

    with pytest.raises(ValidationError) as error:
        item.full_clean()

    assert "phrase" in error.value.message_dict


def test_corpus_items__wrong_removes_missed_adds_and_corrections_merge(story):
    passage = (
        "Sari Utami bilang: tiap ada yang join lewat kamu, bonus cair. Hubungi 0812 3456 7890."
    )
    flagged = {flag.code for flag in scan(feedback.mask(passage, ["Sari Utami"]), "id").flags}
    assert "recruitment_earnings" in flagged
    correction(
        story, passage=passage, code="recruitment_earnings", verdict="wrong", reason="Kutipan."
    )
    correction(
        story,
        passage=passage,
        code="pressure_tactics",
        verdict="missed",
        phrase="Hubungi 0812 3456 7890",
        reason="Desakan.",
    )

    items = feedback.corpus_items(ScanFeedback.objects.order_by("pk"))

    assert len(items) == 1
    item = items[0]
    assert (
        item["text"] == "[name] bilang: tiap ada yang join lewat kamu, bonus cair. Hubungi [phone]."
    )
    assert item["lang"] == "id"
    assert "recruitment_earnings" not in item["expected"]
    assert "pressure_tactics" in item["expected"]
    assert item["expected"] == sorted(set(item["expected"]))
    assert "0812" not in item["note"] and "Sari" not in item["note"]
    assert set(item) == {"text", "lang", "expected", "note"}


def test_command__writes_jsonl_to_stdout(story):
    correction(
        story,
        passage="Bunga deposito bank 4% per tahun, jadi saya pilih usaha.",
        code="fixed_return",
        verdict="wrong",
        reason="Suku bunga bank sebagai pembanding.",
    )
    out = io.StringIO()

    call_command("export_scan_feedback", stdout=out)

    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [line["expected"] for line in lines] == [[]]


def test_command__append_to_dev__adds_new_passages_once(story, tmp_path, monkeypatch):
    (tmp_path / "dev.jsonl").write_text(
        json.dumps({"text": "Sudah ada.", "lang": "id", "expected": [], "note": "x"}) + "\n"
    )
    (tmp_path / "heldout.jsonl").write_text("")
    monkeypatch.setattr(feedback, "CORPUS_DIR", tmp_path)
    correction(
        story,
        passage="Cuma modal HP, rebahan aja saldo nambah tiap hari.",
        code="no_selling_needed",
        verdict="missed",
        reason="Tanpa jualan.",
    )
    correction(story, passage="Sudah ada.", code="income_claim", verdict="missed", reason="x")
    err = io.StringIO()

    call_command("export_scan_feedback", "--append-to", "dev", stderr=err)
    call_command("export_scan_feedback", "--append-to", "dev", stderr=err)

    lines = [json.loads(line) for line in (tmp_path / "dev.jsonl").read_text().splitlines()]
    assert [line["text"] for line in lines] == [
        "Sudah ada.",
        "Cuma modal HP, rebahan aja saldo nambah tiap hari.",
    ]
    assert "no_selling_needed" in lines[1]["expected"]
    assert (tmp_path / "heldout.jsonl").read_text() == ""
    assert "1 of 2 passages appended" in err.getvalue()
    assert "0 of 2 passages appended" in err.getvalue()


def test_command__never_appends_to_heldout(db):
    with pytest.raises(CommandError):
        call_command("export_scan_feedback", "--append-to", "heldout")


def test_admin_listing__read_only(client, story, staff_login):
    item = correction(
        story,
        passage="Dijamin halal dan original.",
        code="guaranteed_income",
        verdict="wrong",
        reason="Jaminan produk.",
    )
    staff_login(client, UserFactory(is_superuser=True, is_staff=True))

    listing = client.get(reverse("wagtailsnippets_stories_scanfeedback:list"))
    inspect = client.get(reverse("wagtailsnippets_stories_scanfeedback:inspect", args=(item.pk,)))
    add = client.get(reverse("wagtailsnippets_stories_scanfeedback:add"))
    edit = client.get(reverse("wagtailsnippets_stories_scanfeedback:edit", args=(item.pk,)))

    assert listing.status_code == 200
    assert reverse("wagtailsnippets_stories_scanfeedback:add") not in listing.content.decode()
    assert inspect.status_code == 200
    assert "Jaminan produk." in inspect.content.decode()
    assert add.status_code in (302, 403)
    assert edit.status_code in (302, 403)


def test_checked_scan__offsets_hold_on_masked_text():
    text = feedback.mask("Nama saya Rina, WA 0812-3456-7890: pasti untung 10jt/bln!")

    check_offsets(text, scan(text, "id").flags)
