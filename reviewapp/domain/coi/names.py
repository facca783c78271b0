"""Same entity, different names (issue #4): 本钢板材 and 本钢板材股份有限公司 are one organization. Names are
normalised (full-width to half-width, the 本溪市 prefix and legal-form suffixes dropped) and compared; the app
suggests likely duplicates for the office to merge or dismiss, never merges by itself."""
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

# As they look after normalize_name (no punctuation, folded case); longest first, so 股份有限公司 goes before
# 有限公司. 厂 is kept: 钢厂 and 钢铁 are different words, not forms.
LEGAL_FORMS = ("股份有限公司", "有限责任公司", "集团有限公司", "有限公司", "股份公司", "集团公司", "分公司", "总公司",
               "集团", "公司", "coltd", "ltd", "inc", "corporation", "corp", "group", "co")
PLACE_PREFIXES = ("辽宁省本溪市", "本溪市", "辽宁省", "本溪")
PUNCTUATION = " \t\u3000()（）[]【】·.,，、-—_\"'“”《》"
GROUP_FORMS = ("集团有限公司", "集团公司", "集团", "group")  # how a corporate group's own name ends
MIN_CORE = 2  # a core this short ("本钢" is fine, "钢" is not) says too little to suggest anything


def normalize_name(name: str) -> str:
    """Fold width and case, drop punctuation and spaces."""
    text = unicodedata.normalize("NFKC", name).casefold()
    return "".join(ch for ch in text if ch not in PUNCTUATION)


def core_name(name: str) -> str:
    """The distinctive part: without place prefix and legal-form suffixes (repeatedly: 集团有限公司)."""
    text = normalize_name(name)
    changed = True
    while changed:
        changed = False
        for suffix in LEGAL_FORMS:
            if text.endswith(suffix) and len(text) - len(suffix) >= MIN_CORE:
                text, changed = text[: -len(suffix)], True
        for prefix in PLACE_PREFIXES:
            if text.startswith(prefix) and len(text) - len(prefix) >= MIN_CORE:
                text, changed = text[len(prefix):], True
    return text


@dataclass(frozen=True)
class NamedEntity:
    id: str
    name: str
    code: str | None = None  # unified social credit code, for organizations


@dataclass(frozen=True)
class DuplicateSuggestion:
    a: str
    b: str
    reason: str  # "same_name" (identical after normalising) or "short_name" (one core contains the other)


def is_group_name(name: str) -> bool:
    """本钢集团, 本钢集团有限公司: the name of a corporate group, whose members carry its core in their own names."""
    return normalize_name(name).endswith(GROUP_FORMS)


def _compatible(x: NamedEntity, y: NamedEntity) -> bool:
    """Two different credit codes are two different organizations, whatever their names."""
    return not (x.code and y.code and x.code != y.code)


def duplicate_suggestions(entities: Iterable[NamedEntity]) -> list[DuplicateSuggestion]:
    """Likely duplicates, each pair once (a < b by id), sorted. Same core name, or one core name containing the
    other as a prefix (本钢板材 / 本钢板材股份)."""
    entities = sorted(entities, key=lambda e: e.id)
    by_core: dict[str, list[NamedEntity]] = defaultdict(list)
    for entity in entities:
        core = core_name(entity.name)
        if len(core) >= MIN_CORE:
            by_core[core].append(entity)
    found: dict[tuple[str, str], str] = {}
    for group in by_core.values():
        for i, x in enumerate(group):
            for y in group[i + 1:]:
                if _compatible(x, y):
                    found[(x.id, y.id)] = "same_name"
    cores = sorted(by_core)
    for i, short in enumerate(cores):
        # cores sorted: every longer core starting with `short` follows it directly
        for longer in cores[i + 1:]:
            if not longer.startswith(short):
                break
            for x in by_core[short]:
                if is_group_name(x.name):  # 本钢集团 and 本钢检测技术: a group and its member, not two names of one
                    continue
                for y in by_core[longer]:
                    pair = tuple(sorted((x.id, y.id)))
                    if _compatible(x, y) and pair not in found:
                        found[pair] = "short_name"
    return [DuplicateSuggestion(a, b, reason) for (a, b), reason in sorted(found.items())]


def names_match(x: str, y: str) -> bool:
    """The same organization by name, as far as names can tell."""
    cx, cy = core_name(x), core_name(y)
    return len(cx) >= MIN_CORE and len(cy) >= MIN_CORE and (cx.startswith(cy) or cy.startswith(cx))
