"""The wording of the city's official documents about an award: the certificate (Art. 24) and the public notice
of a revocation (Art. 31, 32). These are issued in Chinese whatever language the office works in, like the
award's own text, so they are not run through the translation catalogue."""
from datetime import date

from reviewapp.domain import revocation
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


def default_commendation_title(cycle_name: str) -> str:
    return f"关于表彰{cycle_name}获奖组织的决定"


def commendation_name(decision) -> str:
    """The decision as it is cited: 《本溪市人民政府关于表彰……的决定》."""
    title = decision.title.strip("《》 ")
    return f"《{title if title.startswith(ISSUER) else ISSUER + title}》"


def commendation_citation(decision) -> str:
    """Art. 24: 根据《本溪市人民政府关于表彰……的决定》（本政发〔2026〕18号）."""
    return f"根据{commendation_name(decision)}（{decision.document_number}）"


def certificate_context(award: AwardRecord, decision=None) -> dict:
    """Art. 24 (the certificate is granted by the commendation decision, which it cites and whose date it bears),
    Art. 28 (the award year must be stated), Art. 4 (valid five years)."""
    return {
        "citation": commendation_citation(decision) if decision else None,
        "issued_on": chinese_date(decision.decided_on if decision else award.awarded_on),
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
    """The article and clause: "第三十二条第（一）项", "第三十一条（贿赂）"; a revocation recorded before the clauses
    were kept names its article only."""
    if award.revocation_clause is None:
        return ARTICLE_NUMERALS[award.revocation_article]
    ground = revocation.clause(award.revocation_clause.value)
    if ground.article == 32:
        return f"第三十二条第{ground.item}项"
    return f"第三十一条（{ground.item}）"


def decision_source(award: AwardRecord) -> str:
    """Art. 31: the credit record's source is the city government's decision."""
    return f"{ISSUER}撤销决定（{award.revocation_document}）"


def credit_description(award: AwardRecord) -> str:
    return f"依据《本溪市市长质量奖管理办法》{revocation_ground(award)}撤销{AWARD_NAMES[award.kind]}" \
           f"（{award.awarded_on.year}年获得）：{award.revocation_reason.strip()}"


def _situation(award: AwardRecord) -> str:
    """The clause in the text's own words, and the event's date (Art. 32: within five years after the award)."""
    ground = revocation.clause(award.revocation_clause.value)
    event = chinese_date(award.revocation_event_on)
    if ground.article == 32:
        return (f"上述情形发生于{event}，在获奖后5年内，属于《本溪市市长质量奖管理办法》第三十二条第{ground.item}项"
                f"“{ground.text}”规定的情形。")
    return f"该组织{ground.text}（于{event}查实），属于《本溪市市长质量奖管理办法》第三十一条规定的情形。"


def revocation_body(award: AwardRecord) -> str:
    """Art. 31, 32 (并向社会公告): the revocation notice names the clause, the event's date and the city government's
    decision (its date and document number)."""
    reason = award.revocation_reason.strip().rstrip("。.") + "。"
    cycle = f"在{award.cycle_name}评选中" if award.cycle_name else ""
    name = AWARD_NAMES[award.kind]
    return (f"{award.organization.name}{cycle}于{chinese_date(award.awarded_on)}获得{name}。经查，{reason}"
            f"{_situation(award)}\n\n"
            f"经领导小组办公室提请，{ISSUER}于{chinese_date(award.revoked_on)}作出撤销决定（{award.revocation_document}），"
            f"撤销该组织的{name}，{CONSEQUENCES[award.revocation_article]}\n\n特此公告。")
