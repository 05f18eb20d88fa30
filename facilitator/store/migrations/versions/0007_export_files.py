"""the export files the app wrote, per workshop (issue 12)

Revision ID: 0007_export_files
Revises: 0006_author_shown_at_posting
Create Date: 2026-12-01 14:40:00

Deleting a workshop used to remove every file in the export folder whose name looked
like one of the workshop's (its code as a prefix or inside the name), which could take
another workshop's files. From now on the app records each file it writes there, and
deleting a workshop removes only those. Files exported before this revision are not
recorded, so deleting an older workshop leaves them in the export folder.
"""
import sqlalchemy as sa
from alembic import op

revision = '0007_export_files'
down_revision = '0006_author_shown_at_posting'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'export_file',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('workshop_code', sa.String(length=12), nullable=False),
        sa.Column('name', sa.String(length=255), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('workshop_code', 'name'),
    )
    with op.batch_alter_table('export_file', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_export_file_workshop_code'), ['workshop_code'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('export_file', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_export_file_workshop_code'))
    op.drop_table('export_file')
