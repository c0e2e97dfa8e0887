"""sso_organisations, sso_issuers, sso_identities: single sign-on with OpenID Connect

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-06 22:40:00.000000

An allowlist of issuers (for Entra ID: tenants) mapped to organisations, a per-organisation
switch that turns password login off, and the link from an account to its (issuer, subject)
at the organisation's identity provider (decision 0021).
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "sso_organisations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("password_login_off", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sso_organisations")),
        sa.UniqueConstraint("name", name=op.f("uq_sso_organisations_name")),
    )
    op.create_table(
        "sso_issuers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("connection", sa.String(length=40), nullable=False),
        sa.Column("issuer", sa.String(length=300), nullable=False),
        sa.Column("tenant_id", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["sso_organisations.id"],
            name=op.f("fk_sso_issuers_organisation_id_sso_organisations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sso_issuers")),
        sa.UniqueConstraint("issuer", name=op.f("uq_sso_issuers_issuer")),
    )
    with op.batch_alter_table("sso_issuers") as batch:
        batch.create_index(
            batch.f("ix_sso_issuers_organisation_id"), ["organisation_id"], unique=False
        )
    op.create_table(
        "sso_identities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("issuer", sa.String(length=300), nullable=False),
        sa.Column("subject", sa.String(length=255), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_login_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_sso_identities_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sso_identities")),
        sa.UniqueConstraint("issuer", "subject", name=op.f("uq_sso_identities_issuer")),
    )
    with op.batch_alter_table("sso_identities") as batch:
        batch.create_index(batch.f("ix_sso_identities_user_id"), ["user_id"], unique=False)


def downgrade():
    with op.batch_alter_table("sso_identities") as batch:
        batch.drop_index(batch.f("ix_sso_identities_user_id"))
    op.drop_table("sso_identities")
    with op.batch_alter_table("sso_issuers") as batch:
        batch.drop_index(batch.f("ix_sso_issuers_organisation_id"))
    op.drop_table("sso_issuers")
    op.drop_table("sso_organisations")
