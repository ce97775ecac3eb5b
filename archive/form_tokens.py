"""
Form tokens: what a record's change form showed, so that a save refused because another editor
changed the record since can be compared field by field and re-applied on top of theirs.

The token names the record and the latest version of its history the editor saw (as a record
token does, archive/concurrency.py, which holds the rest of the optimistic concurrency), and
carries the form's fields and the rows of each inline as a browser posts them back
(`form_state`). When the save comes back stale, `reconcile` keeps what the editor changed on
top of what is there now, and says where both changed the same field.
"""

from dataclasses import dataclass

from django import forms
from django.core import signing
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.utils.translation import gettext as _

from .concurrency import SALT, latest_version_id

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
