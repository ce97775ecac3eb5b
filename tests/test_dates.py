import datetime

import pytest
from django.core.exceptions import ValidationError

from archive import dates


@pytest.mark.parametrize(
    ("expression", "label"),
    [
        ("2021-06-22", "22 June 2021"),
        ("2021-11", "November 2021"),
        ("2021", "2021"),
        ("2021-23", "autumn 2021"),
        ("2022~", "c. 2022"),
        ("2021-06-22?", "22 June 2021 (uncertain)"),
        ("2005/2021", "2005 – 2021"),
        ("2006~/2021", "c. 2006 – 2021"),
        ("[..2021-10-17]", "on or before 17 October 2021"),
        ("[2022-09..]", "September 2022 or later"),
        ("2022-09/..", "from September 2022 onwards"),
        ("", "date unknown"),
    ],
)
def test_it_puts_edtf_dates_into_words(expression, label):
    assert dates.edtf_label(expression) == label


@pytest.mark.parametrize(
    ("expression", "lower", "upper"),
    [
        ("2021-06-22", datetime.date(2021, 6, 22), datetime.date(2021, 6, 22)),
        ("2021-11", datetime.date(2021, 11, 1), datetime.date(2021, 11, 30)),
        ("2021-23", datetime.date(2021, 9, 1), datetime.date(2021, 11, 30)),
        ("2005/2021", datetime.date(2005, 1, 1), datetime.date(2021, 12, 31)),
        ("[..2021-10-17]", None, datetime.date(2021, 10, 17)),
        ("[2022-09..]", datetime.date(2022, 9, 1), None),
        ("", None, None),
    ],
)
def test_it_derives_bounds_without_inventing_an_open_side(expression, lower, upper):
    bounds = dates.edtf_bounds(expression)
    assert (bounds.lower, bounds.upper) == (lower, upper)


def test_the_sort_key_falls_back_to_the_upper_bound():
    assert dates.edtf_bounds("[..2021-10-17]").sort_key == datetime.date(2021, 10, 17)


@pytest.mark.parametrize("expression", ["22/06/2021", "2021-13", "June 2021", "XXXX", "2021-02-30"])
def test_it_rejects_what_is_not_edtf_with_a_message_an_editor_can_act_on(expression):
    with pytest.raises(ValidationError) as error:
        dates.validate_edtf(expression)
    message = " ".join(error.value.messages)
    assert expression in message
    assert "EDTF" in message or "date" in message
