"""translations on notes; findings, recommendations and the interpreter link on workshops

Revision ID: 0004_translations_and_findings
Revises: 0003_board_timer_card_kinds
Create Date: 2026-12-01 11:30:00

Follows 0003 (board view, timer phase, card kinds).
"""
import sqlalchemy as sa
from alembic import op

revision = '0004_translations_and_findings'
down_revision = '0003_board_timer_card_kinds'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('note', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=16), server_default='', nullable=False))
        batch_op.add_column(sa.Column('translation_text', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('translation_language', sa.String(length=16), server_default='', nullable=False))
        batch_op.add_column(sa.Column('translation_by', sa.String(length=16), server_default='', nullable=False))
    with op.batch_alter_table('workshop', schema=None) as batch_op:
        batch_op.add_column(sa.Column('show_translations', sa.Boolean(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('interpreter_token', sa.String(length=64), server_default='', nullable=False))
        batch_op.add_column(sa.Column('findings', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('recommendations', sa.Text(), server_default='', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('workshop', schema=None) as batch_op:
        for column in ('recommendations', 'findings', 'interpreter_token', 'show_translations'):
            batch_op.drop_column(column)
    with op.batch_alter_table('note', schema=None) as batch_op:
        for column in ('translation_by', 'translation_language', 'translation_text', 'language'):
            batch_op.drop_column(column)
