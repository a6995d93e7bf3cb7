import pytest
from django.urls import reverse

from community.models import OrganizationMembership
from tests.factories import ModeratorFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_moderator__adds_a_representative_to_an_organisation(client, staff_login):
    organization = OrganizationFactory(name="Best Corporation")
    member = UserFactory()
    staff_login(client, ModeratorFactory())
    url = reverse("wagtailsnippets_community_organizationmembership:add")
    response = client.post(
        url, {"organization": organization.pk, "user": member.pk, "role": "representative"}
    )
    assert response.status_code == 302
    assert OrganizationMembership.objects.filter(user=member, organization=organization).exists()


def test_member__cannot_open_the_representatives_admin(client):
    client.force_login(UserFactory())
    url = reverse("wagtailsnippets_community_organizationmembership:list")
    response = client.get(url)
    assert response.status_code == 302
    assert "Best Corporation" not in response.content.decode()
