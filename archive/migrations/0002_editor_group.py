"""The 编辑 (editor) group: can upload and correct; deleting editions stays with superusers."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_PERMISSIONS = [
    "add_edition", "change_edition", "view_edition",
    "view_page", "change_page",
    "view_article", "change_article",
    "add_mention", "change_mention", "delete_mention", "view_mention",
    "add_person", "change_person", "view_person",
    "add_alias", "change_alias", "delete_alias", "view_alias",
    "view_publication",
]


def create_editor_group(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="编辑")
    group.permissions.set(Permission.objects.filter(content_type__app_label="archive", codename__in=EDITOR_PERMISSIONS))


class Migration(migrations.Migration):
    dependencies = [("archive", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length"), ("contenttypes", "0002_remove_content_type_name")]
    operations = [migrations.RunPython(create_editor_group, migrations.RunPython.noop)]
