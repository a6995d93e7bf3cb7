"""A story the demo member has submitted and a moderator has yet to review.

It goes through the member's own submission services, so the moderator finds it in the Wagtail
admin exactly as a real submission. It is a realistic first draft: an income claim without
evidence, a pressure phrase the red-flag scanner catches, no "what did not work" section.
"""

from stories.choices import ClaimKind, SubjectKind

from .records import Claim, DemoSubmission

SUBMISSIONS = (
    DemoSubmission(
        key="ratna-kelas-mpasi-menunggu-tinjauan",
        owner="member",
        language="id",
        title="Dari demo panci ke kelas memasak MPASI",
        subject_kind=SubjectKind.PERSON,
        subject_name="Ratna Wulandari",
        place="Malang",
        industries=("education-training", "food-beverage"),
        summary=(
            "Setelah dua tahun mengadakan demo masak, Ratna membuka kelas memasak makanan "
            "pendamping ASI berbayar untuk ibu baru di Malang."
        ),
        product_or_service="Kelas memasak MPASI untuk ibu baru",
        product_description=(
            "Kelas tiga jam untuk paling banyak 8 peserta, Rp 150 ribu per orang termasuk bahan "
            "dan buku resep."
        ),
        material_connection=(
            "Saya konsultan independen Dapur Prima Nusantara. Di kelas saya memakai panci "
            "mereka, dan kadang ada peserta yang membelinya lewat saya."
        ),
        sections={
            "background": (
                "Sejak 2024 saya rutin mengadakan demo masak untuk kelompok PKK dan pengajian. "
                "Banyak ibu muda bertanya soal makanan pendamping ASI, jadi saya mulai menyiapkan "
                "resep khusus untuk bayi."
            ),
            "challenge": (
                "Ibu baru sibuk dan ragu membayar kelas. Resep MPASI di internet juga sering "
                "saling bertentangan, sehingga mereka bingung harus percaya yang mana."
            ),
            "actions": (
                "Saya meminta bidan di puskesmas dekat rumah memeriksa resep-resep saya. Kelas "
                "pertama saya adakan di rumah pada Oktober 2026 untuk delapan peserta.\n\n"
                "Kelas berikutnya slot terbatas, jadi daftar sekarang sebelum penuh!"
            ),
            "results": (
                "Dua kelas pertama penuh. Beberapa peserta sudah mendaftar lagi untuk kelas "
                "lanjutan tentang menu bayi di atas satu tahun."
            ),
        },
        claims=(
            Claim(ClaimKind.INCOME, "Sekitar Rp 1,5 juta bersih dari dua kelas pada Oktober 2026."),
        ),
        hero_label="Kelas memasak MPASI",
    ),
)
