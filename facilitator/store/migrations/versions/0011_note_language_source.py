"""where a note's language came from: the phone, its words, or a person (issue 27)

Revision ID: 0011_note_language_source
Revises: 0010_arrival_bursts
Create Date: 2026-12-07 16:00:00

Notes already stored keep the language they have, marked as the phone's: nothing tells
whether a person corrected it before.
"""
import sqlalchemy as sa
from alembic import op

revision = '0011_note_language_source'
down_revision = '0010_arrival_bursts'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('note', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language_source', sa.String(length=8), nullable=False, server_default=''))


def downgrade() -> None:
    with op.batch_alter_table('note', schema=None) as batch_op:
        batch_op.drop_column('language_source')
