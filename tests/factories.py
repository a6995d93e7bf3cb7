import factory
import wagtail_factories
from django.contrib.auth.models import Group

from community.models import Organization, User
from stories.choices import Verification
from stories.models import GuidePage, Industry, StoryIndexPage, StoryPage, TransparencyClaim


class UserFactory(factory.django.DjangoModelFactory):
    username = factory.Sequence(lambda n: f"member{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.com")
    first_name = factory.Faker("first_name")
    password = factory.django.Password("correct-horse-battery")

    class Meta:
        model = User
        skip_postgeneration_save = True


class ModeratorFactory(UserFactory):
    username = factory.Sequence(lambda n: f"moderator{n}")

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create:
            self.groups.add(Group.objects.get(name="Moderators"))


class OrganizationFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Koperasi Maju {n}")

    class Meta:
        model = Organization


class StoryPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Kisah usaha {n}")
    subject_name = "Jane"
    summary = "Dari dapur rumah ke tiga puluh pelanggan tetap."
    language = "id"
    verification = Verification.VERIFIED
    reviewed_at = factory.Faker("date_this_year")
    body = wagtail_factories.StreamFieldFactory({"paragraph": wagtail_factories.CharBlockFactory})
    parent = factory.LazyFunction(lambda: StoryIndexPage.objects.get())

    class Meta:
        model = StoryPage
        skip_postgeneration_save = True

    @factory.post_generation
    def industries(self, create, extracted, **kwargs):
        slugs = extracted or ["health-wellness"]
        self.industries.set(list(Industry.objects.filter(slug__in=slugs)))
        if create:
            self.save()


class TransparencyClaimFactory(factory.django.DjangoModelFactory):
    page = factory.SubFactory(StoryPageFactory)
    kind = "income"
    statement = "Rata-rata Rp 3 juta per bulan selama 2025."
    evidence_note = "Rekening koran 12 bulan"

    class Meta:
        model = TransparencyClaim


class GuidePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Panduan {n}")
    summary = "Cara membaca klaim penghasilan."
    language = "id"
    body = wagtail_factories.StreamFieldFactory({"paragraph": wagtail_factories.CharBlockFactory})

    class Meta:
        model = GuidePage
