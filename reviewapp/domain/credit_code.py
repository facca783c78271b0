"""The unified social credit code 统一社会信用代码 (GB 32100-2015): normalise what applicants type, check it, and
tell where the organisation is registered.

Layout (GB 32100-2015, section 4): character 1 is the registration authority (1 机构编制, 5 民政, 9 工商/市场监管,
Y 其他 ...), 2 the organisation category, 3-8 the registering authority's administrative division code
(GB/T 2260), 9-17 the organisation code, 18 the check character. The award only accepts organisations registered
within Benxi's administrative area (award rules, Art. 11(2)), which the division code tells us.
"""
from dataclasses import dataclass, field

from reviewapp.domain.i18n import N_

LENGTH = 18

# GB 32100-2015, 4.2: the code's alphabet, 10 digits and 21 letters; I, O, Z, S and V are left out because they
# are easily mistaken for 1, 0, 2, 5 and U. A character's value is its index here.
CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUE = {c: i for i, c in enumerate(CHARSET)}

# GB 32100-2015, 5.2: weight of position i (1..17) is 3^(i-1) mod 31.
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

BENXI_PREFIX = "2105"

# GB/T 2260 codes of Benxi and its districts and counties.
BENXI_DIVISIONS = {
    "210500": "本溪市",
    "210502": "平山区",
    "210503": "溪湖区",
    "210504": "明山区",
    "210505": "南芬区",
    "210521": "本溪满族自治县",
    "210522": "桓仁满族自治县",
}

# GB/T 2260: the other prefecture-level cities of Liaoning, by the first four digits.
LIAONING_CITIES = {
    "2101": "沈阳市",
    "2102": "大连市",
    "2103": "鞍山市",
    "2104": "抚顺市",
    "2106": "丹东市",
    "2107": "锦州市",
    "2108": "营口市",
    "2109": "阜新市",
    "2110": "辽阳市",
    "2111": "盘锦市",
    "2112": "铁岭市",
    "2113": "朝阳市",
    "2114": "葫芦岛市",
}

# GB/T 2260: the 31 mainland provinces, autonomous regions and municipalities, by the first two digits.
PROVINCES = {
    "11": "北京市", "12": "天津市", "13": "河北省", "14": "山西省", "15": "内蒙古自治区",
    "21": "辽宁省", "22": "吉林省", "23": "黑龙江省",
    "31": "上海市", "32": "江苏省", "33": "浙江省", "34": "安徽省", "35": "福建省", "36": "江西省", "37": "山东省",
    "41": "河南省", "42": "湖北省", "43": "湖南省", "44": "广东省", "45": "广西壮族自治区", "46": "海南省",
    "50": "重庆市", "51": "四川省", "52": "贵州省", "53": "云南省", "54": "西藏自治区",
    "61": "陕西省", "62": "甘肃省", "63": "青海省", "64": "宁夏回族自治区", "65": "新疆维吾尔自治区",
}

MSG_LENGTH = N_("A unified social credit code has 18 characters; this one has %(length)s.")
MSG_CHARACTER = N_("Character %(position)s ('%(char)s') is not allowed in a unified social credit code "
                   "(I, O, Z, S and V are never used).")
MSG_CHECK_CHAR = N_("The check character should be %(expected)s, not %(actual)s: the code is mistyped.")

# Full-width forms U+FF01..U+FF5E sit exactly 0xFEE0 above their ASCII twins; Chinese input methods produce them.
_FULL_WIDTH_OFFSET = 0xFEE0


def normalize_credit_code(raw: str) -> str:
    """The code as it should be stored: no whitespace anywhere (people paste it in groups, or with the
    ideographic space U+3000), full-width letters and digits turned half-width, upper case."""
    chars = []
    for ch in raw:
        if ch.isspace():
            continue
        if "\uff01" <= ch <= "\uff5e":
            ch = chr(ord(ch) - _FULL_WIDTH_OFFSET)
        chars.append(ch)
    return "".join(chars).upper()


def credit_code_check_char(first17: str) -> str:
    """The check character for the first 17 characters (GB 32100-2015, 5.2):
    C18 = 31 - (sum of value(Ci) * Wi mod 31), where 31 itself becomes 0."""
    if len(first17) != LENGTH - 1:
        raise ValueError(f"need the first {LENGTH - 1} characters, got {len(first17)}")
    bad = [c for c in first17 if c not in _VALUE]
    if bad:
        raise ValueError(f"{bad[0]!r} is not a credit code character")
    total = sum(_VALUE[c] * w for c, w in zip(first17, WEIGHTS))
    return CHARSET[(31 - total % 31) % 31]


@dataclass(frozen=True)
class CreditCodeCheck:
    code: str  # normalised
    valid: bool
    message: str | None
    params: dict = field(default_factory=dict)
    division_code: str | None = None
    division_name: str | None = None
    in_benxi: bool = False


def _refused(code: str, message: str, **params) -> CreditCodeCheck:
    return CreditCodeCheck(code=code, valid=False, message=message, params=params)


def check_credit_code(raw: str) -> CreditCodeCheck:
    """Normalise and check a code; when valid, say where it was registered and whether that is in Benxi
    (Art. 11(2)). The first problem found is reported: length, then characters, then the check character."""
    code = normalize_credit_code(raw)
    if len(code) != LENGTH:
        return _refused(code, MSG_LENGTH, length=len(code))
    for position, ch in enumerate(code, start=1):
        if ch not in _VALUE:
            return _refused(code, MSG_CHARACTER, position=position, char=ch)
    expected = credit_code_check_char(code[:-1])
    if code[-1] != expected:
        return _refused(code, MSG_CHECK_CHAR, expected=expected, actual=code[-1])
    division = code[2:8]
    return CreditCodeCheck(code=code, valid=True, message=None, params={}, division_code=division,
                           division_name=division_name(division), in_benxi=division.startswith(BENXI_PREFIX))


def division_name(code: str) -> str | None:
    """A readable name for a GB/T 2260 division code: Benxi's district or county, else the Liaoning city, else
    the province; None for anything unknown. Outside Benxi we only need to say roughly where, not exactly."""
    if len(code) != 6 or not code.isascii() or not code.isdigit():
        return None
    if code.startswith(BENXI_PREFIX):
        return BENXI_DIVISIONS.get(code, f"本溪市（代码 {code}）")
    return LIAONING_CITIES.get(code[:4]) or PROVINCES.get(code[:2])
