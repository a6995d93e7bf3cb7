"""The curated industry list of docs/contracts.md section 4. These slugs never change."""

CURATED_INDUSTRIES = [
    ("health-wellness", "Health & wellness", "Kesehatan & kebugaran"),
    ("beauty-personal-care", "Beauty & personal care", "Kecantikan & perawatan diri"),
    ("food-beverage", "Food & beverage", "Makanan & minuman"),
    ("agriculture-fisheries", "Agriculture & fisheries", "Pertanian & perikanan"),
    ("fashion-textiles", "Fashion & textiles", "Fesyen & tekstil"),
    ("home-living", "Home & living", "Rumah & peralatan rumah tangga"),
    ("education-training", "Education & training", "Pendidikan & pelatihan"),
    ("financial-services", "Financial services & insurance", "Jasa keuangan & asuransi"),
    ("technology", "Technology & digital services", "Teknologi & layanan digital"),
    ("travel-hospitality", "Travel & hospitality", "Pariwisata & perhotelan"),
    ("crafts-creative", "Crafts & creative industries", "Kerajinan & industri kreatif"),
    ("retail-ecommerce", "Retail & e-commerce", "Ritel & e-commerce"),
    ("logistics-transport", "Logistics & transport", "Logistik & transportasi"),
    ("professional-services", "Professional services", "Jasa profesional"),
]
