from datetime import date

from .records import DemoOrganization

ORGANIZATIONS = (
    DemoOrganization(
        name="Best Corporation",
        description=(
            "Perusahaan penjualan langsung peralatan rumah tangga (penyaring air, wadah makanan, "
            "alat masak) yang berdiri di Surabaya pada 2014. Menjual melalui sekitar 2.300 mitra "
            "independen. Setiap tahun menerbitkan pernyataan penghasilan mitra, tidak mewajibkan "
            "paket pendaftaran, dan membeli kembali stok yang tidak terjual."
        ),
        business_licence_number="NIB 9120301234567",
        association_membership="APLI, anggota sejak 2016",
        regulator_list_note=(
            "Dicek 5 November 2026: tidak tercantum pada daftar entitas ilegal Satgas PASTI (OJK). "
            "NIB dan izin usaha penjualan langsung dicocokkan dengan data OSS; keanggotaan APLI "
            "dikonfirmasi lewat surat keterangan asosiasi."
        ),
        verified_on=date(2026, 11, 5),
    ),
    DemoOrganization(
        name="Koperasi Nelayan Mina Bahari",
        description=(
            "Koperasi 64 nelayan kecil di Brondong, Lamongan. Mengelola ruang pendingin bersama "
            "dan menjual ikan langsung ke rumah makan dan katering di Jawa Timur."
        ),
        business_licence_number="Badan hukum koperasi AHU-0004512.AH.01.26.2021",
        regulator_list_note=(
            "Dicek 10 Februari 2025: koperasi tidak menghimpun dana dari luar anggota dan tidak "
            "tercantum pada daftar Satgas PASTI (OJK)."
        ),
        verified_on=date(2025, 2, 10),
    ),
    DemoOrganization(
        name="Rotan Cirebon Lestari",
        description=(
            "A rattan furniture workshop in Plered, Cirebon, with 18 craftspeople. It sells to "
            "hotels and interior studios in Indonesia and to two importers in the Netherlands."
        ),
        business_licence_number="NIB 0220104455661",
        regulator_list_note=(
            "Checked 14 May 2025: not on the Satgas PASTI (OJK) list; the workshop takes no "
            "deposits or investments from the public."
        ),
        verified_on=date(2025, 5, 14),
    ),
    DemoOrganization(
        name="Kasir Kita",
        description=(
            "A four-person software studio in Malang that builds a point-of-sale app for "
            "neighbourhood shops (warung) and sells it as a monthly subscription."
        ),
        business_licence_number="NIB 1203220098761",
        regulator_list_note=(
            "Checked 2 September 2025: not on the Satgas PASTI (OJK) list. The app handles "
            "shop takings but holds no customer money."
        ),
        verified_on=date(2025, 9, 2),
    ),
    DemoOrganization(
        name="Koperasi Antar Cepat Wonosobo",
        description=(
            "Koperasi jasa 31 kurir sepeda motor di Wonosobo yang mengantar pesanan toko, apotek "
            "dan warung makan di dalam kota dan desa sekitarnya."
        ),
        business_licence_number="Badan hukum koperasi AHU-0011875.AH.01.29.2022",
        regulator_list_note=(
            "Dicek 19 Agustus 2025: tidak tercantum pada daftar Satgas PASTI (OJK); simpanan "
            "hanya dari anggota sendiri."
        ),
        verified_on=date(2025, 8, 19),
    ),
    DemoOrganization(
        name="Dapur Prima Nusantara",
        description=(
            "Perusahaan penjualan langsung alat masak baja tahan karat. Produk dijual lewat demo "
            "masak di rumah oleh konsultan independen."
        ),
        business_licence_number="NIB 8120016677012",
        association_membership="APLI, anggota sejak 2012",
        regulator_list_note=(
            "Dicek 7 Juli 2025: tidak tercantum pada daftar Satgas PASTI (OJK); izin usaha "
            "penjualan langsung dicocokkan dengan data OSS."
        ),
        verified_on=date(2025, 7, 7),
    ),
    DemoOrganization(
        name="Ayu Alami",
        description=(
            "Merek perawatan kulit dari Bandung yang dijual lewat reseller. Produknya terdaftar "
            "di BPOM. Organisasi ini belum melalui pemeriksaan Terang."
        ),
    ),
    DemoOrganization(
        name="Koperasi Pemandu Wisata Jogja",
        description=(
            "A cooperative of 40 licensed tour guides in Yogyakarta who share bookings, "
            "training and a common price list."
        ),
    ),
)
