"""The public website: browse, search and read the archive. Only published articles show."""

from django.views.generic import DetailView, ListView, TemplateView

from .models import Article, Event, Indicator, Organisation, Person, Place, Topic


class HomeView(TemplateView):
    template_name = "archive/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["latest_articles"] = Article.objects.published().for_list()[:5]
        return context


class ArticleListView(ListView):
    queryset = Article.objects.published().for_list()
    paginate_by = 20


class ArticleDetailView(DetailView):
    queryset = Article.objects.published().for_detail()


class PersonListView(ListView):
    model = Person
    paginate_by = 50


class PersonDetailView(DetailView):
    model = Person


class OrganisationListView(ListView):
    queryset = Organisation.objects.select_related("parent")
    paginate_by = 50


class OrganisationDetailView(DetailView):
    model = Organisation


class PlaceListView(ListView):
    model = Place
    paginate_by = 50


class PlaceDetailView(DetailView):
    model = Place


class EventListView(ListView):
    queryset = Event.objects.public().for_list()
    paginate_by = 50


class EventDetailView(DetailView):
    queryset = Event.objects.public().for_detail()


class IndicatorListView(ListView):
    model = Indicator


class IndicatorDetailView(DetailView):
    model = Indicator


class TopicListView(ListView):
    model = Topic


class TopicDetailView(DetailView):
    model = Topic
