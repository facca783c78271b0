"""Art. 5: the evaluation standard GB/T 19580-2012 (item table) and GB/Z 19579-2012 (scoring bands)."""
import json
from decimal import Decimal
from pathlib import Path

import pytest

from reviewapp.domain import standard as standard_module
from reviewapp.domain.standard import (
    AVAILABLE_VERSIONS,
    DEFAULT_VERSION,
    Band,
    Standard,
    is_valid_percent,
    item_score,
    load_standard,
    load_standard_file,
    summarize,
)

DATA_FILE = Path(standard_module.__file__).parent / "data" / "gbt19580-2012.json"

# DOMAIN.md "Evaluation standard (Art. 5)", transcribed independently of the data file.
EXPECTED = [
    ("4.1", "领导", 110, [("4.1.2", "高层领导的作用", 50), ("4.1.3", "组织治理", 30), ("4.1.4", "社会责任", 30)]),
    ("4.2", "战略", 90, [("4.2.2", "战略制定", 40), ("4.2.3", "战略部署", 50)]),
    ("4.3", "顾客与市场", 90, [("4.3.2", "顾客和市场的了解", 40), ("4.3.3", "顾客关系与顾客满意", 50)]),
    ("4.4", "资源", 130, [("4.4.2", "人力资源", 60), ("4.4.3", "财务资源", 15), ("4.4.4", "信息和知识资源", 20),
                        ("4.4.5", "技术资源", 15), ("4.4.6", "基础设施", 10), ("4.4.7", "相关方关系", 10)]),
    ("4.5", "过程管理", 100, [("4.5.2", "过程的识别与设计", 50), ("4.5.3", "过程的实施与改进", 50)]),
    ("4.6", "测量、分析与改进", 80, [("4.6.2", "测量、分析和评价", 40), ("4.6.3", "改进与创新", 40)]),
    ("4.7", "结果", 400, [("4.7.2", "产品和服务结果", 80), ("4.7.3", "顾客与市场结果", 80), ("4.7.4", "财务结果", 80),
                       ("4.7.5", "资源结果", 60), ("4.7.6", "过程有效性结果", 50), ("4.7.7", "领导方面的结果", 50)]),
]


@pytest.fixture(scope="module")
def std() -> Standard:
    return load_standard()


def all_items(std, percent):
    return {item.code: percent for item in std.items}


# --- the table --------------------------------------------------------------------------------------------

def test_art5_default_version_is_gbt19580_2012_with_gbz19579_guide(std):
    assert DEFAULT_VERSION == "GB/T 19580-2012"
    assert DEFAULT_VERSION in AVAILABLE_VERSIONS
    assert std.version == "GB/T 19580-2012"
    assert std.guide == "GB/Z 19579-2012"
    assert std.total_points == 1000
    assert std.percent_step == 5


def test_art5_table_matches_domain_brief_exactly(std):
    actual = [(c.code, c.name, c.points, [(i.code, i.name, i.points) for i in c.items]) for c in std.categories]
    assert actual == EXPECTED


def test_art5_seven_categories_twenty_three_items_one_thousand_points(std):
    assert len(std.categories) == 7
    assert len(std.items) == 23
    assert [i.code for i in std.items] == [code for *_, items in EXPECTED for code, _, _ in items]
    assert {c.code: c.points for c in std.categories} == {
        "4.1": 110, "4.2": 90, "4.3": 90, "4.4": 130, "4.5": 100, "4.6": 80, "4.7": 400}
    assert sum(c.points for c in std.categories) == 1000
    assert sum(i.points for i in std.items) == 1000


def test_art5_categories_4_1_to_4_6_are_process_and_4_7_is_result(std):
    for category in std.categories:
        expected = "result" if category.code == "4.7" else "process"
        assert category.kind == expected
        assert all(item.kind == expected and item.category_code == category.code for item in category.items)
    assert sum(i.points for i in std.items if i.kind == "process") == 600
    assert sum(i.points for i in std.items if i.kind == "result") == 400


def test_every_item_and_category_has_an_english_name(std):
    assert std.category("4.1").name_en == "Leadership"
    assert std.item("4.1.2").name_en == "Role of senior leaders"
    assert all(c.name_en for c in std.categories)
    assert all(i.name_en for i in std.items)


def test_item_lookup_by_code(std):
    item = std.item("4.4.6")
    assert (item.name, item.points, item.category_code, item.kind) == ("基础设施", 10, "4.4", "process")


def test_unknown_item_code_raises_key_error_naming_it(std):
    with pytest.raises(KeyError, match=r"4\.8\.1"):
        std.item("4.8.1")
    with pytest.raises(KeyError):
        std.item("4.1")  # a category is not a scored item


def test_loader_is_cached(std):
    assert load_standard() is std
    assert load_standard(DEFAULT_VERSION) is std


def test_unknown_version_lists_known_versions():
    with pytest.raises(ValueError, match=r"GB/T 19580-2004.*GB/T 19580-2012"):
        load_standard("GB/T 19580-2004")


def test_table_is_immutable(std):
    with pytest.raises(AttributeError):
        std.item("4.1.2").points = 100  # type: ignore[misc]
    with pytest.raises(TypeError):
        std.bands["process"] = ()  # type: ignore[index]



# --- GB/Z 19579 bands -------------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["process", "result"])
def test_gbz19579_six_bands_cover_0_to_100(std, kind):
    bands = std.bands[kind]
    assert [(b.low, b.high) for b in bands] == [(0, 5), (10, 25), (30, 45), (50, 65), (70, 85), (90, 100)]
    assert all(isinstance(b, Band) and b.text and b.text_en for b in bands)


def test_band_texts_describe_the_right_dimensions(std):
    assert "未呈现系统的方法" in std.bands["process"][0].text
    assert "展开" in std.bands["process"][3].text
    assert "趋势" in std.bands["result"][4].text
    assert "标杆" in std.bands["result"][5].text


@pytest.mark.parametrize("kind", ["process", "result"])
@pytest.mark.parametrize("percent, band_index", [
    (0, 0), (5, 0), (10, 1), (25, 1), (30, 2), (45, 2), (50, 3), (65, 3), (70, 4), (85, 4), (90, 5), (100, 5),
])
def test_band_for_at_edges(std, kind, percent, band_index):
    assert std.band_for(kind, percent) is std.bands[kind][band_index]


@pytest.mark.parametrize("percent", [7, -5, 105, 2.5, "50", True])
def test_band_for_rejects_invalid_percent(std, percent):
    with pytest.raises(ValueError):
        std.band_for("process", percent)


def test_band_for_rejects_unknown_kind(std):
    with pytest.raises(ValueError, match="unknown item kind"):
        std.band_for("outcome", 50)


# --- arithmetic -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("value", list(range(0, 101, 5)))
def test_multiples_of_five_from_0_to_100_are_valid(std, value):
    assert is_valid_percent(std, value)


@pytest.mark.parametrize("value", [7, -5, 105, 2.5, "50", 50.0, None, True, Decimal(50)])
def test_invalid_percents(std, value):
    assert not is_valid_percent(std, value)


def test_item_score_is_exact_decimal(std):
    assert item_score(std.item("4.4.3"), 35) == Decimal("5.25")    # 15 x 35%
    assert item_score(std.item("4.1.2"), 100) == Decimal("50")
    assert item_score(std.item("4.4.6"), 0) == Decimal("0")
    assert isinstance(item_score(std.item("4.4.6"), 15), Decimal)
    with pytest.raises(ValueError):
        item_score(std.item("4.4.6"), 2.5)


def test_all_100_percent_is_1000(std):
    summary = summarize(std, all_items(std, 100))
    assert summary.total == Decimal(1000)
    assert summary.category_scores == {c.code: Decimal(c.points) for c in std.categories}
    assert summary.missing == ()
    assert summary.complete


def test_all_50_percent_is_500(std):
    summary = summarize(std, all_items(std, 50))
    assert summary.total == Decimal(500)
    assert summary.category_scores["4.7"] == Decimal(200)
    assert summary.item_scores["4.4.3"] == Decimal("7.5")


def test_all_0_percent_is_0_and_complete(std):
    summary = summarize(std, all_items(std, 0))
    assert summary.total == 0
    assert summary.complete


def test_mixed_example_computed_by_hand(std):
    percents = {
        "4.1.2": 45, "4.1.3": 35, "4.1.4": 50,                     # 22.5 + 10.5 + 15 = 48
        "4.2.2": 40, "4.2.3": 55,                                  # 16 + 27.5 = 43.5
        "4.3.2": 60, "4.3.3": 65,                                  # 24 + 32.5 = 56.5
        "4.4.2": 45, "4.4.3": 35, "4.4.4": 25, "4.4.5": 15,
        "4.4.6": 55, "4.4.7": 5,                                   # 27 + 5.25 + 5 + 2.25 + 5.5 + 0.5 = 45.5
        "4.5.2": 50, "4.5.3": 45,                                  # 25 + 22.5 = 47.5
        "4.6.2": 35, "4.6.3": 30,                                  # 14 + 12 = 26
        "4.7.2": 55, "4.7.3": 50, "4.7.4": 45,
        "4.7.5": 40, "4.7.6": 35, "4.7.7": 60,                     # 44 + 40 + 36 + 24 + 17.5 + 30 = 191.5
    }
    summary = summarize(std, percents)
    assert summary.item_scores["4.4.3"] == Decimal("5.25")
    assert summary.item_scores["4.4.5"] == Decimal("2.25")
    assert summary.category_scores == {
        "4.1": Decimal("48"), "4.2": Decimal("43.5"), "4.3": Decimal("56.5"), "4.4": Decimal("45.5"),
        "4.5": Decimal("47.5"), "4.6": Decimal("26"), "4.7": Decimal("191.5"),
    }
    assert summary.total == Decimal("458.5")
    assert str(summary.total) == "458.50"  # exact, no float drift
    assert summary.missing == ()


def test_unscored_items_are_missing_and_count_zero(std):
    percents = all_items(std, 100)
    percents["4.1.2"] = None
    del percents["4.7.7"]
    summary = summarize(std, percents)
    assert summary.missing == ("4.1.2", "4.7.7")
    assert not summary.complete
    assert "4.1.2" not in summary.item_scores
    assert summary.category_scores["4.1"] == Decimal(60)
    assert summary.category_scores["4.7"] == Decimal(350)
    assert summary.total == Decimal(900)


def test_nothing_scored_yet(std):
    summary = summarize(std, {})
    assert summary.total == 0
    assert summary.item_scores == {}
    assert summary.missing == tuple(i.code for i in std.items)
    assert set(summary.category_scores) == {c.code for c in std.categories}


def test_summarize_rejects_unknown_codes(std):
    with pytest.raises(ValueError, match=r"4\.8\.2"):
        summarize(std, {"4.1.2": 50, "4.8.2": 50})


@pytest.mark.parametrize("value", [7, -5, 105, 2.5, "50"])
def test_summarize_rejects_invalid_percent_naming_item_and_value(std, value):
    with pytest.raises(ValueError) as excinfo:
        summarize(std, {"4.2.3": 50, "4.4.5": value})
    message = str(excinfo.value)
    assert "4.4.5" in message
    assert repr(value) in message


# --- validation of the data file --------------------------------------------------------------------------

def original() -> dict:
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))


def load_modified(tmp_path, data) -> Standard:
    path = tmp_path / "standard.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return load_standard_file(path)


def test_unmodified_copy_loads_equal(tmp_path):
    copy = load_modified(tmp_path, original())
    std = load_standard()
    assert copy.categories == std.categories
    assert dict(copy.bands) == dict(std.bands)


def _item_points_off(d):
    d["categories"][3]["items"][0]["points"] = 61


def _category_and_items_off(d):
    d["categories"][0]["points"] = 120
    d["categories"][0]["items"][0]["points"] = 60


def _duplicate_item_code(d):
    d["categories"][1]["items"][1]["code"] = "4.2.2"


def _duplicate_category_code(d):
    d["categories"][2]["code"] = "4.2"
    for item in d["categories"][2]["items"]:
        item["code"] = item["code"].replace("4.3.", "4.2.") + "x"


def _band_gap(d):
    d["bands"]["process"][2]["low"] = 35


def _band_overlap(d):
    d["bands"]["result"][3]["low"] = 45


def _band_short_of_100(d):
    d["bands"]["result"][5]["high"] = 95


def _band_not_from_zero(d):
    d["bands"]["process"][0]["low"] = 5


def _bands_out_of_order(d):
    bands = d["bands"]["process"]
    bands[1], bands[2] = bands[2], bands[1]


def _missing_result_bands(d):
    del d["bands"]["result"]


def _unknown_kind(d):
    d["categories"][6]["kind"] = "outcome"


def _missing_item_name(d):
    del d["categories"][4]["items"][1]["name"]


def _string_points(d):
    d["categories"][5]["items"][0]["points"] = "40"


def _item_under_wrong_category(d):
    d["categories"][0]["items"][2]["code"] = "4.2.4"


@pytest.mark.parametrize("corrupt, message", [
    (_item_points_off, r"category 4\.4: items add up to 131 points, but the category has 130"),
    (_category_and_items_off, r"categories add up to 1010 points, but total_points is 1000"),
    (_duplicate_item_code, r"duplicate code 4\.2\.2"),
    (_duplicate_category_code, r"duplicate code 4\.2"),
    (_band_gap, r"bands\.process\[2\] starts at 35% but should start at 30% \(a gap"),
    (_band_overlap, r"bands\.result\[3\] starts at 45% but should start at 50% \(an overlap"),
    (_band_short_of_100, r"bands\.result end at 95%, not 100%"),
    (_band_not_from_zero, r"bands\.process\[0\] starts at 5% but should start at 0%"),
    (_bands_out_of_order, r"bands\.process\[1\] starts at 30% but should start at 10%"),
    (_missing_result_bands, r"bands must be given for exactly process, result"),
    (_unknown_kind, r"category 4\.7: unknown kind 'outcome'"),
    (_missing_item_name, r"item 4\.5\.3 lacks 'name'"),
    (_string_points, r"item 4\.6\.2\.points must be a non-empty int"),
    (_item_under_wrong_category, r"item 4\.2\.4 is listed under category 4\.1"),
])
def test_validator_catches_corrupted_table(tmp_path, corrupt, message):
    data = original()
    corrupt(data)
    with pytest.raises(ValueError, match=message):
        load_modified(tmp_path, data)


def test_invalid_json_fails_loudly(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"version": ', encoding="utf-8")
    with pytest.raises(ValueError, match="not valid JSON"):
        load_standard_file(path)
