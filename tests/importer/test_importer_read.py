"""Reading the source files: odd rows are read, counted or skipped, never fatal."""

import pytest

from importer.notes import Notes
from importer.read import SourceError, parse_constituents, parse_events, parse_objects

HEADER = (
    "id,publicAccess,name,nameTC,alphaSortName,alphaSortNameTC,type,roles,displayBio,"
    "displayBioTC,gender,genderTC,beginDate,endDate,nationality,nationalityTC\n"
)


def test_constituents_keep_the_english_roles():
    text = HEADER + (
        '6872,true,"Lee Sun Fung","李晨風","Lee, Sun Fung","李晨風","Individual",'
        '"[""Film Director"",""電影導演"",""Photographer"",""攝影師""]","1909–1985","1909–1985",'
        '"Male","男性",1909,1985,"Research Needed","Research Needed"\n'
    )
    [lee] = parse_constituents(text, Notes())
    assert (lee.id, lee.name_en, lee.name_zh, lee.type) == (
        6872,
        "Lee Sun Fung",
        "李晨風",
        "Individual",
    )
    assert lee.roles == ("Film Director", "Photographer")
    assert (lee.begin, lee.end) == (1909, 1985)


def test_a_malformed_roles_list_is_read_as_comma_separated_and_counted():
    text = (
        HEADER
        + '900,true,"Kwan","關","Kwan","關","Individual","[Artist, 藝術家, Designer",,,,,,,,\n'
    )
    notes = Notes()
    [kwan] = parse_constituents(text, notes)
    assert kwan.roles == ("Artist", "Designer")
    assert notes.oddities == {"malformed roles list (read as comma-separated)": 1}


def test_unknown_and_malformed_years_are_left_out():
    text = HEADER + (
        '1,true,"A","甲","A","甲","Individual","[]",,,,,0,,,\n'
        '2,true,"B","乙","B","乙","Individual","[]",,,,,19x5,,,\n'
    )
    notes = Notes()
    first, second = parse_constituents(text, notes)
    assert first.begin is None and second.begin is None
    assert notes.oddities == {"malformed year (left out)": 1}


def test_a_row_without_an_id_is_skipped():
    text = HEADER + ',true,"Nobody","無名","","","Individual","[]",,,,,,,,\n'
    notes = Notes()
    assert parse_constituents(text, notes) == []
    assert notes.skipped == {"record without a usable id": 1}


def test_objects_survive_bad_lines_and_missing_values():
    lines = [
        '{"id": 2, "title_en": null, "title_zh": "無標題", "beginDate": 0, "category": null, '
        '"constituents": [{"id": 378, "name_en": "Yau Leung", "name_zh": "邱良", '
        '"role_en": "Artist", "role_zh": "藝術家"}, {"name_en": "no id"}]}',
        "{not json",
        "",
    ]
    notes = Notes()
    [obj] = parse_objects(lines, notes)
    assert (obj.id, obj.title_en, obj.title_zh, obj.year, obj.categories_en) == (
        2,
        "",
        "無標題",
        None,
        (),
    )
    assert [credit.constituent for credit in obj.credits] == [378]
    assert notes.skipped == {"unreadable line in objects_trimmed.jsonl": 1}
    assert notes.oddities == {"credit without a constituent id (left out)": 1}


def test_events_take_their_dates_from_event_dates():
    events = """<?xml version="1.0" encoding="UTF-8"?><events>
      <event id="176377"><titlec><![CDATA[狂宴]]></titlec>
      <titlee><![CDATA[Big &amp; Night]]></titlee>
      <cat2><![CDATA[inc4sc5]]></cat2><venueid><![CDATA[75010017]]></venueid></event>
    </events>"""
    dates = """<event_dates><event id="176377"><indate>20251220</indate>
      <indate>20260109</indate></event></event_dates>"""
    [event] = parse_events(events, dates, Notes())
    assert (event.id, event.title_en, event.category, event.venue) == (
        176377,
        "Big & Night",
        "inc4sc5",
        75010017,
    )
    assert event.dates == ("20251220", "20260109")


def test_a_file_that_is_not_xml_is_a_clear_error():
    with pytest.raises(SourceError, match=r"events\.xml: not well-formed XML"):
        parse_events("<events><event>", "<event_dates/>", Notes())
