"""
History in the admin: every record's page has a History with its versions (django-reversion),
each of which can be reverted to; deleted records can be recovered from the list's "Recover
deleted …" page; and any two versions can be compared field by field, with the parts stored
with the record (mentions, aliases, participants …) listed as added, removed or changed.

(django-reversion-compare does this too, but it is GPL-licensed; a comparison page is small.)

Reverting restores a whole revision, and a revision may hold several records (an article with
its parts, a batch of accepted suggestions, the state before a merge). So a version is only
reverted from its own record's page (right model, right id), the editor must be allowed to
change every kind of record the revision holds, and every article in it whose status would
change is checked against the workflow and logged (archive/workflow.py).
"""

import difflib

from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from reversion.admin import VersionAdmin
from reversion.models import Version

from archive import concurrency, history, workflow

from .concurrency import ConcurrentEditMixin

# Kept in step by the archive itself; comparing them would only add noise.
HIDDEN_FIELDS = {"search_text", "updated_at", "created_at", "match_key"}


def _display_value(model, field, value):
    if value in (None, "", []):
        return ""
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.ForeignKey):
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related is not None else _("#%s (deleted)") % value
    if isinstance(field, models.ManyToManyField):
        related = field.related_model._default_manager.filter(pk__in=value)
        return ", ".join(sorted(str(item) for item in related))
    if isinstance(value, list):
        return "; ".join(str(item) for item in value)
    return str(value)


def field_changes(version_a, version_b):
    """Fields that differ between two versions of one record: label, old, new, text diff."""
    model = version_a._model
    old, new = version_a.field_dict, version_b.field_dict
    changes = []
    for field in model._meta.get_fields():
        if not (field.concrete or field.many_to_many) or field.auto_created:
            continue
        if field.name in HIDDEN_FIELDS:
            continue
        key = field.attname
        if key not in old and key not in new:
            continue
        before, after = old.get(key), new.get(key)
        if before == after:
            continue
        before_text = _display_value(model, field, before)
        after_text = _display_value(model, field, after)
        diff = []
        if "\n" in before_text or "\n" in after_text or len(before_text) > 200:
            diff = [
                line
                for line in difflib.unified_diff(
                    before_text.splitlines(), after_text.splitlines(), lineterm="", n=1
                )
                if not line.startswith(("---", "+++"))
            ]
        changes.append(
            {
                "label": capfirst(field.verbose_name),
                "before": before_text,
                "after": after_text,
                "diff": diff,
            }
        )
    return changes


def part_changes(version_a, version_b):
    """The records stored with each version (followed parts), as added, removed or changed."""

    def parts(version):
        return {
            (other.content_type_id, other.object_id): other
            for other in version.revision.version_set.select_related("content_type")
            if (other.content_type_id, other.object_id)
            != (version.content_type_id, version.object_id)
        }

    before, after = parts(version_a), parts(version_b)
    rows = []
    for key in sorted(
        set(before) | set(after), key=lambda k: (k[0], int(k[1]) if k[1].isdigit() else 0)
    ):
        old, new = before.get(key), after.get(key)
        any_version = new or old
        kind = capfirst(any_version.content_type.model_class()._meta.verbose_name)
        if old is None:
            rows.append({"kind": kind, "change": _("added"), "text": new.object_repr})
        elif new is None:
            rows.append({"kind": kind, "change": _("removed"), "text": old.object_repr})
        elif old.serialized_data != new.serialized_data:
            detail = "; ".join(
                f"{c['label']}: {c['before'] or '—'} → {c['after'] or '—'}"
                for c in field_changes(old, new)
            )
            rows.append(
                {"kind": kind, "change": _("changed"), "text": f"{new.object_repr} ({detail})"}
            )
    return rows


class HistoryAdmin(ConcurrentEditMixin, VersionAdmin):
    """
    A ModelAdmin with history, revert, recover and a comparison of two versions; its change
    forms refuse a stale save (admin/concurrency.py).
    """

    object_history_template = "admin/archive/object_history.html"
    history_latest_first = True

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/history/compare/",
                self.admin_site.admin_view(self.compare_view),
                name="{}_{}_compare".format(*info),
            ),
            *super().get_urls(),
        ]

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and object_id is not None:
            # A record loaded from the corpus has no history yet: keep how it was first.
            obj = self.get_object(request, unquote(object_id))
            if obj is not None and self.has_change_permission(request, obj):
                history.ensure_baseline(obj)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def delete_model(self, request, obj):
        # A deleted record can only be recovered from a version: keep one of how it was.
        history.ensure_baseline(obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        history.ensure_baseline(*queryset)
        super().delete_queryset(request, queryset)

    # --- Reverting and recovering: the version must be this record's, the steps allowed ---

    def revision_view(self, request, object_id, version_id, extra_context=None):
        # Reversion matches the id alone: a version of another kind of record would do.
        get_object_or_404(
            Version.objects.get_for_model(self.model), pk=version_id, object_id=unquote(object_id)
        )
        # The confirmation page carries a token of the record as it is, not as it would be.
        live = self.model._default_manager.filter(pk=unquote(object_id)).first()
        if live is not None:
            request.revert_token = concurrency.record_token(live)
        return self._guarded_revert(
            request, version_id, super().revision_view, object_id, version_id, extra_context
        )

    def recover_view(self, request, version_id, extra_context=None):
        version = get_object_or_404(Version.objects.get_for_model(self.model), pk=version_id)
        if self.model._default_manager.filter(pk=version.object_id).exists():
            raise Http404(_("This record is not deleted: revert it from its history instead."))
        return self._guarded_revert(
            request, version_id, super().recover_view, version_id, extra_context
        )

    def _guarded_revert(self, request, version_id, view, *args):
        if not self.has_change_permission(request):
            raise PermissionDenied
        revision = Version.objects.select_related("revision").get(pk=version_id).revision
        try:
            self._check_revision_permissions(request, revision)
            before = workflow.check_revert(revision, request.user)
        except (PermissionDenied, workflow.WorkflowError) as refusal:
            return TemplateResponse(
                request,
                "admin/archive/revert_refused.html",
                {
                    **self.admin_site.each_context(request),
                    "opts": self.opts,
                    "title": _("This version cannot be restored"),
                    "reason": str(refusal),
                },
                status=403,
            )
        # Tells the change form that the status is the restored one, not to be edited.
        request.restoring_from_history = True
        with transaction.atomic():
            if request.method == "POST":
                refusal = self._refuse_stale_revert(request, version_id)
                if refusal is not None:
                    return refusal
            response = view(request, *args)
            workflow.log_revert(before, request.user)
        return response

    def _refuse_stale_revert(self, request, version_id):
        """A revert confirmed from a page shown before the record last changed is refused."""
        version = Version.objects.get(pk=version_id)
        record = concurrency.lock(self.model, [self.model._meta.pk.to_python(version.object_id)])
        if not record:
            return None  # recovering a deleted record: recover_view checked it is still deleted
        changed = concurrency.stale_records(
            record.values(), concurrency.read_tokens(request.POST.getlist(concurrency.TOKEN_FIELD))
        )
        if not changed:
            return None
        return TemplateResponse(
            request,
            "admin/archive/revert_refused.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": _("Not restored: the record changed since"),
                "reason": " ".join(concurrency.describe(changed)),
                "stale": True,
                "history_url": reverse(
                    f"{self.admin_site.name}:%s_%s_history"
                    % (self.opts.app_label, self.opts.model_name),
                    args=(quote(version.object_id),),
                ),
            },
            status=409,
        )

    def _check_revision_permissions(self, request, revision):
        """Reverting changes every record the revision holds: all must be the user's to change."""
        for content_type in {version.content_type for version in revision.version_set.all()}:
            codename = f"{content_type.app_label}.change_{content_type.model}"
            if not request.user.has_perm(codename):
                raise PermissionDenied(
                    _("This version was saved with records you may not change (%s).")
                    % content_type.name
                )

    def history_view(self, request, object_id, extra_context=None):
        versions = self._reversion_order_version_queryset(
            request,
            Version.objects.get_for_object_reference(self.model, unquote(object_id)).select_related(
                "revision", "revision__user"
            ),
        )
        info = self.opts.app_label, self.opts.model_name
        versions = list(versions)
        context = {
            "versions": [
                {
                    "version": version,
                    "revision": version.revision,
                    "url": reverse(
                        f"{self.admin_site.name}:%s_%s_revision" % info,
                        args=(quote(version.object_id), version.pk),
                    ),
                }
                for version in versions
            ],
            "compare_url": reverse(
                f"{self.admin_site.name}:%s_%s_compare" % info, args=(quote(object_id),)
            ),
            "default_from": versions[1].pk if len(versions) > 1 else None,
            "default_to": versions[0].pk if versions else None,
        }
        context.update(extra_context or {})
        return super().history_view(request, object_id, context)

    def compare_view(self, request, object_id):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        object_id = unquote(object_id)
        versions = Version.objects.get_for_object_reference(self.model, object_id)
        try:
            first = get_object_or_404(versions, pk=int(request.GET.get("from", "")))
            second = get_object_or_404(versions, pk=int(request.GET.get("to", "")))
        except ValueError:
            return TemplateResponse(
                request,
                "admin/archive/compare.html",
                {
                    **self.admin_site.each_context(request),
                    "opts": self.opts,
                    "title": _("Compare versions"),
                    "error": _("Choose two versions to compare."),
                },
                status=400,
            )
        if first.pk > second.pk:  # versions are numbered in the order they were saved
            first, second = second, first
        obj = self.model._default_manager.filter(pk=object_id).first()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "object": obj,
            "object_repr": first.object_repr if obj is None else str(obj),
            "title": _("Compare versions of %s") % (second.object_repr),
            "first": first,
            "second": second,
            "fields": field_changes(first, second),
            "parts": part_changes(first, second),
            "history_url": reverse(
                f"{self.admin_site.name}:%s_%s_history"
                % (self.opts.app_label, self.opts.model_name),
                args=(quote(object_id),),
            ),
        }
        return TemplateResponse(request, "admin/archive/compare.html", context)
