"""The rules this service implements (RULES.md), as the API lists them: the article they come from, the
sentence of the policy, what sets them off, and the parameters they read. Documentation as data; the
rule functions themselves are in zjtx.awards.rules (a test checks both name the same parameters)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from zjtx.common.events import registry as registry_events

Trigger = Literal["event", "claim", "flag", "award"]
START = "policy_in_force_from.value"


@dataclass(frozen=True)
class RuleEntry:
    id: str
    article: str
    text: str
    summary: str
    trigger: Trigger
    triggered_by: tuple[str, ...]
    parameters: tuple[str, ...]
    monetary: bool = True


RULEBOOK: tuple[RuleEntry, ...] = (
    RuleEntry(
        "A1.1",
        "一、培育一批“专精特新”中小企业",
        "对新认定的市级“专精特新”中小企业，给予一次性奖励20万元",
        "A newly recognised municipal 专精特新 SME gets a one-time award of 200,000 (without application).",
        "event",
        (registry_events.RECOGNITION_GRANTED.event_type,),
        (START, "municipal_recognition_award.amount"),
    ),
    RuleEntry(
        "A1.2",
        "一、培育一批“专精特新”中小企业",
        "对新认定的国家级专精特新“小巨人”企业……给予一次性奖励50万元",
        "A newly recognised national little giant gets a one-time award of 500,000; one award with A1.3.",
        "event",
        (registry_events.RECOGNITION_GRANTED.event_type,),
        (START, "national_little_giant_award.amount"),
    ),
    RuleEntry(
        "A1.3",
        "一、培育一批“专精特新”中小企业",
        "我市行政区域以外迁入的国家级专精特新“小巨人”企业，给予一次性奖励50万元",
        "A national little giant moving its registration into Hohhot gets a one-time 500,000; one award with A1.2.",
        "event",
        (registry_events.ENTERPRISE_RELOCATED_IN.event_type,),
        (START, "relocation_award.amount"),
    ),
    RuleEntry(
        "A1.park",
        "一、培育一批“专精特新”中小企业",
        "对聚集10家以上“专精特新”中小企业的产业园区授予“专精特新园区”牌匾",
        "A park hosting at least 10 enterprises with a valid 专精特新 recognition gets the plaque (no money).",
        "event",
        (registry_events.PARK_QUALIFIED.event_type,),
        (START, "park_plaque_threshold.value"),
        monetary=False,
    ),
    RuleEntry(
        "A2.1",
        "二、支持“专精特新”中小企业提升专业配套能力",
        "为全市“六大产业集群”大企业、大项目和龙头企业提供自主研发产品或技术的中小企业，"
        "按其新增配套额的5%、一次性给予不超过50万元的补助",
        "An SME (on the last day of the claim year) supplying its own products or technology (自主研发) to the six "
        "clusters' leading firms gets 5% of its new supply amount, once, capped at 500,000; the claim names the "
        "buyer's cluster. Finished years only.",
        "claim",
        ("POST /v1/claims",),
        (START, "supply_award.rate", "supply_award.cap"),
    ),
    RuleEntry(
        "A2.2",
        "二、支持“专精特新”中小企业提升专业配套能力",
        "对“专精特新”中小企业投资100万元以上的技改项目，按项目投资额的20%予以补助，最高不超过50万元",
        "A 专精特新 SME's technical-upgrade project of at least 1,000,000 gets 20%, capped at 500,000 per project; "
        "recognition and SME status on the completion date.",
        "claim",
        ("POST /v1/claims",),
        (START, "upgrade_award.min_investment", "upgrade_award.rate", "upgrade_award.cap"),
    ),
    RuleEntry(
        "A3.rent",
        "三、强化企业用地用房支持",
        "企业租赁研发和生产用房的，按照其实际房租的30%给予租金补助，连续补贴3年，单户补贴额度每年不超过100万元",
        "Little giants and single champions renting R&D or production premises get 30% of the rent for 3 "
        "consecutive years (the first three claimed, in whatever order the claims arrive), capped at 1,000,000 a "
        "year. Finished years only.",
        "claim",
        ("POST /v1/claims",),
        (START, "rent_subsidy.years", "rent_subsidy.rate", "rent_subsidy.cap_per_year"),
    ),
    RuleEntry(
        "A3.land",
        "三、强化企业用地用房支持",
        "国家级和自治区级专精特新“小巨人”企业、制造业单项冠军企业在我市投资“六大产业集群”项目的，"
        "其项目用地需求优先纳入供地计划",
        "National/regional little giants and single champions investing in six-cluster projects get priority in the "
        "land-supply plan: a flag per project (its cluster and date), no money.",
        "flag",
        (
            "POST /v1/enterprises/{uscc}/land-projects",
            "GET /v1/enterprises/{uscc}/land-projects",
            "GET /v1/enterprises/{uscc}/land-priority",
            "POST /v1/simulate",
        ),
        (),
        monetary=False,
    ),
    RuleEntry(
        "A4.1",
        "四、鼓励企业升规入统",
        "对“小升规”后连续3年不退规的中小企业，给予一次性奖励30万元，并在主流媒体刊登“小升规”企业名单",
        "An SME that moved above scale and stayed there 3 consecutive years gets a one-time 300,000; the names "
        "are published (A4.list: GET /v1/public/scale-up-list).",
        "event",
        (registry_events.ENTERPRISE_SCALE_REPORTED.event_type,),
        (START, "scale_up_award.consecutive_years", "scale_up_award.earliest_upgrade_year", "scale_up_award.amount"),
    ),
    RuleEntry(
        "A6.1",
        "六、支持企业开拓市场",
        "组织“六大产业集群”中小企业参加全国大型展览展销活动……展会参展费纳入中小企业发展专项资金支持范围",
        "Booth fees of national or international trade fairs for SMEs of the six clusters (on the fair's date) are "
        "reimbursed at a rate up to a yearly cap (project defaults: 100%, 50,000), fairs in date order. Finished "
        "years only.",
        "claim",
        ("POST /v1/claims",),
        (START, "trade_fair_subsidy.rate", "trade_fair_subsidy.cap_per_year"),
    ),
    RuleEntry(
        "F.1",
        "资金承担 (last paragraph)",
        "兑现本政策的资金由市，经济技术开发区、和林格尔新区、金山高新区，各旗县区、开发区各承担一半",
        "Every amount is funded half by the city and half by the enterprise's district or zone; the odd fen goes "
        "to the city.",
        "award",
        ("every monetary award",),
        ("funding_split.city_share",),
    ),
    RuleEntry(
        "P.notice",
        "公示 (the city's procedure, issue 12)",
        "拟奖励名单经初审后向社会公示，公示期满无异议的方可审批",
        "A reviewed award is on public notice (GET /v1/public/notices) for a number of working days after the "
        "review day; it is approved only once the notice has ended with no open objection.",
        "award",
        ("POST /v1/awards/{award_id}/review",),
        ("public_notice.working_days",),
        monetary=False,
    ),
)

# Parameters read outside the rules: the calculator's default validity of a recognition in a profile.
CALCULATOR_PARAMETERS = ("recognition_validity_years.tiers",)
