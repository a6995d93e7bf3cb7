"""Demo stories in Indonesian. People, places and figures are invented for the demo."""

from datetime import date

from stories.choices import ClaimKind, SubjectKind

from .records import Claim, DemoStory, body, bullets, figure, quote

STORIES = (
    DemoStory(
        key="jane-komunitas-kebugaran-bandung",
        language="id",
        title="Jane dan komunitas kebugaran yang tumbuh dari pertemuan Sabtu pagi",
        subject_name="Jane",
        place="Bandung",
        industries=("health-wellness",),
        summary=(
            "Seorang pelatih kebugaran di Bandung membangun basis klien bukan dengan iklan, "
            "tetapi dengan pertemuan rutin yang terbuka untuk siapa saja. Tiga tahun kemudian "
            "komunitasnya saling menopang, dan penghasilannya lebih stabil."
        ),
        product_or_service="Kelas kebugaran kelompok kecil dan pendampingan pola makan",
        product_description=(
            "Kelas latihan fungsional untuk paling banyak 12 orang, tiga kali seminggu; paket "
            "pendampingan pola makan 8 minggu; serta minuman protein terdaftar BPOM yang Jane "
            "jual sebagai distributor independen sebuah perusahaan penjualan langsung."
        ),
        claims=(
            Claim(
                ClaimKind.INCOME,
                "Pendapatan bersih dari kelas dan pendampingan rata-rata Rp 7,8 juta per bulan "
                "dalam 12 bulan hingga September 2026, setelah sewa studio dan alat.",
                "Rekening koran 12 bulan (Oktober 2025–September 2026) dan buku kas studio, dilihat "
                "moderator.",
            ),
            Claim(
                ClaimKind.INCOME,
                "Komisi penjualan minuman protein rata-rata Rp 900 ribu per bulan. Menurut "
                "pernyataan penghasilan perusahaan untuk 2025, separuh distributor aktif "
                "memperoleh kurang dari Rp 250 ribu per bulan.",
                "Laporan komisi bulanan dari perusahaan (12 bulan) dan pernyataan penghasilan "
                "distributor yang diterbitkan perusahaan.",
            ),
            Claim(
                ClaimKind.TIME,
                "Sekitar 30 jam kerja per minggu, termasuk persiapan kelas dan administrasi.",
                "Jadwal kelas dan kalender kerja tiga bulan terakhir.",
            ),
        ),
        body=body(
            (
                "Latar belakang",
                "Jane sudah enam tahun menjadi pelatih kebugaran bersertifikat ketika ia "
                "memutuskan berhenti dari pusat kebugaran tempatnya bekerja. Di sana ia dibayar "
                "per sesi, jadwalnya ditentukan orang lain, dan klien yang ia rawat bertahun-"
                "tahun bukan kliennya sendiri.",
                "Pada awal 2023 ia mulai sendiri dengan modal yang sangat kecil: taman kompleks "
                "di Antapani, enam matras pinjaman, dan grup WhatsApp berisi dua puluh mantan "
                "klien yang bersedia mencoba.",
            ),
            (
                "Tantangan",
                "Pelatih lepas hidup dari klien yang datang dan pergi. Pada bulan puasa dan musim "
                "hujan kelasnya bisa kosong separuh. Penghasilan tiga bulan pertama tidak sampai "
                "Rp 2 juta sebulan.",
                "Ada juga soal kepercayaan. Jane menjual minuman protein dari sebuah perusahaan "
                "penjualan langsung, dan beberapa orang mengira kelas gratis di taman hanyalah "
                "pintu masuk untuk diajak “bisnis”. Stigma itu membuat orang ragu datang.",
            ),
            (
                "Apa yang ia lakukan",
                "Jane menjadikan pertemuan rutin sebagai inti usahanya. Setiap Sabtu pukul enam "
                "pagi ada kelas terbuka di taman, bebas biaya, lalu setengah jam obrolan tentang "
                "pola makan dan cedera ringan. Sebulan sekali ia mengundang rekan seprofesi, "
                "seorang fisioterapis dan seorang ahli gizi, untuk berbagi pengetahuan. Tidak ada "
                "barang yang ditawarkan dalam sesi itu.",
                "Ia memisahkan kelas dari jualan. Daftar harga minuman protein ditempel di "
                "studio dan di grup; produk hanya dibahas kalau ada yang bertanya. Ia tidak "
                "pernah mengajak peserta kelas menjadi distributor.",
                "Pertemuan itu pelan-pelan menjadi komunitas. Anggota saling menjemput, membuat "
                "kelompok jalan pagi sendiri, dan merekomendasikan kelas berbayar Jane kepada "
                "teman kantor mereka.",
            ),
            figure(
                "Kelas terbuka Sabtu pagi, awal mula komunitas Jane.",
                label="Kelas terbuka Sabtu pagi",
                motif="circles",
            ),
            (
                "Hasil",
                "Tiga tahun kemudian grup komunitasnya berisi sekitar 140 orang, dengan 45 klien "
                "tetap yang membayar paket bulanan. Sejak 2025 Jane menyewa studio kecil di "
                "lantai dua sebuah ruko. Sebagian besar klien baru datang dari rekomendasi "
                "anggota, bukan dari iklan.",
                "Penghasilannya kini lebih stabil, tetapi tidak spektakuler: angka rata-ratanya "
                "ada di laporan transparansi. Penjualan minuman protein hanya sekitar sepersepuluh "
                "dari pendapatannya.",
            ),
            quote(
                "Saya datang karena kelasnya gratis, bertahan karena orang-orangnya. Tidak ada "
                "yang pernah memaksa saya membeli apa pun.",
                "Wulan, peserta kelas sejak 2023",
            ),
            (
                "Yang tidak berhasil",
                "Di tahun pertama Jane menawarkan kelas gratis bagi siapa saja yang mau menjadi "
                "distributor. Yang datang justru orang yang mengincar potongan harga, bukan "
                "latihan. Dua orang berhenti dengan stok yang tidak terjual; Jane membantu mereka "
                "mengembalikannya lewat program pembelian kembali perusahaan, dan tawaran itu ia "
                "hapus pada 2024.",
                "Kelas daring lewat video juga gagal. Pesertanya hanya enam orang dan bubar "
                "setelah dua bulan; komunitas ini ternyata hidup dari bertemu langsung. Jane juga "
                "sempat kelelahan karena mengajar tujuh hari seminggu. Sekarang ia libur satu "
                "akhir pekan setiap bulan dan kelas Sabtu dipandu bergantian oleh dua anggota "
                "yang sudah ia latih.",
            ),
        ),
        material_connection=(
            "Jane adalah distributor independen perusahaan penjualan langsung yang "
            "memproduksi minuman protein dalam cerita ini, dan menerima komisi dari "
            "penjualannya sendiri. Ia tidak memegang peringkat kepemimpinan dan tidak "
            "memiliki tim."
        ),
        published=date(2026, 11, 3),
        reviewed=date(2026, 10, 28),
    ),
    DemoStory(
        key="best-corporation-tumbuh-karena-transparan",
        language="id",
        title="Best Corporation: tumbuh karena berani membuka angka",
        subject_kind=SubjectKind.ORGANIZATION,
        subject_name="Best Corporation",
        organization="Best Corporation",
        place="Surabaya",
        industries=("home-living", "retail-ecommerce"),
        summary=(
            "Perusahaan penjualan langsung peralatan rumah tangga ini sempat disangka money "
            "game. Jawabannya: menghapus biaya pendaftaran, membeli kembali stok, membayar "
            "komisi hanya dari penjualan, dan menerbitkan penghasilan mitra setiap tahun."
        ),
        product_or_service="Penyaring air dan peralatan dapur rumah tangga",
        product_description=(
            "Penyaring air keran dan dispenser, wadah penyimpan makanan, dan panci baja. "
            "Dijual oleh sekitar 2.300 mitra independen lewat kunjungan, demo di rumah dan toko "
            "daring resmi. Garansi penyaring dua tahun."
        ),
        claims=(
            Claim(
                ClaimKind.INCOME,
                "Pernyataan penghasilan mitra 2025: median mitra aktif Rp 420 ribu per bulan; "
                "10% teratas di atas Rp 4,5 juta per bulan; 31% mitra terdaftar tidak memperoleh "
                "komisi sama sekali.",
                "Pernyataan penghasilan mitra 2025 dan data pembayaran komisi; moderator "
                "mencocokkan sampel 50 mitra dengan bukti transfer.",
            ),
            Claim(
                ClaimKind.OTHER,
                "Tidak ada biaya pendaftaran; stok yang tidak terjual dibeli kembali 90% dalam "
                "12 bulan; tidak ada bonus untuk merekrut.",
                "Kontrak mitra dan kode etik yang berlaku sejak 2020, serta 20 bukti "
                "pengembalian dana pembelian kembali pada 2025.",
            ),
            Claim(
                ClaimKind.PRODUCT,
                "Penyaring air diuji menurunkan kekeruhan dan bakteri E. coli sesuai klaim "
                "kemasan.",
                "Laporan uji laboratorium terakreditasi KAN, Agustus 2024.",
            ),
        ),
        body=body(
            (
                "Latar belakang",
                "Best Corporation didirikan di Surabaya pada 2014 oleh dua mantan manajer "
                "penjualan. Produk pertamanya penyaring air keran yang dijual dari rumah ke rumah. "
                "Empat tahun kemudian mereka punya lebih dari tiga ribu mitra di Jawa Timur dan "
                "Bali.",
            ),
            (
                "Tantangan",
                "Pertumbuhan itu menyimpan masalah. Pada 2018 dan 2019 banyak calon pelanggan "
                "menyamakan Best Corporation dengan money game yang sedang ramai diberitakan. "
                "Sebagian mitra baru datang karena pernah dijanjikan “penghasilan pasif” oleh "
                "perusahaan lain dan kecewa ketika tahu bahwa di sini mereka harus menjual.",
                "Enam dari sepuluh mitra berhenti dalam setahun. Keluhan terbanyak: stok "
                "menumpuk karena mitra membeli lebih dari yang bisa dijual untuk mengejar "
                "peringkat.",
            ),
            (
                "Apa yang mereka lakukan",
                "Pada 2020 manajemen mengubah aturan main, dan menuliskannya di kontrak mitra:",
                bullets(
                    "Pendaftaran gratis. Paket contoh produk Rp 150 ribu bersifat pilihan dan "
                    "bisa dikembalikan.",
                    "Stok yang tidak terjual dibeli kembali 90% dari harga beli dalam 12 bulan.",
                    "Komisi dan bonus kelompok dihitung hanya dari penjualan ke konsumen akhir. "
                    "Bonus untuk mendaftarkan orang baru dihapus.",
                    "Mitra dilarang menjanjikan penghasilan kepada calon mitra; pelanggaran "
                    "berujung pemutusan kontrak.",
                    "Setiap tahun perusahaan menerbitkan pernyataan penghasilan mitra, termasuk "
                    "berapa orang yang tidak memperoleh apa pun.",
                ),
                "Mereka juga mengadakan rapat terbuka mitra setiap bulan. Direksi memaparkan "
                "angka penjualan, keluhan dan pengembalian; mitra boleh bertanya apa saja. "
                "Pelatihan untuk mitra baru berisi cara menjual yang jujur dan cara membaca "
                "kontrak, bukan cerita sukses.",
            ),
            (
                "Hasil",
                "Jumlah mitra turun dari sekitar 3.100 menjadi 2.300, tetapi yang bertahan lebih "
                "aktif: tingkat berhenti dalam setahun turun dari 60% menjadi 28%. Penjualan "
                "tumbuh rata-rata 11% per tahun dari 2021 sampai 2025, dan separuh penjualan kini "
                "berasal dari pelanggan yang membeli ulang.",
                "Di kantor, karyawan tidak lagi menghabiskan waktu mengurus sengketa stok. Tim "
                "layanan pelanggan yang dulu enam orang kini menangani volume dua kali lipat, "
                "karena keluhannya jauh berkurang. Kepercayaan itu membuka peluang baru: dua "
                "jaringan toko bangunan kini menjual penyaring mereka.",
            ),
            quote(
                "Waktu pertama kali melihat angka median di pernyataan penghasilan, saya kaget. "
                "Tapi justru karena itu saya percaya. Mereka tidak menjual mimpi.",
                "Agus, mitra di Sidoarjo sejak 2021",
            ),
            (
                "Yang tidak berhasil",
                "Keterbukaan ada harganya. Pada tahun pertama pernyataan penghasilan terbit, "
                "sekitar 800 mitra berhenti setelah melihat mediannya. Dua pemimpin wilayah yang "
                "penghasilannya bergantung pada bonus pendaftaran keluar bersama timnya.",
                "Program pembelian kembali sempat disalahgunakan: beberapa orang membeli stok "
                "besar menjelang akhir tahun untuk mengejar peringkat, lalu mengembalikannya. "
                "Sejak 2022 pengembalian dalam 30 hari setelah penghitungan peringkat tidak "
                "lagi dihitung sebagai penjualan.",
            ),
        ),
        material_connection=(
            "Cerita ini dikirim oleh bagian komunikasi Best Corporation, perusahaan yang "
            "diceritakan. Mitra yang dikutip adalah mitra aktif perusahaan."
        ),
        published=date(2026, 11, 17),
        reviewed=date(2026, 11, 12),
    ),
    DemoStory(
        key="sari-keluar-dari-arisan-investasi",
        language="id",
        title="Sari keluar dari “arisan investasi” dan membuka warung sembako yang jujur",
        subject_name="Sari Handayani",
        place="Bekasi",
        industries=("retail-ecommerce", "food-beverage"),
        summary=(
            "Sari kehilangan Rp 15 juta di sebuah “arisan investasi” yang menjanjikan untung "
            "30% sebulan. Dua tahun kemudian ia mengelola warung sembako dengan untung tipis "
            "tetapi nyata, dan mengajak tetangganya belajar mengenali tanda bahaya."
        ),
        product_or_service="Warung sembako dan pesan-antar kebutuhan dapur",
        product_description=(
            "Beras, minyak, telur, gula, gas dan kebutuhan dapur lain untuk sekitar 200 rumah "
            "tangga di perumahannya, dengan pesan-antar lewat WhatsApp."
        ),
        claims=(
            Claim(
                ClaimKind.INCOME,
                "Laba bersih warung rata-rata Rp 2,8 juta per bulan pada 2024, sebelum gaji "
                "Sari sendiri.",
                "Buku kas warung dan nota pembelian dari agen grosir selama 12 bulan.",
            ),
            Claim(
                ClaimKind.OTHER,
                "Kerugian Rp 15 juta di skema “arisan investasi” pada 2022.",
                "Bukti transfer ke pengelola skema dan laporan polisi bersama korban lain.",
            ),
        ),
        body=body(
            (
                "Latar belakang",
                "Pada 2022 Sari, ibu dua anak di Bekasi, diajak teman pengajian ikut “arisan "
                "investasi”. Setor Rp 5 juta, dijanjikan kembali Rp 6,5 juta sebulan kemudian. "
                "Dua putaran pertama lancar. Ia menambah setoran menjadi Rp 15 juta, sebagian "
                "pinjaman dari kakaknya.",
            ),
            (
                "Tantangan",
                "Pada bulan keempat pengelolanya menghilang. Tidak ada produk, tidak ada usaha "
                "di belakangnya: uang peserta lama dibayar dari setoran peserta baru. Sari "
                "kehilangan semuanya, dan yang lebih berat, ia sempat mengajak dua tetangganya.",
            ),
            (
                "Apa yang ia lakukan",
                "Ia melapor ke polisi bersama 40 korban lain dan melunasi utang kepada kakaknya "
                "dengan mencicil. Lalu ia memulai hal yang sejak awal ia pahami: berjualan. Modal "
                "pertamanya Rp 3 juta dari menjual perhiasan, cukup untuk rak, timbangan dan stok "
                "beras, minyak dan telur.",
                "Ia membeli dari agen grosir yang sama setiap minggu dan mencatat setiap "
                "transaksi di buku. Pelanggannya tetangga sendiri; pesanan lewat WhatsApp diantar "
                "anak sulungnya sepulang sekolah.",
            ),
            (
                "Hasil",
                "Dua tahun kemudian warungnya melayani sekitar 200 rumah tangga. Marginnya tipis, "
                "rata-rata delapan persen, tetapi setiap rupiah bisa ia jelaskan asalnya. Utang "
                "kepada kakaknya lunas pada pertengahan 2024.",
                "Setiap bulan Sari menempel kliping berita tentang investasi bodong di dinding "
                "warung, dan kalau ada tetangga yang ditawari “peluang”, ia menyarankan mencari "
                "namanya di daftar Satgas PASTI OJK terlebih dahulu.",
            ),
            quote(
                "Dulu saya pikir untung 30% sebulan itu rezeki. Sekarang untung delapan persen "
                "saya syukuri, karena saya tahu dari mana datangnya.",
                "Sari Handayani",
            ),
            (
                "Yang tidak berhasil",
                "Ia sempat memberi utang kepada pelanggan tanpa catatan yang rapi, dan pada 2023 "
                "hampir Rp 4 juta tidak kembali. Kini utang dibatasi Rp 200 ribu per rumah dan "
                "dicatat di buku terpisah. Mencoba berjualan sayur segar juga merugi karena "
                "banyak yang layu sebelum terjual.",
            ),
        ),
        material_connection=(
            "Tidak ada. Sari membeli dagangannya dari agen grosir biasa dan tidak memiliki "
            "hubungan dengan skema yang ia ceritakan selain sebagai korban."
        ),
        published=date(2025, 6, 4),
        reviewed=date(2025, 5, 28),
    ),
    DemoStory(
        key="koperasi-nelayan-mina-bahari",
        language="id",
        title="Koperasi Nelayan Mina Bahari: ruang pendingin bersama, harga yang lebih adil",
        subject_kind=SubjectKind.ORGANIZATION,
        subject_name="Koperasi Nelayan Mina Bahari",
        organization="Koperasi Nelayan Mina Bahari",
        place="Lamongan",
        industries=("agriculture-fisheries", "food-beverage"),
        summary=(
            "Enam puluh empat nelayan kecil di pesisir Lamongan menyewa ruang pendingin "
            "bersama dan menjual langsung ke rumah makan. Harga yang mereka terima naik, tetapi "
            "jalan menuju ke sana tidak mulus."
        ),
        product_or_service="Ikan laut segar dan beku untuk rumah makan dan katering",
        product_description=(
            "Tongkol, kakap, cumi dan ikan campuran hasil tangkapan anggota, dibersihkan dan "
            "dibekukan di ruang pendingin koperasi, dikirim dua kali seminggu ke 35 pelanggan "
            "usaha."
        ),
        claims=(
            Claim(
                ClaimKind.INCOME,
                "Harga rata-rata yang diterima anggota naik dari Rp 18 ribu menjadi Rp 23 ribu "
                "per kilogram tongkol antara 2022 dan 2024.",
                "Catatan pembelian koperasi dari anggota dan nota tengkulak 2022.",
            ),
            Claim(
                ClaimKind.INCOME,
                "Sisa hasil usaha 2024 sebesar Rp 86 juta, dibagi kepada 64 anggota menurut "
                "jumlah setoran ikan.",
                "Laporan rapat anggota tahunan 2024 dan laporan keuangan koperasi.",
            ),
        ),
        body=body(
            (
                "Latar belakang",
                "Nelayan kecil di Brondong biasanya menjual tangkapan ke tengkulak di dermaga, "
                "dengan harga yang ditentukan pagi itu juga. Ikan tidak bisa menunggu: tanpa es "
                "dan tempat dingin, harga jatuh setiap jam.",
            ),
            (
                "Tantangan",
                "Pada 2021 sekelompok nelayan mendirikan koperasi, tetapi tak satu pun punya "
                "pengalaman menjual ke rumah makan. Mereka juga harus meyakinkan anggota bahwa "
                "koperasi ini bukan “investasi” lain: beberapa warga desa baru saja tertipu "
                "tawaran budidaya dengan imbal hasil tetap.",
            ),
            (
                "Apa yang mereka lakukan",
                "Koperasi menyewa ruang pendingin bekas pabrik es dan membeli satu mobil boks "
                "secara kredit. Simpanan pokok anggota Rp 250 ribu; koperasi tidak menerima "
                "titipan uang dari luar anggota dan tidak menjanjikan bunga.",
                "Pengurus mendatangi rumah makan di Lamongan, Gresik dan Surabaya dengan contoh "
                "ikan beku yang sudah dibersihkan. Harga disepakati per bulan, bukan per hari, "
                "sehingga nelayan tahu berapa yang akan mereka terima.",
            ),
            figure(
                "Ruang pendingin bersama di Brondong.",
                label="Ruang pendingin bersama",
                motif="stripes",
            ),
            (
                "Hasil",
                "Tiga tahun kemudian koperasi memasok 35 rumah makan dan katering. Harga yang "
                "diterima anggota naik sekitar seperempat, dan sisa hasil usaha dibagi setiap "
                "tahun dalam rapat anggota yang terbuka.",
            ),
            (
                "Yang tidak berhasil",
                "Mobil boks pertama terlalu kecil dan sering mogok; cicilannya membebani kas "
                "selama setahun. Kerja sama dengan sebuah aplikasi penjualan ikan daring berhenti "
                "setelah enam bulan karena potongan dan keterlambatan pembayarannya. Dan tidak "
                "semua nelayan ikut: sebagian tetap menjual ke tengkulak karena butuh uang tunai "
                "hari itu juga, sesuatu yang belum bisa dipenuhi koperasi.",
            ),
        ),
        material_connection=("Cerita ini dikirim oleh ketua pengurus koperasi."),
        published=date(2025, 2, 18),
        reviewed=date(2025, 2, 12),
    ),
    DemoStory(
        key="batik-tulis-lasem-siti",
        language="id",
        title="Siti Aminah menjual batik tulis Lasem ke seluruh Indonesia, selembar demi selembar",
        subject_name="Siti Aminah",
        place="Lasem, Rembang",
        industries=("crafts-creative", "fashion-textiles"),
        summary=(
            "Pembatik generasi ketiga dari Lasem belajar berjualan daring dan membangun jaringan "
            "penjahit dan pembeli setia. Program reseller yang mewajibkan beli stok ia hentikan "
            "setelah setahun."
        ),
        product_or_service="Kain batik tulis Lasem dan kemeja jadi",
        product_description=(
            "Kain batik tulis tangan motif Lasem (2–4 minggu pengerjaan per lembar) dan kemeja "
            "jadi yang dijahit oleh tiga penjahit di desanya."
        ),
        claims=(
            Claim(
                ClaimKind.INCOME,
                "Omzet rata-rata Rp 21 juta per bulan pada 2024; laba bersih sekitar Rp 5 juta "
                "setelah upah tujuh pembatik dan tiga penjahit.",
                "Laporan penjualan marketplace 12 bulan, buku upah dan nota bahan.",
            ),
            Claim(
                ClaimKind.PRODUCT,
                "Semua kain dibatik tangan dengan canting, bukan cetak.",
                "Kunjungan video ke bengkel batik dan foto proses per lembar.",
            ),
        ),
        body=body(
            (
                "Latar belakang",
                "Nenek Siti membatik untuk juragan Tionghoa di Lasem; ibunya membatik untuk "
                "pengepul. Siti melanjutkan tradisi itu, tetapi sampai 2019 ia hanya menerima "
                "upah per lembar, sekitar Rp 150 ribu untuk kain yang dijual pengepul Rp 1 juta.",
            ),
            (
                "Tantangan",
                "Ia tidak punya toko, tidak paham berjualan daring, dan batik tulis kalah murah "
                "dengan kain cetak bermotif batik yang membanjiri pasar.",
            ),
            (
                "Apa yang ia lakukan",
                "Keponakannya membantu membuka toko di marketplace dan akun Instagram. Siti "
                "memotret setiap kain di bawah sinar matahari dan menulis berapa lama kain itu "
                "dibuat dan siapa pembatiknya. Pembeli bisa melihat perbedaan batik tulis dan "
                "cetak dalam video pendek yang ia buat sendiri.",
                "Ia mengajak tujuh pembatik tetangga dan membayar mereka per lembar dengan "
                "tarif yang ia umumkan, lebih tinggi dari tarif pengepul.",
            ),
            (
                "Hasil",
                "Kini sekitar 60 kain dan 40 kemeja terjual setiap bulan. Seperempat pembeli "
                "adalah pelanggan lama. Siti tetap membatik sendiri setiap pagi.",
            ),
            quote(
                "Pembeli saya tahu kain ini dibuat Mbak Yati selama tiga minggu. Itu yang membuat "
                "mereka mau membayar harganya.",
                "Siti Aminah",
            ),
            (
                "Yang tidak berhasil",
                "Pada 2022 Siti meniru program reseller yang ia lihat di tempat lain: reseller "
                "wajib membeli paket lima kain di muka. Dalam setahun, sebagian besar reseller "
                "tidak mampu menjual paketnya dan merasa dirugikan. Siti menghentikan program itu, "
                "membeli kembali kain yang tersisa, dan sekarang hanya bekerja dengan dropshipper "
                "yang tidak perlu membeli stok.",
            ),
        ),
        material_connection=(
            "Siti adalah pemilik usaha yang diceritakan. Tidak ada hubungan dengan perusahaan lain."
        ),
        published=date(2025, 4, 22),
        reviewed=date(2025, 4, 15),
    ),
    DemoStory(
        key="dapur-bu-rini-katering-kantor",
        language="id",
        title="Dapur Bu Rini: katering makan siang kantor dari dapur rumah",
        subject_name="Rini Susanti",
        place="Surabaya",
        industries=("food-beverage",),
        summary=(
            "Rini memulai katering dari dapur rumahnya dengan 15 porsi sehari. Kini ia memasak "
            "untuk tiga kantor. Angka penjualannya terlihat, tetapi catatan pajaknya belum bisa "
            "diperiksa."
        ),
        product_or_service="Katering makan siang harian untuk kantor",
        product_description=(
            "Menu rumahan berganti setiap hari, Rp 25 ribu per porsi, diantar pukul 11.30 ke "
            "kantor pelanggan di Surabaya Barat. Izin PIRT untuk produk kering."
        ),
        claims=(
            Claim(
                ClaimKind.INCOME,
                "Rata-rata 140 porsi per hari kerja pada 2025, dengan laba bersih sekitar "
                "Rp 6 juta per bulan setelah bahan, gas dan upah dua asisten.",
                "Rekap pesanan dari tiga kantor pelanggan dan nota belanja pasar enam bulan.",
            ),
            Claim(
                ClaimKind.TIME,
                "Bekerja dari pukul 04.00 sampai 13.00, lima hari seminggu.",
            ),
        ),
        body=body(
            (
                "Latar belakang",
                "Setelah suaminya terkena pemutusan hubungan kerja pada 2021, Rini menawarkan "
                "makan siang rumahan kepada bekas rekan kantor suaminya. Hari pertama, lima belas "
                "porsi.",
            ),
            (
                "Tantangan",
                "Katering kantor menuntut ketepatan waktu setiap hari, dan dapur rumah tangga "
                "tidak dirancang untuk 100 porsi lebih. Menu juga harus berganti agar pelanggan "
                "tidak bosan.",
            ),
            (
                "Apa yang ia lakukan",
                "Rini menyusun menu empat minggu yang berputar, berbelanja di pasar setiap subuh, "
                "dan mempekerjakan dua tetangga sebagai asisten. Pesanan dicatat di lembar kerja "
                "bersama yang bisa dilihat bagian umum tiap kantor.",
            ),
            (
                "Hasil",
                "Tiga kantor berlangganan setiap hari kerja. Rini membeli kompor dan panci besar "
                "dari labanya sendiri, tanpa pinjaman.",
            ),
            (
                "Yang tidak berhasil",
                "Paket langganan bulanan dengan bayar di muka pernah ia tawarkan, lalu ia hentikan: "
                "saat ia sakit seminggu, ia harus mengembalikan uang dan kasnya kosong. Pesanan "
                "lewat aplikasi pesan-antar juga tidak sebanding dengan potongannya.",
            ),
        ),
        not_seen=("income_claims",),
        report_note=(
            "Penjualan dan laba diperiksa dari rekap pesanan dan nota belanja. Catatan pajak dan "
            "rekening koran belum dapat diperlihatkan, sehingga klaim laba belum dapat "
            "dipastikan sepenuhnya."
        ),
        material_connection=(
            "Rini adalah pemilik usaha yang diceritakan. Tidak ada hubungan dengan perusahaan lain."
        ),
        published=date(2025, 9, 10),
        reviewed=date(2025, 9, 3),
    ),
    DemoStory(
        key="dewi-reseller-skincare-tanpa-stok",
        language="id",
        title="Dewi menjadi reseller perawatan kulit tanpa menimbun stok",
        subject_name="Dewi Lestari",
        organization="Ayu Alami",
        place="Cimahi",
        industries=("beauty-personal-care",),
        summary=(
            "Dewi melihat banyak teman satu grupnya membeli stok yang tidak pernah terjual. Ia "
            "memilih jalan lain: hanya memesan setelah pelanggan membayar. Penghasilannya kecil, "
            "tetapi tidak pernah merugi."
        ),
        product_or_service="Produk perawatan kulit terdaftar BPOM",
        product_description=(
            "Sabun wajah, pelembap dan tabir surya dari merek lokal Ayu Alami, dijual kepada "
            "sekitar 70 pelanggan tetap lewat WhatsApp dan pertemuan ibu-ibu PKK."
        ),
        claims=(
            Claim(
                ClaimKind.INCOME,
                "Keuntungan rata-rata Rp 1,9 juta per bulan selama 2025, dari selisih harga "
                "reseller dan harga jual.",
                "Riwayat pesanan ke distributor dan bukti transfer pelanggan selama 12 bulan.",
            ),
            Claim(
                ClaimKind.PRODUCT,
                "Ketiga produk yang ia jual terdaftar di BPOM.",
                "Nomor notifikasi BPOM dicek moderator di situs cekbpom.",
            ),
        ),
        body=body(
            (
                "Latar belakang",
                "Dewi bekerja paruh waktu di apotek ketika ia mulai menjual produk perawatan "
                "kulit kepada rekan kerja pada 2023. Ia bergabung sebagai reseller sebuah merek "
                "lokal yang produknya sudah ia pakai sendiri.",
            ),
            (
                "Tantangan",
                "Di grup reseller, pemimpin kelompok mendorong anggota membeli paket stok besar "
                "untuk naik level dan mendapat diskon lebih tinggi. Dewi melihat teman-temannya "
                "menimbun puluhan botol yang mendekati tanggal kedaluwarsa.",
            ),
            (
                "Apa yang ia lakukan",
                "Dewi menolak membeli paket. Ia hanya memesan ke distributor setelah pelanggan "
                "membayar, dan menyimpan paling banyak lima botol contoh. Pengetahuannya dari "
                "apotek ia pakai untuk menjelaskan jenis kulit dan cara memakai tabir surya, dan "
                "ia jujur kalau produknya tidak cocok untuk seseorang.",
            ),
            (
                "Hasil",
                "Dua tahun kemudian ia punya sekitar 70 pelanggan tetap. Diskon resellernya lebih "
                "kecil daripada yang naik level, tetapi ia tidak pernah membuang produk "
                "kedaluwarsa.",
            ),
            (
                "Yang tidak berhasil",
                "Ia sempat dikeluarkan dari grup reseller karena “tidak mendukung target tim”, "
                "dan harus mencari distributor lain. Berjualan lewat siaran langsung juga ia "
                "coba selama tiga bulan, tanpa hasil berarti.",
            ),
        ),
        material_connection=(
            "Dewi adalah reseller Ayu Alami dan memperoleh keuntungan dari selisih harga beli "
            "dan harga jual. Ia tidak memiliki tim dan tidak menerima produk gratis."
        ),
        published=date(2025, 11, 5),
        reviewed=date(2025, 10, 29),
    ),
    DemoStory(
        key="pak-yusuf-kursus-bahasa-inggris-kupang",
        language="id",
        title="Kursus bahasa Inggris Pak Yusuf di pinggiran Kupang",
        subject_name="Yusuf Nalle",
        place="Kupang",
        industries=("education-training",),
        summary=(
            "Seorang guru honorer membuka kursus bahasa Inggris sore hari untuk anak-anak "
            "sekitar rumahnya. Biayanya rendah dan muridnya bertambah dari mulut ke mulut."
        ),
        product_or_service="Kursus bahasa Inggris untuk anak SD dan SMP",
        product_description=(
            "Kelas sore tiga kali seminggu, 8–10 murid per kelas, Rp 100 ribu per bulan. Buku "
            "latihan disusun sendiri."
        ),
        claims=(
            Claim(
                ClaimKind.INCOME,
                "Sekitar 45 murid aktif pada 2025, memberi pendapatan Rp 4,5 juta per bulan "
                "sebelum sewa ruang.",
                "Daftar murid dan buku iuran.",
            ),
            Claim(
                ClaimKind.OTHER,
                "Dua muridnya lolos seleksi pertukaran pelajar tingkat provinsi pada 2025.",
            ),
        ),
        body=body(
            (
                "Latar belakang",
                "Yusuf mengajar bahasa Inggris sebagai guru honorer di sebuah SMP. Gajinya tidak "
                "cukup, dan ia melihat banyak anak di kampungnya yang ingin belajar tetapi tidak "
                "mampu ke lembaga kursus di kota.",
            ),
            (
                "Apa yang ia lakukan",
                "Pada 2023 ia membuka kelas di teras rumah, tiga sore seminggu. Ia menyusun buku "
                "latihan sendiri dan mengundang orang tua menonton kelas terbuka setiap akhir "
                "bulan.",
            ),
            (
                "Hasil",
                "Muridnya bertambah menjadi sekitar 45 anak. Ia kini menyewa ruang di balai "
                "gereja dan mengajak seorang alumni kampus membantu mengajar.",
            ),
            (
                "Yang tidak berhasil",
                "Kelas daring saat musim hujan gagal karena sinyal lemah dan banyak murid tidak "
                "punya ponsel sendiri. Iuran yang terlambat juga masih menjadi masalah setiap "
                "bulan.",
            ),
        ),
        not_seen=("income_claims",),
        report_note=(
            "Daftar murid dan buku iuran diperiksa. Pendapatan diterima tunai sehingga tidak ada "
            "rekening koran; klaim tentang murid yang lolos seleksi belum disertai bukti."
        ),
        material_connection=(
            "Yusuf adalah pemilik kursus yang diceritakan. Tidak ada hubungan dengan "
            "perusahaan lain."
        ),
        published=date(2026, 1, 14),
        reviewed=date(2026, 1, 8),
    ),
    DemoStory(
        key="lina-agen-asuransi-tanpa-janji",
        language="id",
        title="Lina, agen asuransi yang menolak menjual janji",
        subject_name="Lina Marpaung",
        place="Medan",
        industries=("financial-services",),
        summary=(
            "Lina menjual asuransi jiwa dan kesehatan berlisensi. Ia menolak budaya kantor "
            "agensi yang lebih sibuk merekrut daripada melayani nasabah, dan penghasilannya "
            "naik turun."
        ),
        product_or_service="Asuransi jiwa dan kesehatan",
        product_description=(
            "Polis asuransi jiwa berjangka dan asuransi kesehatan rawat inap dari perusahaan "
            "asuransi berizin OJK. Lina memegang lisensi agen AAJI."
        ),
        claims=(
            Claim(
                ClaimKind.INCOME,
                "Komisi rata-rata Rp 5,2 juta per bulan pada 2025; bulan terendah Rp 1,1 juta, "
                "bulan tertinggi Rp 11 juta.",
                "Laporan komisi dari perusahaan asuransi (12 bulan) dan bukti potong pajak.",
            ),
            Claim(
                ClaimKind.OTHER,
                "Memegang lisensi agen yang masih berlaku.",
                "Nomor lisensi AAJI dicek moderator.",
            ),
        ),
        body=body(
            (
                "Latar belakang",
                "Lina menjadi agen asuransi pada 2019 setelah ayahnya dirawat di rumah sakit "
                "tanpa asuransi apa pun. Ia ingin keluarga lain tidak mengalami hal yang sama.",
            ),
            (
                "Tantangan",
                "Di kantor agensinya, rapat pagi lebih banyak membahas jumlah rekrutan baru "
                "daripada nasabah. Agen didorong menjual polis unit link sebagai “investasi” "
                "dengan ilustrasi imbal hasil yang tinggi.",
            ),
            (
                "Apa yang ia lakukan",
                "Lina memilih menjual produk yang paling sederhana: asuransi jiwa berjangka dan "
                "kesehatan. Ia menjelaskan bahwa asuransi adalah perlindungan, bukan tabungan, "
                "dan menulis ringkasan satu halaman untuk setiap polis: apa yang ditanggung, apa "
                "yang tidak, dan berapa preminya sampai usia 60.",
                "Ia mendampingi nasabah saat klaim, termasuk tengah malam di rumah sakit.",
            ),
            (
                "Hasil",
                "Sekitar 180 nasabah aktif, dengan tingkat polis yang bertahan di atas rata-rata "
                "kantornya. Sebagian besar nasabah baru datang dari rekomendasi nasabah yang "
                "klaimnya pernah ia urus.",
            ),
            (
                "Yang tidak berhasil",
                "Karena jarang merekrut, Lina tidak pernah naik jabatan di agensinya dan pada "
                "2024 pindah ke agensi lain. Penghasilannya tidak menentu: ada bulan dengan "
                "komisi hanya Rp 1,1 juta. Ia menyarankan siapa pun yang ingin menjadi agen "
                "menyiapkan tabungan untuk enam bulan pertama.",
            ),
        ),
        material_connection=(
            "Lina adalah agen berlisensi yang menerima komisi dari perusahaan asuransi yang "
            "produknya ia jual."
        ),
        published=date(2025, 7, 30),
        reviewed=date(2025, 7, 24),
    ),
    DemoStory(
        key="raka-servis-laptop-dan-situs-umkm",
        language="id",
        title="Raka memperbaiki laptop dan membuatkan situs untuk usaha tetangga",
        subject_name="Raka Pratama",
        place="Yogyakarta",
        industries=("technology",),
        summary=(
            "Lulusan SMK ini memulai dari servis laptop di kamar kos. Kini ia juga membuatkan "
            "situs sederhana untuk usaha kecil, dengan harga yang ditulis jelas di depan."
        ),
        product_or_service="Servis laptop dan pembuatan situs untuk usaha kecil",
        product_description=(
            "Perbaikan dan peningkatan laptop, pemasangan ulang sistem, serta situs profil "
            "usaha satu halaman mulai Rp 1,5 juta termasuk domain setahun."
        ),
        claims=(
            Claim(
                ClaimKind.INCOME,
                "Pendapatan bersih rata-rata Rp 6,4 juta per bulan pada 2025.",
                "Rekening koran 12 bulan dan daftar pekerjaan di aplikasi pembukuan.",
            ),
        ),
        body=body(
            (
                "Latar belakang",
                "Raka lulus SMK jurusan teknik komputer pada 2020, di tengah pandemi, saat "
                "lowongan kerja hampir tidak ada. Ia mulai memperbaiki laptop teman-teman "
                "kuliah adiknya di kamar kos.",
            ),
            (
                "Apa yang ia lakukan",
                "Ia memasang daftar harga servis di pintu kamar dan di status WhatsApp, dan "
                "selalu memberi tahu biaya sebelum mengerjakan. Pada 2023 pemilik warung makan "
                "langganannya minta dibuatkan situs; dari situ ia belajar membuat situs profil "
                "usaha yang sederhana.",
            ),
            (
                "Hasil",
                "Ia kini menyewa kios kecil dekat kampus dan punya satu karyawan. Sekitar 30 "
                "usaha kecil memakai situs buatannya.",
            ),
            (
                "Yang tidak berhasil",
                "Ia pernah menjadi “mitra” sebuah program penjualan paket situs yang meminta "
                "mitra membayar lisensi Rp 3 juta dan merekrut mitra lain. Ia keluar setelah "
                "sebulan, kehilangan uang lisensinya, dan sejak itu tidak mau menjual apa pun "
                "yang tidak ia kerjakan sendiri.",
            ),
        ),
        material_connection=(
            "Raka adalah pemilik usaha yang diceritakan. Ia pernah menjadi mitra program "
            "paket situs yang disebut dalam cerita dan keluar pada 2022."
        ),
        published=date(2026, 5, 6),
        reviewed=date(2026, 4, 30),
    ),
    DemoStory(
        key="homestay-keluarga-labuan-bajo",
        language="id",
        title="Homestay keluarga di Labuan Bajo dan agen yang menjanjikan tamu",
        subject_name="Maria Jehamat",
        place="Labuan Bajo",
        industries=("travel-hospitality",),
        summary=(
            "Keluarga Maria mengubah rumahnya menjadi homestay empat kamar. Mereka sempat "
            "membayar “paket tamu terjamin” yang ternyata penipuan, lalu membangun pemesanan "
            "sendiri dengan pelan."
        ),
        product_or_service="Homestay empat kamar dengan sarapan",
        product_description=(
            "Empat kamar sederhana dengan kipas angin dan sarapan khas Manggarai, sepuluh menit "
            "berjalan kaki dari pelabuhan."
        ),
        claims=(
            Claim(
                ClaimKind.INCOME,
                "Tingkat hunian rata-rata 55% pada 2025, dengan pendapatan kamar sekitar "
                "Rp 9 juta per bulan sebelum biaya.",
                "Riwayat pemesanan di dua platform pemesanan.",
            ),
            Claim(
                ClaimKind.OTHER,
                "Kehilangan Rp 7,5 juta karena “paket tamu terjamin” dari agen palsu pada 2023.",
            ),
        ),
        body=body(
            (
                "Latar belakang",
                "Ketika wisatawan kembali ramai ke Labuan Bajo, Maria dan suaminya menambah tiga "
                "kamar di belakang rumah mereka dengan tabungan dan pinjaman koperasi gereja.",
            ),
            (
                "Tantangan",
                "Pada 2023 seorang “agen perjalanan” menawarkan paket: bayar Rp 7,5 juta, dijamin "
                "terisi penuh selama musim ramai. Tamu tidak pernah datang, dan nomor agen itu "
                "tidak aktif lagi.",
            ),
            (
                "Apa yang mereka lakukan",
                "Mereka mendaftarkan homestay di dua platform pemesanan, memotret kamar apa "
                "adanya, dan meminta setiap tamu menulis ulasan. Anak sulung Maria menjawab "
                "pesan dalam bahasa Inggris.",
            ),
            (
                "Hasil",
                "Di musim ramai kamar hampir selalu penuh; di musim hujan separuh kosong. "
                "Pinjaman koperasi lunas pada 2025.",
            ),
            (
                "Yang tidak berhasil",
                "Selain penipuan agen, mereka juga merugi saat membeli pendingin ruangan untuk "
                "semua kamar: tagihan listrik melonjak dan tarif kamar harus naik, sehingga tamu "
                "berkurang. Dua unit akhirnya dijual lagi.",
            ),
        ),
        not_seen=("income_claims",),
        report_note=(
            "Riwayat pemesanan di platform diperiksa. Biaya operasional dan bukti transfer "
            "kepada agen palsu tidak dapat diperlihatkan, sehingga kerugian Rp 7,5 juta dicatat "
            "sebagai keterangan pemilik."
        ),
        material_connection=(
            "Maria adalah pemilik homestay. Tidak ada hubungan dengan platform pemesanan "
            "selain sebagai pengguna."
        ),
        published=date(2026, 7, 21),
        reviewed=date(2026, 7, 15),
    ),
    DemoStory(
        key="koperasi-antar-cepat-wonosobo",
        language="id",
        title="Koperasi Antar Cepat: kurir lokal Wonosobo yang dimiliki para kurirnya",
        subject_kind=SubjectKind.ORGANIZATION,
        subject_name="Koperasi Antar Cepat Wonosobo",
        organization="Koperasi Antar Cepat Wonosobo",
        place="Wonosobo",
        industries=("logistics-transport",),
        summary=(
            "Tiga puluh satu pengemudi ojek membentuk koperasi jasa antar untuk toko, apotek dan "
            "warung makan di Wonosobo. Tarif ditetapkan bersama dan pendapatan dibagi terbuka."
        ),
        product_or_service="Jasa antar barang dalam kota dan desa sekitar",
        product_description=(
            "Pengantaran paket, obat dan makanan dengan tarif tetap per zona, dipesan lewat "
            "telepon, WhatsApp atau aplikasi sederhana milik koperasi."
        ),
        claims=(
            Claim(
                ClaimKind.INCOME,
                "Pendapatan bersih rata-rata per kurir Rp 3,1 juta per bulan pada 2025, setelah "
                "bensin dan iuran koperasi; kurir paruh waktu rata-rata Rp 1,4 juta.",
                "Rekap pengantaran harian dan laporan keuangan koperasi 2025.",
            ),
        ),
        body=body(
            (
                "Latar belakang",
                "Aplikasi ojek besar jarang menjangkau desa-desa di lereng Dieng, dan toko di "
                "Wonosobo kesulitan mengirim pesanan kecil. Para pengemudi ojek pangkalan juga "
                "kehilangan penumpang.",
            ),
            (
                "Apa yang mereka lakukan",
                "Pada 2022 mereka mendirikan koperasi jasa. Setiap anggota menyetor simpanan pokok "
                "Rp 500 ribu. Tarif per zona diputuskan dalam rapat anggota dan ditempel di "
                "setiap toko pelanggan. Seorang anggota yang paham komputer membuat aplikasi "
                "pemesanan sederhana.",
            ),
            (
                "Hasil",
                "Koperasi kini melayani sekitar 90 toko dan apotek, dengan 400–500 pengantaran "
                "per hari. Pembagian pendapatan dan potongan dibacakan setiap bulan.",
            ),
            (
                "Yang tidak berhasil",
                "Upaya membuka cabang di Temanggung gagal karena koperasi tidak punya anggota di "
                "sana dan pelanggan tidak mengenal mereka. Aplikasi buatan sendiri sering "
                "bermasalah; sebagian besar pesanan tetap lewat WhatsApp.",
            ),
        ),
        material_connection=("Cerita ini dikirim oleh ketua koperasi."),
        published=date(2025, 8, 27),
        reviewed=date(2025, 8, 21),
    ),
    DemoStory(
        key="hendra-konsultan-pajak-umkm",
        language="id",
        title="Hendra membantu usaha kecil merapikan pembukuan dan pajak",
        subject_name="Hendra Wijaya",
        place="Semarang",
        industries=("professional-services", "education-training"),
        summary=(
            "Mantan staf kantor akuntan ini melayani warung, bengkel dan toko daring yang "
            "belum pernah membuat laporan keuangan, dan mengajar kelas pembukuan murah di "
            "akhir pekan."
        ),
        product_or_service="Pembukuan, pelaporan pajak UMKM dan kelas pembukuan",
        product_description=(
            "Jasa pembukuan bulanan mulai Rp 350 ribu, pelaporan SPT tahunan, dan kelas "
            "pembukuan sederhana dua kali sebulan untuk pemilik usaha kecil."
        ),
        claims=(
            Claim(
                ClaimKind.INCOME,
                "Pendapatan rata-rata Rp 12 juta per bulan pada 2025 dari 28 klien tetap dan "
                "kelas akhir pekan, sebelum gaji satu staf.",
                "Faktur kepada klien dan rekening koran 12 bulan.",
            ),
            Claim(
                ClaimKind.OTHER,
                "Terdaftar sebagai konsultan pajak bersertifikat.",
                "Sertifikat konsultan pajak dan izin praktik dilihat moderator.",
            ),
        ),
        body=body(
            (
                "Latar belakang",
                "Hendra bekerja delapan tahun di kantor akuntan yang melayani perusahaan besar. "
                "Di luar jam kerja ia sering dimintai tolong saudara dan tetangga yang bingung "
                "dengan pajak usaha kecil mereka.",
            ),
            (
                "Apa yang ia lakukan",
                "Pada 2023 ia berhenti dan membuka jasa pembukuan untuk usaha kecil dengan harga "
                "bulanan yang tetap. Ia memulai setiap klien dengan memisahkan rekening pribadi "
                "dan rekening usaha, hal yang paling sering terlewat.",
                "Kelas akhir pekannya mengajarkan hal dasar: mencatat kas, menghitung harga pokok, "
                "dan membedakan omzet dari laba.",
            ),
            (
                "Hasil",
                "Dua puluh delapan usaha kecil kini menjadi klien tetap, dan beberapa di antaranya "
                "berhasil mendapat kredit usaha rakyat karena laporan keuangannya rapi.",
            ),
            (
                "Yang tidak berhasil",
                "Ia pernah menolak seorang calon klien yang ingin laporan keuangannya “dibuat "
                "bagus” untuk menarik investor ke skema titipan dana dengan bunga tetap, dan "
                "kehilangan dua klien lain yang dekat dengan orang itu. Harga awalnya juga "
                "terlalu murah sehingga ia bekerja sampai larut selama setahun pertama.",
            ),
        ),
        material_connection=(
            "Hendra adalah pemilik usaha yang diceritakan. Tidak ada hubungan dengan "
            "perusahaan lain."
        ),
        published=date(2026, 9, 15),
        reviewed=date(2026, 9, 9),
    ),
    DemoStory(
        key="ratna-demo-masak-alat-dapur",
        language="id",
        title="Ratna dan dua tahun pertama yang merugi sebelum demo masaknya menghasilkan",
        subject_name="Ratna Wulandari",
        organization="Dapur Prima Nusantara",
        owner="member",
        place="Malang",
        industries=("home-living",),
        summary=(
            "Ratna menjual alat masak lewat demo masak di rumah. Dua tahun pertama ia merugi, "
            "dan ia menceritakan semuanya. Sekarang penghasilannya sederhana tetapi stabil."
        ),
        product_or_service="Alat masak baja tahan karat",
        product_description=(
            "Panci, wajan dan set kukusan baja tahan karat bergaransi sepuluh tahun dari Dapur "
            "Prima Nusantara, diperagakan dalam demo masak untuk 6–10 tamu."
        ),
        claims=(
            Claim(
                ClaimKind.INCOME,
                "Komisi rata-rata Rp 2,4 juta per bulan pada 2025, sekitar tiga demo masak per "
                "minggu.",
                "Laporan komisi perusahaan 12 bulan dan rekening koran.",
            ),
            Claim(
                ClaimKind.INCOME,
                "Pada 2022–2023 pengeluarannya (bahan demo, bensin, produk contoh) melebihi "
                "komisinya; ruginya sekitar Rp 6 juta selama dua tahun.",
                "Catatan pengeluaran Ratna dan laporan komisi 2022–2023.",
            ),
            Claim(
                ClaimKind.INCOME,
                "Menurut pernyataan penghasilan perusahaan untuk 2025, median konsultan aktif "
                "memperoleh Rp 600 ribu per bulan.",
                "Pernyataan penghasilan konsultan 2025 yang diterbitkan perusahaan.",
            ),
        ),
        body=body(
            (
                "Latar belakang",
                "Ratna pensiun dini dari pekerjaan administrasi di sebuah pabrik rokok di "
                "Malang pada 2021. Ia suka memasak, dan seorang teman mengajaknya menjadi "
                "konsultan alat masak yang dijual lewat demo masak di rumah.",
            ),
            (
                "Tantangan",
                "Ia membayangkan demo masak sebagai arisan yang menyenangkan dengan penjualan "
                "sebagai bonusnya. Kenyataannya, kebanyakan tamu datang untuk makan, bukan "
                "membeli panci seharga jutaan rupiah.",
            ),
            (
                "Yang tidak berhasil",
                "Hampir semuanya, selama dua tahun. Ratna membeli set contoh lengkap seharga "
                "Rp 4,5 juta, padahal perusahaan hanya mewajibkan satu panci. Ia mengadakan demo "
                "untuk teman-teman dekat, yang datang karena sungkan, lalu merasa tidak enak "
                "untuk datang lagi. Bahan masakan ia tanggung sendiri, sering untuk dua puluh "
                "orang.",
                "Ia juga sempat mendengarkan saran seorang pemimpin kelompok untuk “fokus "
                "membangun tim”, dan menghabiskan tiga bulan mengajak orang menjadi konsultan. "
                "Dua orang bergabung, dua-duanya berhenti dalam sebulan, dan pertemanannya dengan "
                "salah satu dari mereka tidak pernah pulih.",
                "Pada akhir 2023 ia menghitung: komisinya selama dua tahun kurang sekitar "
                "Rp 6 juta dari pengeluarannya. Ia hampir berhenti.",
            ),
            (
                "Apa yang akhirnya ia ubah",
                "Ratna berhenti mengundang teman dan mulai bekerja sama dengan kelompok yang "
                "memang ingin belajar memasak: pengajian, PKK dan komunitas ibu baru. Demonya "
                "menjadi kelas memasak sayur tanpa minyak berlebih, dengan resep yang boleh "
                "dibawa pulang walau tidak membeli apa pun.",
                "Ia membatasi tamu paling banyak sepuluh orang, meminta tuan rumah menanggung "
                "sebagian bahan, dan mencatat setiap pengeluaran. Ia berhenti merekrut.",
            ),
            figure(
                "Kelas memasak sayur di rumah seorang anggota PKK.",
                label="Demo masak untuk PKK",
                motif="arcs",
            ),
            (
                "Hasil",
                "Sejak 2024 komisinya melebihi pengeluaran setiap bulan. Penghasilannya sekitar "
                "Rp 2,4 juta sebulan, lebih tinggi dari median konsultan di perusahaannya, tetapi "
                "jauh dari cerita “penghasilan puluhan juta” yang dulu membuatnya tertarik.",
            ),
            quote(
                "Kalau ada yang bertanya apakah ini bisnis yang bagus, saya tunjukkan buku "
                "catatan saya. Dua tahun merah, baru kemudian hitam.",
                "Ratna Wulandari",
            ),
        ),
        material_connection=(
            "Ratna adalah konsultan independen Dapur Prima Nusantara dan menerima komisi dari "
            "penjualannya sendiri. Ia tidak memiliki tim."
        ),
        published=date(2025, 7, 16),
        reviewed=date(2025, 7, 10),
    ),
)
