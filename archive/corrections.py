"""
Corrections in the open: a change to a public record is said in public (`Correction`).

What counts: a change to a field readers see (an article's title, date, text, dateline,
source, topics; a person's name or description …) or to a part of the record readers see (a
fact drawn from an article, an alias, an event's participant), made while the record is
public. Editors' fields (the editorial note, the status, which has its own log) and records
the public cannot see (drafts, an event no published article reports) are not corrected.

This module is the one place that says so; the admin asks it whether a reason is needed and
has it write the note (`archive/admin/corrections.py`). Paths without a reason field write one
with a standard reason: a link accepted from a suggestion on a published article ("Linked to
…"), a fact deleted from its own delete page, a revert from the history ("An earlier version
was restored", or the reason the editor typed on the revert form). A merge writes none: its
redirect from the merged-away record's address already says so, and the facts it moves say
the same of the same person or body.

A part belongs to one record, the one whose page it is corrected on: a fact drawn from an
article (a role, a figure, an event report, a mention, an author) to the article, an alias to
its person, body or place, a participant to its event.
"""

import unicodedata

from django.db import models
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import (
    CORRECTED_RECORD_FIELDS,
    Article,
    Authorship,
    Correction,
    Event,
    EventParticipant,
    EventReport,
    Indicator,
    Organisation,
    OrganisationAlias,
    OrganisationMention,
    Person,
    PersonAlias,
    PersonMention,
    Place,
    PlaceAlias,
    PlaceMention,
    Role,
    Statistic,
)

_date = gettext_lazy("date")
_source = gettext_lazy("source")

# The fields of each record that readers see, with the words a correction uses for them.
READER_FIELDS = {
    Article: {
        "title": gettext_lazy("title"),
        "title_is_devised": gettext_lazy("title"),
        "slug": gettext_lazy("address"),
        "date_edtf": _date,
        "date_is_inferred": _date,
        "date_note": _date,
        "published_time": _date,
        "body": gettext_lazy("text"),
        "dateline": gettext_lazy("dateline"),
        "dateline_place": gettext_lazy("dateline"),
        "source": _source,
        "relayed_from": _source,
        "attribution": _source,
        "original_url": _source,
        "source_tags": gettext_lazy("source's tags"),
        "language": gettext_lazy("language"),
        "topics": gettext_lazy("topics"),
    },
    Person: {
        "name": gettext_lazy("name"),
        "sort_name": gettext_lazy("sort name"),
        "slug": gettext_lazy("address"),
        "country": gettext_lazy("country"),
        "description": gettext_lazy("description"),
        "wikidata_id": gettext_lazy("Wikidata ID"),
        "viaf_id": gettext_lazy("VIAF ID"),
        "isni": gettext_lazy("ISNI"),
        "orcid": gettext_lazy("ORCID iD"),
    },
    Organisation: {
        "name": gettext_lazy("name"),
        "acronym": gettext_lazy("acronym"),
        "slug": gettext_lazy("address"),
        "kind": gettext_lazy("kind"),
        "country": gettext_lazy("country"),
        "parent": gettext_lazy("part of"),
        "description": gettext_lazy("description"),
        "wikidata_id": gettext_lazy("Wikidata ID"),
        "viaf_id": gettext_lazy("VIAF ID"),
        "isni": gettext_lazy("ISNI"),
    },
    Place: {
        "name": gettext_lazy("name"),
        "slug": gettext_lazy("address"),
        "kind": gettext_lazy("kind"),
        "country": gettext_lazy("country"),
        "description": gettext_lazy("description"),
        "wikidata_id": gettext_lazy("Wikidata ID"),
        "geonames_id": gettext_lazy("GeoNames ID"),
        "latitude": gettext_lazy("latitude"),
        "longitude": gettext_lazy("longitude"),
        "coordinates_source": gettext_lazy("source of the coordinates"),
    },
    Event: {
        "title": gettext_lazy("title"),
        "slug": gettext_lazy("address"),
        "kind": gettext_lazy("kind"),
        "status": gettext_lazy("status"),
        "place": gettext_lazy("place"),
        "description": gettext_lazy("description"),
        "topics": gettext_lazy("topics"),
        "wikidata_id": gettext_lazy("Wikidata ID"),
        "date_edtf": _date,
        "date_is_inferred": _date,
        "date_note": _date,
    },
    Indicator: {
        "name": gettext_lazy("name"),
        "slug": gettext_lazy("address"),
        "description": gettext_lazy("definition"),
    },
}


# A part of a record: the field naming the record it belongs to, the word for it, and what a
# correction says of one (every field of a part is seen by readers, on the page or in the API).
PARTS = {
    Role: ("article", gettext_lazy("role"), str),
    Statistic: ("article", gettext_lazy("figure"), str),
    EventReport: ("article", gettext_lazy("event"), lambda report: str(report.event)),
    Authorship: ("article", gettext_lazy("author"), lambda authorship: str(authorship.person)),
    PersonMention: ("article", gettext_lazy("person named"), lambda m: str(m.person)),
    OrganisationMention: ("article", gettext_lazy("body named"), lambda m: str(m.organisation)),
    PlaceMention: ("article", gettext_lazy("place named"), lambda m: str(m.place)),
    EventParticipant: ("event", gettext_lazy("participant"), lambda p: str(p.participant)),
    PersonAlias: ("person", gettext_lazy("alias"), str),
    OrganisationAlias: ("organisation", gettext_lazy("alias"), str),
    PlaceAlias: ("place", gettext_lazy("alias"), str),
}

ADDED, CHANGED, REMOVED = "added", "changed", "removed"


# --- Which records the public sees ------------------------------------------------------------


def is_public(record):
    """Whether the public site shows `record` (as it is in the database now)."""
    if record is None or record.pk is None:
        return False
    if isinstance(record, Article):
        return Article.objects.published().filter(pk=record.pk).exists()
    if isinstance(record, (Event, Person, Organisation, Place, Indicator)):
        # The site's own rule: hidden only while nothing published rests on it.
        return type(record).objects.public().filter(pk=record.pk).exists()
    return False


def is_record(model):
    return model in READER_FIELDS


def is_part(model):
    return model in PARTS


def owner_field(model):
    return PARTS[model][0]


# --- What changed -----------------------------------------------------------------------------


def _comparable(value):
    """A value as readers see it: text with any line endings and Unicode composition alike."""
    if isinstance(value, str):
        text = value.replace("\r\n", "\n").replace("\r", "\n")
        return unicodedata.normalize("NFC", text)
    if isinstance(value, models.Model):
        return value.pk
    return value


def changed_reader_fields(form):
    """
    The words for the fields readers see that a validated record form changes, in the form's
    order. Call it from `clean()`: the instance still holds the values from before.
    """
    fields = READER_FIELDS.get(form._meta.model, {})
    instance, labels = form.instance, []
    for name, label in fields.items():
        if name not in form.cleaned_data or name not in form.fields:
            continue
        new = form.cleaned_data[name]
        field = instance._meta.get_field(name)
        if field.many_to_many:
            old = set(getattr(instance, name).values_list("pk", flat=True))
            new = {item.pk for item in new}
        elif field.is_relation:
            old, new = getattr(instance, field.attname), _comparable(new)
        else:
            old, new = _comparable(getattr(instance, name)), _comparable(new)
        if old != new and str(label) not in labels:
            labels.append(str(label))
    return labels


def describe_part(obj, change):
    """One line for an added, changed or removed part: "figure added: Trade: 5 billion USD"."""
    _field, noun, describe = PARTS[type(obj)]
    try:
        text = Truncator(describe(obj)).chars(90)
    except models.ObjectDoesNotExist:
        text = ""
    if change == ADDED:
        return _("%(noun)s added: %(text)s") % {"noun": noun, "text": text}
    if change == REMOVED:
        return _("%(noun)s removed: %(text)s") % {"noun": noun, "text": text}
    return f"{noun}: {text}"


def owner_of(model, pk):
    """The record a part with `pk` as its owner field's value belongs to, or None."""
    if pk in (None, ""):
        return None
    related = model._meta.get_field(owner_field(model)).related_model
    try:
        return related._default_manager.filter(pk=pk).first()
    except (ValueError, TypeError):
        return None


def part_form_changes(form, old_owner, deleted=False):
    """
    [(owner record, line)] for one saved part form (inline or on its own): what it did to the
    record(s) it belongs to, given the one it belonged to before (None for a new part). A part
    moved to another record is removed from the one and added to the other.
    """
    obj = form.instance
    new_owner = getattr(obj, owner_field(type(obj)), None)
    if deleted:
        return [(old_owner, describe_part(obj, REMOVED))]
    if old_owner is None:
        return [(new_owner, describe_part(obj, ADDED))]
    if old_owner.pk != getattr(new_owner, "pk", None):
        return [
            (old_owner, describe_part(obj, REMOVED)),
            (new_owner, describe_part(obj, ADDED)),
        ]
    return [(new_owner, describe_part(obj, CHANGED))]


def current_owner(form):
    """Before saving: the record a part form's object belongs to now (None for a new one)."""
    model = form._meta.model
    if form.instance.pk is None:
        return None
    return owner_of(model, getattr(form.instance, f"{owner_field(model)}_id", None))


def posted_owner(form):
    """Before saving: the record a part form's posted data names as the part's owner."""
    model = form._meta.model
    field = owner_field(model)
    if field not in form.fields:
        return None
    return owner_of(model, form[field].value())


# --- Saying so --------------------------------------------------------------------------------


def joined(lines):
    """The lines of a correction's "what changed", once each, within the field's length."""
    unique = list(dict.fromkeys(str(line) for line in lines if line))
    limit = Correction._meta.get_field("changed").max_length
    return Truncator("; ".join(unique)).chars(limit)


def record_field_name(record):
    """The field of `Correction` that points at a record (or a kind of record): "article" …"""
    model = record if isinstance(record, type) else type(record)
    for name in CORRECTED_RECORD_FIELDS:
        if issubclass(model, Correction._meta.get_field(name).related_model):
            return name
    raise TypeError(f"{model.__name__} records are not corrected.")


def write(record, changed, reason, user=None):
    """
    Note a correction of `record`: `changed` is a list of lines ("text", "figure: …").
    The record's own "updated" time moves with it, so harvesters (OAI-PMH, the sitemap) fetch
    it again.
    """
    limit = Correction._meta.get_field("reason").max_length
    correction = Correction.objects.create(
        **{record_field_name(record): record},
        changed=joined(changed),
        reason=Truncator(" ".join(reason.split())).chars(limit),
        made_by=user if user is not None and user.is_authenticated else None,
    )
    if any(field.name == "updated_at" for field in type(record)._meta.concrete_fields):
        type(record)._default_manager.filter(pk=record.pk).update(updated_at=correction.made_at)
    return correction


def write_all(changes, reason, user=None, known=None):
    """
    One correction for each public record among `changes` ([(record, line)]). `known` maps a
    record to whether it counts as public, whatever it is now (an article as it was before the
    save that published or withdrew it).
    """
    by_record = {}
    for record, line in changes:
        if record is not None:
            by_record.setdefault((type(record), record.pk), (record, []))[1].append(line)
    known = {(type(record), record.pk): public for record, public in (known or {}).items()}
    written = []
    for key, (record, lines) in by_record.items():
        if known[key] if key in known else is_public(record):
            written.append(write(record, lines, reason, user))
    return written


def accepted_link(suggestion, user=None):
    """
    A link accepted on a published article changes what readers see of it (a name becomes a
    link, a record is listed under "In this article"): noted with a standard reason.
    """
    article = suggestion.article
    if not is_public(article) or suggestion.target is None:
        return None
    if suggestion.as_author:
        noun = _("author")
    elif suggestion.kind == suggestion.Kind.TOPIC:
        noun = _("topics")
    else:
        noun = {
            suggestion.Kind.PERSON: _("person named"),
            suggestion.Kind.ORGANISATION: _("body named"),
            suggestion.Kind.PLACE: _("place named"),
        }[suggestion.kind]
    target = str(suggestion.target)
    return write(
        article,
        [_("%(noun)s added: %(text)s") % {"noun": noun, "text": Truncator(target).chars(90)}],
        _("Linked to “%s”, which the text names.") % target,
        user,
    )


RESTORED_REASON = gettext_lazy("An earlier version was restored.")
DELETED_REASON = gettext_lazy("Removed by the archive's editors.")


def restored(record, reason, user=None):
    """A public record put back as an earlier version of it was, from the history."""
    return write(record, [_("earlier version restored")], reason or str(RESTORED_REASON), user)
