"""The scanner's fourth round (issue 11, 2026-12-03): one test per kind of miss fixed.

Indonesian false flags (education, denials, situations that are over, cited surveys, disowning
letters, honest timeframes and yearly bank rates) and the recall on colloquial Indonesian,
implicit claims and pressure tactics, then the same kinds in English. Every text here was written
for the test, in the words of its kind; none is a corpus text. Each flag's offsets point into the
text as written, and a framing word never cancels a flag on its own (the pitches at the end).
"""

import pytest

from stories.scanner import scan
from stories.scanner.evaluation import check_offsets


def _codes(text: str, language: str) -> set[str]:
    result = scan(text, language)
    check_offsets(text, result.flags)
    return {flag.code for flag in result.flags}


HONEST = {
    "a company letter that disowns a fixed return (id)": (
        "id",
        "Kami tegaskan bahwa koperasi tidak pernah menawarkan titipan dana dengan keuntungan "
        "tetap per bulan. Mohon abaikan pesan yang mengatasnamakan pengurus.",
    ),
    "a news report of a case (id)": (
        "id",
        "Polisi menahan dua tersangka penipuan arisan online yang menjanjikan bunga harian 2%.",
    ),
    "a cited survey of typical income (id)": (
        "id",
        "Menurut survei dinas koperasi, pendapatan rata-rata pedagang keliling Rp1,8 juta per "
        "bulan.",
    ),
    "a scheme the writer quit (id)": (
        "id",
        "Saya berhenti ikut bisnis itu karena harus tutup poin tiap bulan dan stok numpuk.",
    ),
    "a return window of 2x24 hours (id)": (
        "id",
        "Barang cacat bisa ditukar maksimal 2x24 jam setelah diterima.",
    ),
    "a yearly bank rate for comparison (id)": (
        "id",
        "Tabungan berjangka di bank cuma kasih 4% per tahun, jadi jangan kaget.",
    ),
    "a yearly bank rate for comparison (en)": (
        "en",
        "Government bonds pay about 5% a year right now, which is a useful yardstick.",
    ),
    "a plan named as a warning sign by the next sentence (en)": (
        "en",
        "The plan he sent pays 50% on every enrollment. That's the red flag right there.",
    ),
    "a plan named as a warning sign by the next sentence (id)": (
        "id",
        "Bonusnya dari setiap orang yang kamu ajak. Itu ciri skema piramida.",
    ),
    "a shop that makes sure of a delivery (id)": (
        "id",
        "Kami pastikan pesanan yang masuk sebelum jam 3 dikirim hari ini juga.",
    ),
    "a checklist that names red flags (en)": (
        "en",
        "Warning signs checklist: pay to join, paid for recruiting, guaranteed returns.",
    ),
}


@pytest.mark.parametrize(("language", "text"), HONEST.values(), ids=HONEST.keys())
def test_scan__honest_kinds_of_the_fourth_round_are_not_flagged(language, text):
    assert _codes(text, language) == set()


CAUGHT = {
    # Implicit claims, colloquial Indonesian
    "money in, more money out after a span (id)": (
        "id",
        "Setor 2jt hari ini, 10 hari lagi terima 3,5jt. Udah banyak yg buktiin.",
        {"fixed_return"},
    ),
    "capital every week from a deposit (id)": (
        "id",
        "Di sini simpel: modal 5jt, rebahan aja, tiap minggu terima 600rb.",
        {"fixed_return"},
    ),
    "the loss carried by the one who offers (id)": (
        "id",
        "Santai kak, kalau bulan ini belum balik modal, selisihnya kami tanggung.",
        {"guaranteed_income"},
    ),
    "someone else does the work (id)": (
        "id",
        "Kakak cukup transfer modal, terima beres, tim kami yang urus semuanya.",
        {"no_selling_needed"},
    ),
    "people under you (id)": (
        "id",
        "Ajak 3 orang aja, bonusmu dihitung dari semua yang ada di bawah kamu.",
        {"recruitment_earnings"},
    ),
    "a prize for recruits (id)": (
        "id",
        "Rekrut 4 orang bulan ini, dapat hadiah kulkas baru!",
        {"recruitment_earnings"},
    ),
    "no package, no commission (id)": (
        "id",
        "Daftar gratis, tapi tanpa paket starter 750rb kamu tidak bisa dapat komisi.",
        {"upfront_fee"},
    ),
    "a monthly purchase to stay active (id)": (
        "id",
        "Member wajib tutup poin 250 PV tiap bulan biar bonus tetap jalan.",
        {"upfront_fee"},
    ),
    "a life changed within a month (id)": (
        "id",
        "Bulan lalu aku masih kerja shift malam, bulan ini udah bisa nyicil mobil.",
        {"unrealistic_timeframe"},
    ),
    "less than a year, said colloquially (id)": (
        "id",
        "Gak nyampe setahun, dari buruh pabrik jadi owner 2 cabang.",
        {"unrealistic_timeframe"},
    ),
    "a bare 'Dijamin!' after the claim (id)": (
        "id",
        "Dalam 10 hari saldo kamu jadi 3x lipat. Dijamin!",
        {"guaranteed_income"},
    ),
    "earning from lying down (id)": (
        "id",
        "Sebulan dapet 4jt cuma dari rebahan 😂",
        {"no_selling_needed"},
    ),
    "the rest is our business (id)": (
        "id",
        "Kakak tinggal setor, sisanya urusan tim kami.",
        {"no_selling_needed"},
    ),
    "the only work is bringing people (id)": (
        "id",
        "Gak perlu stok barang, kerjaan kamu cuma ngajak orang gabung.",
        {"recruitment_earnings"},
    ),
    # Pressure tactics without the textbook words
    "a price that rises next Monday (id)": (
        "id",
        "Paket mitra naik harga Senin depan, yang daftar minggu ini masih harga lama.",
        {"pressure_tactics"},
    ),
    "a quota almost full (id)": (
        "id",
        "Buruan kak, kuota batch ini udah mau penuh.",
        {"pressure_tactics"},
    ),
    "an offer valid only for days (id)": (
        "id",
        "Bonus pendaftaran cuma berlaku 5 hari pertama setelah join.",
        {"pressure_tactics"},
    ),
    "fear of missing out (id)": (
        "id",
        "Kalau gak gabung sekarang, tahun depan kamu cuma bisa nonton temanmu sukses.",
        {"pressure_tactics"},
    ),
    "seats left, number after (id)": (
        "id",
        "Sisa kursi 3 lagi ya kak.",
        {"pressure_tactics"},
    ),
    "a threat of forfeiture is no collapse (id)": (
        "id",
        "Cuma 24 jam! Setelah itu bonus hangus.",
        {"pressure_tactics"},
    ),
    # English implicit claims
    "a personal promise of income (en)": (
        "en",
        "I can promise you'll be earning at least $800 a month if you stick with me.",
        {"guaranteed_income"},
    ),
    "principal that is never at risk (en)": (
        "en",
        "Your capital is fully protected and you collect 3% every month.",
        {"guaranteed_income"},
    ),
    "the difference paid by the recruiter (en)": (
        "en",
        "Make $1,000 in your first month or I'll pay you the difference.",
        {"guaranteed_income"},
    ),
    "a bare 'Guaranteed.' after the claim (en)": (
        "en",
        "Send $500 today, receive $900 next Friday. Guaranteed.",
        {"guaranteed_income"},
    ),
    "someone else does the work (en)": (
        "en",
        "Fund the account once and our desk does the rest.",
        {"no_selling_needed"},
    ),
    "each friend who joins pays you (en)": (
        "en",
        "Every friend who signs up with your code puts $40 in your pocket.",
        {"recruitment_earnings"},
    ),
    "paid when they join (en)": (
        "en",
        "I don't sell anything; when people join, I get paid.",
        {"recruitment_earnings"},
    ),
    "a prize for recruits (en)": (
        "en",
        "Enroll 6 new members this month and win a weekend trip.",
        {"recruitment_earnings"},
    ),
}


@pytest.mark.parametrize(("language", "text", "codes"), CAUGHT.values(), ids=CAUGHT.keys())
def test_scan__kinds_of_miss_of_the_fourth_round_are_caught(language, text, codes):
    assert codes <= _codes(text, language)


# Framings that must not hide a pitch: a warning the writer turns away from, a denied collapse
# word, a sentence that opens with "but", a warning elsewhere in a pitch.
PITCHES = {
    "a warning conceded, then turned (id)": (
        "id",
        "Memang ada yang bilang ini investasi bodong, tapi di sini beda. Profit 8% per bulan, "
        "pasti cair.",
        {"fixed_return", "guaranteed_income"},
    ),
    "a denied loss word (id)": (
        "id",
        "Simpanan 2 juta, jasa tetap 100rb tiap bulan. Uang anggota dijamin tidak hilang.",
        {"fixed_return", "guaranteed_income"},
    ),
    "a warning, then a sentence that opens with but (en)": (
        "en",
        "I know it sounds like a scam, I thought so too. But there's zero risk: you fund it once "
        "and the payouts just come.",
        {"guaranteed_income"},
    ),
    "a conditional recruit with a sponsor bonus (id)": (
        "id",
        "Kami jualan produk, bukan rekrut. Tapi kalau ada yang daftar pakai kode kamu, bonus "
        "sponsor 20% langsung masuk.",
        {"recruitment_earnings"},
    ),
    "a next sentence that denies the warning (en)": (
        "en",
        "Our plan pays 3% every week. That's not a scam, it's math.",
        {"fixed_return"},
    ),
    "a next sentence that denies the warning (id)": (
        "id",
        "Profit 5% per minggu. Itu bukan penipuan ya kak.",
        {"fixed_return"},
    ),
    "a next sentence that warns, but the claim makes an offer (en)": (
        "en",
        "Join here and earn 2% a day. That's a red flag, say the haters.",
        {"fixed_return"},
    ),
    "quitting a job is a life change, not a scheme left (id)": (
        "id",
        "Saya berhenti kerja kantoran karena bonus sponsor masuk terus tiap minggu.",
        {"recruitment_earnings"},
    ),
    "'check first' that points at proof (id)": (
        "id",
        "Cek dulu bukti transfernya, profit 5% per minggu pasti cair.",
        {"fixed_return", "guaranteed_income"},
    ),
    "a 'real case' that is a testimonial (id)": (
        "id",
        "Ini kasus nyata: modal 1jt jadi 3jt dalam 10 hari.",
        {"fixed_return"},
    ),
    "a threat to freeze the account is no collapse (id)": (
        "id",
        "Kerjakan misi tiap hari, saldo bertambah sendiri. Kalau tidak top up, akun dibekukan.",
        {"no_selling_needed"},
    ),
    "end customers named next to a sponsor bonus (id)": (
        "id",
        "Bonus sponsor 100rb per orang yang kamu ajak, plus komisi dari pembeli akhir.",
        {"recruitment_earnings"},
    ),
    "a disowning word inside a pitch (id)": (
        "id",
        "Kami tidak pernah telat bayar, keuntungan tetap 5% per bulan.",
        {"fixed_return"},
    ),
}


@pytest.mark.parametrize(("language", "text", "codes"), PITCHES.values(), ids=PITCHES.keys())
def test_scan__framings_of_the_fourth_round_do_not_hide_a_pitch(language, text, codes):
    assert codes <= _codes(text, language)
