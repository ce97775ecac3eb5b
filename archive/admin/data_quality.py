"""The data-quality page: what needs an editor's attention, each line linking to the record."""

from django.contrib.admin.utils import quote
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.urls import NoReverseMatch, reverse
from django.views.generic import TemplateView

from archive import quality
from archive.roles import DATA_QUALITY_PERMISSIONS

MAX_LINES_PER_CHECK = 100


def admin_change_url(record):
    opts = record._meta
    try:
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=(quote(record.pk),))
    except NoReverseMatch:
        return ""


def merge_url(records):
    """The list of these records, ready to select them all and merge."""
    opts = records[0]._meta
    ids = ",".join(str(record.pk) for record in records)
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist") + f"?id__in={ids}"


# The page lists draft articles' titles and the figures drawn from them: it is for those who
# may view both, like the lists of articles and statistics themselves.


class DataQualityView(PermissionRequiredMixin, TemplateView):
    template_name = "admin/archive/data_quality.html"
    admin_site = None
    permission_required = DATA_QUALITY_PERMISSIONS
    raise_exception = True  # staff without them get a 403, not a login page they are past

    def get_context_data(self, **kwargs):
        checks = []
        for check in quality.all_checks():
            lines = [
                {
                    "record": finding.record,
                    "url": admin_change_url(finding.record),
                    "problem": finding.problem,
                    "others": [
                        {"record": other, "url": admin_change_url(other)}
                        for other in finding.others
                    ],
                    "merge_url": merge_url([finding.record, *finding.others])
                    if finding.others
                    and hasattr(finding.record, "slug")
                    and type(finding.others[0]) is type(finding.record)
                    and "duplicate" in str(check.title).lower()
                    else "",
                }
                for finding in check.findings[:MAX_LINES_PER_CHECK]
            ]
            checks.append({"title": check.title, "total": len(check.findings), "lines": lines})
        return {
            **super().get_context_data(**kwargs),
            **self.admin_site.each_context(self.request),
            "title": "Data quality",
            "checks": checks,
            "problem_count": sum(check["total"] for check in checks),
        }
