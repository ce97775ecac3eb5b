"""
Text saved before the archive normalised it: a browser's textarea posts `\r\n`, so every article
saved in the admin lost its paragraphs on the public page, and quotes, notes and descriptions
kept `\r\n` too. This repairs them: `\n` line ends and Unicode NFC in every field editors type
(archive.fields), never in an original (`raw_text` stays as received).

It also adds `Article.text_sha256`, the checksum of the normalised original that finds a text
already in the archive whatever its line ends, and fills it for the articles there.

Reversing it changes nothing back: the `\r` it removed carried no information.
"""

import hashlib
import unicodedata

from django.db import migrations, models

# The curated text fields as they are at this migration (see archive.fields).
NORMALISED_FIELDS = {
    "article": [
        "title",
        "dateline",
        "attribution",
        "body",
        "source_tags",
        "editorial_note",
        "date_note",
    ],
    "authorship": ["byline"],
    "correction": ["changed", "reason"],
    "event": ["title", "description", "date_note"],
    "eventreport": ["quote"],
    "indicator": ["name", "description"],
    "organisation": ["name", "acronym", "description"],
    "organisationalias": ["name", "note"],
    "person": ["name", "sort_name", "description"],
    "personalias": ["name", "note"],
    "place": ["name", "description"],
    "placealias": ["name", "note"],
    "role": ["title", "quote", "date_note"],
    "statistic": ["unit", "quote", "rank_reason"],
    "statuschange": ["note"],
    "topic": ["name", "description"],
}
# Lists of words copied from an article's body, which must still match it.
SURFACE_FORM_MODELS = ["personmention", "organisationmention", "placemention", "suggestion"]


def normalise_text(text):
    # A copy of archive.text.normalise_text as it is now: migrations do not follow later code.
    if not isinstance(text, str):
        return text
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


def text_digest(original):
    text = normalise_text(original.lstrip("\ufeff")).strip()
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _repair(model, fields):
    """Update the rows whose fields are not normalised; bulk updates, so no signal and no save."""
    for row in model.objects.values("pk", *fields).iterator(chunk_size=2000):
        changed = {}
        for field in fields:
            value = row[field]
            if isinstance(value, list):
                fixed = [normalise_text(item) for item in value]
            else:
                fixed = normalise_text(value)
            if fixed != value:
                changed[field] = fixed
        if changed:
            model.objects.filter(pk=row["pk"]).update(**changed)


def normalise_saved_text(apps, schema_editor):
    for model_name, fields in NORMALISED_FIELDS.items():
        _repair(apps.get_model("archive", model_name), fields)
    for model_name in SURFACE_FORM_MODELS:
        _repair(apps.get_model("archive", model_name), ["surface_forms"])
    article_model = apps.get_model("archive", "Article")
    originals = article_model.objects.filter(text_sha256="").exclude(raw_text="")
    for pk, raw_text in originals.values_list("pk", "raw_text").iterator(chunk_size=2000):
        article_model.objects.filter(pk=pk).update(text_sha256=text_digest(raw_text))


class Migration(migrations.Migration):
    dependencies = [("archive", "0011_group_permissions")]

    operations = [
        migrations.AddField(
            model_name="article",
            name="text_sha256",
            field=models.CharField(
                blank=True,
                db_index=True,
                editable=False,
                serialize=False,
                help_text=(
                    "Of the original with uniform line ends and Unicode form, kept in step on "
                    "save: finds the same text again, pasted or uploaded, from Windows or a Mac."
                ),
                max_length=64,
                verbose_name="SHA-256 of the normalised original",
            ),
        ),
        migrations.RunPython(normalise_saved_text, migrations.RunPython.noop),
    ]
