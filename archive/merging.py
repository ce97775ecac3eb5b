"""
Merging duplicate records: two or more people, organisations, places or events into one.

Everything that points at a merged-away record is moved onto the survivor: aliases, mentions,
authorships, roles, participations, reports, suggestions, articles' datelines and sources,
child organisations, events' places. The relations are read from the model's own metadata, so
a relation added later is moved too. Where the survivor already has the same link (a unique
constraint would be broken), the two are combined: a mention keeps the surface forms of both;
any other duplicate row (the same role attestation, the same alias) is dropped in favour of the
survivor's. The merged-away names are kept as aliases of the survivor (events have no aliases:
their titles are kept in the history), and so are their names in other languages where the
survivor has its own. Empty fields of the survivor (description, external identifiers,
country, acronym, a name or description in another language) are filled from the merged-away
records.

The old website and API URLs of the merged-away records answer with a permanent redirect to
the survivor's (MovedRecord; its middleware answers 301 where the page
would be a 404).

All of it happens in one transaction and is recorded in the history as two revisions: first the
state before the merge ("Before merging …") of every record and link it touches, then the merge
itself. Undoing a merge is reverting the first: from the survivor's history ("Revert" on the
"Before merging …" version), or by recovering a merged-away record, both of which restore the
merged-away records, move their links back and remove the aliases the merge added.
"""

from dataclasses import dataclass

import reversion
from django.db import models, transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import history, related, signals
from .models import (
    Event,
    Organisation,
    OrganisationAlias,
    Person,
    PersonAlias,
    Place,
    PlaceAlias,
    Suggestion,
)
from .models.translations import OTHER_LANGUAGES
from .redirects import record_move

MERGEABLE_MODELS = (Person, Organisation, Place, Event)
ALIAS_MODELS = {Person: PersonAlias, Organisation: OrganisationAlias, Place: PlaceAlias}
FILLABLE_FIELDS = (
    "description",
    "wikidata_id",
    "viaf_id",
    "isni",
    "orcid",
    "geonames_id",
    "country",
    "acronym",
)
# Filled together from one record, or not at all: a latitude of 0 is a latitude.
COORDINATE_FIELDS = ("latitude", "longitude", "coordinates_source")
# One record per identifier: a merged-away record gives up the identifiers the survivor takes.
IDENTIFIER_FIELDS = ("wikidata_id", "viaf_id", "isni", "orcid", "geonames_id")
# Revisions holding the state before a merge start with this (a fixed, searchable prefix).
BEFORE_MERGE = "Before merging"


class MergeError(Exception):
    """A merge that cannot be made; the message says why."""


@dataclass
class PlannedMove:
    """For the confirmation page: how many rows of one relation will move."""

    label: str
    count: int


def _relations(model):
    """The foreign keys of other models (and of the model itself) that point at `model`."""
    return [rel for rel in model._meta.related_objects if rel.one_to_many or rel.one_to_one]


def _unique_field_sets(model, field_name):
    sets = [
        tuple(constraint.fields)
        for constraint in model._meta.constraints
        if isinstance(constraint, models.UniqueConstraint) and field_name in constraint.fields
    ]
    sets += [tuple(fields) for fields in model._meta.unique_together if field_name in fields]
    return sets


def _label(rel):
    return f"{rel.related_model._meta.verbose_name_plural} ({rel.field.verbose_name})"


def plan(survivor, others):
    """What a merge would move, relation by relation, for the confirmation page."""
    _check(survivor, others)
    other_ids = [other.pk for other in others]
    moves = []
    for rel in _relations(type(survivor)):
        count = (
            rel.related_model._default_manager.filter(**{f"{rel.field.name}__in": other_ids})
            .exclude(pk__in=other_ids if rel.related_model is type(survivor) else [])
            .count()
        )
        if count:
            moves.append(PlannedMove(_label(rel), count))
    if type(survivor) in ALIAS_MODELS:
        label = ngettext(
            "name kept as an alias of the survivor",
            "names kept as aliases of the survivor",
            len(others),
        )
        moves.append(PlannedMove(label, len(others)))
    if isinstance(survivor, Event):
        topics = Event.topics.through.objects.filter(event__in=other_ids).count()
        if topics:
            moves.append(PlannedMove(_("topics"), topics))
    return moves


def _check(survivor, others):
    model = type(survivor)
    if model not in MERGEABLE_MODELS:
        raise MergeError(_("Only people, organisations, places and events can be merged."))
    if not others:
        raise MergeError(_("Choose at least two records to merge."))
    if any(type(other) is not model for other in others):
        raise MergeError(_("Only records of the same kind can be merged."))
    if any(other.pk == survivor.pk for other in others):
        raise MergeError(_("The record kept cannot also be merged away."))


def _rows_touched(survivor, others):
    """Every record a merge may change, for the state saved before it."""
    ids = [survivor.pk, *(other.pk for other in others)]
    rows = [survivor, *others]
    for rel in _relations(type(survivor)):
        rows += list(rel.related_model._default_manager.filter(**{f"{rel.field.name}__in": ids}))
    return rows


def _move_row(row, rel, survivor):
    field = rel.field
    if isinstance(row, Suggestion):
        setattr(row, field.attname, survivor.pk)
        row.match_key = row.build_match_key()
        if Suggestion.objects.filter(article_id=row.article_id, match_key=row.match_key).exists():
            row.delete()  # the survivor already has this suggestion, and its decision stands
        else:
            row.save(update_fields=[field.attname, "match_key"])
        return
    for fields in _unique_field_sets(type(row), field.name):
        lookup = {name: getattr(row, name) for name in fields if name != field.name}
        lookup[field.name] = survivor
        if None in lookup.values():
            continue
        duplicate = type(row)._default_manager.filter(**lookup).exclude(pk=row.pk).first()
        if duplicate is not None:
            if hasattr(duplicate, "surface_forms"):
                extra = [form for form in row.surface_forms if form not in duplicate.surface_forms]
                if extra:
                    duplicate.surface_forms = duplicate.surface_forms + extra
                    duplicate.save(update_fields=["surface_forms"])
            row.delete()
            return
    type(row)._default_manager.filter(pk=row.pk).update(**{field.attname: survivor.pk})
    if getattr(row, "article_id", None):
        # An update() sends no signal: the article's related reports name the merged record.
        related.schedule_update(row.article_id)


def _keep_names(survivor, others):
    alias_model = ALIAS_MODELS.get(type(survivor))
    if alias_model is None:
        return  # events have no aliases: their titles stay in the history
    owner_field = type(survivor)._meta.model_name
    for other in others:
        names = [(other.name, "")]
        if isinstance(other, Organisation) and other.acronym and survivor.acronym:
            names.append((other.acronym, ""))
        # Its names in the other languages, where the survivor has another (an empty one is
        # filled from it instead).
        for code in OTHER_LANGUAGES:
            translated = getattr(other, f"name_{code}")
            if translated and getattr(survivor, f"name_{code}") not in ("", translated):
                names.append((translated, code))
        for name, language in names:
            if name and name != survivor.name:
                alias_model.objects.get_or_create(
                    **{owner_field: survivor},
                    name=name,
                    defaults={
                        "note": _("Name of a record merged into this one"),
                        "language": language,
                    },
                )


def _fill_empty_fields(survivor, others):
    changed = []
    translations = [column for columns in survivor.translated_fields.values() for column in columns]
    for name in (*FILLABLE_FIELDS, *translations):
        if not hasattr(survivor, name) or getattr(survivor, name):
            continue
        value = next((getattr(other, name) for other in others if getattr(other, name)), None)
        if value:
            setattr(survivor, name, value)
            changed.append(name)
    if all(hasattr(survivor, name) for name in COORDINATE_FIELDS) and survivor.latitude is None:
        donor = next((other for other in others if other.latitude is not None), None)
        if donor is not None:
            for name in COORDINATE_FIELDS:
                setattr(survivor, name, getattr(donor, name))
            changed.extend(COORDINATE_FIELDS)
    return changed


def old_paths(record):
    """The website and API paths a record answers at."""
    api_detail = f"api:{record._meta.model_name}-detail"  # the API router's names
    return [record.get_absolute_url(), reverse(api_detail, kwargs={"slug": record.slug})]


def merge(survivor, others, user=None):
    """Merge `others` into `survivor`; returns the revision holding the state before."""
    others = [other for other in others if other.pk != survivor.pk]
    _check(survivor, others)
    model = type(survivor)
    names = ", ".join(f"“{other}” ({other.slug})" for other in others)
    with transaction.atomic():
        # No other save of these records in between: PostgreSQL holds the rows till the end.
        ids = [survivor.pk, *(other.pk for other in others)]
        list(model._default_manager.select_for_update().filter(pk__in=ids))
        before = history.snapshot(
            _rows_touched(survivor, others),
            _("%(before)s %(names)s into “%(survivor)s” (%(slug)s)")
            % {"before": BEFORE_MERGE, "names": names, "survivor": survivor, "slug": survivor.slug},
        )
        comment = _("Merged %(names)s into “%(survivor)s”") % {"names": names, "survivor": survivor}
        with history.revision(user, comment):
            other_ids = [other.pk for other in others]
            for rel in _relations(model):
                rows = rel.related_model._default_manager.filter(
                    **{f"{rel.field.name}__in": other_ids}
                )
                for row in rows:
                    if rel.related_model is model and row.pk in [*other_ids, survivor.pk]:
                        continue  # records being merged that sit inside one another
                    _move_row(row, rel, survivor)
            if isinstance(survivor, Event):
                for other in others:
                    survivor.topics.add(*other.topics.all())
            if isinstance(survivor, Organisation) and survivor.parent_id in other_ids:
                parent = survivor.parent
                while parent is not None and parent.pk in [*other_ids, survivor.pk]:
                    parent = parent.parent
                survivor.parent = parent
            _keep_names(survivor, others)
            fill = _fill_empty_fields(survivor, others)
            redirects = [
                (old, new)
                for other in others
                for old, new in zip(old_paths(other), old_paths(survivor), strict=True)
            ]
            if isinstance(survivor, Organisation):
                model._default_manager.filter(pk__in=other_ids).update(parent=None)
            taken = [field for field in IDENTIFIER_FIELDS if field in fill]
            if taken:
                model._default_manager.filter(pk__in=other_ids).update(**dict.fromkeys(taken, ""))
            model._default_manager.filter(pk__in=other_ids).delete()
            survivor.save()
            for old, new in redirects:
                record_move(old, new)
            reversion.add_to_revision(survivor)
            # Links were moved with update(), which sends no signal: say so to every cache.
            signals.archive_changed_on_commit()
    return before
