import pytest
from django.contrib.auth.models import Group, User


@pytest.fixture
def editor(client):
    """A client logged in as a member of the 编辑 group (upload and correct, no deletes)."""
    user = User.objects.create_user("bianji", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name="编辑"))
    client.force_login(user)
    return client
