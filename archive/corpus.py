"""
The curated corpus on disk: which fixture file holds which records.

Loading them all in one call (`loaddata fixtures/*.json`) rebuilds the archive; `dump_corpus`
writes the database back in the same split, with natural keys (slugs) so the files stay
readable and reviewable in a diff.
"""

from django.conf import settings

FIXTURES_DIR = settings.BASE_DIR / "fixtures"

CORPUS_FILES = {
    "01_vocabulary.json": [
        "archive.Topic",
        "archive.Place",
        "archive.PlaceAlias",
        "archive.Indicator",
    ],
    "02_people_and_organisations.json": [
        "archive.Person",
        "archive.PersonAlias",
        "archive.Organisation",
        "archive.OrganisationAlias",
    ],
    "03_articles.json": [
        "archive.Article",
        "archive.Authorship",
        "archive.PersonMention",
        "archive.OrganisationMention",
        "archive.PlaceMention",
    ],
    "04_facts.json": [
        "archive.Role",
        "archive.Event",
        "archive.EventParticipant",
        "archive.EventReport",
        "archive.Statistic",
    ],
    "05_corrections.json": ["archive.Correction"],
}


def corpus_paths():
    return [FIXTURES_DIR / name for name in CORPUS_FILES]
