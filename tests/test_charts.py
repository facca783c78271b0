"""Server-side SVG charts: well-formed XML, escaped labels, one outline per series, flagged spreads marked without
relying on colour, missing scores shown as missing. No app needed: reviewapp.charts is pure."""
import ast
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from markupsafe import Markup

from reviewapp import charts
from reviewapp.charts import fmt, radar_svg, spread_svg

NS = {"svg": "http://www.w3.org/2000/svg"}
CATEGORIES = ["4.1 领导", "4.2 战略", "4.3 顾客与市场", "4.4 资源", "4.5 过程管理", "4.6 测量、分析与改进", "4.7 结果"]
DOCUMENT = [72.5, 65, 58.3, 80, 61, 55, 49.94]
SITE = [70, None, 62, 77.5, 66, 50, 52]
EVIL = '<script>&"'


def parse(svg: Markup) -> ET.Element:
    return ET.fromstring(str(svg))


def with_class(root: ET.Element, tag: str, css_class: str) -> list[ET.Element]:
    return [e for e in root.iter(f"{{{NS['svg']}}}{tag}") if css_class in e.get("class", "").split()]


def all_text(root: ET.Element) -> str:
    return "".join(root.itertext())


def radar(**kwargs) -> ET.Element:
    return parse(radar_svg(CATEGORIES, [("资料评审", DOCUMENT), ("现场评审", SITE)], **kwargs))


def test_charts_module_is_pure():
    tree = ast.parse(Path(charts.__file__).read_text(encoding="utf-8"))
    modules = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    modules |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    assert not any(m.startswith(("flask", "reviewapp")) for m in modules), modules


@pytest.mark.parametrize("value, text", [(62.5, "62.5"), (60.0, "60"), (49.94, "49.9"), (-0.01, "0"), (100, "100")])
def test_numbers_are_compact_with_one_decimal(value, text):
    assert fmt(value) == text


def test_radar_is_accessible_xml_with_a_title():
    svg = radar_svg(CATEGORIES, [("资料评审", DOCUMENT), ("现场评审", SITE)], title="评审得分率")
    assert isinstance(svg, Markup)
    root = parse(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg" and root.get("role") == "img"
    assert root.get("aria-label").startswith("评审得分率")
    assert root.find("svg:title", NS).text == root.get("aria-label")


def test_radar_draws_one_outline_per_series_over_five_gridlines():
    root = radar()
    assert len(with_class(root, "polygon", "series-outline")) == 2
    assert len(with_class(root, "polygon", "gridline")) == 5
    assert [t.text for t in with_class(root, "text", "grid-label")] == ["20", "40", "60", "80", "100"]
    assert len(with_class(root, "text", "axis-label")) == 7
    assert "测量、分析与改进" in all_text(root)


def test_radar_series_differ_in_colour_and_dash_and_appear_in_the_legend():
    root = radar()
    first, second = with_class(root, "polygon", "series-outline")
    assert first.get("stroke") != second.get("stroke")
    assert first.get("stroke-dasharray") != second.get("stroke-dasharray")
    legend = " ".join("".join(g.itertext()) for g in with_class(root, "g", "legend-item"))
    assert "资料评审" in legend and "现场评审" in legend


def test_radar_draws_a_missing_value_at_the_centre_and_says_so():
    root = radar(missing_label="未评分")
    missing = with_class(root, "circle", "missing")
    assert len(missing) == 1
    centre = (float(root.get("width")) / 2, 360 / 2)
    assert (float(missing[0].get("cx")), float(missing[0].get("cy"))) == centre
    assert missing[0].find("svg:title", NS).text == "现场评审 · 4.2 战略: 未评分"
    site_outline = with_class(root, "polygon", "series-outline")[1].get("points").split()
    assert site_outline[1] == f"{fmt(centre[0])},{fmt(centre[1])}"
    assert "4.2 战略 未评分" in root.get("aria-label")


def test_radar_values_are_formatted_and_clamped():
    root = parse(radar_svg(CATEGORIES[:3], [("资料评审", [49.94, 120, -5])]))
    titles = [p.find("svg:title", NS).text for p in with_class(root, "circle", "point")]
    assert titles == ["资料评审 · 4.1 领导: 49.9%", "资料评审 · 4.2 战略: 100%", "资料评审 · 4.3 顾客与市场: 0%"]


def test_radar_escapes_labels():
    svg = radar_svg([EVIL, "b", "c"], [(EVIL, [10, None, 30])], title=EVIL)
    assert "<script>" not in str(svg)
    root = parse(svg)
    assert root.find("svg:title", NS).text.startswith(EVIL)
    assert EVIL in [t.text for t in root.iter(f"{{{NS['svg']}}}tspan")]
    assert EVIL in all_text(with_class(root, "g", "legend-item")[0])


def test_radar_refuses_values_that_do_not_match_the_axes():
    with pytest.raises(ValueError):
        radar_svg(CATEGORIES, [("资料评审", DOCUMENT[:6])])


ITEMS = [("4.1.1", 60, 70), ("4.1.2", 40, 75), ("4.2.1", None, None), ("4.3.1", 50, 66), ("4.7.4", 88, 100)]


def test_spread_draws_a_bar_per_scored_item_and_flags_those_beyond_the_threshold():
    root = parse(spread_svg(ITEMS, threshold=15, title="评分极差"))
    assert root.get("role") == "img" and root.get("aria-label").startswith("评分极差")
    assert len(with_class(root, "rect", "bar")) == 4
    flagged = with_class(root, "rect", "flagged")
    assert [b.find("svg:title", NS).text.split(":")[0] for b in flagged] == ["4.1.2", "4.3.1"]
    assert flagged[0].get("fill") != with_class(root, "rect", "bar")[0].get("fill")


def test_spread_marks_flagged_items_with_a_symbol_not_only_colour():
    root = parse(spread_svg(ITEMS, threshold=15))
    spreads = {t.text for t in with_class(root, "text", "spread")}
    assert spreads == {"10", "▲ 35", "▲ 16", "12"}


def test_spread_equal_to_the_threshold_is_not_flagged():
    root = parse(spread_svg([("4.1.1", 60, 75)], threshold=15))
    assert not with_class(root, "rect", "flagged")


def test_spread_shows_the_threshold_band_and_its_value():
    root = parse(spread_svg(ITEMS, threshold=15, band_label="允许极差"))
    assert len(with_class(root, "rect", "band")) == 4
    assert "允许极差 15" in all_text(root)


def test_spread_shows_an_unscored_item_as_missing():
    root = parse(spread_svg([("4.2.1", None, 60)], threshold=15, missing_label="未评分"))
    assert not with_class(root, "rect", "bar")
    missing = with_class(root, "text", "missing")
    assert len(missing) == 1 and "未评分" in all_text(missing[0])


def test_spread_escapes_labels():
    svg = spread_svg([(EVIL, 10, 90)], threshold=15, title=EVIL, band_label=EVIL, flagged_label=EVIL)
    assert "<script>" not in str(svg)
    root = parse(svg)
    assert EVIL in [t.text for t in with_class(root, "text", "item-code")]
    assert root.get("aria-label").startswith(EVIL)
