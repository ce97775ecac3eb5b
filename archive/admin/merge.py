"""
The "Merge selected records" admin action, with a confirmation page listing what will move.

The page carries an edit token of each record (archive/concurrency.py): a merge confirmed after
one of them changed is refused, nothing merged, and the page shown again saying which changed.
`MovedRecordAdmin` lists the addresses merging has left behind.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import quote
from django.db import transaction
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from archive import concurrency, merging
from archive.models import MovedRecord


class SurvivorForm(forms.Form):
    survivor = forms.ModelChoiceField(
        queryset=None,
        widget=forms.RadioSelect,
        label=gettext_lazy("Keep this record"),
        empty_label=None,
    )

    def __init__(self, *args, records, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["survivor"].queryset = records


class MergeActionMixin:
    """Adds the merge action to people, organisations, places and events."""

    actions = ["merge_selected"]

    def has_merge_permission(self, request):
        return self.has_change_permission(request) and self.has_delete_permission(request)

    @admin.action(
        description=gettext_lazy("Merge the selected records into one"), permissions=["merge"]
    )
    def merge_selected(self, request, queryset):
        records = queryset.order_by("pk")
        if records.count() < 2:
            self.message_user(request, _("Choose at least two records to merge."), messages.WARNING)
            return None
        form = SurvivorForm(
            request.POST if "confirm" in request.POST else None,
            records=records,
            initial={"survivor": records.first()},
        )
        changed = []
        if "confirm" in request.POST and form.is_valid():
            with transaction.atomic():
                locked = concurrency.lock(self.model, [record.pk for record in records])
                tokens = request.POST.getlist(concurrency.TOKEN_FIELD)
                changed = concurrency.stale_records(
                    locked.values(), concurrency.read_tokens(tokens)
                )
                if not changed:
                    survivor = locked[form.cleaned_data["survivor"].pk]
                    others = [record for pk, record in locked.items() if pk != survivor.pk]
                    try:
                        merging.merge(survivor, others, request.user)
                    except merging.MergeError as error:
                        self.message_user(request, str(error), messages.ERROR)
                        return None
        if "confirm" in request.POST and form.is_valid() and not changed:
            history_url = reverse(
                f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_history",
                args=(quote(survivor.pk),),
            )
            self.message_user(
                request,
                _(
                    "Merged %(count)d records into “%(survivor)s”. To undo, revert its version "
                    "“Before merging …” in its history (%(url)s)."
                )
                % {"count": len(others), "survivor": survivor, "url": history_url},
                messages.SUCCESS,
            )
            return None
        survivor = records.first()
        others = list(records[1:])
        plans = {
            record.pk: merging.plan(record, [r for r in records if r.pk != record.pk])
            for record in records
        }
        context = {
            **self.admin_site.each_context(request),
            "title": _("Merge %(name)s") % {"name": self.opts.verbose_name_plural},
            "opts": self.opts,
            "records": records,
            "form": form,
            "plan": plans[survivor.pk],
            "plans": [(record, plans[record.pk]) for record in records],
            "others": others,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "selected": [str(record.pk) for record in records],
            "tokens": [concurrency.record_token(record) for record in records],
            "changed": concurrency.describe(changed),
        }
        return TemplateResponse(
            request, "admin/archive/merge_confirm.html", context, status=409 if changed else 200
        )


@admin.register(MovedRecord)
class MovedRecordAdmin(admin.ModelAdmin):
    """Addresses of merged-away records and where they now lead; made by merging only."""

    list_display = ["old_path", "new_path", "created_at"]
    search_fields = ["old_path", "new_path"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
