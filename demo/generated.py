# ruff: noqa: S311, S608  (seeded word salad, not secrets; SQL names come from the model)
"""Generated stories for benchmarks and evaluations (bench/, the search evaluation).

Seeded word salad in Indonesian and English over Terang's industries (drawn unevenly), written
with bulk inserts as live, reviewed stories: thousands in seconds, where creating Wagtail pages
one by one would take hours. Not demo content a reader would see; nothing on the site uses it.
"""

import random
import uuid

from django.db import connection, transaction
from django.utils import timezone

SEED = 20260301

ID_WORDS = [
    "usaha",
    "jualan",
    "berjualan",
    "penjualan",
    "menjual",
    "pelanggan",
    "keuntungan",
    "modal",
    "produk",
    "rumah",
    "dapur",
    "kue",
    "kopi",
    "susu",
    "teh",
    "batik",
    "tenun",
    "kebugaran",
    "kesehatan",
    "kecantikan",
    "perawatan",
    "pertanian",
    "ikan",
    "sayur",
    "pasar",
    "toko",
    "online",
    "pesanan",
    "pengiriman",
    "keluarga",
    "ibu",
    "bapak",
    "anak",
    "desa",
    "kota",
    "koperasi",
    "anggota",
    "pelatihan",
    "kelas",
    "belajar",
    "mengajar",
    "tabungan",
    "pinjaman",
    "asuransi",
    "wisata",
    "hotel",
    "kerajinan",
    "anyaman",
    "bambu",
    "kayu",
    "jahit",
    "pakaian",
    "sepatu",
    "tas",
    "sabun",
    "minyak",
    "madu",
    "jamu",
    "herbal",
    "organik",
    "segar",
    "harian",
    "bulanan",
    "tahun",
    "pertama",
    "kedua",
    "berhasil",
    "tumbuh",
    "berkembang",
    "mandiri",
    "jujur",
    "transparan",
]
EN_WORDS = [
    "business",
    "selling",
    "sells",
    "sold",
    "customers",
    "profit",
    "capital",
    "product",
    "home",
    "kitchen",
    "cake",
    "coffee",
    "milk",
    "tea",
    "batik",
    "weaving",
    "fitness",
    "health",
    "beauty",
    "care",
    "farming",
    "fish",
    "vegetables",
    "market",
    "shop",
    "online",
    "orders",
    "delivery",
    "family",
    "mother",
    "father",
    "children",
    "village",
    "city",
    "cooperative",
    "members",
    "training",
    "class",
    "learning",
    "teaching",
    "savings",
    "loan",
    "insurance",
    "travel",
    "hotel",
    "crafts",
    "weaving",
    "bamboo",
    "wood",
    "sewing",
    "clothes",
    "shoes",
    "bags",
    "soap",
    "oil",
    "honey",
    "herbal",
    "organic",
    "fresh",
    "daily",
    "monthly",
    "year",
    "first",
    "second",
    "succeeded",
    "growing",
    "grew",
    "independent",
    "honest",
    "transparent",
    "stories",
    "story",
]
RARE = ["rendang", "sambal", "songket", "durian"]


def sentence(rng, words, length):
    return " ".join(rng.choice(words) for _ in range(length)).capitalize() + "."


def story_fields(rng, n):
    english = rng.random() < 0.4
    words = EN_WORDS if english else ID_WORDS
    extra = ["kue kering", "fresh coffee"] if rng.random() < 0.05 else []
    if rng.random() < 0.01:
        extra.append(rng.choice(RARE))
    body = " ".join(sentence(rng, words, rng.randint(8, 16)) for _ in range(rng.randint(6, 14)))
    if extra:
        body += " " + " ".join(extra) + "."
    return {
        "title": sentence(rng, words, rng.randint(3, 6))[:-1] + f" {n}",
        "summary": sentence(rng, words, rng.randint(12, 20)),
        "body": body,
        "language": "en" if english else "id",
    }


def generate(size: int, seed: int = SEED) -> None:
    """Write ``size`` live stories with bulk inserts (Wagtail page creation would take hours)."""
    from wagtail.blocks import StreamValue
    from wagtail.models import Locale, Page

    from stories.models import Industry, StoryIndexPage, StoryIndustry, StoryPage
    from stories.site_tree import ensure_site_tree

    ensure_site_tree()
    rng = random.Random(seed)
    index = StoryIndexPage.objects.get()
    # After the index's own children (the demo's stories, when it is loaded).
    last = index.get_last_child()
    after = int(last.path[-index.steplen :], 36) if last else 0
    locale = Locale.get_default()
    industries = list(Industry.objects.order_by("pk"))
    weights = [1 / (rank + 1) ** 1.1 for rank in range(len(industries))]
    from django.contrib.contenttypes.models import ContentType

    content_type = ContentType.objects.get_for_model(StoryPage)
    start = timezone.now() - timezone.timedelta(days=3 * 365)
    story_fields_db = [f for f in StoryPage._meta.local_concrete_fields if f.name != "page_ptr"]
    batch = 2000
    for offset in range(0, size, batch):
        pages, rows, tags = [], [], []
        for n in range(offset, min(size, offset + batch)):
            fields = story_fields(rng, n)
            published = start + timezone.timedelta(minutes=rng.randint(0, 3 * 365 * 24 * 60))
            slug = f"story-{n}"
            pages.append(
                Page(
                    path=index.path + _step(after + n + 1),
                    depth=index.depth + 1,
                    numchild=0,
                    title=fields["title"],
                    draft_title=fields["title"],
                    slug=slug,
                    content_type=content_type,
                    live=True,
                    has_unpublished_changes=False,
                    url_path=f"{index.url_path}{slug}/",
                    first_published_at=published,
                    last_published_at=published,
                    locale=locale,
                    translation_key=uuid.uuid4(),
                    seo_title="",
                    search_description="",
                )
            )
            story = StoryPage(
                subject_name=f"Pelaku {n}",
                summary=fields["summary"],
                language=fields["language"],
                verification="verified" if rng.random() < 0.5 else "reviewed",
                reviewed_at=published.date(),
                body=StreamValue(
                    StoryPage.body.field.stream_block,
                    [("paragraph", f"<p>{fields['body']}</p>")],
                    is_lazy=False,
                ),
            )
            rows.append(story)
            chosen = set(rng.choices(industries, weights=weights, k=rng.choice((1, 1, 2))))
            tags.append(chosen)
        with transaction.atomic():
            created = Page.objects.bulk_create(pages)
            columns = ["page_ptr_id", *(f.column for f in story_fields_db)]
            values = []
            for page, story in zip(created, rows, strict=True):
                values.append(
                    [page.pk]
                    + [
                        f.get_db_prep_save(f.pre_save(story, add=True), connection)
                        for f in story_fields_db
                    ]
                )
            with connection.cursor() as cursor:
                placeholders = ", ".join(["%s"] * len(columns))
                cursor.executemany(
                    f"INSERT INTO {StoryPage._meta.db_table} ({', '.join(columns)}) "
                    f"VALUES ({placeholders})",
                    values,
                )
            StoryIndustry.objects.bulk_create(
                [
                    StoryIndustry(content_object_id=page.pk, tag=industry)
                    for page, chosen in zip(created, tags, strict=True)
                    for industry in chosen
                ]
            )
    Page.objects.filter(pk=index.pk).update(numchild=index.numchild + size)


def _step(number: int) -> str:
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    digits = ""
    while number:
        number, rest = divmod(number, 36)
        digits = alphabet[rest] + digits
    return digits.rjust(4, "0")
