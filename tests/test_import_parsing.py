"""
Reading a press text's parts in the archive's five languages: dates as the sources print them,
datelines with the city in any script or with the date, and byline labels. Never invent: only
a whole date the text prints is read.
"""

from datetime import date, time

import pytest

from archive.importing.parser import parse_press_text

BODY = "BRUSSELS. KAZINFORM - The two delegations met."


@pytest.mark.parametrize(
    ("line", "day", "at"),
    [
        ("22 June 2021, 17:44", date(2021, 6, 22), time(17, 44)),
        ("October 17, 2021", date(2021, 10, 17), None),
        ("17 октября 2021, 14:05", date(2021, 10, 17), time(14, 5)),
        ("17 октября 2021 г.", date(2021, 10, 17), None),
        ("17.10.2021 14:05", date(2021, 10, 17), time(14, 5)),
        ("2021 жылғы 17 қазан", date(2021, 10, 17), None),
        ("2021 жылғы 17 Қазан, 09:30", date(2021, 10, 17), time(9, 30)),
        ("1er février 2022", date(2022, 2, 1), None),
        ("14 août 2021 à 10:00", date(2021, 8, 14), time(10, 0)),
        ("3 mei 2021", date(2021, 5, 3), None),
    ],
)
def test_a_date_line_under_the_title_is_read_in_each_language(line, day, at):
    parsed = parse_press_text(f"Delegations meet\n\n{line}\n\n{BODY}")

    assert (parsed.title, parsed.published_date, parsed.published_time) == (
        "Delegations meet",
        day,
        at,
    )
    assert parsed.body == "The two delegations met."


@pytest.mark.parametrize("line", ["октябрь 2021", "2021", "қазан 2021", "octobre 2021"])
def test_a_month_or_a_year_alone_is_not_read_as_a_day(line):
    parsed = parse_press_text(f"Delegations meet\n\n{line}\n\n{BODY}")

    assert parsed.published_date is None
    assert "no date" in parsed.missing


@pytest.mark.parametrize("line", ["31 февраля 2021", "30.02.2021 10:00", "17.13.2021"])
def test_a_date_that_does_not_exist_is_flagged_not_corrected(line):
    parsed = parse_press_text(f"Delegations meet\n\n{line}\n\n{BODY}")

    assert parsed.published_date is None
    assert parsed.warnings == [f"unreadable date: “{line}”"]


def test_a_date_in_the_text_itself_is_not_taken_for_the_texts_date():
    parsed = parse_press_text("АСТАНА. KAZINFORM – Встреча прошла 17 октября 2021 года в Астане.")

    assert parsed.published_date is None


@pytest.mark.parametrize(
    ("text", "dateline", "place", "agency", "body"),
    [
        (
            "БРЮССЕЛЬ. KAZINFORM - Посол встретился с коллегами.",
            "БРЮССЕЛЬ. KAZINFORM -",
            "БРЮССЕЛЬ",
            "KAZINFORM",
            "Посол встретился с коллегами.",
        ),
        (
            "НҰР-СҰЛТАН. KAZINFORM – Елші әріптестерімен кездесті.",
            "НҰР-СҰЛТАН. KAZINFORM –",
            "НҰР-СҰЛТАН",
            "KAZINFORM",
            "Елші әріптестерімен кездесті.",
        ),
        (
            "Bruxelles, le 17 octobre 2021 – La ministre a reçu l’ambassadeur.",
            "Bruxelles, le 17 octobre 2021",
            "Bruxelles",
            "",
            "La ministre a reçu l’ambassadeur.",
        ),
        (
            "Brussels, 17 October 2021. The minister received the ambassador.",
            "Brussels, 17 October 2021",
            "Brussels",
            "",
            "The minister received the ambassador.",
        ),
    ],
)
def test_a_dateline_is_read_with_the_city_in_any_script(text, dateline, place, agency, body):
    parsed = parse_press_text(text)

    assert (parsed.dateline, parsed.dateline_place, parsed.dateline_agency) == (
        dateline,
        place,
        agency,
    )
    assert parsed.body == body


def test_a_dateline_on_a_line_of_its_own_may_come_before_the_title():
    parsed = parse_press_text(
        "Brussel, 17 oktober 2021\n\nMinister ontvangt ambassadeur\n\nDe minister ontving hem."
    )

    assert (parsed.dateline, parsed.published_date) == (
        "Brussel, 17 oktober 2021",
        date(2021, 10, 17),
    )
    assert (parsed.title, parsed.body) == (
        "Minister ontvangt ambassadeur",
        "De minister ontving hem.",
    )


def test_a_dateline_giving_another_date_than_the_header_is_flagged():
    parsed = parse_press_text(
        " date 2021-10-18 Minister receives ambassador\n\n"
        "Bruxelles, le 17 octobre 2021 – La ministre a reçu l’ambassadeur."
    )

    assert parsed.published_date == date(2021, 10, 18)  # the first read; neither is chosen
    assert parsed.warnings == [
        "the date “17 octobre 2021” differs from the date read before it (2021-10-18)"
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Talks were held in Brussels. Officials – as usual – said little.",
        "In Brussels, 17 October 2021 was a busy day for the delegation.",
    ],
)
def test_a_sentence_is_not_taken_for_a_dateline(text):
    parsed = parse_press_text(text)

    assert (parsed.dateline, parsed.published_date, parsed.body) == ("", None, text)


@pytest.mark.parametrize(
    ("block", "bylines"),
    [
        ("Автор:\n\nКудренок Татьяна", ["Кудренок Татьяна"]),
        ("Авторы: Кудренок Татьяна, Ержан Сейтқали", ["Кудренок Татьяна", "Ержан Сейтқали"]),
        ("Auteur : Marie Dupont", ["Marie Dupont"]),
        ("Auteur: Jan Peeters", ["Jan Peeters"]),
    ],
)
def test_the_byline_block_is_read_in_each_language(block, bylines):
    parsed = parse_press_text(f"{BODY}\n\n{block}\n\nKazakhstan Belgium")

    assert (parsed.bylines, parsed.source_tags) == (bylines, "Kazakhstan Belgium")
    assert parsed.body == "The two delegations met."
