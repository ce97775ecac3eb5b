# Placeholder: repairs text saved with Windows line endings (issue: the editorial loop).
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("archive", "0011_group_permissions")]

    operations = []
