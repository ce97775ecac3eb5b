"""
An organisation's articles as their source are `sourced_articles`, no longer
`published_articles`: elsewhere that name means "the published ones" (a topic's), and a name
should say one thing. Only the reverse accessor changes; the database does not.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('archive', '0012_normalise_saved_text'),
    ]

    operations = [
        migrations.AlterField(
            model_name='article',
            name='source',
            field=models.ForeignKey(blank=True, help_text='Who published the text, e.g. Kazinform. Empty if the text does not say.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='sourced_articles', to='archive.organisation', verbose_name='source (publisher)'),
        ),
    ]
