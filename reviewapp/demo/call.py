"""The demo cycles' calls for applications (Art. 14): the current cycle's call is published through the office's own
operation before applications open, with its media record; the previous cycle, closed directly as history, gets
its call as it would have been published then (a demo shortcut through the model, like its closing)."""
from datetime import date, timedelta

from reviewapp import audit
from reviewapp.city_calendar import city_today
from reviewapp.cycles import operations as cycle_ops
from reviewapp.cycles.queries import current_call
from reviewapp.domain.call import CallContent
from reviewapp.extensions import db
from reviewapp.models import CallPublication, Cycle, Notice, NoticeKind

CONTACT = {"contact_person": "王立新（质量发展科）", "contact_phone": "024-42856120",
           "contact_email": "zlfzk@benxi.gov.cn", "contact_address": "本溪市平山区胜利路19号 本溪市市场监督管理局305室"}
AWARDS = ("市长质量奖和市长质量奖提名奖，颁发奖牌和证书（第二条、第二十四条）。市长质量奖给予一次性激励资金20万元，"
          "提名奖10万元；再次获得市长质量奖的组织只授予奖牌证书，不再给予激励资金（第十二条、第二十五条）。")
CONDITIONS = ("在本溪市行政区域内登记注册且正常运营3年以上，质量管理体系健全、有效运行卓越绩效等先进管理模式"
              "并取得显著成效，经营业绩或社会贡献居市内同行业领先地位，近3年内无重大质量、安全和环保等责任事故，"
              "未列入经营异常名录、严重违法失信名单，无行政处罚记录，在监督抽查中无不合格情况（第十一条）。")
WHERE = ("如实填写《本溪市市长质量奖申报表》，按照评审标准进行自我评价，将申报表、自我评价报告和证明材料，"
         "经相关主管部门、市行业协会或县（区）市场监管部门签署推荐意见后，报送本溪市市场监督管理局305室"
         "（第十五条）。")
# Art. 14: the city's main media and the government website, days after the call's publication
MEDIA = (("本溪市人民政府网站", 0, "www.benxi.gov.cn 通知公告"), ("本溪日报", 1, "第2版"))


def content(cycle: Cycle, deadline: date) -> CallContent:
    return CallContent(awards=AWARDS, conditions=CONDITIONS, award_quota=cycle.award_quota,
                       nomination_quota=cycle.nomination_quota, deadline=deadline, where_to_apply=WHERE, **CONTACT)


def _title(cycle: Cycle) -> str:
    return f"关于开展{cycle.name}申报工作的通告"


def _body(cycle: Cycle) -> str:
    return (f"根据《本溪市市长质量奖管理办法》第十四条，本溪市质量强市工作领导小组办公室现组织开展{cycle.name}"
            "申报工作。申报遵循自愿原则，评审不收取任何费用（第五条、第三十五条）。")


def _record_media(call: Notice, acting, summary) -> None:
    for outlet, days_after, reference in MEDIA:
        day = min(call.start_date + timedelta(days=days_after), city_today())
        if not any(m.outlet == outlet for m in call.media):
            cycle_ops.record_call_publication(call, outlet, day, reference, acting)
            summary.count("media records of calls")


def publish_current_call(cycle: Cycle, acting, summary) -> Notice | None:
    """The current cycle's call, through the office's operation, until its deadline (Art. 14, 15)."""
    call = current_call(cycle)
    if call is None:
        if cycle.application_deadline is None or cycle.application_deadline < city_today():
            return None  # an old installation whose demo deadline has passed: nothing to publish honestly
        call = cycle_ops.publish_call(cycle, _title(cycle), _body(cycle), content(cycle, cycle.application_deadline),
                                      acting)
        summary.count("calls for applications")
    _record_media(call, acting, summary)
    return call


def previous_call(cycle: Cycle, acting, summary) -> None:
    """The closed previous cycle's call, dated on its reference date (a demo shortcut through the model)."""
    if current_call(cycle) is not None:
        return
    deadline = cycle.application_deadline or cycle.reference_date + timedelta(days=60)
    call = Notice(cycle_id=cycle.id, kind=NoticeKind.CALL, title=_title(cycle), body=_body(cycle),
                  start_date=cycle.reference_date, end_date=deadline, working_days=0, entries=[],
                  details=content(cycle, deadline).as_json(), published_by_id=acting.id)
    db.session.add(call)
    db.session.flush()
    for outlet, days_after, reference in MEDIA:
        db.session.add(CallPublication(notice_id=call.id, outlet=outlet, reference=reference, recorded_by_id=acting.id,
                                       published_on=cycle.reference_date + timedelta(days=days_after)))
    audit.record("call_published", call, user=acting, details={"demo": True, "back_dated": True})
    db.session.commit()
    summary.count("calls for applications")


def close_applications_early(cycle: Cycle, acting) -> None:
    """`flask demo --stage panels`: the office brings the deadline forward to today with an amended call (Art. 15),
    the only way to close applications before the published deadline."""
    call = current_call(cycle)
    if call is not None and call.end_date > city_today():
        cycle_ops.publish_call(cycle, f"{_title(cycle)}（更正）", "申报截止日期提前至今日（演示）。",
                               content(cycle, city_today()), acting)
