"""Demo stories in English. People, places and figures are invented for the demo."""

from datetime import date

from stories.choices import ClaimKind, SubjectKind

from .records import Claim, DemoStory, body, bullets, figure, quote

STORIES = (
    DemoStory(
        key="jane-fitness-community-bandung",
        language="en",
        title="Jane and the fitness community that grew out of Saturday mornings",
        subject_name="Jane",
        place="Bandung",
        industries=("health-wellness",),
        summary=(
            "A fitness coach in Bandung built her client base not with advertising but with "
            "regular sessions open to anyone. Three years on, her community looks after its "
            "members, and her income is steadier."
        ),
        product_or_service="Small-group fitness classes and nutrition coaching",
        product_description=(
            "Functional training classes for up to 12 people, three times a week; an 8-week "
            "nutrition coaching package; and a BPOM-registered protein drink that Jane sells "
            "as an independent distributor of a direct-selling company."
        ),
        claims=(
            Claim(
                ClaimKind.INCOME,
                "Net income from classes and coaching averaged Rp 7.8 million a month over "
                "the 12 months to September 2026, after studio rent and equipment.",
                "Twelve months of bank statements (October 2025 to September 2026) and the studio's "
                "cash book, seen by the moderator.",
            ),
            Claim(
                ClaimKind.INCOME,
                "Commission on the protein drink averaged Rp 900,000 a month. The company's own "
                "2025 income disclosure says half of its active distributors earned less than "
                "Rp 250,000 a month.",
                "Twelve monthly commission statements and the company's published distributor "
                "income disclosure.",
            ),
            Claim(
                ClaimKind.TIME,
                "About 30 working hours a week, including class preparation and paperwork.",
                "Class timetable and work calendar for the last three months.",
            ),
        ),
        body=body(
            (
                "Background",
                "Jane had been a certified fitness coach for six years when she left the gym "
                "that employed her. She was paid per session, someone else set her hours, and "
                "the clients she had looked after for years were not her own.",
                "In early 2023 she started on her own with almost nothing: the park in her "
                "housing estate, six borrowed mats and a WhatsApp group of twenty former "
                "clients willing to give it a try.",
            ),
            (
                "The challenge",
                "A freelance coach lives on clients who come and go. In the fasting month and "
                "the rainy season, half her classes could be empty. In her first three months "
                "she earned less than Rp 2 million a month.",
                "Trust was the other problem. Because Jane also sold a protein drink for a "
                "direct-selling company, some people assumed the free class in the park was "
                "just a way to pull them into “the business”. That stigma kept people away.",
            ),
            (
                "What she did",
                "Jane made regular meetings the heart of her business. Every Saturday at six in "
                "the morning there was an open class in the park, free of charge, followed by "
                "half an hour of conversation about food and minor injuries. Once a month she "
                "invited colleagues, a physiotherapist and a nutritionist, to share what they "
                "know. Nothing is on sale at those sessions.",
                "She kept classes and selling apart. The price list for the protein drink hangs "
                "in the studio and is pinned in the group; the product comes up only when "
                "someone asks. She has never asked a class member to become a distributor.",
                "Slowly, the meetings became a community. Members give each other lifts, run "
                "their own morning walking groups and recommend Jane's paid classes to their "
                "colleagues.",
            ),
            figure(
                "The open Saturday class where Jane's community began.",
                label="Open Saturday class",
                motif="circles",
            ),
            (
                "Results",
                "Three years later the community group has about 140 people, 45 of whom pay "
                "for a monthly package. Since 2025 Jane has rented a small first-floor studio. "
                "Most new clients come through members' recommendations, not advertising.",
                "Her income is steadier, not spectacular: the averages are in the transparency "
                "report. The protein drink brings in about a tenth of what she earns.",
            ),
            quote(
                "I came because the class was free, and I stayed for the people. Nobody ever "
                "pushed me to buy anything.",
                "Wulan, a class member since 2023",
            ),
            (
                "What did not work",
                "In her first year Jane offered free classes to anyone who signed up as a "
                "distributor. It attracted people who wanted the discount, not the exercise. "
                "Two of them quit with stock they could not sell; Jane helped them return it "
                "through the company's buy-back programme and dropped the offer in 2024.",
                "Online classes failed too: six people joined and the group fell apart after "
                "two months. This community lives on meeting in person. Jane also burned out "
                "teaching seven days a week. She now takes one weekend a month off, and two "
                "members she trained take turns leading the Saturday class.",
            ),
        ),
        material_connection=(
            "Jane is an independent distributor for the direct-selling company that makes the "
            "protein drink in this story, and earns commission on her own sales. She holds no "
            "leadership rank and has no team."
        ),
        published=date(2026, 11, 10),
        reviewed=date(2026, 10, 28),
    ),
    DemoStory(
        key="toraja-coffee-roaster-yohanis",
        language="en",
        title="Yohanis roasts his village's coffee instead of selling the cherries cheap",
        subject_name="Yohanis Rante",
        place="Tana Toraja",
        industries=("food-beverage", "agriculture-fisheries"),
        summary=(
            "A farmer's son in Toraja learned to roast and now sells his neighbours' arabica "
            "straight to cafés and home brewers, paying farmers above the collector's price."
        ),
        product_or_service="Roasted Toraja arabica coffee",
        product_description=(
            "Single-origin arabica from eleven smallholder farms, roasted weekly in a 5 kg "
            "roaster and sold in 250 g bags to cafés and online customers."
        ),
        claims=(
            Claim(
                ClaimKind.INCOME,
                "Net profit averaged Rp 8.5 million a month in 2025, after paying farmers, "
                "packaging and shipping.",
                "Twelve months of bank statements and the purchase book for green beans.",
            ),
            Claim(
                ClaimKind.OTHER,
                "Farmers are paid Rp 12,000 per kilogram of cherries, against about Rp 8,000 "
                "from collectors in 2025.",
                "Signed purchase receipts from the farmers and a collector's price list.",
            ),
        ),
        body=body(
            (
                "Background",
                "Yohanis grew up on a coffee farm outside Rantepao. Like most families there, "
                "his parents sold ripe cherries to a collector for whatever price was offered "
                "that week.",
            ),
            (
                "The challenge",
                "Toraja coffee has a name abroad, but little of that value reaches the farms. "
                "Roasting needs equipment, skill and buyers, and Yohanis had none of the three.",
            ),
            (
                "What he did",
                "He worked for two years in a café in Makassar to learn roasting and saved for "
                "a small second-hand roaster. Back home he agreed a fixed cherry price with ten "
                "neighbouring farms, announced before each harvest.",
                "He sells to eight cafés in Makassar and Jakarta and through a marketplace "
                "shop, with the farm's name printed on every bag.",
            ),
            (
                "Results",
                "He now roasts around 400 kg a month. Eleven farms sell to him, and the price "
                "they receive is about half again what collectors pay.",
            ),
            (
                "What did not work",
                "A subscription box with monthly prepayment lost money: shipping to Java cost "
                "more than planned, and he refunded the remaining months. A batch roasted too "
                "dark in 2024 had to be sold at a loss to a wholesaler.",
            ),
        ),
        material_connection=("Yohanis owns the roastery and buys from the farms in the story."),
        published=date(2025, 3, 11),
        reviewed=date(2025, 3, 5),
    ),
    DemoStory(
        key="seaweed-farmers-nusa-penida",
        language="en",
        title="Seaweed farmers on Nusa Penida sell together and get paid on time",
        subject_kind=SubjectKind.ORGANIZATION,
        subject_name="Kelompok Tani Rumput Laut Segara Asri",
        place="Nusa Penida",
        industries=("agriculture-fisheries",),
        summary=(
            "Twenty-six families farming seaweed on Nusa Penida formed a group that dries, "
            "sorts and sells their harvest to one processor on a written contract."
        ),
        product_or_service="Dried cottonii seaweed for carrageenan processing",
        product_description=(
            "Sun-dried cottonii seaweed, sorted and bagged by the group, sold to a processor "
            "in Surabaya at a price agreed each quarter."
        ),
        claims=(
            Claim(
                ClaimKind.INCOME,
                "An average family earned Rp 2.6 million a month from seaweed in 2025, with "
                "large swings between the dry and wet seasons.",
                "The group's sales ledger and the processor's payment records for 2025.",
            ),
        ),
        body=body(
            (
                "Background",
                "Seaweed farming came back to Nusa Penida when tourism stopped in 2020. "
                "Families who had driven tourists returned to the shallow waters their parents "
                "once farmed.",
            ),
            (
                "The challenge",
                "Each family sold a few sacks at a time to traders who came by boat, paid late "
                "and graded harshly. Wet seaweed fetched little, and nobody had space to dry it.",
            ),
            (
                "What they did",
                "The families formed a farmers' group, built shared drying racks and agreed on "
                "a simple grading standard. One member with a smartphone and a bank account "
                "handles the contract with a processor in Surabaya, and the ledger is read out "
                "at every monthly meeting.",
            ),
            (
                "Results",
                "The processor pays within two weeks of delivery. The group sells about "
                "twelve tonnes of dried seaweed a year.",
            ),
            (
                "What did not work",
                "As tourism returned, several young members went back to tourism jobs, and the "
                "group shrank from 34 families to 26. A disease outbreak in 2024 cut the harvest "
                "by a third, and there was no insurance to cover it.",
            ),
        ),
        material_connection=("Submitted by the group's secretary."),
        published=date(2025, 10, 8),
        reviewed=date(2025, 10, 1),
    ),
    DemoStory(
        key="arif-left-a-trading-robot-scheme",
        language="en",
        title="Arif lost his savings to a “trading robot” and now teaches money basics",
        subject_name="Arif Setiawan",
        place="Depok",
        industries=("financial-services", "education-training"),
        summary=(
            "A promised 10% a month from a trading robot cost Arif Rp 40 million. He now runs "
            "paid money-basics workshops for factory workers, and is careful about every "
            "number he quotes."
        ),
        product_or_service="Personal finance workshops for workers",
        product_description=(
            "Two-hour workshops on budgeting, debt and recognising illegal investments, sold "
            "to companies and unions for their staff; Rp 2.5 million per session."
        ),
        claims=(
            Claim(
                ClaimKind.INCOME,
                "Workshop income averaged Rp 5 million a month in 2025, alongside his salaried "
                "job.",
                "Invoices to eleven clients and bank statements for 2025.",
            ),
            Claim(
                ClaimKind.OTHER,
                "Lost Rp 40 million in an unlicensed “trading robot” scheme in 2022.",
                "Transfer receipts and the scheme's name on the regulator's list of illegal "
                "investments.",
            ),
        ),
        body=body(
            (
                "Background",
                "In 2021 Arif, a quality inspector at an electronics plant, was shown a "
                "“trading robot” that promised 10% profit every month. The screenshots looked "
                "real; colleagues were already getting paid.",
            ),
            (
                "The challenge",
                "He put in Rp 40 million, most of his savings. For five months the dashboard "
                "showed growing profits and he received small withdrawals. Then withdrawals "
                "stopped, the website vanished, and the scheme's name appeared on the "
                "regulator's list of illegal investments.",
            ),
            (
                "What he did",
                "Arif spent a year reading everything he could about how these schemes work. "
                "He took a financial planning course and started a workshop for his own shift, "
                "on their lunch break, about budgeting, debt and the warning signs he had "
                "missed:",
                bullets(
                    "A fixed return, promised every month, whatever the market does.",
                    "Bonuses for bringing in new depositors.",
                    "No licence from the financial regulator, and no real product you can see.",
                    "Early withdrawals paid on time to build trust.",
                ),
            ),
            (
                "Results",
                "The HR department paid him to run it for other shifts, and word spread to "
                "other factories and two unions. He has run about 60 workshops so far.",
            ),
            (
                "What did not work",
                "He tried selling an online course with a “money back guarantee”, but hardly "
                "anyone finished it, and he felt the format copied the schemes he warns about. "
                "He closed it and refunded everyone. He has recovered none of the Rp 40 million.",
            ),
        ),
        material_connection=(
            "None. Arif's only connection to the scheme he describes is as one of its victims."
        ),
        published=date(2026, 2, 3),
        reviewed=date(2026, 1, 27),
    ),
    DemoStory(
        key="nadia-modest-fashion-online",
        language="en",
        title="Nadia built a modest-fashion label online without a reseller pyramid",
        subject_name="Nadia Rahmawati",
        place="Bandung",
        industries=("fashion-textiles", "retail-ecommerce"),
        summary=(
            "Nadia designs everyday hijabs and tunics, has them sewn by a local workshop and "
            "sells online. Her dropshippers earn a fixed margin per sale and never buy stock."
        ),
        product_or_service="Hijabs and tunics sold online",
        product_description=(
            "Cotton and voile hijabs and loose tunics, designed by Nadia, made in small runs "
            "by a tailoring workshop in Soreang."
        ),
        claims=(
            Claim(
                ClaimKind.INCOME,
                "Average monthly sales of Rp 48 million in 2025, with a net profit of about "
                "Rp 7 million after production, fees and two staff.",
                "Marketplace sales reports, the workshop's invoices and bank statements for "
                "12 months.",
            ),
            Claim(
                ClaimKind.INCOME,
                "Her 35 dropshippers earned a median of Rp 300,000 a month in 2025.",
                "Dropshipper payout records for 2025.",
            ),
        ),
        body=body(
            (
                "Background",
                "Nadia started selling her own hijab designs from her bedroom in 2020, sewn by "
                "her aunt. By 2022 demand outgrew the aunt's sewing machine.",
            ),
            (
                "What she did",
                "She moved production to a workshop in Soreang that pays its tailors a monthly "
                "wage, and kept the runs small so she never sits on much stock. Other women who "
                "wanted to sell her designs became dropshippers: they sell at the listed price, "
                "Nadia ships, and they keep a fixed margin. No joining fee, no stock, no levels.",
            ),
            (
                "Results",
                "The label sells around 1,200 pieces a month. Most dropshippers earn pocket "
                "money; a handful with large followings earn more.",
            ),
            quote(
                "I tell every new dropshipper the median. If they still want to join, at least "
                "they know what to expect.",
                "Nadia Rahmawati",
            ),
            (
                "What did not work",
                "A collaboration with an influencer brought one huge week of orders and a wave "
                "of returns. Paid ads on one platform cost more than they earned for six months "
                "before she stopped them.",
            ),
        ),
        material_connection=("Nadia owns the label in the story."),
        published=date(2025, 5, 27),
        reviewed=date(2025, 5, 21),
    ),
    DemoStory(
        key="jamu-mbok-sri-producer",
        language="en",
        title="From market stall to bottled jamu: Sri's herbal drinks",
        subject_name="Sri Wahyuni",
        place="Sukoharjo",
        industries=("health-wellness", "food-beverage"),
        summary=(
            "Sri sold fresh jamu from a basket for twenty years before bottling it. The "
            "business is real; one new product still lacks the registration it needs."
        ),
        product_or_service="Bottled traditional herbal drinks (jamu)",
        product_description=(
            "Turmeric-tamarind and ginger drinks made fresh daily, sold in 250 ml bottles to "
            "shops and cafés around Solo. Home-industry (PIRT) food permit."
        ),
        claims=(
            Claim(
                ClaimKind.INCOME,
                "Net profit of about Rp 4 million a month in 2025.",
                "Sales notebook and supplier receipts for six months.",
            ),
            Claim(
                ClaimKind.PRODUCT,
                "The drinks are made without preservatives and keep for five days refrigerated.",
                "PIRT certificate; no laboratory shelf-life test yet.",
            ),
        ),
        body=body(
            (
                "Background",
                "For twenty years Sri carried jamu in a basket on her back through the "
                "neighbourhoods of Sukoharjo, as her mother did. Customers were loyal, but the "
                "work was hard on her body and the income depended on her legs.",
            ),
            (
                "What she did",
                "In 2022 her son helped her bottle the two best-selling recipes and get a home-"
                "industry permit. They sell to fourteen shops and cafés and deliver twice a "
                "week.",
            ),
            (
                "Results",
                "Sri no longer walks her round. Two neighbours are paid to prepare herbs every "
                "morning.",
            ),
            (
                "What did not work",
                "A “slimming” blend they started selling in 2025 made health claims that a home-"
                "industry permit does not allow. After the review they removed the claims from "
                "the label, and the product is on hold until it is registered properly.",
            ),
        ),
        not_seen=("income_claims",),
        report_note=(
            "Sales and the home-industry permit were checked. No bank statements exist (sales "
            "are in cash), and there is no laboratory test for the five-day shelf-life claim. "
            "The slimming product was taken off sale during the review."
        ),
        material_connection=("Sri owns the business in the story."),
        published=date(2026, 6, 10),
        reviewed=date(2026, 6, 3),
    ),
    DemoStory(
        key="rotan-cirebon-lestari-workshop",
        language="en",
        title="Rotan Cirebon Lestari: a rattan workshop that shows buyers its books",
        subject_kind=SubjectKind.ORGANIZATION,
        subject_name="Rotan Cirebon Lestari",
        organization="Rotan Cirebon Lestari",
        place="Cirebon",
        industries=("crafts-creative", "home-living"),
        summary=(
            "An 18-person rattan workshop in Cirebon won two European importers by being open "
            "about wages, wood sources and delivery times, after losing its biggest buyer."
        ),
        product_or_service="Handwoven rattan furniture",
        product_description=(
            "Chairs, lamps and side tables woven from natural rattan from Central Kalimantan, "
            "made to order for hotels, interior studios and two Dutch importers."
        ),
        claims=(
            Claim(
                ClaimKind.INCOME,
                "Revenue of Rp 2.1 billion in 2025; weavers earn a monthly wage of "
                "Rp 3.2 million, above the regency minimum wage.",
                "Audited 2025 accounts and the payroll for three months.",
            ),
            Claim(
                ClaimKind.PRODUCT,
                "Rattan comes from two registered suppliers with legality certificates.",
                "Timber legality (SVLK) documents from both suppliers.",
            ),
        ),
        body=body(
            (
                "Background",
                "Plered in Cirebon has woven rattan for generations. Rotan Cirebon Lestari was "
                "founded in 2011 by a weaver, Pak Darsono, and his daughter, who handles sales.",
            ),
            (
                "The challenge",
                "In 2019 their largest buyer, a trading company, moved its orders to a cheaper "
                "workshop overnight. Half the weavers had no work for four months.",
            ),
            (
                "What they did",
                "They decided never to depend on one buyer again and to sell directly. They "
                "documented everything buyers ask about: where the rattan comes from, what the "
                "weavers earn, how long each piece takes. That openness won them two importers "
                "in the Netherlands in 2022.",
            ),
            figure(
                "Weaving a lamp shade at the Plered workshop.",
                label="Plered workshop",
                motif="dots",
            ),
            (
                "Results",
                "No buyer now accounts for more than a quarter of sales, and all eighteen "
                "weavers are on monthly wages rather than piece rates.",
            ),
            (
                "What did not work",
                "Their own online shop for retail customers never covered the cost of "
                "packaging and shipping furniture, and they closed it in 2024.",
            ),
        ),
        material_connection=("Submitted by the workshop's sales director, the founder's daughter."),
        published=date(2025, 5, 20),
        reviewed=date(2025, 5, 14),
    ),
    DemoStory(
        key="maya-stopped-recruiting",
        language="en",
        title="Maya stopped recruiting, and her income fell before it settled",
        subject_name="Maya Kusuma",
        place="Denpasar",
        industries=("beauty-personal-care",),
        summary=(
            "Maya was a rising “leader” in a beauty direct-selling team until she noticed that "
            "most of her income came from people she had signed up, not from customers. This "
            "is the story of what changed when she quit recruiting."
        ),
        product_or_service="Skincare and cosmetics sold to her own customers",
        product_description=(
            "BPOM-registered skincare and make-up from a direct-selling company that belongs "
            "to the national direct-selling association, sold to about 90 regular customers."
        ),
        claims=(
            Claim(
                ClaimKind.INCOME,
                "In 2022 her earnings were Rp 9 million a month, about 70% from team bonuses. "
                "In 2025 they averaged Rp 3.3 million, almost all from her own retail sales.",
                "Commission statements for 2022 and 2025, split by bonus type.",
            ),
            Claim(
                ClaimKind.INCOME,
                "The company's 2025 disclosure: the median active seller earned Rp 450,000 a "
                "month.",
                "The company's published income disclosure.",
            ),
            Claim(ClaimKind.TIME, "Around 20 hours a week."),
        ),
        body=body(
            (
                "Background",
                "Maya joined a beauty direct-selling company in 2019 because she liked the "
                "products. Within three years she led a team of 120 and was invited to stand "
                "on stage at regional events.",
            ),
            (
                "The challenge",
                "In 2022 she looked properly at her commission statement. Seven of every ten "
                "rupiah came from bonuses on her team's purchases, and much of that was stock "
                "new members bought to qualify for a rank. Several had garages full of product.",
            ),
            (
                "What did not work",
                "The story Maya tells most often is about what went wrong before and after she "
                "changed course.",
                "Before: she had encouraged new members to buy the largest starter set “to "
                "show commitment”. One of them, a single mother, used a loan to do it. Maya "
                "now says that was the moment she could no longer tell herself it was fine.",
                "After: when she stopped pushing stock and asked her team to sell only what "
                "customers had ordered, team volume collapsed and her income fell by almost "
                "two thirds within six months. Her upline leader accused her of “killing the "
                "team's dreams” and several members moved to another leader who promised "
                "faster ranks.",
                "She also tried to run “honest recruiting” workshops, telling prospects the "
                "median income up front. Almost nobody joined, and the workshops cost her "
                "venue fees for a year.",
                "And she underestimated how long rebuilding a customer base would take. It "
                "took her eighteen months to reach 90 regular customers, most of whom she "
                "found at a weekly stall in a Sanur market.",
            ),
            (
                "What she does now",
                "Maya sells to customers she knows by name and keeps a record of what suits "
                "each one. She buys stock only after an order, tells anyone who asks about "
                "joining what the median seller earns, and helped four former team members "
                "return unopened stock under the company's buy-back policy.",
            ),
            (
                "Results",
                "Her income is a third of what it was at its peak, and it is stable. She works "
                "fewer hours and no longer spends weekends at recruitment events.",
            ),
            quote(
                "The stage and the titles felt like success. Now I have less money and more "
                "sleep, and my customers actually use what they buy.",
                "Maya Kusuma",
            ),
        ),
        material_connection=(
            "Maya is an independent seller for the beauty company in this story and earns "
            "commission on her own sales. She no longer receives team bonuses."
        ),
        published=date(2026, 8, 12),
        reviewed=date(2026, 8, 5),
    ),
    DemoStory(
        key="jogja-tour-guides-cooperative",
        language="en",
        title="Yogyakarta's guides share bookings through their own cooperative",
        subject_kind=SubjectKind.ORGANIZATION,
        subject_name="Koperasi Pemandu Wisata Jogja",
        organization="Koperasi Pemandu Wisata Jogja",
        place="Yogyakarta",
        industries=("travel-hospitality", "education-training"),
        summary=(
            "Forty licensed guides pooled bookings, training and a common price list. Their "
            "fees are published; parts of their finances could not be checked."
        ),
        product_or_service="Licensed guided tours of Yogyakarta and its temples",
        product_description=(
            "Half-day and full-day tours of the Kraton, Borobudur and Prambanan in seven "
            "languages, booked through the cooperative at fixed, published prices."
        ),
        claims=(
            Claim(
                ClaimKind.INCOME,
                "A full-time guide earned about Rp 5.5 million a month in the 2025 high season "
                "and about Rp 2 million in the low season.",
                "Booking records for six months.",
            ),
            Claim(
                ClaimKind.OTHER,
                "All members hold a current regional guide licence.",
                "Licence list checked against the provincial tourism office register.",
            ),
        ),
        body=body(
            (
                "Background",
                "Freelance guides in Yogyakarta compete for the same visitors at the same "
                "gates, and travel agents often take half the fee.",
            ),
            (
                "What they did",
                "In 2023 forty licensed guides formed a cooperative with one booking line, one "
                "website and one price list. Bookings are shared in turn, and members train "
                "each other in languages and history every month.",
            ),
            (
                "Results",
                "Guides keep about 85% of each fee. The cooperative has regular contracts with "
                "four hotels.",
            ),
            (
                "What did not work",
                "The turn system caused disputes when some guides refused early-morning tours. "
                "A loyalty scheme paying guides for bringing in new members was dropped after a "
                "few months: it attracted unlicensed guides and broke the cooperative's own rules.",
            ),
        ),
        not_seen=("income_claims",),
        report_note=(
            "Booking records and guide licences were checked. The cooperative's annual accounts "
            "for 2025 were not yet approved by its members' meeting and could not be seen."
        ),
        material_connection=("Submitted by the cooperative's chair."),
        published=date(2025, 12, 9),
        reviewed=date(2025, 12, 2),
    ),
    DemoStory(
        key="kasir-kita-point-of-sale-for-warung",
        language="en",
        title="Kasir Kita: a point-of-sale app priced for neighbourhood shops",
        subject_kind=SubjectKind.ORGANIZATION,
        subject_name="Kasir Kita",
        organization="Kasir Kita",
        place="Malang",
        industries=("technology", "retail-ecommerce"),
        summary=(
            "Four developers built a simple till app for warung owners and charge a small "
            "monthly fee. Growth has been slow and steady, and they say so."
        ),
        product_or_service="Point-of-sale and stock app for small shops",
        product_description=(
            "An Android app for recording sales, stock and customer credit, working offline; "
            "Rp 49,000 a month per shop, with a free 30-day trial."
        ),
        claims=(
            Claim(
                ClaimKind.OTHER,
                "About 1,900 paying shops at the end of 2025.",
                "Subscription billing records for December 2025.",
            ),
            Claim(
                ClaimKind.INCOME,
                "The four founders each took a salary of Rp 7 million a month in 2025; the "
                "company broke even in the second half of the year.",
                "Management accounts and payroll for 2025.",
            ),
        ),
        body=body(
            (
                "Background",
                "The founders met at university in Malang. One grew up behind the counter of "
                "her parents' warung, where stock was counted in a school exercise book.",
            ),
            (
                "What they did",
                "They spent a year sitting in shops watching how owners actually work, and "
                "built an app that does a few things well and works without a signal. They "
                "refused an offer to grow through a “partner” scheme that would have paid "
                "commissions for recruiting sub-partners, and hired two salaried field staff "
                "instead.",
            ),
            (
                "Results",
                "Around 1,900 shops pay every month, most in East Java. Churn is about 4% a month.",
            ),
            (
                "What did not work",
                "A version with a built-in digital wallet took six months to build and was "
                "withdrawn: the licensing it needed was beyond a four-person company. Free "
                "plans brought thousands of sign-ups and almost no paying customers.",
            ),
        ),
        material_connection=("Submitted by one of the four founders."),
        published=date(2025, 9, 16),
        reviewed=date(2025, 9, 10),
    ),
    DemoStory(
        key="budi-maths-tutoring-network",
        language="en",
        title="Budi's maths tutors are employees, not a downline",
        subject_name="Budi Santoso",
        place="Surabaya",
        industries=("education-training",),
        summary=(
            "A former teacher built a network of 22 maths tutors in Surabaya. He pays them by "
            "the hour, publishes what they earn, and turned down a franchise offer that smelled "
            "of a scheme."
        ),
        product_or_service="Home maths tutoring for secondary school students",
        product_description=(
            "One-to-one and small-group maths tutoring at students' homes, Rp 120,000 per "
            "90-minute session; tutors are university students and former teachers."
        ),
        claims=(
            Claim(
                ClaimKind.INCOME,
                "Tutors are paid Rp 75,000 per session; a tutor with ten sessions a week earns "
                "about Rp 3 million a month.",
                "Tutor payslips for three months.",
            ),
            Claim(
                ClaimKind.INCOME,
                "Budi's own income averaged Rp 9 million a month in 2025.",
                "Bank statements for 12 months.",
            ),
        ),
        body=body(
            (
                "Background",
                "Budi taught maths at a private school for ten years before he started tutoring "
                "full time in 2021.",
            ),
            (
                "What he did",
                "When demand outgrew his evenings, he hired tutors instead of taking on "
                "“partners”. Each tutor is trained for a month, paid per session, and gets "
                "feedback from parents. Nobody pays to join and nobody earns from signing "
                "others up.",
            ),
            (
                "Results",
                "Twenty-two tutors now teach around 180 students. Two tutors have gone on to "
                "teach at schools.",
            ),
            (
                "What did not work",
                "A franchise company offered to “scale” his brand: franchisees would pay "
                "Rp 25 million each and earn from selling franchises to others. He declined. "
                "An online group class he launched instead had too few students to continue.",
            ),
        ),
        material_connection=("Budi owns the tutoring business in the story."),
        published=date(2026, 10, 20),
        reviewed=date(2026, 10, 14),
    ),
    DemoStory(
        key="makassar-cold-chain-delivery",
        language="en",
        title="A small cold-chain delivery firm keeps Makassar's frozen food frozen",
        subject_name="Andi Baso",
        place="Makassar",
        industries=("logistics-transport", "food-beverage"),
        summary=(
            "Andi started with one refrigerated van delivering frozen fish and food to shops. "
            "Three vans later, the business is profitable but fragile."
        ),
        product_or_service="Refrigerated delivery for food businesses",
        product_description=(
            "Scheduled deliveries at -18 °C for frozen-food makers, fish traders and cafés in "
            "Makassar and Maros, with temperature logs for every trip."
        ),
        claims=(
            Claim(
                ClaimKind.INCOME,
                "Net profit averaged Rp 11 million a month in 2025 before loan repayments of "
                "Rp 6 million.",
                "Bank statements, loan schedule and delivery invoices for 12 months.",
            ),
        ),
        body=body(
            (
                "Background",
                "Andi delivered for a frozen-food distributor until it closed in 2021. Its "
                "customers still needed deliveries, and he knew all of them.",
            ),
            (
                "What he did",
                "He bought a used refrigerated van with a bank loan and offered scheduled "
                "routes with a temperature record for every delivery, something his "
                "customers' own buyers had started to ask for.",
            ),
            (
                "Results",
                "He now runs three vans with four drivers on salary and serves about 40 "
                "businesses.",
            ),
            (
                "What did not work",
                "A cooling unit failed in 2024 and he had to pay for a spoiled load of fish. "
                "He now carries insurance, which costs more than he expected. A plan to expand "
                "to Parepare was shelved because the route could not fill a van.",
            ),
        ),
        material_connection=("Andi owns the delivery business in the story."),
        published=date(2026, 4, 28),
        reviewed=date(2026, 4, 21),
    ),
    DemoStory(
        key="wulan-bookkeeper-for-cooperatives",
        language="en",
        title="Wulan keeps the books for village cooperatives, and said no to one",
        subject_name="Wulan Sari",
        place="Klaten",
        industries=("professional-services", "financial-services"),
        summary=(
            "A bookkeeper in Klaten serves nine village cooperatives. She walked away from a "
            "client whose “savings programme” promised members a fixed monthly return."
        ),
        product_or_service="Bookkeeping and annual reports for cooperatives",
        product_description=(
            "Monthly bookkeeping, annual reports for members' meetings and basic training for "
            "cooperative treasurers; Rp 750,000 a month per cooperative."
        ),
        claims=(
            Claim(
                ClaimKind.INCOME,
                "Income of about Rp 6.7 million a month in 2024 from nine cooperatives.",
                "Service contracts with the cooperatives.",
            ),
        ),
        body=body(
            (
                "Background",
                "Wulan studied accounting and returned to her village in Klaten, where most "
                "cooperatives kept their books by hand and struggled to produce an annual "
                "report on time.",
            ),
            (
                "What she did",
                "She offered a fixed monthly fee and trained each cooperative's treasurer to "
                "record daily transactions on a simple spreadsheet she designed.",
            ),
            (
                "Results",
                "Nine cooperatives now hold their members' meetings on time with a full report.",
            ),
            (
                "What did not work",
                "In 2024 a savings cooperative asked her to present a programme promising "
                "members 2% a month on deposits, funded by new deposits. She refused, reported "
                "her concern to the district cooperative office, and lost the client. Her own "
                "attempt at an online bookkeeping course did not find buyers.",
            ),
        ),
        not_seen=("income_claims",),
        report_note=(
            "Service contracts were seen. Bank statements were not provided, so the income "
            "claim rests on the contracts alone."
        ),
        material_connection=("Wulan owns the bookkeeping practice in the story."),
        published=date(2025, 1, 21),
        reviewed=date(2025, 1, 14),
    ),
)
