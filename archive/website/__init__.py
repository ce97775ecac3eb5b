"""
The public website: browse, search and read the archive. Laid out as `archive/api/` is, so
a URL leads to its view in two hops (urls.py, then the module of its record family):

- articles.py, entities.py (people, organisations, places), events.py, indicators.py,
  topics.py, pages.py (home, robots.txt, the RDF dump and its VoID): the views;
- generic.py: the filtered list (django-filter's `FilterView`) and the staff preview;
- facets.py, queries.py: the article list's facets, and the counts and queries behind pages;
- feeds.py, sitemaps.py, oai.py, citations.py, structured_data.py: the machine-readable faces;
  linked_data.py: a record's address answering Turtle and JSON-LD as well as its page;
- charts.py, linking.py: figures drawn as bars, and article bodies linked to their records.

Only published articles are public (`Article.objects.published()`), and so only the facts
drawn from them (`.public()` on events, roles, figures and records). Lists filter through
the FilterSets the API uses, so a parameter means the same thing on both faces; a parameter
the FilterSet rejects is a 400 page that shows the reader the error. Every page costs a fixed
number of queries, whatever the number of rows shown.
"""
