"""translations of the facilitator's own words (issue 28)

Revision ID: 0012_own_words_translations
Revises: 0011_note_language_source
Create Date: 2026-12-08 00:00:00

The workshop's title and question (and findings, recommendations), each phase's title,
prompt and guidance, theme names and actions carry their translations on their own row,
as JSON (workshops/wording.py); a review card (a note) carries its action's, as they were
when the next cycle began. Rows already stored have none.
"""
import sqlalchemy as sa
from alembic import op

revision = '0012_own_words_translations'
down_revision = '0011_note_language_source'
branch_labels = None
depends_on = None

TABLES = ('workshop', 'phase', 'theme', 'action', 'note')


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('translations', sa.Text(), nullable=False, server_default='{}'))


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('translations')
