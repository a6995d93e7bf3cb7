"""The scanner's eighth round (issue 11, 2026-12-03): the seventh blind round's dev misses, by kind.
One case per kind of miss fixed. Every text here was written for the test, in the words of its
kind; none is a corpus text. Each pitch must be flagged with at least the codes given, and every
flag's offsets point into the text as written; each honest text next to a kind must stay clean.
"""

import pytest

from stories.scanner import normalise, scan
from stories.scanner.evaluation import check_offsets


def _codes(text: str, language: str) -> set[str]:
    result = scan(text, language)
    check_offsets(text, result.flags)
    return {flag.code for flag in result.flags}


@pytest.mark.parametrize(
    ("language", "written", "normal"),
    [
        # Amounts in words, compound: read as the amount they are.
        ("id", "lima belas juta", "rp15000000"),
        ("id", "dua puluh lima ribu", "rp25000"),
        ("id", "seratus lima puluh ribu", "rp150000"),
        ("id", "dua ratus lima puluh ribu rupiah", "rp250000"),
        ("id", "sebelas hari", "11 hari"),
        ("id", "750 ewu saben sasi", "rp750000 saben sasi"),
        ("id", "3 yuta", "rp3000000"),
        ("id", "modal selamat seratus peratus", "modal selamat 100%"),
        ("en", "twenty-one days", "21 days"),
        ("en", "forty grand", "$40000"),
        ("en", "two hundred and fifty bucks", "$250"),
        ("en", "fifteen hundred a month", "1500 a month"),
        ("en", "ninety nine", "99"),
        # Letters spaced out, dotted or written as digits: read as the word they spell.
        ("en", "it is g u a r a n t e e d to pay", "it is guaranteed to pay"),
        ("en", "r.i.s.k-f.r.e.e, n0 s3lling", "risk-free, no selling"),
        ("id", "T.A.N.P.A  J.U.A.L.A.N", "tanpa  jualan"),
        ("id", "t4np4 jual4n", "tanpa jualan"),
        # Not disguised words: codes, short abbreviations, currencies before digits.
        ("en", "covid19, b2b, U.S. and rp10", "covid19, b2b, you.s. and rp10"),
    ],
)
def test_normalise__amounts_in_words_and_disguised_words(language, written, normal):
    assert normalise.normalise(written, language).text == normal


PITCHES = {
    # Amounts in words.
    "an amount in compound words, Indonesian": (
        "id",
        "Setor sepuluh juta, tiap bulan pasti dapat dua ratus lima puluh ribu.",
        {"guaranteed_income"},
    ),
    "an amount in words, Javanese": (
        "id",
        "Nyetor 2 yuta, saben minggu entuk 200 ewu, dijamin ora rugi.",
        {"guaranteed_income"},
    ),
    # Spaced, dotted and leet spellings.
    "a spaced-out guarantee": (
        "en",
        "Our plan is g u a r a n t e e d income, join today.",
        {"guaranteed_income"},
    ),
    "leet no selling": (
        "en",
        "Passive income, n0 s3lling at all, just deposit.",
        {"no_selling_needed"},
    ),
    "a dotted promise, Indonesian": (
        "id",
        "P.A.S.T.I balik modal dalam 2 minggu, gaes.",
        {"guaranteed_income", "unrealistic_timeframe"},
    ),
    # English: certainty in other words.
    "it's guaranteed, then an amount": (
        "en",
        "Honestly? It's guaranteed. I pull $300 every week from it.",
        {"guaranteed_income"},
    ),
    "no chance of losing": (
        "en",
        "Put in what you like, zero chance of losing your money with this pool.",
        {"guaranteed_income"},
    ),
    "Singlish sure win": (
        "en",
        "This one confirm safe lah, every month sure get RM500.",
        {"guaranteed_income"},
    ),
    # English: a life change or an amount within days, in other words.
    "a boss fired within days": (
        "en",
        "Fired my boss after 60 days with this team!",
        {"unrealistic_timeframe"},
    ),
    "an amount in the first days": (
        "en",
        "$8k in your first 30 days is what our new people do.",
        {"unrealistic_timeframe"},
    ),
    "a headline of days and an amount": (
        "en",
        "First sixty days: twelve thousand dollars. Ask me how.",
        {"unrealistic_timeframe"},
    ),
    # English: pressure in other words.
    "when they're gone": (
        "en",
        "Only 6 places. When they're gone, they're gone.",
        {"pressure_tactics"},
    ),
    "decide tonight": ("en", "The bonus pool is open now. Decide tonight.", {"pressure_tactics"}),
    # English: paid for people, no selling, fees and fixed pay in other words.
    "people join, you get paid": (
        "en",
        "You share, people join, you get paid.",
        {"recruitment_earnings"},
    ),
    "levels that pay": (
        "en",
        "Level 1 pays 12% and level 2 pays 6% of every sign-up.",
        {"recruitment_earnings"},
    ),
    "you sell nothing": (
        "en",
        "Here you sell nothing at all, the app earns for you.",
        {"no_selling_needed"},
    ),
    "a deposit to unlock": ("en", "Deposit $150 to unlock the gold task list.", {"upfront_fee"}),
    "an order to stay active": (
        "en",
        "You place a $90 order every month to stay active for commissions.",
        {"upfront_fee"},
    ),
    "a flat amount a month": (
        "en",
        "Partners get a flat $120 a month for each $2,000 unit.",
        {"fixed_return"},
    ),
    # English, round 8's dev misses: pressure, recruiting, fees and timeframes in other words.
    "a price that returns to its old level": (
        "en",
        "Joining is $40 this week. The fee returns to $90 on Monday.",
        {"pressure_tactics"},
    ),
    "a cohort that locks": (
        "en",
        "Two places left before the cohort locks tonight.",
        {"pressure_tactics"},
    ),
    "each invite pays": (
        "en",
        "No recruiting talk: you invite, and each invite pays you 10%.",
        {"recruitment_earnings"},
    ),
    "overrides from teams": (
        "en",
        "Most of my income is override from my teams now.",
        {"recruitment_earnings"},
    ),
    "a fee needed to withdraw": (
        "en",
        "You need the $800 gold tier to withdraw your earnings.",
        {"upfront_fee"},
    ),
    "weeks taken to hit an amount": (
        "en",
        "It took me 4 weeks to hit my first $6k.",
        {"unrealistic_timeframe"},
    ),
    "a salary replaced by a month": (
        "en",
        "Half of our team replaced their salary by month 5.",
        {"unrealistic_timeframe"},
    ),
    "a day and an amount": ("en", "Day 12 → $1,480. Just a phone.", {"income_claim"}),
    "no salesperson needed": (
        "en",
        "You don't need to be a salesperson, you just need a phone.",
        {"no_selling_needed"},
    ),
    # Indonesian, round 8's dev misses by kind.
    "a loss ruled out in other words": (
        "id",
        "Modal 3jt di robot kami, gak akan minus, tiap minggu profit.",
        {"guaranteed_income"},
    ),
    "no offering to anyone": (
        "id",
        "Bapak ibu gak perlu nawarin apa-apa ke siapa pun, cukup daftar.",
        {"no_selling_needed"},
    ),
    "paid from those who come in through you": (
        "id",
        "Di sini penghasilanmu dari semua yang masuk lewat kamu.",
        {"recruitment_earnings"},
    ),
    "a fee that rises tomorrow": (
        "id",
        "Hari ini daftar 150rb, besok naik jadi 300rb.",
        {"pressure_tactics"},
    ),
    "hours left": ("id", "Sisa 3 jam lagi, setelah itu pendaftaran ditutup.", {"pressure_tactics"}),
    "a mortgage paid within months": (
        "id",
        "Banyak member di sini yang setengah tahun udah lunas KPR.",
        {"unrealistic_timeframe"},
    ),
    # A framing word or a lawful term beside the pitch does not cancel it.
    "dues, then a fixed rate": (
        "id",
        "Koperasi kami: simpanan wajib 100rb, dapat bunga tetap 5% per bulan!",
        {"fixed_return"},
    ),
    "a probation left behind": (
        "en",
        "Forget probation at a desk job: here you earn 2% a day, guaranteed.",
        {"fixed_return", "guaranteed_income"},
    ),
    "a warning word after the pitch's own sentence": (
        "id",
        "Profit 3% per hari pasti cair. Jangan share ke orang lain.",
        {"fixed_return", "guaranteed_income"},
    ),
    "leet no selling, Indonesian": (
        "id",
        "Bisnis t4np4 jual4n, cukup share link.",
        {"no_selling_needed"},
    ),
}

HONEST = {
    # English false flags: regulators, courts and police, insurance and deposits, group rules.
    "a regulator's list of phrases": (
        "en",
        "The notice names phrases used by unlicensed lenders, such as 'today only' and 'no credit "
        "check'.",
    ),
    "a lawsuit's allegation": (
        "en",
        "The lawsuit alleges the firm charged members a $300 'starter fee' before paying any "
        "commissions.",
    ),
    "a scheme that stopped": (
        "en",
        "My neighbour's 'savings club' paid 4% a month. Then it stopped. The police say it was a "
        "fraud.",
    ),
    "insured deposits": (
        "en",
        "Savings at Eastgate Bank are FDIC-insured up to $250,000 per depositor.",
    ),
    "an insurance policy's minimum": (
        "en",
        "Your policy's cash value grows at a guaranteed minimum rate; fees apply in early years.",
    ),
    "a group's rule": (
        "en",
        "Group rule #2: no posts about 'no selling' income. Mods will remove them.",
    ),
    "a job advert with base pay": (
        "en",
        "Account manager wanted. $3,100/month base + 2% commission. Probation 3 months.",
    ),
    "a court's sentence": (
        "en",
        "The court sentenced the founder of 'GoldLeaf', which promised members 3% a week.",
    ),
    "a page's removal rule": (
        "en",
        "This page removes any post that offers fixed returns or a joining fee. Repeat offenders "
        "are banned.",
    ),
    "a one-star review": (
        "en",
        "One star. The app promised money for every video, then wanted a $40 'unlock fee'.",
    ),
    "a pitch compared with a bank": (
        "en",
        "My bank pays 3% a year; I think of that whenever someone pitches me '4% a month'.",
    ),
    "a supreme court's ruling, Indonesian": (
        "id",
        "Mahkamah Agung menolak kasasi bos arisan online yang menjanjikan keuntungan tetap.",
    ),
    "a cooperative's dues": (
        "id",
        "Simpanan pokok 50rb dan simpanan wajib 10rb per bulan, sesuai AD/ART.",
    ),
    "an insured deposit, Indonesian": ("id", "Deposito saya bunganya 3,5% setahun, dijamin LPS."),
    "a job advert called a trap": (
        "id",
        "Iklan 'gaji 5 juta tanpa pengalaman' itu jebakan, jangan dilamar.",
    ),
    "retired from a scheme": (
        "id",
        "Sudah setahun aku pensiun dari bisnis arisan itu, capek ditagih.",
    ),
    "a business that needs selling": (
        "id",
        "Usaha apa pun tidak akan jalan tanpa penjualan yang sehat.",
    ),
    "a refusal of scarcity talk": ("en", "We don't do 'only 3 left' here. Same price all year."),
    "a court verdict, Indonesian": (
        "id",
        "Pengadilan Negeri menjatuhkan vonis 6 tahun kepada bos aplikasi yang mengiming-imingi "
        "profit 2% per hari.",
    ),
    "a one-star review, Indonesian": (
        "id",
        "Ulasan bintang 1: kelas 'pasti profit' 900rb itu isinya cuma sinyal asal. Kapok.",
    ),
    "a price rise by decree": ("id", "Tarif tol naik mulai besok sesuai keputusan menteri."),
    "a scholarship deadline": (
        "id",
        "Pendaftaran beasiswa ditutup 5 Maret, seleksi lewat tes tertulis.",
    ),
    "a code that stays valid": (
        "id",
        "Kode promo lama diganti besok, tapi kode lama tetap berlaku sampai akhir bulan.",
    ),
    "a fake programme disowned": (
        "id",
        "Program 'ajak 3 teman dapat motor' yang beredar bukan dari kami. Akun resmi centang biru.",
    ),
    "income from sales only": (
        "id",
        "Penghasilan mitra kami 100% dari penjualan produk ke pembeli, bukan dari rekrutmen.",
    ),
    "someone in the DMs": (
        "en",
        "A stranger in my DMs promised 'triple your money in 10 days'. Blocked and reported.",
    ),
    "a price in words": (
        "id",
        "Harga kamar dua ratus lima puluh ribu per malam, sarapan termasuk.",
    ),
    "a course in words": ("en", "The course takes twenty-one days and costs two hundred dollars."),
    "spaced letters in a list": ("en", "Sizes S M L XL are in stock; colours A B C D on request."),
}


@pytest.mark.parametrize(("language", "text", "codes"), PITCHES.values(), ids=PITCHES.keys())
def test_scan__kinds_of_the_eighth_round_are_flagged(language, text, codes):
    assert codes <= _codes(text, language)


@pytest.mark.parametrize(("language", "text"), HONEST.values(), ids=HONEST.keys())
def test_scan__honest_kinds_of_the_eighth_round_are_not_flagged(language, text):
    assert _codes(text, language) == set()
