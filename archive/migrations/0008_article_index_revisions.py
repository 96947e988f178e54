from django.db import migrations, models

import archive.models


def acknowledge_existing(apps, schema_editor):
    """Articles indexed before revisions existed: the first `build_index --if-needed` rebuilds
    the index anyway (its schema gained the revision), which acknowledges each of them."""
    Article = apps.get_model("archive", "Article")
    Article.objects.update(indexed_revision=models.F("revision"))


class Migration(migrations.Migration):

    dependencies = [
        ('archive', '0007_withdrawn_articles_and_page_versions'),
    ]

    operations = [
        migrations.AddField(
            model_name='article',
            name='indexed_revision',
            field=models.CharField(blank=True, default='', editable=False, max_length=16),
        ),
        migrations.AddField(
            model_name='article',
            name='revision',
            field=models.CharField(default=archive.models.new_revision, editable=False, max_length=16),
        ),
        migrations.RunPython(acknowledge_existing, migrations.RunPython.noop),
    ]
