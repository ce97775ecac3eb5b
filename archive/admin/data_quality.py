from django.views.generic import TemplateView


class DataQualityView(TemplateView):
    admin_site = None
