"""The home page's own words. The site's default language is Indonesian, so they are in Indonesian."""

INTRO = (
    "Kisah sukses dari usaha kecil dan bisnis jaringan di Indonesia, masing-masing diperiksa "
    "sebelum terbit: produk yang nyata, penghasilan tipikal yang didukung bukti, tanpa janji "
    "imbal hasil tetap, tanpa penghasilan dari merekrut."
)

# ``{learn_page_id}`` is filled in with the guide index page, as a Wagtail page link.
MISSION = (
    "<p>Kata <b>bisnis jaringan</b> membawa stigma, karena skema piramida dan investasi "
    "ilegal memakai kata-kata yang sama dengan usaha yang jujur. Terang ingin memisahkan "
    "keduanya dengan cara yang paling sederhana: membuka angka.</p>"
    "<p>Setiap cerita di sini diperiksa moderator butir demi butir, dan setiap cerita "
    "menyertakan laporan transparansi: klaim apa yang dibuat, bukti apa yang dilihat, dan apa "
    "yang tidak berhasil. Kami percaya cerita yang jujur, termasuk tentang kegagalan, lebih "
    "berguna daripada janji. "
    '<a linktype="page" id="{learn_page_id}">Pelajari apa yang kami periksa</a>.</p>'
)
