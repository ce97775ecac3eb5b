"""
A synthetic archive for tests and benchmarks: people, nested organisations, places, topics,
events, roles, statistics and articles in the shape of the real corpus, with every quote and
surface form verbatim in its article, so the archive's own checks hold for it too.

Generation is deterministic for a given seed (one `random.Random`), and fast: records are built
in memory and written with `bulk_create` in batches, each batch in one transaction. Every record
is marked as synthetic (`SYNTHETIC_MARK` at the start of its description or editorial note),
which is how the generator tells a synthetic archive from real curated data.
"""

import hashlib
import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import cache

from django.db import reset_queries, transaction
from django.utils.text import slugify

from archive import dates, gazetteer, signals
from archive.models import (
    Article,
    Authorship,
    Event,
    EventParticipant,
    EventReport,
    Indicator,
    Organisation,
    OrganisationAlias,
    OrganisationMention,
    Person,
    PersonAlias,
    PersonMention,
    Place,
    PlaceAlias,
    PlaceMention,
    Role,
    Statistic,
    Topic,
)
from archive.text import fold, names_search_text, text_digest

SYNTHETIC_MARK = "[synthetic]"
BATCH_SIZE = 2000
FIRST_DAY, LAST_DAY = date(1992, 1, 1), date(2026, 10, 31)

KAZAKH_GIVEN = [
    "Aigul", "Askar", "Aida", "Bolat", "Dana", "Daniyar", "Erlan", "Gulnara", "Kairat", "Madina",
    "Marat", "Nurlan", "Roman", "Saule", "Serik", "Timur", "Yerzhan", "Zhanna", "Aliya", "Berik",
]  # fmt: skip
KAZAKH_FAMILY = [
    "Abdrakhmanov", "Akhmetov", "Baimukhan", "Bekov", "Dzhaksybekov", "Ermekov", "Iskakov",
    "Kassymov", "Kuspan", "Mukhamedov", "Nurpeisov", "Omarov", "Sarsenbayev", "Seitkali",
    "Shakirov", "Tulegenov", "Utepov", "Zhakupov", "Nigmatulin", "Ospanov",
]  # fmt: skip
BELGIAN_GIVEN = [
    "Anne", "Bart", "Céline", "Dirk", "Els", "François", "Geert", "Hélène", "Jan", "Karin",
    "Luc", "Marie", "Nathalie", "Olivier", "Pieter", "Sophie", "Tim", "Véronique", "Wim", "Yves",
]  # fmt: skip
BELGIAN_FAMILY = [
    "Claes", "De Baets", "De Smet", "Dubois", "D’Hondt", "Janssens", "Lambert", "Leclercq",
    "Maes", "Mertens", "Peeters", "Renard", "Simon", "Vandenput", "Van Damme", "Wouters",
    "Willems", "Dupont", "Jacobs", "Goossens",
]  # fmt: skip
CITIES = [
    ("Astana", "KZ"), ("Almaty", "KZ"), ("Shymkent", "KZ"), ("Karaganda", "KZ"),
    ("Aktobe", "KZ"), ("Atyrau", "KZ"), ("Pavlodar", "KZ"), ("Kostanay", "KZ"),
    ("Turkistan", "KZ"), ("Aktau", "KZ"), ("Brussels", "BE"), ("Antwerp", "BE"),
    ("Ghent", "BE"), ("Liège", "BE"), ("Bruges", "BE"), ("Leuven", "BE"), ("Namur", "BE"),
    ("Charleroi", "BE"), ("Vienna", "AT"), ("Geneva", "CH"), ("Strasbourg", "FR"),
    ("Luxembourg", "LU"),
]  # fmt: skip
TOPICS = [
    "Diplomatic relations", "Inter-parliamentary cooperation", "Trade and investment",
    "Energy", "Transport and logistics", "Agriculture", "Education and science", "Culture",
    "Health", "Security", "Relations with the European Union", "Multilateral diplomacy",
    "Political reforms", "Tourism", "Digital economy", "Environment and climate",
]  # fmt: skip
INDICATORS = [
    ("Trade turnover between Kazakhstan and Belgium", "USD", "between"),
    ("Exports from Kazakhstan to Belgium", "USD", "from_to"),
    ("Imports from Belgium to Kazakhstan", "USD", "from_to"),
    ("Direct investment from Belgium to Kazakhstan, per year", "USD", "from_to"),
    ("Direct investment from Belgium to Kazakhstan, cumulative", "USD", "from_to"),
    ("Enterprises in Kazakhstan with Belgian participation", "enterprises", "within"),
    ("Kazakh students in Belgium", "students", "within"),
    ("Tourist arrivals from Belgium to Kazakhstan", "visitors", "from_to"),
]  # fmt: skip
QUALIFIER_WORDS = {
    "exact": "",
    "approximately": "around ",
    "almost": "almost ",
    "more_than": "more than ",
    "less_than": "less than ",
}
SYLLABLES = [
    "ka", "ze", "ri", "bo", "lan", "tur", "mek", "sol", "dar", "vel", "qua", "nor", "sib",
    "tal", "mir", "gen", "hol", "pax", "rud", "vor", "lin", "tas", "bek", "ost", "ami",
]  # fmt: skip
COMMON_PHRASES = [
    "the parties discussed the prospects of bilateral cooperation",
    "the sides noted the positive dynamics of the partnership",
    "special attention was paid to trade and investment",
    "the importance of inter-parliamentary dialogue was stressed",
    "the interlocutors exchanged views on regional security",
    "cooperation in education, science and culture was discussed",
    "the meeting took place in a friendly atmosphere",
    "both countries expressed interest in expanding transport links",
]  # fmt: skip
MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]  # fmt: skip


class RealDataPresent(Exception):
    """The archive holds curated (non-synthetic) records; generation would mix the two."""


@dataclass
class Summary:
    articles: int = 0
    people: int = 0
    organisations: int = 0
    events: int = 0
    roles: int = 0
    statistics: int = 0


def real_data_present():
    return (
        Article.objects.exclude(editorial_note__startswith=SYNTHETIC_MARK).exists()
        or Person.objects.exclude(description__startswith=SYNTHETIC_MARK).exists()
        or Organisation.objects.exclude(description__startswith=SYNTHETIC_MARK).exists()
        or Event.objects.exclude(description__startswith=SYNTHETIC_MARK).exists()
    )


# Every record has one other name, as the real archive's records have several: a city as a
# dateline prints it (ASTANA), a body by its initials, a person as a byline prints them,
# surname first ("Kudrenok Tatyana").
ALIAS_NOTE = f"{SYNTHETIC_MARK} Another form of the name."


def city_coordinates(name, country):
    """The gazetteer's point for a city, so that the map draws the synthetic places too."""
    found = [e for e in gazetteer.suggestions([name], country) if e.latitude is not None]
    if not found:
        return {}
    return {
        "latitude": found[0].latitude,
        "longitude": found[0].longitude,
        "coordinates_source": found[0].source,
    }


def place_alias(name):
    return name.upper()


def organisation_alias(name):
    words = [word for word in name.split() if word != "No."]
    if len(words) == 1:
        return name.upper()
    return "".join(word if word.isdigit() else word[0].upper() for word in words)


def person_alias(person):
    family, given = person.sort_name.split(", ", 1)
    return f"{family} {given}"


@cache
def _bounds(expression):
    return dates.edtf_bounds(expression)


def _set_date(record, expression, inferred=False, note=""):
    bounds = _bounds(expression)
    record.date_edtf = expression
    record.date_lower, record.date_upper, record.date_sort = (
        bounds.lower,
        bounds.upper,
        bounds.sort_key,
    )
    record.date_is_inferred = inferred
    record.date_note = note


def _day_words(day):
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


class Generator:
    def __init__(self, seed=1):
        self.random = random.Random(seed)
        self.seed = seed
        self.vocabulary = self._make_vocabulary(3000)

    # -- vocabulary: invented words with a Zipf-like frequency, for realistic search -----
    def _make_vocabulary(self, size):
        words, seen = [], set()
        while len(words) < size:
            word = "".join(self.random.choice(SYLLABLES) for _ in range(self.random.randint(2, 4)))
            if word not in seen:
                seen.add(word)
                words.append(word)
        return words

    def _zipf_word(self):
        # Inverse-rank sampling: a few words are very common, most are rare.
        rank = int(len(self.vocabulary) ** self.random.random()) - 1
        return self.vocabulary[max(0, rank)]

    def _filler_sentence(self):
        words = [self._zipf_word() for _ in range(self.random.randint(6, 14))]
        return f"{self.random.choice(COMMON_PHRASES).capitalize()}, {' '.join(words)}."

    # -- entities ---------------------------------------------------------------------------
    def make_entities(self, articles):
        rng = self.random
        self.topics = Topic.objects.bulk_create(
            [Topic(name=name, slug=slugify(name)) for name in TOPICS]
        )
        self.places = Place.objects.bulk_create(
            [
                Place(
                    name=name,
                    slug=slugify(name),
                    kind=Place.Kind.CITY,
                    country=country,
                    description=f"{SYNTHETIC_MARK} A city.",
                    search_text=names_search_text([name, place_alias(name)]),
                    **city_coordinates(name, country),
                )
                for name, country in CITIES
            ]
        )
        PlaceAlias.objects.bulk_create(
            PlaceAlias(place=place, name=place_alias(place.name), note=ALIAS_NOTE)
            for place in self.places
        )
        self.indicators = Indicator.objects.bulk_create(
            [
                Indicator(name=name, slug=slugify(name), description=f"{SYNTHETIC_MARK} {name}.")
                for name, _unit, _direction in INDICATORS
            ]
        )

        self.kazinform = self._organisation("Kazinform", Organisation.Kind.NEWS_AGENCY, "KZ")
        organisations = [self.kazinform]
        for country, state_name in (("KZ", "Republic of Kazakhstan"), ("BE", "Kingdom of Belgium")):
            organisations.append(self._organisation(state_name, Organisation.Kind.STATE, country))
        organisation_count = max(20, articles // 40)
        parents = list(organisations)
        while len(organisations) < organisation_count:
            index = len(organisations)
            country = rng.choice(["KZ", "BE", ""])
            kind = rng.choice(list(Organisation.Kind))
            name = f"{kind.label.capitalize()} {self._name_word().capitalize()} No. {index}"
            parent = rng.choice(parents) if rng.random() < 0.6 else None
            organisations.append(self._organisation(name, kind, country, parent))
            if len(parents) < 200:
                parents.append(organisations[-1])
        # Saved level by level so that parents have primary keys first.
        self.organisations = []
        pending = organisations
        while pending:
            ready = [org for org in pending if org.parent is None or org.parent.pk is not None]
            self.organisations += Organisation.objects.bulk_create(ready, batch_size=BATCH_SIZE)
            pending = [org for org in pending if org.pk is None]
        OrganisationAlias.objects.bulk_create(
            (
                OrganisationAlias(
                    organisation=organisation,
                    name=organisation_alias(organisation.name),
                    note=ALIAS_NOTE,
                    needs_context=True,  # initials other bodies may share
                )
                for organisation in self.organisations
            ),
            batch_size=BATCH_SIZE,
        )

        people, names = [], set()
        person_count = max(30, articles // 20)
        while len(people) < person_count:
            kazakh = rng.random() < 0.5
            given = rng.choice(KAZAKH_GIVEN if kazakh else BELGIAN_GIVEN)
            family = rng.choice(KAZAKH_FAMILY if kazakh else BELGIAN_FAMILY)
            name = f"{given} {family}"
            if name in names:
                name = f"{given} {self._name_word().capitalize()} {family}"
            if name in names:
                continue
            names.add(name)
            people.append(
                Person(
                    name=name,
                    sort_name=f"{family}, {given}",
                    slug=slugify(name),
                    country="KZ" if kazakh else "BE",
                    description=f"{SYNTHETIC_MARK} A person.",
                    search_text=names_search_text(
                        [name, f"{family}, {given}", f"{family} {given}"]
                    ),
                )
            )
        self.people = Person.objects.bulk_create(people, batch_size=BATCH_SIZE)
        PersonAlias.objects.bulk_create(
            (
                PersonAlias(person=person, name=person_alias(person), note=ALIAS_NOTE)
                for person in self.people
            ),
            batch_size=BATCH_SIZE,
        )

    def _name_word(self):
        return self.random.choice(self.vocabulary)

    def _organisation(self, name, kind, country, parent=None):
        return Organisation(
            name=name,
            slug=slugify(name),
            kind=kind,
            country=country,
            parent=parent,
            description=f"{SYNTHETIC_MARK} An organisation.",
            search_text=names_search_text([name, organisation_alias(name)]),
        )

    # -- articles and the facts drawn from them -----------------------------------------------
    def _article_date(self):
        rng = self.random
        day = FIRST_DAY + timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days))
        roll = rng.random()
        if roll < 0.85:
            return day, day.isoformat(), False, ""
        if roll < 0.93:
            return day, day.strftime("%Y-%m"), False, ""
        if roll < 0.98:
            return day, str(day.year), True, f"{SYNTHETIC_MARK} Inferred from the text."
        return day, "", False, ""

    def make_batch(self, start, count):
        rng = self.random
        articles, plans = [], []
        for number in range(start, start + count):
            day, expression, inferred, note = self._article_date()
            city = rng.choice(self.places)
            speaker, counterpart = rng.sample(self.people, 2)
            body_org, other_org = rng.sample(self.organisations, 2)
            indicator_index = rng.randrange(len(self.indicators))
            title = (
                f"{speaker.name} and {counterpart.name} discuss "
                f"{rng.choice(TOPICS).lower()} in {city.name}"
            )
            role_quote = f"{speaker.name}, Head of the {body_org.name}"
            opening = (
                f"{role_quote}, met with {counterpart.name} of the {other_org.name} "
                f"in {city.name} on {_day_words(day)}."
            )
            name, unit, _direction = INDICATORS[indicator_index]
            qualifier = rng.choice(list(QUALIFIER_WORDS))
            value = Decimal(rng.randrange(10, 99999)) / 10
            figure_sentence = (
                f"In {day.year - 1}, the {name[0].lower()}{name[1:]} was "
                f"{QUALIFIER_WORDS[qualifier]}{value} million {unit}"
            )
            event_title = f"Meeting of {speaker.name} and {counterpart.name} in {city.name}"
            event_sentence = f"The {event_title.lower()[0]}{event_title[1:]} took place"
            paragraphs = [
                opening,
                " ".join(self._filler_sentence() for _ in range(rng.randint(3, 5))),
                f"{figure_sentence}. {self._filler_sentence()}",
                f"{event_sentence} as planned. {self._filler_sentence()}",
                " ".join(self._filler_sentence() for _ in range(rng.randint(2, 4))),
            ]
            body = "\n\n".join(paragraphs)
            dateline = f"{city.name.upper()}. KAZINFORM –"
            header = f" date {day.isoformat()} " if expression == day.isoformat() else ""
            raw = f"{header}{title}\n\n{dateline} {body}\n"
            article = Article(
                title=title,
                slug=f"{slugify(title)[:150]}-{number}",
                dateline=dateline,
                dateline_place=city,
                source=self.kazinform,
                attribution="",
                body=body,
                raw_text=raw,
                original_filename=f"synthetic-{self.seed}-{number:07d}.txt",
                raw_sha256=hashlib.sha256(raw.encode()).hexdigest(),
                text_sha256=text_digest(raw),
                language="en",
                status=Article.Status.PUBLISHED if rng.random() < 0.95 else Article.Status.DRAFT,
                editorial_note=f"{SYNTHETIC_MARK} Generated with seed {self.seed}.",
                search_text=fold(f"{title}\n{body}"),
            )
            _set_date(article, expression, inferred, note)
            articles.append(article)
            plans.append(
                {
                    "day": day,
                    "city": city,
                    "speaker": speaker,
                    "counterpart": counterpart,
                    "body_org": body_org,
                    "other_org": other_org,
                    "role_quote": role_quote,
                    "indicator": self.indicators[indicator_index],
                    "unit": unit,
                    "qualifier": qualifier,
                    "value": value,
                    "figure_sentence": figure_sentence,
                    "event_title": event_title,
                    "event_sentence": event_sentence,
                    "topics": rng.sample(self.topics, rng.randint(1, 3)),
                }
            )
        with transaction.atomic():
            Article.objects.bulk_create(articles, batch_size=BATCH_SIZE)
            self._write_facts(articles, plans)
        return articles

    def _write_facts(self, articles, plans):
        rng = self.random
        person_mentions, organisation_mentions, place_mentions = [], [], []
        roles, statistics, events, topic_links, authorships = [], [], [], [], []
        for article, plan in zip(articles, plans, strict=True):
            speaker, counterpart = plan["speaker"], plan["counterpart"]
            person_mentions += [
                PersonMention(article=article, person=speaker, surface_forms=[speaker.name]),
                PersonMention(
                    article=article, person=counterpart, surface_forms=[counterpart.name]
                ),
            ]
            organisation_mentions += [
                OrganisationMention(
                    article=article,
                    organisation=plan["body_org"],
                    surface_forms=[plan["body_org"].name],
                ),
                OrganisationMention(
                    article=article,
                    organisation=plan["other_org"],
                    surface_forms=[plan["other_org"].name],
                ),
            ]
            place_mentions.append(
                PlaceMention(article=article, place=plan["city"], surface_forms=[plan["city"].name])
            )
            if rng.random() < 0.05:
                authorships.append(
                    Authorship(article=article, person=counterpart, byline=counterpart.name)
                )
            role = Role(
                person=speaker,
                organisation=plan["body_org"],
                title="Head",
                article=article,
                quote=plan["role_quote"],
            )
            _set_date(role, article.date_edtf, article.date_is_inferred, article.date_note)
            roles.append(role)
            statistics.append(
                Statistic(
                    indicator=plan["indicator"],
                    article=article,
                    quote=plan["figure_sentence"],
                    value=plan["value"],
                    scale=Statistic.Scale.MILLION,
                    unit=plan["unit"],
                    qualifier=plan["qualifier"],
                    period_edtf=str(plan["day"].year - 1),
                    period_lower=date(plan["day"].year - 1, 1, 1),
                    period_upper=date(plan["day"].year - 1, 12, 31),
                )
            )
            event = Event(
                title=plan["event_title"],
                slug=f"{slugify(plan['event_title'])[:150]}-{article.pk}",
                kind=Event.Kind.MEETING,
                status=Event.Status.TOOK_PLACE,
                place=plan["city"],
                description=f"{SYNTHETIC_MARK} {plan['event_title']}.",
                search_text=fold(f"{plan['event_title']}\n{SYNTHETIC_MARK}"),
            )
            _set_date(event, plan["day"].isoformat())
            events.append(event)
            topic_links += [
                Article.topics.through(article=article, topic=topic) for topic in plan["topics"]
            ]
        PersonMention.objects.bulk_create(person_mentions, batch_size=BATCH_SIZE)
        OrganisationMention.objects.bulk_create(organisation_mentions, batch_size=BATCH_SIZE)
        PlaceMention.objects.bulk_create(place_mentions, batch_size=BATCH_SIZE)
        Authorship.objects.bulk_create(authorships, batch_size=BATCH_SIZE)
        Role.objects.bulk_create(roles, batch_size=BATCH_SIZE)
        Statistic.objects.bulk_create(statistics, batch_size=BATCH_SIZE)
        Article.topics.through.objects.bulk_create(topic_links, batch_size=BATCH_SIZE)
        Event.objects.bulk_create(events, batch_size=BATCH_SIZE)
        participants, reports = [], []
        for article, plan, event in zip(articles, plans, events, strict=True):
            participants += [
                EventParticipant(event=event, person=plan["speaker"], part="host"),
                EventParticipant(event=event, person=plan["counterpart"], part="participant"),
                EventParticipant(event=event, organisation=plan["body_org"], part="organiser"),
            ]
            reports.append(EventReport(event=event, article=article, quote=plan["event_sentence"]))
        EventParticipant.objects.bulk_create(participants, batch_size=BATCH_SIZE)
        EventReport.objects.bulk_create(reports, batch_size=BATCH_SIZE)
        Event.topics.through.objects.bulk_create(
            [
                Event.topics.through(event=event, topic=plan["topics"][0])
                for plan, event in zip(plans, events, strict=True)
            ],
            batch_size=BATCH_SIZE,
        )


def generate(articles, seed=1, allow_real_data=False, progress=None):
    """Add `articles` synthetic articles (and the records around them) to the archive."""
    if not allow_real_data and real_data_present():
        raise RealDataPresent(
            "The archive holds curated records that are not synthetic; refusing to mix them."
        )
    generator = Generator(seed)
    with transaction.atomic():
        if Person.objects.filter(description__startswith=SYNTHETIC_MARK).exists():
            raise RealDataPresent(
                "The archive already holds a synthetic corpus; generate into an empty database."
            )
        generator.make_entities(articles)
    for start in range(0, articles, BATCH_SIZE):
        generator.make_batch(start, min(BATCH_SIZE, articles - start))
        reset_queries()  # with DEBUG on, Django would otherwise keep every INSERT in memory
        if progress:
            progress(min(start + BATCH_SIZE, articles))
    signals.archive_changed_on_commit()  # bulk_create() sends no signals
    return Summary(
        articles=Article.objects.count(),
        people=Person.objects.count(),
        organisations=Organisation.objects.count(),
        events=Event.objects.count(),
        roles=Role.objects.count(),
        statistics=Statistic.objects.count(),
    )
