import pytest
from django.contrib.auth.models import Group
from wagtail.models import GroupPagePermission

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("group", "codenames"),
    [
        ("Editors", {"add_page", "change_page"}),
        ("Moderators", {"add_page", "change_page", "publish_page"}),
    ],
)
def test_cms_groups_exist_with_admin_access_and_page_permissions(group, codenames):
    group = Group.objects.get(name=group)

    assert group.permissions.filter(codename="access_admin").exists()
    granted = set(
        GroupPagePermission.objects.filter(group=group).values_list(
            "permission__codename", flat=True
        )
    )
    assert codenames <= granted


def test_editors_cannot_publish_on_their_own():
    granted = GroupPagePermission.objects.filter(group__name="Editors").values_list(
        "permission__codename", flat=True
    )

    assert "publish_page" not in granted
