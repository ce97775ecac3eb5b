"""
Optimistic concurrency in the admin's change forms (archive/form_tokens.py says how).

Every change form carries an edit token; a save is checked inside the change view's transaction,
the record's row locked, and refused with a comparison page (HTTP 409) when the record changed
since the form was opened. That page posts the editor's changes on top of the record as it is
now, with a fresh token: one click saves them (or refuses again, if it changed once more).

Deleting is guarded the same way: the delete confirmation page, and the "delete selected"
action's, carry a record token of each record they list; a deletion confirmed after one of them
changed deletes nothing and shows the page again (HTTP 409), naming who changed what, with a
link to review it and a fresh confirmation.
"""

import copy

from django.contrib.admin.actions import delete_selected
from django.contrib.admin.utils import quote, unquote
from django.db import transaction
from django.http import QueryDict
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from archive import concurrency, form_tokens


def unconfirmed(request):
    """The request as if nothing had been posted: Django's pages then ask again."""
    again = copy.copy(request)
    again.POST = QueryDict()
    return again


def deletable(confirmation):
    """Whether a delete confirmation offers to delete: nothing protected, no permission lacking."""
    return not (
        confirmation.context_data["protected"] or confirmation.context_data["perms_lacking"]
    )


class ConcurrentDeleteMixin:
    """Delete confirmations (one record, or "delete selected") that refuse a stale page."""

    def changed_rows(self, changed):
        """What changed, one line per record, each with a link to review it."""
        return [
            {
                "line": line,
                "url": reverse(
                    f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_change",
                    args=(quote(item.record.pk),),
                ),
            }
            for item, line in zip(changed, concurrency.describe(changed), strict=True)
        ]

    def _stale_deletions(self, request, pks):
        """Lock the records to delete (for the transaction); those changed since the page."""
        records = concurrency.lock(self.model, pks).values()
        tokens = concurrency.read_tokens(request.POST.getlist(concurrency.TOKEN_FIELD))
        return concurrency.stale_records(records, tokens)

    def render_delete_form(self, request, context):
        context[concurrency.TOKEN_FIELD] = concurrency.record_token(context["object"])
        return super().render_delete_form(request, context)

    def _delete_view(self, request, object_id, extra_context):
        # Django runs this inside the delete view's transaction: the lock lasts until deleted.
        if request.POST:
            obj = self.get_object(request, unquote(object_id))
            if obj is not None and self.has_delete_permission(request, obj):
                changed = self._stale_deletions(request, [obj.pk])
                if changed:
                    extra_context = {**(extra_context or {}), "changed": self.changed_rows(changed)}
                    response = super()._delete_view(unconfirmed(request), object_id, extra_context)
                    if deletable(response):
                        response.status_code = 409
                        return response
                    # It cannot be deleted anyway: Django refuses as it would have, saying why.
        return super()._delete_view(request, object_id, extra_context)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            _function, name, description = actions["delete_selected"]
            actions["delete_selected"] = (
                type(self).delete_selected_unless_changed,
                name,
                description,
            )
        return actions

    def delete_selected_unless_changed(self, request, queryset):
        """Django's "delete selected" action, refused if a record changed since its page."""
        changed = []
        if request.POST.get("post"):
            with transaction.atomic():
                changed = self._stale_deletions(request, queryset.values_list("pk", flat=True))
                if not changed:
                    return delete_selected(self, request, queryset)
        response = delete_selected(self, unconfirmed(request) if changed else request, queryset)
        if changed and not deletable(response):
            # They cannot be deleted anyway: Django refuses as it would have, saying why.
            return delete_selected(self, request, queryset)
        response.context_data["tokens"] = [
            concurrency.record_token(record) for record in response.context_data["queryset"]
        ]
        response.context_data["changed"] = self.changed_rows(changed)
        if changed:
            response.status_code = 409
        return response


class ConcurrentEditMixin(ConcurrentDeleteMixin):
    edit_conflict_template = "admin/archive/edit_conflict.html"

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if change and obj is not None and self.has_change_permission(request, obj):
            if getattr(request, "restoring_from_history", False):
                # The form shows the version to restore; the token is of the record as it is.
                context[concurrency.TOKEN_FIELD] = getattr(request, "revert_token", "")
            else:
                # The form's instance carries what was posted: the token is of what is stored.
                fresh = self.model._default_manager.filter(pk=obj.pk).first()
                if fresh is not None:
                    context[concurrency.TOKEN_FIELD] = self._form_token(request, fresh)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _form_token(self, request, obj):
        built = form_tokens.edit_forms(self, request, obj)
        return form_tokens.form_token(obj, form_tokens.form_state(built))

    def _changeform_view(self, request, object_id, form_url, extra_context):
        # Django runs this inside the change view's transaction: the lock lasts until saved.
        if (
            request.method == "POST"
            and object_id is not None
            and "_saveasnew" not in request.POST
            and not getattr(request, "restoring_from_history", False)
        ):
            obj = self.get_object(request, unquote(object_id))
            if obj is not None and self.has_change_permission(request, obj):
                concurrency.lock(self.model, [obj.pk])
                obj = self.get_object(request, unquote(object_id))
                refusal = self._refuse_stale_edit(request, obj)
                if refusal is not None:
                    return refusal
        return super()._changeform_view(request, object_id, form_url, extra_context)

    def _refuse_stale_edit(self, request, obj):
        built = form_tokens.edit_forms(self, request, obj)
        now = form_tokens.form_state(built)
        token = form_tokens.read_form_token(request.POST.get(concurrency.TOKEN_FIELD), obj)
        if token is not None and token["s"] == now:
            return None
        started = token["s"] if token is not None else now
        reconciled = form_tokens.reconcile(
            built, started, form_tokens.submitted_state(built, request.POST)
        )
        change_url = reverse(
            f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_change",
            args=(quote(obj.pk),),
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": obj,
            "title": _("Not saved: “%s” was changed by someone else") % obj
            if token is not None
            else _("Not saved: “%s”, the form had no version") % obj,
            "missing_token": token is None,
            "revisions": concurrency.revisions_since(obj, token["v"]) if token else [],
            "differences": reconciled.differences,
            "both_changed": [
                f"{d.where} — {d.label}" if d.where else d.label
                for d in reconciled.differences
                if d.both_changed
            ],
            "lost_rows": reconciled.lost_rows,
            "hidden_inputs": form_tokens.hidden_inputs(reconciled.data),
            "edit_token": form_tokens.form_token(obj, now),
            "form_action": change_url,
        }
        return TemplateResponse(
            request, self.edit_conflict_template, context, status=409 if token else 400
        )
