from reviewapp.domain.consolidation import consensus_problems, on_step, rows


def test_median_on_the_step_rounds_half_up():
    assert on_step(62.5, 5) == 65 and on_step(62.4, 5) == 60 and on_step(60, 5) == 60


def test_art18_rows_show_spread_flag_and_median():
    sheets = {"a": {"4.1.2": 40, "4.7.2": 70}, "b": {"4.1.2": 80, "4.7.2": 70}, "c": {"4.1.2": 45}}
    first, second = rows(["4.1.2", "4.7.2"], sheets, excluded=set(), threshold=30, step=5)
    assert (first.spread, first.flagged, first.suggested) == (40, True, 45)
    assert (second.spread, second.flagged, second.suggested, second.values["c"]) == (0, False, 70, None)


def test_art33_excluded_members_are_shown_but_never_counted():
    sheets = {"a": {"4.1.2": 40}, "b": {"4.1.2": 50}, "conflicted": {"4.1.2": 100}}
    row = rows(["4.1.2"], sheets, excluded={"conflicted"}, threshold=30, step=5)[0]
    assert row.values["conflicted"] == 100 and (row.spread, row.flagged, row.suggested) == (10, False, 45)


def test_a_consensus_outside_the_range_needs_a_justification():
    row = rows(["4.1.2"], {"a": {"4.1.2": 40}, "b": {"4.1.2": 50}}, set(), 30, 5)[0]
    assert consensus_problems(row, 45, "", set()) == []
    assert consensus_problems(row, 60, "", set())[0][1]["high"] == 50
    assert consensus_problems(row, 60, "现场核实后一致同意上调", set()) == []
    assert consensus_problems(row, None, "", set())


def test_art19_an_on_site_report_is_not_dated_before_its_visit():
    from datetime import date

    from reviewapp.domain.consolidation import onsite_report_date_problems

    visit = date(2026, 12, 3)
    [(message, params)] = onsite_report_date_problems(date(2026, 12, 2), visit)
    assert "Art. 19" in message and params == {"date": "2026-12-02", "visit": "2026-12-03"}
    assert onsite_report_date_problems(visit, visit) == []
    assert onsite_report_date_problems(date(2026, 12, 9), visit) == []
    assert onsite_report_date_problems(date(2026, 12, 2), None) == []  # no visit: its own refusal says so
