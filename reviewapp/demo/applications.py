"""The demo's cycles and applicants: two cycles, three recommending bodies and fifteen applicants, one for each
outcome of the eligibility rules (Art. 11, 12, 30-32).

Everything is written through the ordinary operations, so the audit trail records it as if the office had
typed it in. Each thing is looked up by its natural key first (the cycle's name, the organization's credit code,
a record's organization, kind and date, an application's cycle and organization) and only what is missing is
created.

Dates are computed from the current cycle's reference date D (ten days before the first load), so every
organization keeps its intended outcome whenever the demo is loaded. Names are realistic but fictional.
"""
from calendar import monthrange
from datetime import date, timedelta

from sqlalchemy import select

from reviewapp import audit
from reviewapp.applications import operations as application_ops
from reviewapp.applications.eligibility import eligibility_report
from reviewapp.city_calendar import city_today
from reviewapp.cycles import operations as cycle_ops
from reviewapp.demo.documents import minimal_pdf, self_assessment
from reviewapp.demo.summary import DemoRefused, DemoSummary
from reviewapp.domain.credit_code import credit_code_check_char
from reviewapp.domain.cycle_settings import MAX_AWARDS, MAX_NOMINATIONS, default_settings
from reviewapp.domain.dates import years_before
from reviewapp.domain.files import safe_display_name
from reviewapp.domain.standard import DEFAULT_VERSION
from reviewapp.errors import Refused
from reviewapp.extensions import db
from reviewapp.models import (Application, AwardKind, AwardRecord, CreditRecord, CreditRecordKind, Cycle,
                              FindingKind, Material, MisconductFinding, Organization, Stage)
from reviewapp.organizations import operations as org_ops

PREVIOUS_CYCLE_NAME = "第九届本溪市市长质量奖"
CURRENT_CYCLE_NAME = "第十届本溪市市长质量奖"
REFERENCE_DAYS_AGO = 10
APPLICATION_DAYS = 60  # days from the reference date to the application deadline
MATERIAL_NAME = "申报表.pdf"


# --- small helpers --------------------------------------------------------------------------------------
def months_before(day: date, months: int) -> date:
    """The same day of the month `months` months earlier (the month's last day if it is shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


def credit_code(prefix: str, division: str, org_code: str) -> str:
    """A valid unified social credit code (GB 32100): registration authority and category, division, the
    9-character organization code, and the computed check character."""
    first17 = prefix + division + org_code
    return first17 + credit_code_check_char(first17)


def cn_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


# --- the data -------------------------------------------------------------------------------------------
def _cycle_announcement(name: str, deadline: date) -> str:
    return (f"本溪市质量强市工作领导小组办公室决定开展{name}评审工作。依据《本溪市市长质量奖管理办法》第十四条，"
            f"现公布申报通告：在本溪市行政区域内依法注册、正常运营3年以上的组织，经行业主管部门、行业协会或县（区）"
            f"市场监管部门推荐，可于{cn_date(deadline)}前提交申报表、自我评价报告和证明材料。"
            f"本届市长质量奖不超过{MAX_AWARDS}个、提名奖不超过{MAX_NOMINATIONS}个，评审不收取任何费用。")


def _cycle_data(name: str, year: int, reference: date) -> dict:
    deadline = reference + timedelta(days=APPLICATION_DAYS)
    return {"name": name, "year": year, "reference_date": reference, "application_deadline": deadline,
            "standard_version": DEFAULT_VERSION, "award_quota": MAX_AWARDS, "nomination_quota": MAX_NOMINATIONS,
            "announcement": _cycle_announcement(name, deadline), "settings": default_settings()}


def _org(name, prefix, division, org_code, kind, founded_on, industry, address, legal, in_charge, contact, phone,
         email, for_profit=True) -> dict:
    return {"name": name, "credit_code": credit_code(prefix, division, org_code), "kind": kind,
            "founded_on": founded_on, "industry_code": industry, "for_profit": for_profit, "address": address,
            "contact_name": contact, "contact_phone": phone, "contact_email": email,
            "legal_representative": legal, "person_in_charge": in_charge}


# Recommending bodies (Art. 10): key -> organization data, the signatory of their opinions.
RECOMMENDERS = {
    "gongxin": (_org("本溪市工业和信息化局", "11", "210500", "001203457", "government_department", None, "S92",
                     "本溪市平山区胜利路22号", "孙立军", "孙立军", "周晓梅", "024-42830715",
                     "gxj-demo@example.com", for_profit=False), "孙立军"),
    "xiehui": (_org("本溪市质量协会", "51", "210500", "MJ0813626", "industry_association", None, "S95",
                    "本溪市明山区光明街10号", "高淑华", "高淑华", "韩冬", "024-42217736",
                    "zlxh-demo@example.com", for_profit=False), "高淑华"),
    "pingshan": (_org("平山区市场监督管理局", "11", "210502", "MB1642087", "market_supervision", None, "S92",
                      "本溪市平山区站前街18号", "马文涛", "马文涛", "李雪", "024-42896310",
                      "psscj-demo@example.com", for_profit=False), "马文涛"),
}

OPINION = ("经审核，该单位申报材料齐全，符合《本溪市市长质量奖管理办法》第十一条规定的申报条件，"
           "在本行业具有示范作用，同意推荐申报{award}。")


def applicants(d: date) -> list[dict]:
    """The applicants of the current cycle, one per eligibility outcome; all dates relative to D = `d`.
    `expected` names the automatic checks the application is meant to fail (empty: passes them all)."""
    return [
        {"key": "a", "outcome": "passes every automatic check (the office's four judgements remain)",
         "expected": (), "recommender": "gongxin", "award": "award", "base": 65, "pdf": True,
         "org": _org("本溪华钢特种板材有限公司", "91", "210502", "240918357", "enterprise", date(1993, 7, 16), "C31",
                     "本溪市平山区人民路56号", "王振东", "刘志强", "赵明", "024-42951208",
                     "zhaoming@hgtb-demo.example.com"),
         "form": {"profile": "国有控股钢铁企业，集炼铁、炼钢、热轧、冷轧于一体，是东北地区重要的汽车板和家电板生产基地。",
                  "main_products": "汽车外板、家电用冷轧板、高强度热轧板卷", "employees": 6850, "revenue": 2865000,
                  "profit_tax": 153000, "asset_contribution": 9,
                  "quality_achievements": "2012年起导入卓越绩效模式，汽车外板通过多家主机厂认证，产品一次合格率99.3%。",
                  "innovation": "主导制定行业标准2项，拥有发明专利46项，“华钢”商标为辽宁省著名商标。"}},
        {"key": "b", "outcome": "registered outside Benxi (Art. 11(2))",
         "expected": ("registered_in_benxi",), "recommender": "xiehui", "award": "award", "base": 55, "pdf": True,
         "org": _org("辽宁盛京药业有限公司", "91", "210102", "MA0P4Y2K7", "enterprise", date(2006, 3, 20), "C27",
                     "沈阳市和平区三好街88号（本溪生产基地：本溪市溪湖区药都大道9号）", "钱国华", "郑丽娟", "吴刚",
                     "024-23865120", "wugang@sjyy-demo.example.com"),
         "form": {"profile": "注册于沈阳市和平区的医药企业，2015年在本溪高新区建设固体制剂生产基地。",
                  "main_products": "中成药片剂、胶囊剂", "employees": 620, "revenue": 48000, "profit_tax": 5200,
                  "asset_contribution": 8, "quality_achievements": "生产基地通过药品GMP符合性检查，建立全过程质量追溯体系。",
                  "innovation": "与辽宁中医药大学共建研发中心，取得中药新药临床批件1项。"}},
        {"key": "c", "outcome": "operating for less than 3 years (Art. 11(2))",
         "expected": ("operating_three_years",), "recommender": "gongxin", "award": "nomination", "base": 50,
         "org": _org("本溪云启软件科技有限公司", "91", "210504", "MA7C2QK41", "enterprise", years_before(d, 2), "I65",
                     "本溪市明山区新兴街28号创业大厦5层", "林浩然", "林浩然", "许晴", "024-42622019",
                     "xuqing@yunqi-demo.example.com"),
         "form": {"profile": "专注工业互联网平台的软件企业，为本地钢铁、医药企业提供设备管理和质量追溯系统。",
                  "main_products": "设备远程运维平台、质量追溯SaaS", "employees": 85, "revenue": 3600,
                  "profit_tax": 420, "asset_contribution": 12,
                  "quality_achievements": "通过ISO 9001和ISO/IEC 27001认证，客户满意度96%。",
                  "innovation": "取得软件著作权23项，参与编制团体标准1项。"}},
        {"key": "d", "outcome": "major accident within 3 years (Art. 11(6))",
         "expected": ("no_major_accident",), "recommender": "gongxin", "award": "award", "base": 55,
         "org": _org("本溪恒泰热电有限公司", "91", "210503", "701468239", "enterprise", date(2001, 11, 8), "D44",
                     "本溪市溪湖区河东路15号", "陈国栋", "杨宏伟", "孙丽", "024-42843576",
                     "sunli@hengtai-demo.example.com"),
         "form": {"profile": "城市集中供热和发电企业，承担溪湖区、明山区约1200万平方米的供热任务。",
                  "main_products": "电力、城市集中供热", "employees": 940, "revenue": 86000, "profit_tax": 6100,
                  "asset_contribution": 6, "quality_achievements": "建立供热质量投诉快速响应机制，供热达标率98%。",
                  "innovation": "完成两台机组超低排放改造和热网智能调控系统建设。"}},
        {"key": "e", "outcome": "on the abnormal-operations list within 3 years (Art. 11(6))",
         "expected": ("not_abnormal_operations",), "recommender": "xiehui", "award": "nomination", "base": 50,
         "org": _org("本溪满乡食品有限公司", "91", "210521", "MA0Q8B3D6", "enterprise", date(2009, 5, 12), "C13",
                     "本溪满族自治县小市镇工业园区8号", "关玉华", "关玉华", "那英杰", "024-44812236",
                     "nayingjie@manxiang-demo.example.com"),
         "form": {"profile": "以本溪山区特色农产品为原料的食品加工企业。", "main_products": "速冻山野菜、林蛙制品、榛子",
                  "employees": 210, "revenue": 15600, "profit_tax": 1300, "asset_contribution": 10,
                  "quality_achievements": "通过HACCP体系认证，建立“企业+合作社+农户”原料基地质量管控模式。",
                  "innovation": "“满乡”牌山野菜获评辽宁省名牌产品。"}},
        {"key": "f", "outcome": "on the serious-dishonesty list (Art. 11(6))",
         "expected": ("not_serious_dishonesty",), "recommender": "xiehui", "award": "nomination", "base": 45,
         "org": _org("本溪鑫源建材有限公司", "91", "210505", "MA0U6N1R2", "enterprise", date(2004, 8, 30), "C30",
                     "本溪市南芬区铁山街道建材路3号", "曹永福", "曹永福", "冯建军", "024-44761189",
                     "fengjianjun@xinyuan-demo.example.com"),
         "form": {"profile": "生产新型墙体材料和商品混凝土的建材企业。", "main_products": "蒸压加气混凝土砌块、商品混凝土",
                  "employees": 160, "revenue": 9800, "profit_tax": 560, "asset_contribution": 7,
                  "quality_achievements": "建立原材料进厂检验和出厂检验双控制度。",
                  "innovation": "利用铁尾矿生产加气混凝土砌块，实现固废综合利用。"}},
        {"key": "g", "outcome": "administrative penalty within 3 years (Art. 11(6))",
         "expected": ("no_administrative_penalty",), "recommender": "gongxin", "award": "award", "base": 55,
         "org": _org("本溪辽东化工有限公司", "91", "210503", "118762045", "enterprise", date(1996, 4, 2), "C26",
                     "本溪市溪湖区化工路66号", "谭振华", "邓立新", "罗敏", "024-42716645",
                     "luomin@liaodong-demo.example.com"),
         "form": {"profile": "生产精细化工产品和化工助剂的老牌化工企业。", "main_products": "水处理剂、橡胶助剂、工业涂料",
                  "employees": 480, "revenue": 32000, "profit_tax": 2600, "asset_contribution": 8,
                  "quality_achievements": "通过ISO 9001、ISO 14001、ISO 45001三体系认证。",
                  "innovation": "开发低VOC水性工业涂料，获省级科技进步三等奖。"}},
        {"key": "h", "outcome": "failed supervisory spot check within 3 years (Art. 11(6))",
         "expected": ("no_failed_spot_check",), "recommender": "xiehui", "award": "nomination", "base": 55,
         "org": _org("桓仁雪岭冰酒庄园有限公司", "91", "210522", "MA0R3T5W8", "enterprise", date(2007, 9, 18), "C15",
                     "桓仁满族自治县雅河朝鲜族乡冰酒大道1号", "金成浩", "金美玲", "朴志勇", "024-48206618",
                     "piaozhiyong@xueling-demo.example.com"),
         "form": {"profile": "依托桓仁冰葡萄地理标志产区的冰酒生产企业，自有葡萄园3200亩。",
                  "main_products": "冰葡萄酒、干红葡萄酒", "employees": 230, "revenue": 12800, "profit_tax": 2100,
                  "asset_contribution": 11, "quality_achievements": "建立从葡萄园到酒瓶的全程可追溯体系。",
                  "innovation": "“雪岭”冰酒获国际葡萄酒大赛金奖。"}},
        {"key": "i", "outcome": "won the award less than 5 years ago (Art. 12)",
         "expected": ("award_wait_five_years",), "recommender": "pingshan", "award": "award", "base": 70,
         "org": _org("本溪药都制药股份有限公司", "91", "210502", "243105718", "enterprise", date(1993, 6, 28), "C27",
                     "本溪市平山区北地路101号", "张宏远", "李卫东", "宋佳", "024-42358827",
                     "songjia@yaodu-demo.example.com"),
         "form": {"profile": "集中药材种植、中成药研发和生产于一体的制药企业，第八届市长质量奖获奖单位。",
                  "main_products": "中成药口服液、颗粒剂、片剂", "employees": 1350, "revenue": 168000,
                  "profit_tax": 24000, "asset_contribution": 13,
                  "quality_achievements": "实施卓越绩效模式十年，建立中药材GAP种植基地。",
                  "innovation": "拥有国家级企业技术中心，主导修订中药质量标准5项。"}},
        {"key": "j", "outcome": "nomination award already received, applies for it again (Art. 12)",
         "expected": ("nomination_not_again",), "recommender": "gongxin", "award": "nomination", "base": 60,
         "org": _org("本溪太子河机械制造有限公司", "91", "210504", "MA0N7H2E3", "enterprise", date(2002, 10, 15), "C34",
                     "本溪市明山区高峪路18号", "刘长海", "何建平", "田野", "024-42637720",
                     "tianye@taizihe-demo.example.com"),
         "form": {"profile": "生产冶金和矿山专用设备的装备制造企业，第九届市长质量奖提名奖获奖单位。",
                  "main_products": "冶金辊道、矿用破碎机、减速机", "employees": 560, "revenue": 41000,
                  "profit_tax": 3300, "asset_contribution": 9,
                  "quality_achievements": "推行精益生产和六西格玛，产品返修率三年下降40%。",
                  "innovation": "开发智能破碎机远程监控系统，获实用新型专利18项。"}},
        {"key": "k", "outcome": "past nomination winner applying for the award: passes, with a note (Art. 12)",
         "expected": (), "recommender": "pingshan", "award": "award", "base": 65,
         "org": _org("本溪辽铸精密铸造有限公司", "91", "210502", "604213879", "enterprise", date(1999, 3, 9), "C33",
                     "本溪市平山区工业园区铸造路6号", "徐广生", "徐广生", "梁红", "024-42976603",
                     "lianghong@liaozhu-demo.example.com"),
         "form": {"profile": "为汽车和工程机械配套的精密铸件企业，第八届市长质量奖提名奖获奖单位。",
                  "main_products": "汽车发动机缸体、工程机械精密铸件", "employees": 890, "revenue": 73000,
                  "profit_tax": 6800, "asset_contribution": 10,
                  "quality_achievements": "通过IATF 16949认证，铸件废品率降至1.2%。",
                  "innovation": "建成数字化铸造车间，获评辽宁省专精特新企业。"}},
        {"key": "l", "outcome": "false materials found less than 5 years ago (Art. 30)",
         "expected": ("false_materials_ban",), "recommender": "gongxin", "award": "award", "base": 55,
         "org": _org("本溪宏达矿业有限公司", "91", "210505", "716530924", "enterprise", date(2003, 12, 1), "B08",
                     "本溪市南芬区思山岭街道矿山路12号", "董宏达", "蒋海涛", "袁芳", "024-44732285",
                     "yuanfang@hongda-demo.example.com"),
         "form": {"profile": "铁矿石开采和选矿企业，年处理原矿300万吨。", "main_products": "铁精粉",
                  "employees": 720, "revenue": 54000, "profit_tax": 4700, "asset_contribution": 8,
                  "quality_achievements": "建立铁精粉品位在线检测系统。", "innovation": "尾矿干排和综合利用技术改造。"}},
        {"key": "m", "outcome": "award revoked for bribery: 10-year ban (Art. 31)",
         "expected": ("fraud_ban",), "recommender": "xiehui", "award": "award", "base": 55,
         "org": _org("本溪金桥建筑工程有限公司", "91", "210504", "123870564", "enterprise", date(2000, 7, 7), "E48",
                     "本溪市明山区金山路33号", "彭金桥", "彭金桥", "魏东", "024-42688120",
                     "weidong@jinqiao-demo.example.com"),
         "form": {"profile": "市政道路和桥梁施工企业，具有市政公用工程施工总承包一级资质。",
                  "main_products": "市政道路、桥梁、管网工程施工", "employees": 1100, "revenue": 96000,
                  "profit_tax": 5400, "asset_contribution": 6,
                  "quality_achievements": "承建工程一次验收合格率100%。", "innovation": "推广装配式桥梁施工工法2项。"}},
        {"key": "n", "outcome": "award revoked under Art. 32 since the previous cycle: barred from this cycle",
         "expected": ("revoked_next_cycle",), "recommender": "xiehui", "award": "award", "base": 60,
         "org": _org("本溪华康乳业有限公司", "91", "210521", "MA0T5A9G4", "enterprise", date(2005, 2, 22), "C14",
                     "本溪满族自治县草河口镇乳业园区2号", "赵德胜", "白雪梅", "齐鹏", "024-44851397",
                     "qipeng@huakang-demo.example.com"),
         "form": {"profile": "以本地奶源为主的乳制品企业，第八届市长质量奖获奖单位，该奖项已依第三十二条撤销。",
                  "main_products": "巴氏杀菌乳、酸奶、奶粉", "employees": 380, "revenue": 27000, "profit_tax": 1900,
                  "asset_contribution": 7, "quality_achievements": "自建万头奶牛养殖基地，生鲜乳100%自检。",
                  "innovation": "建设乳品全程冷链追溯系统。"}},
        {"key": "o", "outcome": "hospital (institution, not for profit): passes every automatic check",
         "expected": (), "recommender": "pingshan", "award": "nomination", "base": 60,
         "org": _org("本溪市太子河医院", "12", "210502", "46210593X", "institution", date(1952, 10, 1), "Q84",
                     "本溪市平山区太子河路120号", "孟庆国", "高敏", "王静", "024-42815530",
                     "wangjing@tzhyy-demo.example.com", for_profit=False),
         "form": {"profile": "三级综合医院，开放床位1200张，是本溪市东部区域医疗中心。",
                  "main_products": "医疗、急救、预防保健和教学服务", "employees": 1650, "revenue": 92000,
                  "profit_tax": 0, "asset_contribution": 4,
                  "quality_achievements": "导入卓越绩效模式和JCI标准，患者满意度连续三年95%以上。",
                  "innovation": "建成胸痛中心、卒中中心，开展远程会诊覆盖两个满族自治县。"}},
    ]


def history(key: str, d: date) -> dict:
    """Credit records, award history and findings of applicant `key`, relative to D = `d`. A past cycle's
    awards are dated one year after its reference date (第七届: D - 6 years, 第八届: D - 4, 第九届: D - 2)."""
    eighth, ninth = years_before(d, 3), years_before(d, 1)
    records = {
        "d": {"credit": [{"kind": "major_accident", "start_date": years_before(d, 1), "source": "本溪市应急管理局",
                          "description": "厂区蒸汽管道爆裂，造成2人受伤，被认定为负有责任的安全生产事故。"}]},
        "e": {"credit": [{"kind": "abnormal_operations", "start_date": years_before(d, 2),
                          "end_date": years_before(d, 1), "source": "国家企业信用信息公示系统（辽宁）",
                          "description": "未按期公示年度报告被列入经营异常名录，补报后移出。"}]},
        "f": {"credit": [{"kind": "serious_dishonesty", "start_date": months_before(d, 6),
                          "source": "国家企业信用信息公示系统（辽宁）",
                          "description": "拒不履行生效判决，被列入严重违法失信名单，尚未移出。"}]},
        "g": {"credit": [{"kind": "administrative_penalty", "start_date": months_before(d, 35), "source": "本溪市生态环境局",
                          "description": "废气排放超标，罚款人民币20万元。"}]},
        "h": {"credit": [{"kind": "failed_spot_check", "start_date": months_before(d, 14),
                          "source": "辽宁省市场监督管理局省级监督抽查",
                          "description": "冰葡萄酒二氧化硫残留量项目不合格。"}]},
        "i": {"awards": [{"kind": "award", "awarded_on": eighth, "cycle_name": "第八届本溪市市长质量奖"}]},
        "j": {"awards": [{"kind": "nomination", "awarded_on": ninth, "cycle_name": PREVIOUS_CYCLE_NAME}]},
        "k": {"awards": [{"kind": "nomination", "awarded_on": eighth, "cycle_name": "第八届本溪市市长质量奖"}]},
        "l": {"findings": [{"kind": "false_materials", "found_on": years_before(d, 2),
                            "description": "申报第九届本溪市市长质量奖时提供虚假的产品检测报告和销售数据，经核查属实。"}]},
        "m": {"awards": [{"kind": "award", "awarded_on": years_before(d, 5), "cycle_name": "第七届本溪市市长质量奖",
                          "revoked_on": years_before(d, 4), "revocation_article": "31",
                          "revocation_reason": "查实其在评审过程中向评审人员行贿，依第三十一条撤销奖项、追回奖金。"}]},
        "n": {"awards": [{"kind": "award", "awarded_on": eighth, "cycle_name": "第八届本溪市市长质量奖",
                          "revoked_on": months_before(d, 8), "revocation_article": "32",
                          "revocation_reason": "获奖后发生严重产品质量问题（批次产品菌落总数超标并召回），"
                                               "依第三十二条撤销奖项并予以公布。"}]},
    }
    return records.get(key, {})


# --- loading --------------------------------------------------------------------------------------------
def _refused(error) -> DemoRefused:
    return DemoRefused("; ".join(message % params for message, params in error.problems))


def _cycle(name: str) -> Cycle | None:
    return db.session.scalar(select(Cycle).where(Cycle.name == name))


def _organization(data: dict, acting, summary: DemoSummary) -> Organization:
    org = db.session.scalar(select(Organization).where(Organization.credit_code == data["credit_code"]))
    if org is None:
        org = org_ops.create_organization(data, acting)
        summary.count("organizations")
    return org


def _history(org: Organization, records: dict, acting, summary: DemoSummary) -> None:
    for data in records.get("credit", []):
        if db.session.scalar(select(CreditRecord.id).where(
                CreditRecord.organization_id == org.id, CreditRecord.kind == CreditRecordKind(data["kind"]),
                CreditRecord.start_date == data["start_date"])) is None:
            org_ops.add_credit_record(org, data, acting)
            summary.count("credit records")
    for data in records.get("awards", []):
        if db.session.scalar(select(AwardRecord.id).where(
                AwardRecord.organization_id == org.id, AwardRecord.kind == AwardKind(data["kind"]),
                AwardRecord.awarded_on == data["awarded_on"])) is None:
            org_ops.add_award_record(org, data, acting)
            summary.count("award records")
    for data in records.get("findings", []):
        if db.session.scalar(select(MisconductFinding.id).where(
                MisconductFinding.organization_id == org.id, MisconductFinding.kind == FindingKind(data["kind"]),
                MisconductFinding.found_on == data["found_on"])) is None:
            org_ops.add_finding(org, data, acting)
            summary.count("findings")


def _previous_cycle(current_year: int, current_reference: date, acting, summary: DemoSummary) -> Cycle:
    """第九届: two years (one cycle, Art. 4) before the current one."""
    cycle = _cycle(PREVIOUS_CYCLE_NAME)
    if cycle is None:
        data = _cycle_data(PREVIOUS_CYCLE_NAME, current_year - 2, years_before(current_reference, 2))
        cycle = cycle_ops.create_cycle(data, acting)
        summary.count("cycles")
    if cycle.stage is Stage.ANNOUNCEMENT:
        # Demo shortcut: the previous cycle only serves as history and as the "previous cycle" of Art. 32, so
        # it is closed directly instead of being walked through every stage (whose guards need applications
        # and notices). The audit trail still records the move, marked as the demo's.
        previous = cycle.stage
        cycle.stage, cycle.open_for_applications = Stage.CLOSED, False
        audit.record("cycle_stage_changed", cycle, user=acting,
                     details={"from": previous.value, "to": cycle.stage.value, "note": "demo data: closed directly"})
        db.session.commit()
    return cycle


def _current_cycle(acting, summary: DemoSummary) -> Cycle:
    cycle = _cycle(CURRENT_CYCLE_NAME)
    if cycle is None:
        today = city_today()
        data = _cycle_data(CURRENT_CYCLE_NAME, today.year, today - timedelta(days=REFERENCE_DAYS_AGO))
        # The previous cycle first, so that the history reads in order.
        _previous_cycle(data["year"], data["reference_date"], acting, summary)
        cycle = cycle_ops.create_cycle(data, acting)
        summary.count("cycles")
    else:
        _previous_cycle(cycle.year, cycle.reference_date, acting, summary)
    if cycle.stage is Stage.ANNOUNCEMENT:
        try:
            cycle_ops.advance(cycle, acting)
        except Refused as error:
            raise _refused(error) from None
    return cycle


def _application(cycle: Cycle, org: Organization, spec: dict, recommenders: dict, acting,
                 summary: DemoSummary) -> Application | None:
    application = db.session.scalar(select(Application).where(Application.cycle_id == cycle.id,
                                                               Application.organization_id == org.id))
    if application is None:
        recommender, signatory = recommenders[spec["recommender"]]
        data = {"organization_id": org.id, "award": spec["award"], "form_data": spec["form"],
                "self_assessment": self_assessment(spec["base"]), "recommender_id": recommender.id,
                "recommendation_opinion": OPINION.format(award="市长质量奖" if spec["award"] == "award" else
                                                         "市长质量奖提名奖"),
                "recommendation_signatory": signatory,
                "recommendation_date": cycle.reference_date - timedelta(days=3 + len(summary.outcomes) % 5)}
        try:
            application = application_ops.register_application(cycle, data, acting)
        except Refused as error:
            summary.warnings.append(f"{org.name}: not registered ({_refused(error)})")
            return None
        summary.count("applications")
    if spec.get("pdf"):
        name = safe_display_name(MATERIAL_NAME)
        if db.session.scalar(select(Material.id).where(Material.application_id == application.id,
                                                       Material.original_name == name)) is None:
            pdf = minimal_pdf(["Benxi Mayor's Quality Award - application form (demo data)",
                               f"Application {application.number}", f"Credit code {org.credit_code}"])
            try:
                application_ops.add_material(application, "application_form", MATERIAL_NAME, pdf, acting)
            except Refused as error:
                summary.warnings.append(f"{org.name}: {MATERIAL_NAME} not uploaded ({_refused(error)})")
            else:
                summary.count("materials")
    return application


def load_applications(acting, summary: DemoSummary) -> tuple[Cycle, dict[str, Organization], dict[str, Organization]]:
    """Load (or complete) the two cycles, the recommending bodies and the current cycle's applicants with their
    histories, noting each demo application's eligibility outcome in `summary`; returns the current cycle, the
    applicants' organizations by the demo's keys (a-o) and the recommending bodies' by theirs."""
    cycle = _current_cycle(acting, summary)
    summary.current_cycle = cycle
    recommenders = {key: (_organization(data, acting, summary), signatory)
                    for key, (data, signatory) in RECOMMENDERS.items()}
    applicant_orgs = {}
    for spec in applicants(cycle.reference_date):
        org = _organization(spec["org"], acting, summary)
        applicant_orgs[spec["key"]] = org
        _history(org, history(spec["key"], cycle.reference_date), acting, summary)
        application = _application(cycle, org, spec, recommenders, acting, summary)
        report = eligibility_report(application) if application is not None else None
        failed = tuple(check.rule for check in report.failed_automatic) if report else None
        summary.outcomes.append({"key": spec["key"], "organization": org.name, "intended": spec["outcome"],
                                 "expected": spec["expected"], "failed": failed,
                                 "number": application.number if application is not None else None})
        if failed is not None and set(failed) != set(spec["expected"]):
            summary.warnings.append(f"{org.name}: fails {', '.join(failed) or 'nothing'}, "
                                    f"intended {', '.join(spec['expected']) or 'nothing'}")
    return cycle, applicant_orgs, {key: org for key, (org, _) in recommenders.items()}


def previous_cycle() -> Cycle | None:
    return _cycle(PREVIOUS_CYCLE_NAME)
