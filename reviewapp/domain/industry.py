"""National industry classification GB/T 4754-2017: sections (门类, a letter) and divisions (大类, two digits).

A code is the section letter followed by the division and optionally the group/class digits: "C", "C31",
"C311", "C3110". The division digits must lie in the section's range."""
import re
from dataclasses import dataclass

from reviewapp.domain.i18n import N_

# section letter -> (name, first division, last division)
SECTIONS = {
    "A": ("农、林、牧、渔业", 1, 5),
    "B": ("采矿业", 6, 12),
    "C": ("制造业", 13, 43),
    "D": ("电力、热力、燃气及水生产和供应业", 44, 46),
    "E": ("建筑业", 47, 50),
    "F": ("批发和零售业", 51, 52),
    "G": ("交通运输、仓储和邮政业", 53, 60),
    "H": ("住宿和餐饮业", 61, 62),
    "I": ("信息传输、软件和信息技术服务业", 63, 65),
    "J": ("金融业", 66, 69),
    "K": ("房地产业", 70, 70),
    "L": ("租赁和商务服务业", 71, 72),
    "M": ("科学研究和技术服务业", 73, 75),
    "N": ("水利、环境和公共设施管理业", 76, 79),
    "O": ("居民服务、修理和其他服务业", 80, 82),
    "P": ("教育", 83, 83),
    "Q": ("卫生和社会工作", 84, 85),
    "R": ("文化、体育和娱乐业", 86, 90),
    "S": ("公共管理、社会保障和社会组织", 91, 96),
    "T": ("国际组织", 97, 97),
}

_CODE = re.compile(r"^([A-T])(\d{2}(\d{1,2})?)?$")


@dataclass(frozen=True)
class IndustryCheck:
    code: str
    ok: bool
    section: str | None = None
    section_name: str | None = None
    message: str | None = None
    params: dict | None = None


def normalize_industry_code(raw: str) -> str:
    return raw.strip().upper().replace(" ", "")


def check_industry_code(raw: str) -> IndustryCheck:
    code = normalize_industry_code(raw)
    match = _CODE.match(code)
    if not match:
        return IndustryCheck(code, False, message=N_(
            "%(code)s is not a GB/T 4754 code: a section letter A-T, optionally followed by 2 to 4 digits "
            "(e.g. C31)."), params={"code": code})
    section = match.group(1)
    name, first, last = SECTIONS[section]
    if match.group(2) and not first <= int(match.group(2)[:2]) <= last:
        return IndustryCheck(code, False, section, name, N_(
            "Division %(division)s does not belong to section %(section)s (%(name)s: divisions %(first)02d-%(last)02d)."),
            {"division": match.group(2)[:2], "section": section, "name": name, "first": first, "last": last})
    return IndustryCheck(code, True, section, name)


def section_name(code: str | None) -> str | None:
    if not code:
        return None
    entry = SECTIONS.get(code[:1].upper())
    return entry[0] if entry else None
