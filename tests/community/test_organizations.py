import pytest
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from community.models import Organization, OrganizationMembership, OrganizationRole
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def member():
    return UserFactory()


def _profile(**overrides) -> dict:
    data = {
        "name": "Koperasi Tani Makmur",
        "description": "Kami menjual beras organik langsung ke pelanggan.",
        "website": "https://tani.example",
        "business_licence_number": "NIB 1234567890123",
        "association_membership": "",
    }
    data.update(overrides)
    return data


def _represented(member, role=OrganizationRole.OWNER, **fields) -> Organization:
    organization = OrganizationFactory(**fields)
    OrganizationMembership.objects.create(user=member, organization=organization, role=role)
    return organization


def _verified(member, role=OrganizationRole.OWNER) -> Organization:
    return _represented(
        member,
        role=role,
        name="Koperasi Tani Makmur",
        business_licence_number="NIB 1234567890123",
        verified=True,
        verified_at=timezone.now(),
        regulator_list_note="Checked the OJK list on 1 March.",
    )


def test_create__makes_the_member_owner_and_starts_unverified(client, home, member):
    client.force_login(member)
    response = client.post(
        reverse("community:organization_create"), _profile(verified="on", verified_at="2020-01-01")
    )
    assert response.status_code == 302
    organization = Organization.objects.get(name="Koperasi Tani Makmur")
    assert not organization.verified
    assert organization.verified_at is None
    membership = OrganizationMembership.objects.get(organization=organization)
    assert (membership.user, membership.role) == (member, OrganizationRole.OWNER)
    assert client.get(organization.get_absolute_url()).status_code == 200


def test_create__name_taken_in_another_case__is_refused_and_input_kept(client, home, member):
    OrganizationFactory(name="Koperasi Tani Makmur")
    client.force_login(member)
    response = client.post(
        reverse("community:organization_create"), _profile(name="koperasi tani makmur")
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'class="errorlist' in body
    assert "NIB 1234567890123" in body
    assert Organization.objects.count() == 1


def test_create__too_long_description__is_refused_with_message(client, home, member):
    client.force_login(member)
    response = client.post(
        reverse("community:organization_create"), _profile(description="x" * 4001)
    )
    assert response.status_code == 200
    assert response.context["form"].errors["description"]
    assert not Organization.objects.exists()


def test_create__anonymous__redirects_to_login(client, home):
    response = client.post(reverse("community:organization_create"), _profile())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not Organization.objects.exists()


def test_edit__licence_number_change__resets_verified_and_tells_the_member(client, home, member):
    organization = _verified(member)
    client.force_login(member)
    response = client.post(
        reverse("community:organization_edit", args=[organization.slug]),
        _profile(business_licence_number="NIB 9999999999999"),
        follow=True,
    )
    organization.refresh_from_db()
    assert organization.business_licence_number == "NIB 9999999999999"
    assert not organization.verified
    assert organization.verified_at is None
    assert organization.regulator_list_note == "Checked the OJK list on 1 March."
    assert "no longer shown as verified" in response.content.decode()


def test_edit__name_change_by_representative__resets_verified(client, home, member):
    organization = _verified(member, role=OrganizationRole.REPRESENTATIVE)
    client.force_login(member)
    client.post(
        reverse("community:organization_edit", args=[organization.slug]),
        _profile(name="Koperasi Tani Makmur Jaya"),
    )
    organization.refresh_from_db()
    assert organization.name == "Koperasi Tani Makmur Jaya"
    assert not organization.verified


def test_edit__description_change__keeps_verified(client, home, member):
    organization = _verified(member)
    client.force_login(member)
    client.post(
        reverse("community:organization_edit", args=[organization.slug]),
        _profile(description="Sekarang juga menjual kopi."),
    )
    organization.refresh_from_db()
    assert organization.description == "Sekarang juga menjual kopi."
    assert organization.verified


def test_edit__cannot_set_moderator_fields(client, home, member):
    organization = _represented(member, name="Koperasi Tani Makmur")
    client.force_login(member)
    client.post(
        reverse("community:organization_edit", args=[organization.slug]),
        _profile(verified="on", regulator_list_note="Not on the list, trust me."),
    )
    organization.refresh_from_db()
    assert not organization.verified
    assert organization.regulator_list_note == ""


def test_edit__member_not_acting_for_it__gets_404(client, home, member):
    organization = _verified(UserFactory())
    client.force_login(member)
    url = reverse("community:organization_edit", args=[organization.slug])
    assert client.get(url).status_code == 404
    assert client.post(url, _profile(name="Dibajak")).status_code == 404
    organization.refresh_from_db()
    assert organization.name == "Koperasi Tani Makmur"


def test_membership__is_unique_per_member_and_organisation(member):
    organization = _represented(member)
    with pytest.raises(IntegrityError):
        OrganizationMembership.objects.create(user=member, organization=organization)


def test_represented_by__lists_only_my_organisations(member):
    mine = _represented(member)
    OrganizationFactory()
    assert list(Organization.objects.represented_by(member)) == [mine]
