"""The scanner's sixth round (issue 11, 2026-12-03): fewer false flags on honest text, from the
context layer. Every text here was written for the test, in the words of its kind; none is a
corpus text. Each honest text was flagged by the scanner before this round; each pitch next to it
uses the same framing and must still be flagged: a framing word never cancels a flag on its own.
"""

import pytest

from stories.scanner import normalise, scan
from stories.scanner.evaluation import check_offsets


def _codes(text: str, language: str) -> set[str]:
    result = scan(text, language)
    check_offsets(text, result.flags)
    return {flag.code for flag in result.flags}


HONEST = {
    "a quote with apostrophes inside, reported": (
        "en",
        "My aunt keeps saying 'it's guaranteed, you can't lose', and that's what worries me.",
    ),
    "a quote named as a thing, in a text that keeps its distance": (
        "en",
        "Funny how the 'limited time offer' on that webinar never ends. It has been running since "
        "March. My friend says she finally unsubscribed.",
    ),
    "someone else's words inside a claim of words far apart": (
        "id",
        "Upline aku dulu bilang 'pasti cair tiap minggu'. Cuma cair sekali.",
    ),
    "a deadline with its reason": (
        "id",
        "Pendaftaran lomba ditutup besok karena panitia harus menyiapkan kaos peserta.",
    ),
    "a deadline with a second chance": (
        "id",
        "Pendaftaran kelas menjahit ditutup besok. Yang belum sempat bisa daftar lagi "
        "gelombang berikutnya.",
    ),
    "a deadline with its reason, English": (
        "en",
        "Sign-ups for the coding club close tomorrow because the school needs the list for the bus.",
    ),
    "asking whether an offer is legit": (
        "id",
        "Aku ditawari kerja ngumpulin orang join, per orang dibayar 30rb. Ini legit tidak ya?",
    ),
    "anyone offering it": ("en", "Anyone offering 3% a week is not running a business."),
    "a bank that will never say it": (
        "en",
        "Nobody from our bank will ever tell you to move your money 'before midnight'.",
    ),
    "a guide's title": (
        "en",
        "How to read an opportunity post: look for a starter pack you must buy and any deadline.",
    ),
}

PITCHES = {
    "a named quote with an offer": (
        "en",
        "Join the 'guaranteed 5% monthly' plan today!",
        {"fixed_return", "guaranteed_income"},
    ),
    "a named quote, then the offer": (
        "en",
        "The 'guaranteed income' plan pays 5% weekly, DM me.",
        {"fixed_return", "guaranteed_income"},
    ),
    "a named quote, endorsed": (
        "id",
        "Program 'pasti untung 5% per bulan' ini sudah terbukti, japri aku.",
        {"fixed_return", "guaranteed_income"},
    ),
    "someone else's words, endorsed": (
        "en",
        "My sponsor says 'the bonus from every recruit pays your rent' and it works, I'm proof.",
        {"recruitment_earnings"},
    ),
    "a deadline whose reason is scarcity": (
        "id",
        "Pendaftaran ditutup besok karena kuota tinggal 5 orang!",
        {"pressure_tactics"},
    ),
    "a second chance, and scarcity": (
        "id",
        "Bisa daftar lagi gelombang berikutnya, tapi bonus slot tinggal 3 sampai besok.",
        {"pressure_tactics"},
    ),
    "a deadline with a reason, and a push": (
        "id",
        "Ditutup Jumat karena sistem reset, segera join!",
        {"pressure_tactics"},
    ),
    "a reason, and a push, English": (
        "en",
        "Doors close Friday because the next round costs double, hurry.",
        {"pressure_tactics"},
    ),
    "asking whether it is legit, then the pitch": (
        "en",
        "Is this legit? Yes! Earn 2% daily, guaranteed, join here.",
        {"fixed_return", "guaranteed_income"},
    ),
    "anyone offering less than ours": (
        "en",
        "Anyone offering less than our guaranteed 4% a month is wasting your time.",
        {"fixed_return", "guaranteed_income"},
    ),
    "a named quote, affirmed, in a text that keeps no distance": (
        "en",
        "That 'guaranteed 5% weekly' thing is real, I've been paid every Friday.",
        {"fixed_return", "guaranteed_income"},
    ),
    "a named quote, affirmed, Indonesian": (
        "id",
        "Program 'pasti cuan 5% per bulan' itu nyata, aku sudah 3 bulan cair.",
        {"fixed_return", "guaranteed_income"},
    ),
    "a deadline whose reason is demand": (
        "id",
        "Harga paket naik Senin depan karena sudah banyak yang daftar.",
        {"pressure_tactics"},
    ),
    "a deadline whose reason is demand, English": (
        "en",
        "Price goes up Monday because demand has been crazy.",
        {"pressure_tactics"},
    ),
    "asking whether it is legit, then the pitch, Indonesian": (
        "id",
        "Ini legit tidak? Legit dong, profit 5% per minggu pasti cair.",
        {"fixed_return", "guaranteed_income"},
    ),
    "no rush, but": (
        "id",
        "Santai aja kak, gak usah buru-buru. Tapi kalau mau bonus tas, checkout sebelum jam 12 "
        "malam ya, stoknya tinggal 7.",
        {"pressure_tactics"},
    ),
}


@pytest.mark.parametrize(("language", "text"), HONEST.values(), ids=HONEST.keys())
def test_scan__honest_kinds_of_the_sixth_round_are_not_flagged(language, text):
    assert _codes(text, language) == set()


@pytest.mark.parametrize(("language", "text", "codes"), PITCHES.values(), ids=PITCHES.keys())
def test_scan__framings_of_the_sixth_round_do_not_hide_a_pitch(language, text, codes):
    assert codes <= _codes(text, language)


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("he says 'it's risk-free, you can't lose'. ok", "it's risk-free, you can't lose"),
        ("the 'sign up now before it's too late' line", "sign up now before it's too late"),
        ("it's my friend's 'guaranteed' plan", "guaranteed"),
    ],
)
def test_normalise__apostrophes_inside_a_single_quote_do_not_end_it(text, quoted):
    document = normalise.normalise(text, "en")

    assert [document.text[start:end] for start, end in document.quotes] == [quoted]
