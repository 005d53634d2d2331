"""The policy's rules by their stable ids (RULES.md: `A2.2` = article 2, rule 2) with the title people
know them by, in Chinese from the policy's own words (000_a2b475c2183e214b.txt) and in English from
RULES.md. The one table of rule names: the reference route lists it, answers name a rule by it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Article:
    id: str
    name: str  # Chinese, the policy's words
    name_en: str


ARTICLES: tuple[Article, ...] = (
    Article("F.1", "兑现资金由市与旗县区（园区）各承担一半", "Funding split: half the city, half the district or zone"),
    Article(
        "A1.pools",
        "建立成长型小微企业、“专精特新”示范企业、“小巨人”企业培育库",
        "Cultivation pools",
    ),
    Article("A1.target", "每年培育10家以上“专精特新”中小企业", "Yearly target of new 专精特新 SMEs"),
    Article("A1.1", "新认定市级“专精特新”中小企业一次性奖励20万元", "Award for a new municipal 专精特新 SME"),
    Article("A1.2", "新认定国家级专精特新“小巨人”企业一次性奖励50万元", "Award for a new national little giant"),
    Article(
        "A1.3", "市外迁入的国家级专精特新“小巨人”企业一次性奖励50万元", "Award for a national little giant moving in"
    ),
    Article("A1.park", "聚集10家以上“专精特新”中小企业的产业园区授予“专精特新园区”牌匾", "The 专精特新 park plaque"),
    Article("A2.1", "为“六大产业集群”配套的中小企业按新增配套额5%补助", "Supply to the six clusters: 5% of new supply"),
    Article("A2.2", "“专精特新”中小企业技改项目按投资额20%补助", "Technical upgrades: 20% of the investment"),
    Article("A3.land", "“小巨人”、制造业单项冠军企业项目用地优先纳入供地计划", "Land-supply priority"),
    Article("A3.rent", "租赁研发和生产用房按实际房租30%补助，连续3年", "Rent subsidy: 30% for 3 years"),
    Article("A4.pool", "建立“小升规”企业培育库", "The 小升规 cultivation pool"),
    Article("A4.1", "“小升规”后连续3年不退规的中小企业一次性奖励30万元", "Award for three years above scale"),
    Article("A4.list", "刊登“小升规”企业名单", "The published list of 小升规 enterprises"),
    Article("A5.1", "“小巨人”企业生产经营贷款按LPR的50%贴息", "Interest subsidy: 50% of the LPR"),
    Article("A5.2", "“助保贷”利率上浮不超过LPR 100个基点", "助保贷: at most LPR + 100 basis points"),
    Article("A5.3", "“助保贷”政府提供30%风险补偿", "助保贷: 30% risk compensation"),
    Article("A5.4", "信用融资产品与银企对接服务", "Financing services"),
    Article("A6.1", "参加全国大型展览展销活动的参展费支持", "Trade-fair booth fees"),
    Article("A7", "智能化数字化赋能服务", "Digital enablement services"),
    Article("A8", "开展企业人才培养", "Training"),
    Article("A8.lectures", "普惠型中小企业政策大讲堂", "Policy lectures"),
    Article("A8.entrepreneurs", "“专精特新”企业创新研修", "专精特新 study programmes"),
    Article("A9", "落实中小企业参与政府采购政策", "Government procurement for SMEs"),
    Article("A9.1", "预留年度政府采购预算40%以上面向中小企业，其中小微企业不低于70%", "Procurement reserve: 40%, 70%"),
    Article("A9.2", "200万元以下货物和服务、400万元以下工程专门面向中小企业采购", "Procurement reserved for SMEs"),
    Article("A10", "及时支付中小企业账款", "Paying SMEs on time"),
    Article("A10.1", "机关、事业单位30日内支付，约定付款期限最长60日", "Organs: 30 days, at most 60"),
    Article("A10.2", "大型企业60日内支付", "Large enterprises: 60 days"),
    Article("A10.3", "检验验收、定期结算的付款期限起算", "When the payment clock starts"),
    Article("A10.4", "逾期利息", "Overdue interest"),
    Article("A10.5", "拖欠账款“高风险”单位重点摸排", "High-risk screening of arrears"),
    Article("A10.6", "公开上一年度逾期未支付中小企业款项信息", "Yearly report of overdue payments"),
    Article("A11", "加强服务载体建设", "Service platforms"),
    Article("A12", "开展中小企业法治、信用体检", "Legal and credit health checks"),
    Article("A13", "完善市场监管体制", "Market supervision"),
    Article("A13.1", "同类检查每年每户企业不超过1次", "At most one inspection of a kind a year"),
    Article("A13.2", "抽查结果在检查结束后20日内向社会公开", "Results published within 20 days"),
    Article("A14.1", "“12345”热线企业专席受理中小企业投诉建议", "The 12345 enterprise desk"),
    Article("A14.2", "响应率、解决率、满意率", "Response, resolution and satisfaction rates"),
    Article("A15.1", "开展中小企业发展环境评估", "Environment evaluation"),
)

RULE_NAMES: dict[str, str] = {article.id: article.name for article in ARTICLES}


def rule_name(rule: str | None) -> str | None:
    """The Chinese title of a rule id; None for none or for an id the policy does not have."""
    return RULE_NAMES.get(rule) if rule else None
