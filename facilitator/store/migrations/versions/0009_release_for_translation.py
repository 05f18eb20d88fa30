"""hidden and pending notes released to the interpreter (issue 21)

Revision ID: 0009_release_for_translation
Revises: 0008_running_join_totals
Create Date: 2026-12-07 04:00:00

Every note already stored is not released: a hidden or pending note stays out of the
interpreter's sight until a facilitator releases it.
"""
import sqlalchemy as sa
from alembic import op

revision = '0009_release_for_translation'
down_revision = '0008_running_join_totals'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('note', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('released_for_translation', sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table('note', schema=None) as batch_op:
        batch_op.drop_column('released_for_translation')
