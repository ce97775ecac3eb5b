"""
The archive's admin site: Django's, with the data-quality page, and an index that starts with
the editors' work queue and groups the models the way editors think of them.
"""

import functools

from django.contrib import admin
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from archive.roles import DATA_QUALITY_PERMISSIONS, describe_roles

# The index's sections: the archive's models by what they are to an editor, in this order.
# A model not listed here still appears, in "Other records"; every other app's models (users,
# groups, login attempts) go to "System".
MODEL_SECTIONS = [
    (
        "records",
        _("Records"),
        ["Article", "Person", "Organisation", "Place", "Event", "Indicator", "Topic"],
    ),
    (
        "facts",
        _("Facts drawn from texts"),
        [
            "Role",
            "Statistic",
            "EventParticipant",
            "EventReport",
            "PersonMention",
            "OrganisationMention",
            "PlaceMention",
            "Authorship",
            "PersonAlias",
            "OrganisationAlias",
            "PlaceAlias",
        ],
    ),
    ("curation", _("Curation log"), ["Suggestion", "StatusChange", "Correction", "MovedRecord"]),
]
OTHER_RECORDS = ("other", _("Other records"))
SYSTEM = ("system", _("System"))

DRAFTS_SHOWN = 5  # the oldest drafts listed by name in the work queue


def roles(user):
    """Each role (archive.roles) with what its members may do, and whether `user` has it."""
    mine = set(user.groups.values_list("name", flat=True))
    in_no_group = not mine and not user.is_superuser
    return [
        {**role, "is_member": role["name"] in mine if role["name"] else in_no_group}
        for role in describe_roles()
    ]


def work_queue(user):
    """
    What waits for the editors, as far as `user` may see it: articles in review, drafts
    (the oldest first, with how long they have waited), pending suggestions and open
    data-quality findings, each counted and linked to the list that shows them.
    """
    from archive import cache, quality
    from archive.models import Article, Suggestion

    items = []
    if user.has_perm("archive.view_article"):
        articles = reverse("admin:archive_article_changelist")
        items.append(
            {
                "label": _("Articles awaiting review"),
                "count": Article.objects.filter(status=Article.Status.IN_REVIEW).count(),
                "url": f"{articles}?status__exact={Article.Status.IN_REVIEW}",
            }
        )
        drafts = Article.objects.filter(status=Article.Status.DRAFT)
        items.append(
            {
                "label": _("Drafts"),
                "count": drafts.count(),
                "url": f"{articles}?status__exact={Article.Status.DRAFT}",
                "oldest": [
                    {
                        "article": article,
                        "url": reverse("admin:archive_article_change", args=[article.pk]),
                    }
                    for article in drafts.order_by("created_at", "pk").only(
                        "pk", "title", "title_is_devised", "slug", "created_at"
                    )[:DRAFTS_SHOWN]
                ],
            }
        )
    if user.has_perm("archive.view_suggestion"):
        items.append(
            {
                "label": _("Suggested links waiting"),
                "count": Suggestion.objects.filter(status=Suggestion.Status.PENDING).count(),
                "url": reverse("admin:archive_suggestion_changelist")
                + f"?status__exact={Suggestion.Status.PENDING}",
            }
        )
    if user.has_perms(DATA_QUALITY_PERMISSIONS):
        items.append(
            {
                "label": _("Data-quality findings"),
                # Every check over the whole archive: remembered until the archive changes.
                "count": cache.remember(
                    "open-findings",
                    lambda: sum(len(check.findings) for check in quality.all_checks()),
                ),
                "url": reverse("admin:data_quality"),
            }
        )
    return items


class ArchiveAdminSite(admin.AdminSite):
    site_header = _("Kazakhstan–Belgium Relations Archive")
    site_title = _("KZ–BE Archive admin")
    index_title = _("Curation")
    index_template = "admin/archive_index.html"

    def get_urls(self):
        from .data_quality import DataQualityView

        return [
            path(
                "data-quality/",
                self.admin_view(DataQualityView.as_view(admin_site=self)),
                name="data_quality",
            ),
            *super().get_urls(),
        ]

    def get_app_list(self, request, app_label=None):
        """
        On the index and in the sidebar, the models in the editors' sections (records, facts
        drawn from texts, curation log, system) rather than by app in alphabetical order.
        An app's own page (`app_label`) keeps Django's list of that app's models.
        """
        if app_label is not None:
            return super().get_app_list(request, app_label)
        apps = self._build_app_dict(request)
        archive = apps.pop("archive", None)
        archive_models = (
            {model["object_name"]: model for model in archive["models"]} if archive else {}
        )
        sections = []
        for key, name, object_names in MODEL_SECTIONS:
            models = [archive_models.pop(n) for n in object_names if n in archive_models]
            sections.append(self.section(key, name, models))
        others = sorted(archive_models.values(), key=lambda model: model["name"])
        sections.append(self.section(*OTHER_RECORDS, others))
        system = [model for app in apps.values() for model in app["models"]]
        sections.append(self.section(*SYSTEM, sorted(system, key=lambda model: model["name"])))
        return [section for section in sections if section["models"]]

    @staticmethod
    def section(key, name, models):
        """A group of models, shaped as one app of Django's app list (what the templates read)."""
        return {
            "name": name,
            "app_label": key,
            # The section's title leads to the app page of its first model.
            "app_url": reverse(
                "admin:app_list", kwargs={"app_label": models[0]["model"]._meta.app_label}
            )
            if models
            else "",
            "has_module_perms": True,
            "models": models,
        }

    def index(self, request, extra_context=None):
        user_roles = roles(request.user)
        extra_context = {
            "work_queue": work_queue(request.user),
            "roles": user_roles,
            "in_no_group": not request.user.is_superuser
            and not any(role["is_member"] for role in user_roles if role["name"]),
            "may_see_data_quality": request.user.has_perms(DATA_QUALITY_PERMISSIONS),
            **(extra_context or {}),
        }
        return super().index(request, extra_context)


@functools.cache
def default_site():
    """
    The one ArchiveAdminSite, for `ArchiveAdminConfig.default_site`.

    Django builds the default site on first use of `admin.site`, by importing the path it is
    given. Importing this module imports the `archive.admin` package first, whose modules
    register their admins on `admin.site` while it is still being built: with the class as the
    path, that inner use would build one site, take the registrations, and the outer one would
    then replace it with a second, empty site. Built once here, both get the same site.
    """
    return ArchiveAdminSite()
