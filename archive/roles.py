"""
Who may do what in the admin: the archive's two groups and their permissions, written once.

- **Editors** curate everything: add, change and view every record (articles, people, bodies,
  places, events, figures and the links between them), delete the ones the archive lets go
  (records that facts point to are protected), decide suggested links, write and correct the
  public notes of corrections. They send articles to review and back to draft; they do not
  publish or withdraw.
- **Publishers** may do all that editors do, and publish and withdraw articles: a publisher
  needs no other group to work.
- A staff account in neither group can log in and sees nothing: a role is given by a group.
- Superusers may do everything, including managing accounts; no group manages accounts.

Nobody but a superuser may delete a public correction, add a suggestion by hand (they come
from the texts), or edit the status log, the moved addresses and the received files (the
archive writes them; a received file is downloaded by whoever may view its article).

Migration 0011 gives the groups exactly these permissions; it keeps its own copy of the lists,
since a migration must not change when this module does. tests/test_roles.py checks that the
groups in the database match the lists here, and that every permission of the archive is
either given or deliberately withheld, so a new model cannot be forgotten.
"""

from django.utils.translation import gettext_lazy as _

EDITORS = "Editors"
PUBLISHERS = "Publishers"

# Records editors curate in full.
CURATED_MODELS = (
    "topic",
    "place",
    "placealias",
    "person",
    "personalias",
    "organisation",
    "organisationalias",
    "article",
    "authorship",
    "personmention",
    "organisationmention",
    "placemention",
    "role",
    "event",
    "eventparticipant",
    "eventreport",
    "indicator",
    "statistic",
)

EDITOR_PERMISSIONS = frozenset(
    [
        f"{action}_{model}"
        for model in CURATED_MODELS
        for action in ("add", "change", "delete", "view")
    ]
    + [
        # Suggested links come from the texts: decided (changed), or dropped with a record.
        "view_suggestion",
        "change_suggestion",
        "delete_suggestion",
        # A public correction is written and put right, never removed by an editor.
        "view_correction",
        "add_correction",
        "change_correction",
        # Written by the archive itself; read by everyone who curates.
        "view_statuschange",
        "view_movedrecord",
    ]
)
PUBLISH = "publish_article"
PUBLISHER_PERMISSIONS = EDITOR_PERMISSIONS | {PUBLISH}

# The archive's permissions no group has: superusers only.
WITHHELD_PERMISSIONS = frozenset(
    {
        "add_suggestion",
        "delete_correction",
        "add_statuschange",
        "change_statuschange",
        "delete_statuschange",
        "add_movedrecord",
        "change_movedrecord",
        "delete_movedrecord",
        # Received files are written by the importer and never edited; a received file is
        # downloaded by whoever may view its article (ArticleAdmin), not by these.
        "view_receivedfile",
        "add_receivedfile",
        "change_receivedfile",
        "delete_receivedfile",
    }
)

# The data-quality page lists drafts' titles and figures: it needs what reading them needs.
DATA_QUALITY_PERMISSIONS = ("archive.view_article", "archive.view_statistic")

GROUP_PERMISSIONS = {EDITORS: EDITOR_PERMISSIONS, PUBLISHERS: PUBLISHER_PERMISSIONS}

ROLES = [
    {
        "name": EDITORS,
        "description": _("Curate the archive; send articles to review."),
        "may": [
            _("add, change and view every record, and delete those nothing depends on"),
            _("import texts, decide suggested links, merge duplicates"),
            _("send articles to review and back to draft"),
            _("write corrections of published records"),
        ],
        "may_not": [_("publish or withdraw an article")],
    },
    {
        "name": PUBLISHERS,
        "description": _("Everything editors do, and publish."),
        "may": [
            _("everything editors may do"),
            _("publish and withdraw articles, and restore versions that do"),
        ],
        "may_not": [],
    },
    {
        "name": None,
        "description": _("Staff in no group: log in, and see nothing."),
        "may": [],
        "may_not": [_("view or change anything: give them a group")],
    },
]


def describe_roles():
    """For each role: its group's name (None: staff in no group), one line, what it may do."""
    return [dict(role) for role in ROLES]
