"""what the public may see of a note's author, fixed at posting (issue 12)

Revision ID: 0006_author_shown_at_posting
Revises: 0005_commissioner_responses
Create Date: 2026-12-01 13:00:00

Follows 0005 (commissioners' responses).
Notes already stored keep what they show now: the columns start as their workshop's
current settings.
"""
import sqlalchemy as sa
from alembic import op

revision = '0006_author_shown_at_posting'
down_revision = '0005_commissioner_responses'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('note', schema=None) as batch_op:
        batch_op.add_column(sa.Column('nickname_public', sa.Boolean(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('group_public', sa.Boolean(), server_default='0', nullable=False))
    op.execute(
        "UPDATE note SET "
        "nickname_public = (SELECT workshop.show_nicknames FROM workshop WHERE workshop.id = note.workshop_id), "
        "group_public = (SELECT NOT workshop.lanyards_off FROM workshop WHERE workshop.id = note.workshop_id)"
    )


def downgrade() -> None:
    with op.batch_alter_table('note', schema=None) as batch_op:
        batch_op.drop_column('group_public')
        batch_op.drop_column('nickname_public')
