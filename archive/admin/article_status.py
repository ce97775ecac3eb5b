"""
The article's publishing workflow in the admin, as a mixin of ArticleAdmin: the bulk actions
that submit, return to draft, publish and withdraw, each asking for a note on a confirmation
page, and deletion, which takes a published article off the site and is a publisher's step.

The statuses named here are the workflow's steps (archive/workflow.py), not a rule of what
the public sees: that one is `Article.objects.published()`.
"""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from archive import concurrency, workflow
from archive.models import Article

from .forms import StatusNoteForm


class ArticleStatusMixin:
    """Goes before CorrectionAdminMixin and HistoryAdmin in ArticleAdmin's bases."""

    # --- Deleting a published article takes it off the site: a publisher's step ---

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        # On the site is what the public sees (Article.is_public), not a step of the workflow.
        if not workflow.can_publish(request.user) and any(article.is_public for article in objs):
            perms_needed.add(_("published articles (only publishers may take them off the site)"))
        return deleted, counts, perms_needed, protected

    # --- Bulk steps of the workflow, each confirmed with a note ---

    def _step(self, request, queryset, status, done_message):
        """
        Asks for a note on a confirmation page first, then takes the step for each article.

        The confirmation page carries a token of each article as it showed it: if any changed
        since (or the page sent none), nothing is changed and the page says which and by whom.
        """
        form = StatusNoteForm(request.POST if "confirm" in request.POST else None)
        if not form.is_valid():
            return self._step_confirmation(request, queryset, status, form)
        with transaction.atomic():
            articles = list(
                concurrency.lock(Article, queryset.values_list("pk", flat=True)).values()
            )
            changed = concurrency.stale_records(
                articles, concurrency.read_tokens(request.POST.getlist(concurrency.TOKEN_FIELD))
            )
            if changed:
                return self._step_confirmation(request, queryset, status, form, changed=changed)
            done, refused = 0, []
            for article in articles:
                try:
                    workflow.change_status(article, status, request.user, form.cleaned_data["note"])
                    done += 1
                except (workflow.WorkflowError, PermissionDenied) as error:
                    refused.append(str(error))
        if done:
            self.message_user(request, done_message(done), messages.SUCCESS)
        for reason in refused[:10]:
            self.message_user(request, reason, messages.WARNING)
        return None

    def _step_confirmation(self, request, queryset, status, form, changed=()):
        rows = []
        for article in queryset:
            try:
                workflow.check_step(article, status, request.user)
                refusal = ""
            except (workflow.WorkflowError, PermissionDenied) as error:
                refusal = str(error)
            rows.append(
                {
                    "article": article,
                    "refusal": refusal,
                    "token": concurrency.record_token(article),
                }
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": ngettext(
                "Move %(count)d article to “%(status)s”?",
                "Move %(count)d articles to “%(status)s”?",
                len(rows),
            )
            % {"count": len(rows), "status": Article.Status(status).label},
            "rows": rows,
            "allowed_count": sum(1 for row in rows if not row["refusal"]),
            "form": form,
            "action": request.POST.get("action", ""),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "changed": concurrency.describe(changed),
        }
        return TemplateResponse(
            request,
            "admin/archive/article/status_confirm.html",
            context,
            status=409 if changed else 200,
        )

    @admin.action(description=_("Submit the selected articles for review"), permissions=["change"])
    def submit_for_review(self, request, queryset):
        return self._step(
            request,
            queryset,
            Article.Status.IN_REVIEW,
            lambda n: (
                ngettext("%d article submitted for review.", "%d articles submitted for review.", n)
                % n
            ),
        )

    @admin.action(description=_("Return the selected articles to draft"), permissions=["change"])
    def return_to_draft(self, request, queryset):
        return self._step(
            request,
            queryset,
            Article.Status.DRAFT,
            lambda n: (
                ngettext("%d article returned to draft.", "%d articles returned to draft.", n) % n
            ),
        )

    @admin.action(description=_("Publish the selected articles"), permissions=["publish"])
    def publish(self, request, queryset):
        return self._step(
            request,
            queryset,
            Article.Status.PUBLISHED,
            lambda n: ngettext("%d article published.", "%d articles published.", n) % n,
        )

    @admin.action(description=_("Withdraw the selected articles"), permissions=["publish"])
    def unpublish(self, request, queryset):
        return self._step(
            request,
            queryset,
            Article.Status.WITHDRAWN,
            lambda n: ngettext("%d article withdrawn.", "%d articles withdrawn.", n) % n,
        )

    def has_publish_permission(self, request):
        return workflow.can_publish(request.user)
