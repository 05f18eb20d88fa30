"""commissioners' responses to a workshop's recommendations and actions; the response link

Revision ID: 0005_commissioner_responses
Revises: 0004_translations_and_findings
Create Date: 2026-12-01 12:30:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0005_commissioner_responses'
down_revision = '0004_translations_and_findings'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'response',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('workshop_id', sa.Integer(), nullable=False),
        sa.Column('item_key', sa.String(length=80), nullable=False),
        sa.Column('item_text', sa.Text(), nullable=False),
        sa.Column('decision', sa.String(length=16), nullable=False),
        sa.Column('forward_to', sa.String(length=200), nullable=False),
        sa.Column('what', sa.Text(), nullable=False),
        sa.Column('who', sa.String(length=200), nullable=False),
        sa.Column('by_when', sa.String(length=10), nullable=False),
        sa.Column('fed_into', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('workshop_id', 'item_key'),
    )
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_response_workshop_id'), ['workshop_id'], unique=False)
    with op.batch_alter_table('workshop', schema=None) as batch_op:
        batch_op.add_column(sa.Column('response_token', sa.String(length=64), server_default='', nullable=False))
        batch_op.add_column(sa.Column('responses_locked', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('workshop', schema=None) as batch_op:
        batch_op.drop_column('responses_locked')
        batch_op.drop_column('response_token')
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_response_workshop_id'))
    op.drop_table('response')
