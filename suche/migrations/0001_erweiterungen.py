"""pg_trgm (typos) and unaccent (the ranking's full-text vectors) on PostgreSQL.

Django's operations do nothing on other databases. Both are "trusted" extensions since
PostgreSQL 13: the owner of the database may create them without superuser rights.
"""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = []

    operations = [TrigramExtension(), UnaccentExtension()]
