"""who arrived together from one network, and dots the facilitator discarded (issue 21)

Revision ID: 0010_arrival_bursts
Revises: 0009_release_for_translation
Create Date: 2026-12-07 07:30:00

People already stored belong to no burst (nothing to alert about after the fact) and
keep their dots; whether they posted is read from their notes and actions.
"""
import sqlalchemy as sa
from alembic import op

revision = '0010_arrival_bursts'
down_revision = '0009_release_for_translation'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.add_column(sa.Column('arrival_burst', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('dots_discarded', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('posted', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.create_index('ix_participant_arrival_burst', ['workshop_id', 'arrival_burst'], unique=False)
    op.execute(
        "UPDATE participant SET posted = TRUE WHERE id IN (SELECT participant_id FROM note WHERE participant_id IS NOT NULL)"
        " OR id IN (SELECT proposed_by FROM action WHERE proposed_by IS NOT NULL)"
    )


def downgrade() -> None:
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.drop_index('ix_participant_arrival_burst')
        batch_op.drop_column('posted')
        batch_op.drop_column('dots_discarded')
        batch_op.drop_column('arrival_burst')
