"""Guides in Indonesian. Their slugs are linked from the red-flag scanner: never change them."""

from datetime import date

from .records import DemoGuide, body, bullets, quote

GUIDES = (
    DemoGuide(
        slug="bisnis-jaringan-vs-skema-piramida",
        translation="network-business-vs-pyramid-scheme",
        language="id",
        title="Bisnis jaringan atau skema piramida? Cara membedakannya",
        summary=(
            "Keduanya memakai kata yang sama: jaringan, mitra, bonus. Bedanya ada pada dari mana "
            "uang berasal: dari pelanggan yang membeli produk, atau dari orang yang direkrut."
        ),
        published=date(2025, 1, 6),
        body=body(
            (
                "Mengapa kata “bisnis jaringan” membuat orang curiga",
                "Banyak orang pernah diajak ke “presentasi peluang” yang ternyata lebih banyak "
                "membicarakan mobil dan liburan daripada produk. Sebagian kehilangan uang di "
                "skema yang runtuh. Berita tentang kasus-kasus itu menempelkan stigma pada semua "
                "usaha yang menjual lewat jaringan orang, termasuk yang jujur.",
                "Stigma itu bisa dimengerti, tetapi tidak selalu adil. Menjual lewat hubungan "
                "pribadi, dari mulut ke mulut, lewat demo di rumah, adalah cara berdagang yang "
                "sah. Yang menentukan adalah cara uangnya mengalir.",
            ),
            (
                "Ciri usaha jaringan yang jujur",
                bullets(
                    "Ada produk atau jasa nyata yang dibeli oleh konsumen akhir, orang yang "
                    "memakainya, bukan hanya oleh anggota yang ingin naik peringkat.",
                    "Penghasilan berasal dari penjualan: penjualan Anda sendiri, dan bila ada "
                    "bonus kelompok, dari penjualan tim kepada konsumen.",
                    "Biaya bergabung kecil atau tidak ada, dan Anda tidak wajib membeli paket.",
                    "Stok yang tidak terjual bisa dikembalikan dengan pengembalian dana yang "
                    "jelas.",
                    "Perusahaan terbuka tentang penghasilan anggota, termasuk berapa banyak yang "
                    "tidak memperoleh apa-apa.",
                ),
            ),
            (
                "Ciri skema piramida",
                bullets(
                    "Penghasilan terutama datang dari merekrut orang baru: bonus sponsor, "
                    "“member get member”, komisi untuk setiap pendaftaran.",
                    "Ada biaya pendaftaran atau paket awal yang wajib dibeli, sering disebut "
                    "“investasi” atau “modal”.",
                    "Produknya hanya kedok: harganya tidak masuk akal, atau dibeli anggota "
                    "sendiri agar memenuhi syarat bonus.",
                    "Janji penghasilan besar dalam waktu singkat, tanpa perlu menjual.",
                    "Tekanan: “slot terbatas”, “harga naik besok”, “daftar sekarang sebelum "
                    "terlambat”.",
                ),
                "Skema seperti ini hanya bisa membayar selama ada orang baru yang masuk. Ketika "
                "perekrutan melambat, sebagian besar peserta, biasanya yang terakhir bergabung, "
                "kehilangan uangnya.",
            ),
            (
                "Pertanyaan yang sebaiknya Anda ajukan",
                bullets(
                    "Siapa yang membeli produknya, selain anggota?",
                    "Berapa penghasilan median anggota aktif tahun lalu? Ada pernyataan "
                    "tertulisnya?",
                    "Berapa yang harus saya bayar untuk bergabung, dan apa yang terjadi dengan "
                    "stok yang tidak terjual?",
                    "Apakah perusahaan punya izin usaha penjualan langsung, dan apakah ia anggota "
                    "asosiasi penjualan langsung seperti APLI?",
                    "Kalau saya tidak merekrut siapa pun, bisakah saya tetap memperoleh "
                    "penghasilan?",
                ),
                "Keanggotaan asosiasi dan izin usaha bukan jaminan, tetapi ketiadaannya adalah "
                "tanda untuk berhati-hati. Jawaban yang mengelak atas pertanyaan-pertanyaan di "
                "atas adalah jawaban juga.",
            ),
            quote(
                "Saya bertanya berapa yang diperoleh kebanyakan mitra. Mereka malah menunjukkan "
                "foto mobil. Saat itu saya tahu jawabannya.",
                "Seorang pembaca Terang",
            ),
            (
                "Di Terang",
                "Setiap cerita di situs ini harus menjelaskan produk atau jasa yang benar-benar "
                "dijual, dan penghasilan yang diceritakan harus berasal dari penjualan, bukan "
                "dari merekrut. Cerita yang tidak memenuhinya tidak diterbitkan.",
            ),
        ),
    ),
    DemoGuide(
        slug="membaca-klaim-penghasilan",
        translation="reading-an-income-claim",
        language="id",
        title="Cara membaca klaim penghasilan",
        summary=(
            "“Rp 30 juta sebulan” tidak berarti apa-apa tanpa konteks. Siapa yang memperolehnya, "
            "berapa biayanya, berapa jam kerjanya, dan apa buktinya?"
        ),
        published=date(2025, 1, 13),
        body=body(
            (
                "Angka tanpa konteks",
                "Klaim penghasilan adalah bagian paling menarik dari sebuah cerita sukses, dan "
                "paling mudah menyesatkan. Satu angka besar bisa benar dan tetap menipu, karena "
                "hanya dicapai segelintir orang, hanya sekali, atau sebelum dikurangi biaya.",
            ),
            (
                "Tipikal atau kasus terbaik?",
                "Tanyakan selalu: berapa yang diperoleh orang biasa? Ukuran yang jujur adalah "
                "median, penghasilan orang yang berada tepat di tengah, bukan rata-rata yang bisa "
                "terdongkrak oleh beberapa orang di puncak.",
                "Perusahaan penjualan langsung yang terbuka menerbitkan pernyataan penghasilan: "
                "berapa median anggota aktif, berapa persen yang tidak memperoleh apa-apa. Kalau "
                "sebuah cerita menyebut penghasilan di atas median, cerita itu seharusnya juga "
                "menyebut mediannya.",
            ),
            (
                "Omzet bukan laba",
                "Penjualan Rp 10 juta sebulan bisa berarti laba Rp 1 juta, atau rugi. Kurangi "
                "harga pokok produk, ongkos kirim, bensin, pulsa, biaya acara, produk contoh, dan "
                "stok yang tidak terjual.",
            ),
            (
                "Hitung per jam",
                "Penghasilan juga harus dibandingkan dengan waktu yang dihabiskan. Contoh:",
                bullets(
                    "Komisi Rp 3 juta sebulan.",
                    "Biaya: bensin, contoh produk dan konsumsi demo Rp 1,2 juta.",
                    "Waktu: 80 jam sebulan, termasuk perjalanan dan membalas pesan.",
                    "Hasilnya Rp 1,8 juta untuk 80 jam, atau sekitar Rp 22.500 per jam.",
                ),
                "Angka itu bisa saja layak bagi Anda, tetapi Anda baru bisa menilainya setelah "
                "menghitung.",
            ),
            (
                "Bukti apa yang berarti",
                "Tangkapan layar aplikasi atau foto tumpukan uang mudah dibuat. Bukti yang lebih "
                "kuat adalah rekening koran beberapa bulan, laporan komisi resmi dari perusahaan, "
                "atau buku kas yang cocok dengan nota. Bukti untuk satu bulan terbaik tidak "
                "menunjukkan apa-apa tentang bulan-bulan lainnya.",
            ),
            (
                "Di Terang",
                "Setiap klaim penghasilan dalam cerita yang kami terbitkan harus tipikal atau "
                "disertai keterangan tentang penghasilan tipikal, dan harus didukung bukti yang "
                "dilihat moderator. Laporan transparansi di setiap cerita menyebut jenis bukti "
                "itu, tetapi dokumennya sendiri tidak pernah ditampilkan. Klaim tanpa bukti "
                "dihapus sebelum terbit.",
            ),
        ),
    ),
    DemoGuide(
        slug="investasi-ilegal-dan-imbal-hasil-tetap",
        translation="illegal-investments-and-fixed-returns",
        language="id",
        title="Investasi ilegal dan janji imbal hasil tetap",
        summary=(
            "Untung 10% setiap bulan, dijamin, tanpa risiko: janji seperti itu adalah ciri utama "
            "investasi ilegal. Begini cara mengenalinya dan memeriksanya."
        ),
        published=date(2025, 1, 20),
        body=body(
            (
                "Apa yang dimaksud investasi ilegal",
                "Investasi ilegal menghimpun uang dari masyarakat tanpa izin, sering dengan "
                "janji imbal hasil tetap yang tinggi. Bentuknya berganti-ganti: arisan "
                "investasi, titipan dana, robot trading, kripto, ternak atau kebun “bagi hasil”. "
                "Banyak yang bekerja seperti skema Ponzi: peserta lama dibayar dari setoran "
                "peserta baru, sampai setoran baru berhenti.",
            ),
            (
                "Mengapa imbal hasil tetap adalah tanda bahaya",
                "Usaha sungguhan bisa untung dan bisa rugi. Tidak ada usaha yang dapat "
                "menjamin 5% atau 10% setiap bulan, apa pun yang terjadi di pasar. Sebagai "
                "pembanding, bunga deposito bank biasanya hanya beberapa persen setahun. Janji "
                "yang jauh di atas itu, apalagi disertai kata “pasti” atau “dijamin”, seharusnya "
                "membuat Anda berhenti dan memeriksa.",
            ),
            (
                "Tanda-tanda lain",
                bullets(
                    "Bonus untuk mengajak penyetor baru.",
                    "Penarikan pertama dibayar tepat waktu, untuk membangun kepercayaan.",
                    "Tidak jelas usaha apa yang menghasilkan keuntungan itu.",
                    "Tekanan waktu: “hanya bulan ini”, “kuota terbatas”.",
                    "Nama tokoh terkenal atau tempat ibadah dipakai untuk meyakinkan.",
                ),
            ),
            (
                "Cara memeriksa",
                "Sebelum menyetor uang, cari nama perusahaan atau aplikasinya di daftar entitas "
                "ilegal yang diterbitkan Otoritas Jasa Keuangan (OJK) melalui Satgas PASTI, yang "
                "dulu dikenal sebagai Satgas Waspada Investasi. Periksa juga apakah lembaga itu "
                "tercatat memiliki izin di situs OJK. Tidak tercantum di daftar ilegal belum "
                "berarti aman: skema baru muncul lebih cepat daripada daftar diperbarui.",
                "Untuk perusahaan penjualan langsung, periksa izin usahanya dan keanggotaannya "
                "di asosiasi penjualan langsung seperti APLI. Perusahaan penjualan langsung yang "
                "sah menjual produk; ia tidak menerima titipan uang dengan janji bunga.",
            ),
            (
                "Kalau Anda sudah terlanjur ikut",
                bullets(
                    "Berhenti menyetor, seberapa pun meyakinkannya janji “tinggal sedikit lagi”.",
                    "Simpan semua bukti: transfer, percakapan, tangkapan layar.",
                    "Laporkan ke OJK dan ke polisi; bersama korban lain laporan lebih kuat.",
                    "Jangan mengajak orang lain untuk menutup kerugian Anda.",
                ),
            ),
            quote(
                "Dua bulan pertama uangnya cair. Bulan keempat, grupnya hilang. Saya baru "
                "mencari namanya di daftar OJK setelah semuanya terlambat.",
                "Sari, yang ceritanya ada di Terang",
            ),
            (
                "Di Terang",
                "Kami tidak menerbitkan cerita yang menjanjikan imbal hasil tetap atau penghasilan "
                "yang dijamin. Untuk cerita tentang organisasi, moderator mencatat kapan "
                "organisasi itu dicek terhadap daftar Satgas PASTI.",
            ),
        ),
    ),
    DemoGuide(
        slug="apa-yang-diperiksa-terang",
        translation="what-terang-checks",
        language="id",
        title="Apa yang diperiksa Terang sebelum sebuah cerita terbit",
        summary=(
            "Setiap cerita melewati daftar periksa transparansi yang diisi moderator, butir demi "
            "butir. Inilah isi daftar itu, dan arti label “terverifikasi” dan “ditinjau”."
        ),
        published=date(2025, 1, 27),
        body=body(
            (
                "Mengapa kami memeriksa",
                "Cerita sukses mudah ditulis dan sulit diperiksa. Terang ada agar pembaca bisa "
                "membedakan cerita yang sudah diperiksa dari iklan peluang usaha. Kami tidak "
                "menilai apakah sebuah usaha bagus; kami memeriksa apakah ceritanya jujur.",
            ),
            (
                "Daftar periksa",
                "Sebelum sebuah cerita terbit, moderator harus menyelesaikan setiap butir ini:",
                bullets(
                    "Produk atau jasa yang nyata dijelaskan: apa yang dijual dan kepada siapa.",
                    "Setiap klaim penghasilan tipikal dan didukung bukti, atau dihapus.",
                    "Penghasilan yang diceritakan tidak berasal dari merekrut orang.",
                    "Tidak ada janji imbal hasil tetap atau penghasilan yang dijamin.",
                    "Hubungan material diungkapkan, misalnya bila pencerita adalah distributor "
                    "produk yang ia ceritakan.",
                    "Persetujuan pencerita untuk menerbitkan cerita tersimpan.",
                    "Identitas pencerita, atau wakil organisasinya, sudah dikonfirmasi.",
                ),
            ),
            (
                "Terverifikasi dan ditinjau",
                "Cerita berlabel terverifikasi (verified) lolos semua butir, dan bukti untuk "
                "setiap klaimnya dilihat moderator.",
                "Cerita berlabel ditinjau (reviewed) juga lolos pemeriksaan, tetapi sebagian "
                "bukti tidak dapat diperlihatkan, misalnya karena usahanya menerima pembayaran "
                "tunai. Catatan di laporan transparansinya menyebut bukti mana yang tidak "
                "terlihat, supaya Anda bisa menilai sendiri.",
            ),
            (
                "Yang kami tampilkan, dan yang tidak",
                "Laporan transparansi di setiap cerita menyebut klaimnya, jenis bukti yang "
                "dilihat, dan tanggal pemeriksaan. Dokumen buktinya sendiri, seperti rekening "
                "koran atau laporan komisi, bersifat pribadi: hanya moderator yang dapat "
                "membukanya, dan dokumen itu tidak pernah diterbitkan.",
            ),
            (
                "Pemeriksa tanda bahaya",
                "Saat menulis cerita, anggota melihat kalimat yang perlu diperhatikan, seperti "
                "“pasti untung” atau “bonus sponsor”, dengan tautan ke panduan yang menjelaskan "
                "alasannya. Pemeriksa otomatis itu membantu; keputusan akhir tetap di tangan "
                "moderator.",
            ),
            (
                "Yang bukan tugas kami",
                "Terbit di Terang bukan rekomendasi untuk bergabung dengan usaha mana pun, dan "
                "bukan nasihat keuangan. Cerita menggambarkan hasil seseorang di masa lalu; "
                "hasil Anda bisa berbeda.",
            ),
        ),
    ),
)
