"""The evaluation standard (Art. 5): GB/T 19580 item table and GB/Z 19579 scoring bands, plus score arithmetic.

The table is data, not code: one JSON file per version under ``data/`` (a cycle records which version it
used). Every file is validated when loaded, so a corrupted table fails loudly instead of scoring wrongly.

Scoring: an expert gives each item a percentage (0-100 in steps of ``percent_step``, chosen from the GB/Z
19579 band that fits); item score = item points x percentage / 100. All arithmetic is Decimal.
"""
from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache, cached_property
from importlib import resources
from types import MappingProxyType
from typing import Any

DEFAULT_VERSION = "GB/T 19580-2012"

# version -> data file under reviewapp/domain/data/
_DATA_FILES: Mapping[str, str] = MappingProxyType({
    "GB/T 19580-2012": "gbt19580-2012.json",
})
AVAILABLE_VERSIONS: tuple[str, ...] = tuple(_DATA_FILES)

PROCESS = "process"  # 方法-展开-学习-整合 (approach, deployment, learning, integration)
RESULT = "result"    # 水平-趋势-对比-整合 (level, trend, comparison, integration)
KINDS: tuple[str, ...] = (PROCESS, RESULT)


@dataclass(frozen=True)
class Item:
    code: str
    name: str
    name_en: str
    points: int
    category_code: str
    kind: str


@dataclass(frozen=True)
class Category:
    code: str
    name: str
    name_en: str
    points: int
    kind: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Band:
    low: int
    high: int
    text: str
    text_en: str

    def contains(self, percent: int) -> bool:
        return self.low <= percent <= self.high


@dataclass(frozen=True)
class Standard:
    version: str
    guide: str
    total_points: int
    percent_step: int
    categories: tuple[Category, ...] = field(repr=False)
    bands: Mapping[str, tuple[Band, ...]] = field(repr=False)  # kind -> bands, ascending (read-only mapping)

    @cached_property
    def items(self) -> tuple[Item, ...]:
        """All scored items, in the standard's order."""
        return tuple(item for category in self.categories for item in category.items)

    @cached_property
    def _items_by_code(self) -> Mapping[str, Item]:
        return MappingProxyType({item.code: item for item in self.items})

    @cached_property
    def _categories_by_code(self) -> Mapping[str, Category]:
        return MappingProxyType({category.code: category for category in self.categories})

    def item(self, code: str) -> Item:
        try:
            return self._items_by_code[code]
        except KeyError:
            raise KeyError(f"{self.version} has no scored item {code!r}") from None

    def category(self, code: str) -> Category:
        try:
            return self._categories_by_code[code]
        except KeyError:
            raise KeyError(f"{self.version} has no category {code!r}") from None

    @cached_property
    def percent_choices(self) -> tuple[int, ...]:
        return tuple(range(0, 101, self.percent_step))

    @cached_property
    def band_texts(self) -> Mapping[str, Mapping[int, str]]:
        """kind -> percentage -> the text of its GB/Z 19579 band: what a score sheet shows beside each choice,
        looked up once per standard rather than for every option of every page."""
        return MappingProxyType({kind: MappingProxyType({p: self.band_for(kind, p).text for p in self.percent_choices})
                                 for kind in self.bands})

    def band_for(self, kind: str, percent: int) -> Band:
        """The GB/Z 19579 band a percentage falls in, for process or result items."""
        if kind not in self.bands:
            raise ValueError(f"unknown item kind {kind!r}; expected one of {', '.join(self.bands)}")
        if not is_valid_percent(self, percent):
            raise ValueError(f"{percent!r} is not a valid percentage: {_percent_rule(self)}")
        for band in self.bands[kind]:
            if band.contains(percent):
                return band
        raise ValueError(f"{percent}% is in no {kind} band of {self.guide}")  # unreachable for a validated table


# --- arithmetic -----------------------------------------------------------------------------------------

def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _percent_rule(standard: Standard) -> str:
    return f"expected an integer from 0 to 100 in steps of {standard.percent_step}"


def is_valid_percent(standard: Standard, value: object) -> bool:
    """True for an integer 0..100 that is a multiple of the standard's step (floats, strings, bools: False)."""
    return _is_int(value) and 0 <= value <= 100 and value % standard.percent_step == 0


def item_score(item: Item, percent: int) -> Decimal:
    """Item points x percent / 100, exact, always with two decimal places (e.g. 15 x 35% = 5.25)."""
    if not (_is_int(percent) and 0 <= percent <= 100):
        raise ValueError(f"item {item.code}: invalid percent {percent!r}; expected an integer from 0 to 100")
    return Decimal(item.points * percent).scaleb(-2)


@dataclass(frozen=True)
class ScoreSummary:
    item_scores: dict[str, Decimal]      # only the items that have been scored
    category_scores: dict[str, Decimal]  # every category, unscored items counting 0
    total: Decimal
    missing: tuple[str, ...]             # item codes not yet scored, in the standard's order

    @property
    def complete(self) -> bool:
        return not self.missing


def summarize(standard: Standard, percents: Mapping[str, int | None]) -> ScoreSummary:
    """Item, category and total scores from per-item percentages.

    Items absent from ``percents`` or mapped to None are not yet scored: they go to ``missing`` and count 0.
    Unknown item codes and invalid percentages raise ValueError.
    """
    unknown = sorted(code for code in percents if code not in standard._items_by_code)
    if unknown:
        raise ValueError(f"unknown item code(s) for {standard.version}: {', '.join(map(repr, unknown))}")
    zero = Decimal(0).scaleb(-2)
    item_scores: dict[str, Decimal] = {}
    category_scores: dict[str, Decimal] = {}
    missing: list[str] = []
    for category in standard.categories:
        subtotal = zero
        for item in category.items:
            percent = percents.get(item.code)
            if percent is None:
                missing.append(item.code)
                continue
            if not is_valid_percent(standard, percent):
                raise ValueError(
                    f"item {item.code} {item.name}: invalid percent {percent!r}; {_percent_rule(standard)}")
            item_scores[item.code] = score = item_score(item, percent)
            subtotal += score
        category_scores[category.code] = subtotal
    total = sum(category_scores.values(), zero)
    return ScoreSummary(item_scores, category_scores, total, tuple(missing))


# --- loading and validation -----------------------------------------------------------------------------

def load_standard(version: str = DEFAULT_VERSION) -> Standard:
    """The standard for a version, validated; cached, so every call for a version returns the same object."""
    return _load_standard(version)


@cache
def _load_standard(version: str) -> Standard:
    try:
        filename = _DATA_FILES[version]
    except (KeyError, TypeError):
        raise ValueError(
            f"unknown standard version {version!r}; known versions: {', '.join(AVAILABLE_VERSIONS)}") from None
    resource = resources.files(__package__).joinpath("data", filename)
    standard = _parse(_read_json(resource.read_text(encoding="utf-8"), filename), filename)
    if standard.version != version:
        raise ValueError(f"{filename}: declares version {standard.version!r}, expected {version!r}")
    return standard


def load_standard_file(path: str | os.PathLike[str]) -> Standard:
    """Load and validate a standard from any JSON file (not cached). Raises ValueError naming the problem."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    source = os.fspath(path)
    return _parse(_read_json(text, source), source)


def _read_json(text: str, source: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise ValueError(f"{source}: not valid JSON: {e}") from None


def _field(obj: Any, key: str, kind: type, where: str, source: str) -> Any:
    if not isinstance(obj, dict):
        raise ValueError(f"{source}: {where} must be an object")
    if key not in obj:
        raise ValueError(f"{source}: {where} lacks {key!r}")
    value = obj[key]
    ok = _is_int(value) if kind is int else isinstance(value, kind)
    if not ok or (kind is str and not value.strip()):
        raise ValueError(f"{source}: {where}.{key} must be a non-empty {kind.__name__}, got {value!r}")
    return value


def _parse(data: Any, source: str) -> Standard:
    def fail(message: str) -> ValueError:
        return ValueError(f"{source}: {message}")

    version = _field(data, "version", str, "the standard", source)
    guide = _field(data, "guide", str, "the standard", source)
    total_points = _field(data, "total_points", int, "the standard", source)
    step = _field(data, "percent_step", int, "the standard", source)
    if step <= 0 or 100 % step:
        raise fail(f"percent_step {step} must be a positive divisor of 100")

    raw_categories = _field(data, "categories", list, "the standard", source)
    if not raw_categories:
        raise fail("no categories")
    seen_codes: set[str] = set()
    categories: list[Category] = []
    for ci, raw_cat in enumerate(raw_categories):
        where = f"categories[{ci}]"
        code = _field(raw_cat, "code", str, where, source)
        where = f"category {code}"
        if code in seen_codes:
            raise fail(f"duplicate code {code}")
        seen_codes.add(code)
        kind = _field(raw_cat, "kind", str, where, source)
        if kind not in KINDS:
            raise fail(f"{where}: unknown kind {kind!r}; expected one of {', '.join(KINDS)}")
        points = _field(raw_cat, "points", int, where, source)
        raw_items = _field(raw_cat, "items", list, where, source)
        if not raw_items:
            raise fail(f"{where} has no items")
        items: list[Item] = []
        for ii, raw_item in enumerate(raw_items):
            item_where = f"{where} items[{ii}]"
            item_code = _field(raw_item, "code", str, item_where, source)
            item_where = f"item {item_code}"
            if item_code in seen_codes:
                raise fail(f"duplicate code {item_code}")
            seen_codes.add(item_code)
            if not item_code.startswith(code + "."):
                raise fail(f"{item_where} is listed under category {code} but its code does not start with {code}.")
            item_points = _field(raw_item, "points", int, item_where, source)
            if item_points <= 0:
                raise fail(f"{item_where}: points must be positive, got {item_points}")
            items.append(Item(
                code=item_code,
                name=_field(raw_item, "name", str, item_where, source),
                name_en=_field(raw_item, "name_en", str, item_where, source),
                points=item_points,
                category_code=code,
                kind=kind,
            ))
        item_sum = sum(item.points for item in items)
        if item_sum != points:
            raise fail(f"{where}: items add up to {item_sum} points, but the category has {points}")
        categories.append(Category(
            code=code,
            name=_field(raw_cat, "name", str, where, source),
            name_en=_field(raw_cat, "name_en", str, where, source),
            points=points,
            kind=kind,
            items=tuple(items),
        ))
    category_sum = sum(category.points for category in categories)
    if category_sum != total_points:
        raise fail(f"categories add up to {category_sum} points, but total_points is {total_points}")

    raw_bands = _field(data, "bands", dict, "the standard", source)
    if set(raw_bands) != set(KINDS):
        given = ", ".join(map(str, raw_bands)) or "none"
        raise fail(f"bands must be given for exactly {', '.join(KINDS)}; got {given}")
    bands: dict[str, tuple[Band, ...]] = {}
    for kind in KINDS:
        raw_list = raw_bands[kind]
        if not isinstance(raw_list, list) or not raw_list:
            raise fail(f"bands.{kind} must be a non-empty list")
        parsed: list[Band] = []
        expected_low = 0
        for bi, raw_band in enumerate(raw_list):
            where = f"bands.{kind}[{bi}]"
            low = _field(raw_band, "low", int, where, source)
            high = _field(raw_band, "high", int, where, source)
            if low != expected_low:
                problem = "a gap" if low > expected_low else "an overlap"
                raise fail(f"{where} starts at {low}% but should start at {expected_low}% ({problem} in the bands)")
            if high < low or high > 100 or high % step:
                raise fail(f"{where}: {low}%-{high}% is not a valid range in steps of {step}")
            parsed.append(Band(
                low=low,
                high=high,
                text=_field(raw_band, "text", str, where, source),
                text_en=_field(raw_band, "text_en", str, where, source),
            ))
            expected_low = high + step
        if parsed[-1].high != 100:
            raise fail(f"bands.{kind} end at {parsed[-1].high}%, not 100%")
        bands[kind] = tuple(parsed)

    return Standard(
        version=version,
        guide=guide,
        total_points=total_points,
        percent_step=step,
        categories=tuple(categories),
        bands=MappingProxyType(bands),
    )
