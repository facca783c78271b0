"""The wording of the city's official documents about an award: the certificate (Art. 24) and the public notice
of a revocation (Art. 31, 32). These are issued in Chinese whatever language the office works in, like the
award's own text, so they are not run through the translation catalogue."""
from datetime import date

from reviewapp.domain.money import valid_until
from reviewapp.models import AwardKind, AwardRecord

AWARD_NAMES = {AwardKind.AWARD: "本溪市市长质量奖", AwardKind.NOMINATION: "本溪市市长质量奖提名奖"}
ISSUER = "本溪市人民政府"
ARTICLE_NUMERALS = {31: "第三十一条", 32: "第三十二条"}

# What follows a revocation, as Art. 31 and 32 word it.
CONSEQUENCES = {
    31: "收回奖牌、证书和激励资金，纳入信用记录。该组织10年内不得参加各类质量奖项的申报。",
    32: "收回奖牌、证书和激励资金。该组织不得参加下一届市长质量奖的评审。",
}


def chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def certificate_number(award: AwardRecord) -> str:
    return f"BXSZZLJ-{award.awarded_on.year}-{award.id:04d}"


def certificate_context(award: AwardRecord) -> dict:
    """Art. 24 (certificate), Art. 28 (the award year must be stated), Art. 4 (valid five years)."""
    return {
        "award_name": AWARD_NAMES[award.kind],
        "organization": award.organization.name,
        "year": award.awarded_on.year,
        "cycle_name": award.cycle_name,
        "awarded_on": chinese_date(award.awarded_on),
        "valid_until": chinese_date(valid_until(award.awarded_on)),
        "number": certificate_number(award),
        "issuer": ISSUER,
        "repeat": award.repeat,
    }


def revocation_title(award: AwardRecord) -> str:
    return f"关于撤销{award.organization.name}{AWARD_NAMES[award.kind]}的公告"


def revocation_ground(award: AwardRecord) -> str:
    """The article and clause: the office writes the clause as "第三十二条（一）" or just the item, "（一）"."""
    clause = (award.revocation_clause or "").strip()
    return clause if clause.startswith("第") else ARTICLE_NUMERALS[award.revocation_article] + clause


def revocation_body(award: AwardRecord) -> str:
    article = award.revocation_article
    ground = revocation_ground(award)
    reason = award.revocation_reason.strip().rstrip("。.") + "。"
    cycle = f"在{award.cycle_name}评选中" if award.cycle_name else ""
    return (f"{award.organization.name}{cycle}于{chinese_date(award.awarded_on)}获得{AWARD_NAMES[award.kind]}。"
            f"经查，{reason}\n\n"
            f"根据《本溪市市长质量奖管理办法》{ground}的规定，经报请市政府批准，自{chinese_date(award.revoked_on)}起"
            f"撤销该组织的{AWARD_NAMES[award.kind]}，{CONSEQUENCES[article]}\n\n特此公告。")
