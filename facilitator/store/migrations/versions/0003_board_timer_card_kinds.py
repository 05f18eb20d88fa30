"""board view, timer phase, card kinds and late notes

Revision ID: 0003_board_timer_card_kinds
Revises: 0002_participant_language
Create Date: 2026-12-01 11:30:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0003_board_timer_card_kinds'
down_revision = '0002_participant_language'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('workshop', schema=None) as batch_op:
        batch_op.add_column(sa.Column('timer_phase', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('board_view', sa.String(length=8), server_default='auto', nullable=False))
    with op.batch_alter_table('note', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=16), server_default='note', nullable=False))
        batch_op.add_column(sa.Column('late', sa.Boolean(), server_default=sa.false(), nullable=False))
    # Review cards were "a note with review_of set": they become the review kind.
    op.execute("UPDATE note SET kind = 'review' WHERE review_of <> ''")


def downgrade() -> None:
    with op.batch_alter_table('note', schema=None) as batch_op:
        batch_op.drop_column('late')
        batch_op.drop_column('kind')
    with op.batch_alter_table('workshop', schema=None) as batch_op:
        batch_op.drop_column('board_view')
        batch_op.drop_column('timer_phase')
