"""who has joined, kept as running totals on the workshop (issue 16)

Revision ID: 0008_running_join_totals
Revises: 0007_export_files
Create Date: 2026-12-01 15:00:00

Workshops already stored are counted from their participants now; a workshop left
without totals (NULL) is counted at its next join (workshops/presence.py).
"""
import sqlalchemy as sa
from alembic import op

revision = '0008_running_join_totals'
down_revision = '0007_export_files'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('workshop', schema=None) as batch_op:
        batch_op.add_column(sa.Column('joined_count', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('joined_languages', sa.Text(), nullable=True))
    op.execute(
        "UPDATE workshop SET joined_count = "
        "(SELECT count(*) FROM participant WHERE participant.workshop_id = workshop.id)"
    )
    # The languages are left NULL here (JSON is built differently on SQLite and
    # PostgreSQL): the next join counts them, and reads count them until then.


def downgrade() -> None:
    with op.batch_alter_table('workshop', schema=None) as batch_op:
        batch_op.drop_column('joined_languages')
        batch_op.drop_column('joined_count')
