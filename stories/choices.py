from django.db import models
from django.utils.translation import gettext_lazy as _


class Language(models.TextChoices):
    INDONESIAN = "id", _("Indonesian")
    ENGLISH = "en", _("English")


class SubjectKind(models.TextChoices):
    PERSON = "person", _("A person")
    ORGANIZATION = "organization", _("An organisation")


class ClaimKind(models.TextChoices):
    INCOME = "income", _("Income")
    PRODUCT = "product", _("Product or service")
    TIME = "time", _("Time")
    OTHER = "other", _("Other")


class Verification(models.TextChoices):
    UNREVIEWED = "", _("Not reviewed yet")
    REVIEWED = "reviewed", _("Reviewed")
    VERIFIED = "verified", _("Verified")
