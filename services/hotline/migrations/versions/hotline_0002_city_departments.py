"""the city's departments and a route for every category (data): tickets are routed from the first start

The departments that handle enterprises' complaints in Hohhot, with the codes the development keys'
handler clients are bound to (GXJ, CZJ), and the default routing of the six categories. Inserted only
where missing, so a department or route the city has changed through the API is left as it is; the
routing is edited with PUT /v1/routing afterwards, never here.

Revision ID: hotline_0002
Revises: hotline_0001
Create Date: 2026-12-02 08:30:00.000000
"""
from alembic import op
import sqlalchemy as sa

revision = 'hotline_0002'
down_revision = 'hotline_0001'
branch_labels = None
depends_on = None

DEPARTMENTS = [
    ("GXJ", "呼和浩特市工业和信息化局"),
    ("CZJ", "呼和浩特市财政局"),
    ("SCJGJ", "呼和浩特市市场监督管理局"),
    ("SWJ", "国家税务总局呼和浩特市税务局"),
    ("ZWFWJ", "呼和浩特市行政审批和政务服务局"),
]

ROUTES = [
    ("arrears", "GXJ"),  # 保障中小企业款项支付: the SME department (工信局) takes the complaints
    ("finance", "CZJ"),
    ("awards_policy", "GXJ"),
    ("inspection", "SCJGJ"),
    ("permits", "ZWFWJ"),
    ("other", "GXJ"),
]


def upgrade() -> None:
    for code, name in DEPARTMENTS:
        op.execute(
            sa.text("INSERT INTO department (code, name) VALUES (:code, :name) ON CONFLICT (code) DO NOTHING")
            .bindparams(code=code, name=name)
        )
    for category, department in ROUTES:
        op.execute(
            sa.text(
                "INSERT INTO route (category, department_code) VALUES (:category, :department) "
                "ON CONFLICT (category) DO NOTHING"
            ).bindparams(category=category, department=department)
        )


def downgrade() -> None:
    op.execute(sa.text("DELETE FROM route"))
    op.execute(
        sa.text("DELETE FROM department WHERE code = ANY(:codes) AND code NOT IN (SELECT department FROM ticket WHERE department IS NOT NULL)")
        .bindparams(sa.bindparam("codes", value=[code for code, _ in DEPARTMENTS], type_=sa.ARRAY(sa.String())))
    )
