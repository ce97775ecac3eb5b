"""Linking an article's body to the records it mentions (archive.website.linking)."""

from archive.website.linking import LinkTarget, link_paragraphs, paragraphs

PERSON = LinkTarget("/people/p/", "person", "P")
BODY = LinkTarget("/organisations/b/", "organisation", "B")
OTHER = LinkTarget("/organisations/o/", "organisation", "O")


def test_paragraphs_are_separated_by_blank_lines():
    assert paragraphs("One.\n\nTwo\nstill two.\n \n\nThree.\n") == [
        "One.",
        "Two\nstill two.",
        "Three.",
    ]


def test_the_longest_surface_form_wins_an_overlap():
    html = link_paragraphs(
        "The OSCE Parliamentary Assembly met.",
        [(["OSCE"], OTHER), (["OSCE Parliamentary Assembly"], BODY)],
    )

    assert html == [
        'The <a href="/organisations/b/" class="mention mention-organisation">'
        "OSCE Parliamentary Assembly</a> met."
    ]


def test_matches_never_overlap_or_nest():
    html = link_paragraphs(
        "Council of Europe parliamentary assemblies",
        [(["Council of Europe"], OTHER), (["Europe parliamentary assemblies"], BODY)],
    )[0]

    assert html.count("<a ") == 1
    assert html == (
        'Council of <a href="/organisations/b/" class="mention mention-organisation">'
        "Europe parliamentary assemblies</a>"
    )


def test_only_whole_words_match():
    html = link_paragraphs(
        "Kazakhstani UNAMA, Kazakhstan’s UN.", [(["Kazakhstan"], PERSON), (["UN"], BODY)]
    )[0]

    assert html == (
        'Kazakhstani UNAMA, <a href="/people/p/" class="mention mention-person">Kazakhstan</a>’s '
        '<a href="/organisations/b/" class="mention mention-organisation">UN</a>.'
    )


def test_a_record_is_linked_at_its_first_mention_only():
    html = link_paragraphs(
        "Ms Kuspan spoke.\n\nAigul Kuspan agreed. Ms Kuspan left.",
        [(["Aigul Kuspan", "Ms Kuspan"], PERSON)],
    )

    assert html == [
        '<a href="/people/p/" class="mention mention-person">Ms Kuspan</a> spoke.',
        "Aigul Kuspan agreed. Ms Kuspan left.",
    ]


def test_words_naming_two_records_are_left_unlinked():
    html = link_paragraphs("The Committees met.", [(["Committees"], BODY), (["Committees"], OTHER)])

    assert html == ["The Committees met."]


def test_text_and_surface_forms_are_escaped():
    html = link_paragraphs(
        'A <script>alert(1)</script> " onmouseover="x" & <b>Bold</b>.', [(["<b>Bold</b>"], PERSON)]
    )[0]

    assert html == (
        "A &lt;script&gt;alert(1)&lt;/script&gt; &quot; onmouseover=&quot;x&quot; &amp; "
        '<a href="/people/p/" class="mention mention-person">&lt;b&gt;Bold&lt;/b&gt;</a>.'
    )


def test_a_link_target_cannot_break_out_of_its_attribute():
    target = LinkTarget('/people/"><script>/', "person", "x")

    html = link_paragraphs("Name here.", [(["Name"], target)])[0]

    assert '<a href="/people/&quot;&gt;&lt;script&gt;/"' in html


def test_empty_surface_forms_are_ignored():
    assert link_paragraphs("Nothing to link.", [([], PERSON), ([""], BODY), (None, OTHER)]) == [
        "Nothing to link."
    ]
