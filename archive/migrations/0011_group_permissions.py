# Placeholder: the groups' complete permissions are written here (issue: the editorial loop).
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("archive", "0010_corrections_and_generic_aliases")]

    operations = []
