"""
Optimistic concurrency: no editor's change is lost to another editor's save.

Several editors curate at once. Every page from which a record is changed carries an edit
token: a signed value naming the record, the latest version of its history the editor saw, and
what the editor saw of it. When the change comes back, the record's row is locked for the
transaction (`select_for_update`: PostgreSQL holds it, SQLite writes one at a time anyway) and
what is there now is compared with what the editor saw; if they differ, nothing is saved and the
editor is told who changed what since, and may apply their change on top.

Two kinds of token, one module:

- a form token, for a record's change form: what the form showed (its fields and the rows of
  each inline, as a browser posts them back), so a refused save can be compared field by field
  and re-applied on top of the other editor's (`form_state`, `reconcile`);
- a record token, for the pages that change records without a form (bulk status actions,
  merges, suggestion acceptance, reverting a version): a digest of the record's own fields and
  of the parts stored with it in the history (mentions, aliases, participants …), which also
  catches changes made with `QuerySet.update()`, which bump no counter and send no signal.

A change posted without a token is refused too: a browser always sends the token its page
carries, so a missing one means a page from before the token, or a hand-made request.
"""

import hashlib
import json
from dataclasses import dataclass, field

from django import forms
from django.core import signing
from django.core.exceptions import FieldDoesNotExist, ValidationError
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


# --- Form tokens: what a change form showed ---------------------------------------------------

# Inline form fields that are the formset's own machinery, not the row's content.
FORMSET_FIELDS = {"id", "DELETE", "ORDER"}


def _multiple(form_field):
    return isinstance(form_field, forms.MultipleChoiceField) or getattr(
        form_field.widget, "allow_multiple_selected", False
    )


def raw_value(form_field, value):
    """A form field's value as a browser posts it: a string, a list of strings, or None."""
    value = form_field.prepare_value(value)
    if isinstance(form_field.widget, forms.CheckboxInput) or isinstance(value, bool):
        return "on" if value else None
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        return [str(item) for item in value]
    if isinstance(value, str):
        return value
    formatted = form_field.widget.format_value(value)
    if isinstance(formatted, (list, tuple)):
        formatted = formatted[0] if formatted else None
    return None if formatted is None else str(formatted)


def posted_value(form_field, data, name):
    if _multiple(form_field):
        return [str(item) for item in data.getlist(name)]
    value = data.get(name)
    return value if value is None else str(value)


def same(form_field, a, b):
    """Whether two posted values mean the same (a browser sends CRLF, a checkbox nothing)."""

    def normal(value):
        if isinstance(value, str):
            return value.replace("\r\n", "\n")
        return value

    a, b = normal(a), normal(b)
    if isinstance(a, list) or isinstance(b, list):
        return sorted(a or []) == sorted(b or [])
    if a == b:
        return True
    try:
        return form_field.to_python(a) == form_field.to_python(b)
    except ValidationError:
        return False


def is_state_field(model, name):
    """A form field that is the record's content (not a note for this save, say)."""
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


@dataclass
class EditForms:
    """A record's change form and inline formsets, unbound, as the admin builds them."""

    form: forms.ModelForm
    formsets: list  # (prefix, formset, inline)


def edit_forms(model_admin, request, obj):
    form = model_admin.get_form(request, obj, change=True)(instance=obj)
    formsets, prefixes = [], {}
    for formset_class, inline in model_admin.get_formsets_with_inlines(request, obj):
        # The prefixes Django's change view gives (ModelAdmin._create_formsets).
        prefix = formset_class.get_default_prefix()
        prefixes[prefix] = prefixes.get(prefix, 0) + 1
        if prefixes[prefix] != 1 or not prefix:
            prefix = f"{prefix}-{prefixes[prefix]}"
        formset = formset_class(instance=obj, prefix=prefix, queryset=inline.get_queryset(request))
        formsets.append((prefix, formset, inline))
    return EditForms(form, formsets)


def _row_fields(formset):
    return [
        name
        for name in formset.empty_form.fields
        if name not in FORMSET_FIELDS and name != formset.fk.name
    ]


def form_state(built):
    """What the change form shows: its fields, and each inline's rows by key."""
    model = built.form._meta.model
    state = {"fields": {}, "inlines": {}}
    for name, form_field in built.form.fields.items():
        if is_state_field(model, name):
            state["fields"][name] = raw_value(form_field, built.form[name].value())
    for prefix, formset, _inline in built.formsets:
        rows = {}
        for row_form in formset.initial_forms:
            rows[str(row_form.instance.pk)] = {
                name: raw_value(row_form.fields[name], row_form[name].value())
                for name in _row_fields(formset)
                if name in row_form.fields
            }
        state["inlines"][prefix] = rows
    return state


def form_token(obj, state):
    return signing.dumps(
        {"m": obj._meta.label_lower, "pk": str(obj.pk), "v": latest_version_id(obj), "s": state},
        salt=SALT,
        compress=True,
    )


def read_form_token(value, obj):
    """The form token posted for `obj`, or None when missing, forged or another record's."""
    try:
        token = signing.loads(value or "", salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(token, dict) or "s" not in token:
        return None
    if (token.get("m"), token.get("pk")) != (obj._meta.label_lower, str(obj.pk)):
        return None
    return token


def _bounded_int(value, upper=1000):
    try:
        return max(0, min(int(value), upper))
    except (TypeError, ValueError):
        return 0


def submitted_state(built, data):
    """What the editor posted, in the shape of `form_state`; new and deleted rows apart."""
    model = built.form._meta.model
    submitted = {"fields": {}, "other": {}, "inlines": {}}
    for name, form_field in built.form.fields.items():
        value = posted_value(form_field, data, name)
        submitted["fields" if is_state_field(model, name) else "other"][name] = value
    for prefix, formset, _inline in built.formsets:
        names, fields = _row_fields(formset), formset.empty_form.fields
        rows = []
        for index in range(_bounded_int(data.get(f"{prefix}-TOTAL_FORMS"))):
            row_prefix = f"{prefix}-{index}"
            rows.append(
                {
                    "pk": data.get(f"{row_prefix}-id") or None,
                    "delete": bool(data.get(f"{row_prefix}-DELETE")),
                    "values": {
                        name: posted_value(fields[name], data, f"{row_prefix}-{name}")
                        for name in names
                    },
                }
            )
        submitted["inlines"][prefix] = rows
    return submitted


def display(form_field, value):
    """A posted value as an editor reads it: a record's name, a choice's label."""
    if value in (None, "", []):
        return ""
    if isinstance(form_field, forms.BooleanField):
        return _("yes") if value else _("no")
    try:
        if isinstance(form_field, forms.ModelMultipleChoiceField):
            return ", ".join(sorted(str(item) for item in form_field.queryset.filter(pk__in=value)))
        if isinstance(form_field, forms.ModelChoiceField):
            found = form_field.queryset.filter(pk=value).first()
            return str(found) if found is not None else _("#%s (deleted)") % value
    except (ValueError, ValidationError):
        return str(value)
    if isinstance(form_field, forms.ChoiceField):
        return str(_flat_choices(form_field.choices).get(value, value))
    if isinstance(value, list):
        return "; ".join(value)
    return str(value).replace("\r\n", "\n")


def _flat_choices(choices):
    flat = {}
    for key, label in choices:
        if isinstance(label, (list, tuple)):
            flat.update(_flat_choices(label))
        else:
            flat[str(key)] = label
    return flat


@dataclass
class Difference:
    """One field that differs between what the editor started from, what is there, and theirs."""

    where: str
    label: str
    started: str
    now: str
    yours: str
    theirs_changed: bool
    yours_changed: bool

    @property
    def both_changed(self):
        return self.theirs_changed and self.yours_changed and self.now != self.yours


def _merge_values(names, fields, started, now, yours, where, differences):
    merged = {}
    for name in names:
        form_field = fields[name]
        s, n, y = started.get(name), now.get(name), yours.get(name)
        theirs_changed = not same(form_field, s, n)
        yours_changed = not same(form_field, s, y)
        merged[name] = y if yours_changed else n
        if theirs_changed or yours_changed:
            differences.append(
                Difference(
                    where=where,
                    label=_label(form_field, name),
                    started=display(form_field, s),
                    now=display(form_field, n),
                    yours=display(form_field, y),
                    theirs_changed=theirs_changed,
                    yours_changed=yours_changed,
                )
            )
    return merged


def _label(form_field, name):
    return str(form_field.label or name.replace("_", " ")).capitalize()


@dataclass
class Reconciled:
    differences: list
    data: dict  # the editor's changes on top of the present record, as a browser would post it
    lost_rows: list  # rows the editor changed that the other editor deleted


def reconcile(built, started, submitted):
    """
    The editor's changes (what they posted that differs from what they started from) put on
    top of the record as it is now (`built`), and every field that differs on the way.
    """
    now = form_state(built)
    differences, lost = [], []
    fields = built.form.fields
    data = {name: value for name, value in submitted["other"].items() if value is not None}
    data.update(
        _merge_values(
            list(now["fields"]),
            fields,
            started["fields"],
            now["fields"],
            submitted["fields"],
            "",
            differences,
        )
    )
    for prefix, formset, inline in built.formsets:
        names, row_fields = _row_fields(formset), formset.empty_form.fields
        kind = str(inline.verbose_name or formset.model._meta.verbose_name).capitalize()
        started_rows = started["inlines"].get(prefix, {})
        now_forms = {str(f.instance.pk): f for f in formset.initial_forms}
        now_rows = now["inlines"][prefix]
        yours = {row["pk"]: row for row in submitted["inlines"].get(prefix, []) if row["pk"]}
        rows = []
        for pk, now_values in now_rows.items():
            where = f"{kind}: {now_forms[pk].instance}"
            mine = yours.get(pk)
            if pk not in started_rows:
                differences.append(Difference(where, _("row"), "", where, "", True, False))
            if mine is None:
                rows.append((pk, now_values, False))
                continue
            values = _merge_values(
                names,
                row_fields,
                started_rows.get(pk, now_values),
                now_values,
                mine["values"],
                where,
                differences,
            )
            if mine["delete"]:
                differences.append(
                    Difference(where, _("row"), where, where, _("deleted"), False, True)
                )
            rows.append((pk, values, mine["delete"]))
        for pk, started_values in started_rows.items():
            if pk in now_rows:
                continue
            where = f"{kind} #{pk}"
            mine = yours.get(pk)
            mine_changed = (
                mine is not None
                and not mine["delete"]
                and any(
                    not same(row_fields[name], started_values.get(name), mine["values"].get(name))
                    for name in names
                )
            )
            differences.append(
                Difference(where, _("row"), where, _("deleted"), "", True, mine_changed)
            )
            if mine_changed:
                lost.append(where)
        for row in submitted["inlines"].get(prefix, []):
            if row["pk"] is None and not row["delete"]:
                if any(value not in (None, "", []) for value in row["values"].values()):
                    where = f"{kind}: " + _("new row")
                    differences.append(Difference(where, _("row"), "", "", _("added"), False, True))
                rows.append((None, row["values"], False))
        management = formset.management_form
        data[f"{prefix}-TOTAL_FORMS"] = str(len(rows))
        data[f"{prefix}-INITIAL_FORMS"] = str(sum(1 for pk, _v, _d in rows if pk is not None))
        data[f"{prefix}-MIN_NUM_FORMS"] = str(management["MIN_NUM_FORMS"].value())
        data[f"{prefix}-MAX_NUM_FORMS"] = str(management["MAX_NUM_FORMS"].value())
        for index, (pk, values, delete) in enumerate(rows):
            row_prefix = f"{prefix}-{index}"
            data[f"{row_prefix}-{formset.fk.name}"] = str(built.form.instance.pk)
            if pk is not None:
                data[f"{row_prefix}-id"] = pk
            if delete:
                data[f"{row_prefix}-DELETE"] = "on"
            for name, value in values.items():
                if value is not None:
                    data[f"{row_prefix}-{name}"] = value
    return Reconciled(differences, data, lost)


def hidden_inputs(data):
    """The reconciled data as (name, value) pairs, one per value, for hidden inputs."""
    pairs = []
    for name, value in data.items():
        for item in value if isinstance(value, list) else [value]:
            if item is not None:  # as a browser sends an empty choice or unticked box: not at all
                pairs.append((name, item))
    return pairs
