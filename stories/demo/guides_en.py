"""Guides in English. Their slugs are linked from the red-flag scanner: never change them."""

from datetime import date

from .records import DemoGuide, body, bullets, quote

GUIDES = (
    DemoGuide(
        slug="network-business-vs-pyramid-scheme",
        translation="bisnis-jaringan-vs-skema-piramida",
        language="en",
        title="Network business or pyramid scheme? How to tell them apart",
        summary=(
            "Both use the same words: network, partners, bonuses. The difference is where the "
            "money comes from: customers buying a product, or people being recruited."
        ),
        published=date(2025, 1, 6),
        body=body(
            (
                "Why “network business” makes people wary",
                "Many people have been invited to an “opportunity presentation” that talked more "
                "about cars and holidays than about any product. Some lost money in schemes that "
                "collapsed. Coverage of those cases has stuck a stigma on every business that "
                "sells through personal networks, honest ones included.",
                "The stigma is understandable, but not always fair. Selling through personal "
                "connections, by word of mouth or at home demonstrations, is a legitimate way "
                "to trade. What matters is how the money flows.",
            ),
            (
                "Signs of an honest network business",
                bullets(
                    "There is a real product or service bought by end customers, people who "
                    "use it, not only by members trying to reach a rank.",
                    "Income comes from selling: your own sales and, if there are team "
                    "bonuses, your team's sales to customers.",
                    "Joining costs little or nothing, and you do not have to buy a package.",
                    "Unsold stock can be returned for a clear refund.",
                    "The company is open about what members earn, including how many earn nothing.",
                ),
            ),
            (
                "Signs of a pyramid scheme",
                bullets(
                    "Income comes mainly from recruiting: sponsor bonuses, “member get "
                    "member”, a commission for every sign-up.",
                    "There is a joining fee or a starter package you must buy, often called an "
                    "“investment”.",
                    "The product is a cover: overpriced, or bought by members themselves to "
                    "qualify for bonuses.",
                    "Big income is promised quickly, without selling.",
                    "Pressure: “limited places”, “the price goes up tomorrow”, “join before "
                    "it is too late”.",
                ),
                "A scheme like this can only pay while new people keep joining. When recruiting "
                "slows, most participants, usually the latest to join, lose their money.",
            ),
            (
                "Questions worth asking",
                bullets(
                    "Who buys the product, apart from members?",
                    "What did the median active member earn last year? Is that written down?",
                    "What must I pay to join, and what happens to stock I cannot sell?",
                    "Does the company hold a direct-selling business licence, and does it "
                    "belong to a direct-selling association such as APLI?",
                    "If I recruit nobody, can I still earn?",
                ),
                "Association membership and a licence are not guarantees, but their absence is "
                "a reason for care. An evasive answer to any of these questions is also an "
                "answer.",
            ),
            quote(
                "I asked what most partners earn. They showed me a photo of a car. That told me "
                "what I needed to know.",
                "A Terang reader",
            ),
            (
                "On Terang",
                "Every story on this site must describe a product or service that is really "
                "sold, and the income it reports must come from selling, not from recruiting. "
                "Stories that do not meet this are not published.",
            ),
        ),
    ),
    DemoGuide(
        slug="reading-an-income-claim",
        translation="membaca-klaim-penghasilan",
        language="en",
        title="How to read an income claim",
        summary=(
            "“Rp 30 million a month” means nothing without context. Who earned it, what did it "
            "cost, how many hours did it take, and what is the evidence?"
        ),
        published=date(2025, 1, 13),
        body=body(
            (
                "A number without context",
                "The income claim is the most attractive part of a success story, and the "
                "easiest to mislead with. A big number can be true and still deceive, because "
                "only a handful of people reach it, or it happened once, or it is before costs.",
            ),
            (
                "Typical or best case?",
                "Always ask what an ordinary person earns. The honest measure is the median, "
                "the income of the person exactly in the middle, not an average that a few "
                "people at the top can pull up.",
                "Transparent direct-selling companies publish an income disclosure: the median "
                "for active members and the share who earned nothing. If a story reports income "
                "above the median, it should also give the median.",
            ),
            (
                "Sales are not profit",
                "Rp 10 million of sales a month can mean Rp 1 million of profit, or a loss. "
                "Take away the cost of the product, shipping, fuel, phone credit, event costs, "
                "samples and any stock that did not sell.",
            ),
            (
                "Work it out per hour",
                "Income also has to be weighed against the time it takes. For example:",
                bullets(
                    "Commission of Rp 3 million a month.",
                    "Costs: fuel, samples and food for demonstrations, Rp 1.2 million.",
                    "Time: 80 hours a month, including travel and answering messages.",
                    "That leaves Rp 1.8 million for 80 hours, about Rp 22,500 an hour.",
                ),
                "That may well be worth it to you, but you can only judge once you have done "
                "the sum.",
            ),
            (
                "Evidence that means something",
                "Screenshots of an app or photos of cash are easy to make. Stronger evidence is "
                "several months of bank statements, official commission statements from the "
                "company, or a cash book that matches receipts. Evidence for one best month says "
                "nothing about the others.",
            ),
            (
                "On Terang",
                "Every income claim in a story we publish must be typical or come with a "
                "statement of typical income, and must be backed by evidence a moderator has "
                "seen. The transparency report on each story names the kind of evidence, but "
                "never shows the documents. Claims without evidence are removed before "
                "publication.",
            ),
        ),
    ),
    DemoGuide(
        slug="illegal-investments-and-fixed-returns",
        translation="investasi-ilegal-dan-imbal-hasil-tetap",
        language="en",
        title="Illegal investments and promises of fixed returns",
        summary=(
            "10% profit every month, guaranteed, no risk: a promise like that is the main mark "
            "of an illegal investment. Here is how to recognise one and check it."
        ),
        published=date(2025, 1, 20),
        body=body(
            (
                "What an illegal investment is",
                "An illegal investment collects money from the public without a licence, often "
                "with a promise of a high fixed return. It comes in many shapes: investment "
                "“arisan”, deposit schemes, trading robots, crypto, livestock or plantation "
                "“profit sharing”. Many work like a Ponzi scheme: earlier participants are paid "
                "out of newer participants' deposits, until new deposits stop.",
            ),
            (
                "Why a fixed return is a warning sign",
                "Real businesses make profits and losses. No business can guarantee 5% or 10% a "
                "month whatever happens in the market. For comparison, bank deposits usually pay "
                "a few percent a year. A promise far above that, especially with the words "
                "“certain” or “guaranteed”, should make you stop and check.",
            ),
            (
                "Other signs",
                bullets(
                    "Bonuses for bringing in new depositors.",
                    "The first withdrawals are paid promptly, to build trust.",
                    "It is unclear what business actually produces the profit.",
                    "Time pressure: “this month only”, “limited quota”.",
                    "Famous names or places of worship used to reassure people.",
                ),
            ),
            (
                "How to check",
                "Before you transfer any money, search for the company's or app's name on the "
                "list of illegal entities published by Indonesia's Financial Services Authority "
                "(OJK) through its task force Satgas PASTI, formerly known as Satgas Waspada "
                "Investasi. Check too whether the institution is listed as licensed on OJK's "
                "website. Not being on the illegal list does not make it safe: new schemes appear "
                "faster than the list is updated.",
                "For a direct-selling company, check its business licence and its membership of "
                "a direct-selling association such as APLI. A legitimate direct-selling company "
                "sells products; it does not take deposits with a promise of interest.",
            ),
            (
                "If you are already in",
                bullets(
                    "Stop paying in, however convincing the “just a little longer” sounds.",
                    "Keep every piece of evidence: transfers, chats, screenshots.",
                    "Report it to OJK and to the police; a report with other victims is stronger.",
                    "Do not recruit others to cover your losses.",
                ),
            ),
            quote(
                "The first two months paid out. In the fourth month the group vanished. I only "
                "looked the name up on the OJK list when it was far too late.",
                "Sari, whose story is on Terang",
            ),
            (
                "On Terang",
                "We do not publish stories that promise fixed returns or guaranteed income. For "
                "stories about an organisation, the moderator records when it was checked "
                "against the Satgas PASTI list.",
            ),
        ),
    ),
    DemoGuide(
        slug="what-terang-checks",
        translation="apa-yang-diperiksa-terang",
        language="en",
        title="What Terang checks before a story is published",
        summary=(
            "Every story goes through a transparency checklist that a moderator completes item "
            "by item. This is the checklist, and what “verified” and “reviewed” mean."
        ),
        published=date(2025, 1, 27),
        body=body(
            (
                "Why we check",
                "Success stories are easy to write and hard to check. Terang exists so that "
                "readers can tell a checked story from an advertisement for an opportunity. We "
                "do not judge whether a business is good; we check whether its story is honest.",
            ),
            (
                "The checklist",
                "Before a story is published, a moderator must complete every item:",
                bullets(
                    "A real product or service is described: what is sold, and to whom.",
                    "Each income claim is typical and backed by evidence, or it is removed.",
                    "The income described does not come from recruiting people.",
                    "There is no promise of fixed returns or guaranteed income.",
                    "Any material connection is disclosed, for example when the storyteller "
                    "distributes the product the story is about.",
                    "The storyteller's consent to publish is on file.",
                    "The storyteller's identity, or that of the organisation's representative, "
                    "has been confirmed.",
                ),
            ),
            (
                "Verified and reviewed",
                "A story marked verified passed every item, and a moderator saw the evidence "
                "for each of its claims.",
                "A story marked reviewed also passed the review, but some evidence could not be "
                "seen, for example because the business is paid in cash. The note in its "
                "transparency report says which evidence was missing, so you can judge for "
                "yourself.",
            ),
            (
                "What we show, and what we do not",
                "The transparency report on each story lists its claims, the kind of evidence "
                "seen and the date of the review. The evidence itself, such as bank statements "
                "or commission statements, is private: only moderators can open it, and it is "
                "never published.",
            ),
            (
                "The red-flag scanner",
                "While writing a story, members see phrases that need attention, such as "
                "“guaranteed profit” or “sponsor bonus”, each linked to a guide that explains "
                "why. The automatic scanner helps; the final decision is always the moderator's.",
            ),
            (
                "What we do not do",
                "Being published on Terang is not a recommendation to join any business, and "
                "it is not financial advice. A story describes one person's past results; yours "
                "may differ.",
            ),
        ),
    ),
)
