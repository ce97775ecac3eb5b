"""
Corrections in the admin: a change to what readers see of a public record needs a one-line
reason, which the record's page, the API and OAI-PMH then show with the date and what changed.

`CorrectionAdminMixin` goes before `HistoryAdmin` in a record's or a part's admin. It adds a
"Reason for the change (shown to readers)" field to the change form, refuses a save that
changes a public record without one (nothing is saved), and writes the correction after the
save. What counts as a change readers see is decided in `archive/corrections.py`.
`CorrectionAdmin` lists the corrections across all records.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.db.models import Q
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from reversion.models import Version

from archive import corrections
from archive.models import CORRECTED_RECORD_FIELDS, Article, Correction

from .concurrency import ConcurrentEditMixin

REASON = "correction_reason"


def _without_reason(fields):
    kept = []
    for field in fields:
        if isinstance(field, (list, tuple)):
            row = [name for name in field if name != REASON]
            if row:
                kept.append(tuple(row))
        elif field != REASON:
            kept.append(field)
    return kept


def reason_field():
    return forms.CharField(
        label=_("Reason for the change (shown to readers)"),
        max_length=Correction._meta.get_field("reason").max_length,
        required=False,
        help_text=_(
            "Required when you change what readers see of a published record: one line, "
            "shown on its page with the date and what changed, e.g. “The figure was misread "
            "from the source.”"
        ),
        widget=forms.TextInput(attrs={"size": 100}),
    )


class CorrectionFormMixin:
    """
    Checks, once the form's own fields are clean, whether the save would change what readers
    see of a public record (through the form's fields or its inlines) and if so requires the
    reason. Inline forms are only asked whether they changed: they are validated after this.
    """

    admin_request = None

    def clean(self):
        cleaned = super().clean()
        model = self._meta.model
        touched = []  # records readers see that this save changes
        if corrections.is_record(model):
            record = self.instance if self.instance.pk else None
            self.public_before = corrections.is_public(record)
            self.reader_changes = corrections.changed_reader_fields(self) if record else []
            if self.reader_changes and self.public_before:
                touched.append(record)
            for formset in getattr(self.admin_request, "correction_formsets", []):
                touched += self._touched_by_inline(formset)
        else:
            self.old_owner = corrections.current_owner(self)
            if self.has_changed():
                new_owner = cleaned.get(corrections.owner_field(model))
                touched += [
                    owner
                    for owner in (self.old_owner, new_owner)
                    if owner is not None and corrections.is_public(owner)
                ]
        if touched and not (cleaned.get(REASON) or "").strip():
            message = _(
                "This changes what readers see of “%(record)s”, which is public: give the "
                "reason for the change (shown to readers)."
            ) % {"record": touched[0]}
            self.add_error(REASON if REASON in self.fields else None, message)
        return cleaned

    def _touched_by_inline(self, formset):
        model = formset.model
        if not corrections.is_part(model):
            return []
        touched = []
        for form in formset.forms:
            if not form.has_changed():
                continue
            if formset.fk.name == corrections.owner_field(model):
                if self.public_before:
                    touched.append(self.instance)
                continue
            for owner in (corrections.current_owner(form), corrections.posted_owner(form)):
                if owner is not None and corrections.is_public(owner):
                    touched.append(owner)
        return touched


class CorrectionAdminMixin:
    """For the admin of a record (article, person …) or of a part of one (role, figure …)."""

    def shows_correction_reason(self, obj):
        if corrections.is_part(self.model):
            return True  # even a new part may be added to a published record
        if obj is None:
            # A new record is not public yet, but its inlines may add to one that is (a new
            # person's role reported by a published article).
            return any(self._inline_touches_other_records(inline) for inline in self.inlines)
        return not isinstance(obj, Article) or corrections.is_public(obj)

    def _inline_touches_other_records(self, inline):
        if not corrections.is_part(inline.model):
            return False
        owner = inline.model._meta.get_field(corrections.owner_field(inline.model))
        return owner.related_model is not self.model

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (name, {**options, "fields": _without_reason(options["fields"])})
            for name, options in super().get_fieldsets(request, obj)
        ]
        if self.shows_correction_reason(obj):
            fieldsets.append((_("Correction"), {"fields": [REASON]}))
        return fieldsets

    def get_form(self, request, obj=None, change=False, **kwargs):
        if "fields" not in kwargs:
            kwargs["fields"] = flatten_fieldsets(self.get_fieldsets(request, obj))
        if kwargs["fields"] is not None:
            kwargs["fields"] = _without_reason(kwargs["fields"])
        form = super().get_form(request, obj, change, **kwargs)
        attrs = {"admin_request": request}
        if self.shows_correction_reason(obj):
            attrs[REASON] = reason_field()
        return type(form.__name__, (CorrectionFormMixin, form), attrs)

    def _create_formsets(self, request, obj, change):
        # The form is validated after its inlines are built (Django's change view): keep them
        # where the form's clean() can ask whether they change anything.
        formsets, inline_instances = super()._create_formsets(request, obj, change)
        request.correction_formsets = formsets
        return formsets, inline_instances

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        reason = (form.cleaned_data.get(REASON) or "").strip()
        if not reason:
            return  # validation let it through: nothing public changed
        model = form._meta.model
        if corrections.is_record(model):
            record = form.instance
            changes = [(record, line) for line in getattr(form, "reader_changes", [])]
            for formset in formsets:
                changes += self._inline_changes(record, formset)
            public = {record: getattr(form, "public_before", False)}
        else:
            changes = corrections.part_form_changes(form, getattr(form, "old_owner", None))
            public = {}
        corrections.write_all(changes, reason, request.user, public)

    @staticmethod
    def _inline_changes(record, formset):
        model = formset.model
        if not corrections.is_part(model):
            return []
        field = corrections.owner_field(model)
        fixed = formset.fk.name == field
        deleted = set(map(id, formset.deleted_forms))
        changes = []
        for form in formset.forms:
            if not form.has_changed():
                continue
            is_new = form in formset.extra_forms
            if is_new and id(form) in deleted:
                continue
            if is_new:
                old_owner = None
            elif fixed:
                old_owner = record
            else:
                old_owner = corrections.owner_of(model, form.initial.get(field))
            changes += corrections.part_form_changes(form, old_owner, id(form) in deleted)
        return changes

    # --- Deleting a part of a public record (its delete page has no reason field) ---

    def delete_model(self, request, obj):
        changes = self._deleted_parts([obj])
        super().delete_model(request, obj)
        corrections.write_all(changes, str(corrections.DELETED_REASON), request.user)

    def delete_queryset(self, request, queryset):
        changes = self._deleted_parts(queryset)
        super().delete_queryset(request, queryset)
        corrections.write_all(changes, str(corrections.DELETED_REASON), request.user)

    def _deleted_parts(self, objects):
        if not corrections.is_part(self.model):
            return []
        field = corrections.owner_field(self.model)
        return [
            (getattr(obj, field), corrections.describe_part(obj, corrections.REMOVED))
            for obj in objects
        ]

    # --- Reverting to an earlier version from the history ---

    def revision_view(self, request, object_id, version_id, extra_context=None):
        obj = self.model._default_manager.filter(pk=unquote(object_id)).first()
        record = obj
        if obj is not None and corrections.is_part(self.model):
            record = getattr(obj, corrections.owner_field(self.model), None)
        public = corrections.is_public(record)
        kept = corrections_of_revision(version_id)
        response = super().revision_view(request, object_id, version_id, extra_context)
        if request.method == "POST" and response.status_code == 302:
            # Corrections are followed with their record, so reverting to a version from before
            # one would delete it: a correction, once public, stays.
            present = set(
                Correction.objects.filter(pk__in=[c.pk for c in kept]).values_list("pk", flat=True)
            )
            Correction.objects.bulk_create([c for c in kept if c.pk not in present])
            if public:
                corrections.restored(record, request.POST.get(REASON, "").strip(), request.user)
        return response


def corrections_of_revision(version_id):
    """The corrections of every record a version's revision holds (which reverting it may drop)."""
    version = Version.objects.filter(pk=version_id).select_related("revision").first()
    if version is None:
        return []
    condition = Q(pk__in=[])
    for other in version.revision.version_set.select_related("content_type"):
        model = other.content_type.model_class()
        if model in corrections.READER_FIELDS:
            condition |= Q(**{f"{corrections.record_field_name(model)}_id": other.object_id})
    return list(Correction.objects.filter(condition))


@admin.register(Correction)
class CorrectionAdmin(ConcurrentEditMixin, admin.ModelAdmin):
    """
    The public corrections across all records. They are written by saving a change to a public
    record with its reason; here an editor may only put a correction's wording right (and, as
    for every record, not over another editor's: ConcurrentEditMixin).
    """

    list_display = ["made_at", "record", "changed", "reason", "made_by"]
    list_select_related = [*CORRECTED_RECORD_FIELDS, "made_by"]
    list_filter = ["made_by"]
    search_fields = ["reason", "changed"]
    date_hierarchy = "made_at"
    fields = ["record_link", "made_at", "made_by", "changed", "reason"]
    readonly_fields = ["record_link", "made_at", "made_by"]

    @admin.display(description=_("record"))
    def record_link(self, obj):
        record = obj.record
        return format_html('<a href="{}">{}</a>', record.get_absolute_url(), record)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
