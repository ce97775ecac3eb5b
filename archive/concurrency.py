"""
Optimistic concurrency: no editor's change is lost to another editor's save.

Several editors curate at once. Every page from which a record is changed carries an edit
token: a signed value naming the record, the latest version of its history the editor saw, and
what the editor saw of it. When the change comes back, the record's row is locked for the
transaction (`select_for_update`: PostgreSQL holds it, SQLite writes one at a time anyway) and
what is there now is compared with what the editor saw; if they differ, nothing is saved and the
editor is told who changed what since, and may apply their change on top.

Two kinds of token:

- a form token, for a record's change form: what the form showed (its fields and the rows of
  each inline, as a browser posts them back), so a refused save can be compared field by field
  and re-applied on top of the other editor's (archive/form_tokens.py);
- a record token (here), for the pages that change records without a form (bulk status actions,
  merges, suggestion acceptance, reverting a version): a digest of the record's own fields and
  of the parts stored with it in the history (mentions, aliases, participants …), which also
  catches changes made with `QuerySet.update()`, which bump no counter and send no signal.

A change posted without a token is refused too: a browser always sends the token its page
carries, so a missing one means a page from before the token, or a hand-made request.
"""

import hashlib
import json
from dataclasses import dataclass, field

from django.core import signing
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.translation import gettext as _
from reversion.models import Version

from . import history

TOKEN_FIELD = "edit_token"
SALT = "archive.concurrency"
# Kept in step by the archive itself: a save that changes none of what an editor sees is no
# conflict (history.py's comparison leaves the same fields out).
UNWATCHED_FIELDS = {"search_text", "updated_at", "created_at", "match_key"}
# Parts followed in the history that are not the record's content: a suggestion decided or a
# correction published does not change what an editor edits.
UNWATCHED_PARTS = {"suggestions", "corrections"}


class StaleEdit(Exception):
    """The record changed since the page was shown; the message says what to do."""


def latest_version_id(obj):
    return (
        Version.objects.get_for_object(obj).order_by("-pk").values_list("pk", flat=True).first()
        or 0
    )


def revisions_since(obj, version_id):
    """The revisions of `obj` saved after version `version_id`: who, when, why; oldest first."""
    versions = (
        Version.objects.get_for_object(obj)
        .filter(pk__gt=version_id or 0)
        .select_related("revision", "revision__user")
        .order_by("pk")
    )
    # A baseline is how the record was before the first change, not a change of its own.
    return [v.revision for v in versions if v.revision.comment != str(history.BASELINE_COMMENT)]


def lock(model, pks):
    """Lock the rows of `model` with these keys for the transaction; return them by key."""
    rows = model._default_manager.select_for_update().filter(pk__in=list(pks)).order_by("pk")
    return {row.pk: row for row in rows}


# --- Record tokens: a digest of what is stored ------------------------------------------------


def _own_values(obj, *, many_to_many=True):
    values = {}
    for model_field in obj._meta.concrete_fields:
        if model_field.name not in UNWATCHED_FIELDS:
            values[model_field.attname] = model_field.value_from_object(obj)
    if many_to_many and obj.pk is not None:
        for model_field in obj._meta.many_to_many:
            related = model_field.value_from_object(obj)
            values[model_field.name] = sorted(item.pk for item in related)
    return values


def record_digest(obj, *, parts=True, extra=None):
    """
    A digest of `obj`'s fields and, with `parts`, of the parts stored with it; `extra(obj)`
    adds what else the page relied on (a suggestion's article, say).
    """
    state = {"own": _own_values(obj, many_to_many=parts)}
    if parts:
        for name in history.FOLLOW.get(type(obj), ()):
            if name in UNWATCHED_PARTS:
                continue
            rows = getattr(obj, name).order_by("pk")
            state[name] = [_own_values(row, many_to_many=False) for row in rows]
    if extra is not None:
        state["extra"] = extra(obj)
    encoded = json.dumps(state, cls=DjangoJSONEncoder, sort_keys=True, default=str)
    return hashlib.sha256(encoded.encode()).hexdigest()


def record_token(obj, *, parts=True, extra=None, version=True):
    """
    The token a page carries for a record it shows, to be checked by `stale_records`;
    `version`: name the latest version (for "changed since by whom"), one query more.
    """
    return signing.dumps(
        {
            "m": obj._meta.label_lower,
            "pk": str(obj.pk),
            "v": latest_version_id(obj) if version else 0,
            "d": record_digest(obj, parts=parts, extra=extra),
        },
        salt=SALT,
    )


def read_tokens(values):
    """Record tokens as posted, by record key ("model", "pk"); a forged one is left out."""
    read = {}
    for value in values:
        try:
            token = signing.loads(value, salt=SALT)
        except signing.BadSignature:
            continue
        if isinstance(token, dict) and {"m", "pk", "v", "d"} <= set(token):
            read[(token["m"], token["pk"])] = token
    return read


@dataclass
class Changed:
    """A record that changed since a page showed it, and the revisions that changed it."""

    record: object
    revisions: list = field(default_factory=list)
    missing_token: bool = False


def stale_records(records, tokens, *, parts=True, extra=None):
    """
    The records among `records` (locked by the caller) that changed since their page showed
    them, going by `tokens` (from `read_tokens`); one without a token counts as changed.
    """
    changed = []
    for record in records:
        token = tokens.get((record._meta.label_lower, str(record.pk)))
        if token is None:
            changed.append(Changed(record, missing_token=True))
            continue
        if record_digest(record, parts=parts, extra=extra) != token["d"]:
            changed.append(Changed(record, revisions_since(record, token["v"])))
    return changed


def describe(changed):
    """One line per changed record for a message: what, and by whom and when."""
    lines = []
    for item in changed:
        if item.missing_token:
            lines.append(
                _("“%s”: the page sent no version of it; confirm again from this page.")
                % item.record
            )
            continue
        who = [
            _("%(user)s on %(date)s")
            % {
                "user": revision.user or _("(no user)"),
                "date": revision.date_created.strftime("%Y-%m-%d %H:%M:%S UTC"),
            }
            for revision in item.revisions
        ]
        if who:
            lines.append(
                _("“%(record)s” was changed by %(who)s.")
                % {"record": item.record, "who": "; ".join(who)}
            )
        else:
            lines.append(_("“%s” was changed (outside its recorded history).") % item.record)
    return lines
