"""conversation: themes of parents' feedback (edited by admins), answers moved to another
theme, "Jullie zeiden, wij deden" notes with the parents each is for, and whether a parent
agreed to be named with their feedback in the export

Revision ID: 0015_feedback_themes
Revises: 0014_survey_answers
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0015_feedback_themes"
down_revision = "0014_survey_answers"
branch_labels = None
depends_on = None

# the themes an organisation starts with (admins edit them in the console): code, Dutch
# name, English name, keywords (bot/feedback/grouping.py says how they match)
THEMES = (
    (
        "wachttijd",
        "Wachttijd",
        "Waiting time",
        "wachttijd\nwachtlijst\nwachten\nlang\nduren\nsnel*\ntraag\neindelijk\nnog steeds"
        "\nwaiting\nwait\nslow\nhow long",
    ),
    (
        "communicatie",
        "Communicatie",
        "Communication",
        "communicatie\ncommuniceren\ninformatie\ninfo\nbericht\nmail\ne-mail\nreactie"
        "\nantwoord\nbellen\nterugbellen\nniets gehoord\nop de hoogte\nduidelijk\nonduidelijk"
        "\ncommunication\ninformation\nresponse\nreply\nanswer\ncall",
    ),
    (
        "locatie",
        "Locatie",
        "Location",
        "locatie\nvestiging\nafstand\nbuurt\nparkeren\nparkeerplaats\ngebouw\nspeelplaats"
        "\ntuin\nbereikbaar\nlocation\ndistance\nparking\nbuilding",
    ),
    (
        "kosten",
        "Kosten",
        "Costs",
        "kosten\nkost\nprijs\nduur\ntarief\ngeld\nbetalen\ntoeslag\nfactuur\nrekening"
        "\ninschrijfgeld\ncost*\nprice\nexpensive\nfee\nallowance\ninvoice",
    ),
    (
        "medewerkers",
        "Medewerkers",
        "Staff",
        "medewerker\nleidster\npersoneel\njuf\nbegeleiding\nvriendelijk\nonvriendelijk"
        "\nbehulpzaam\nstaff\nemployee\nteacher\nfriendly\nrude\nhelpful",
    ),
    (
        "website",
        "Website en chat",
        "Website and chat",
        "website\nsite\nchat\nchatbot\nbot\nassistent\napp\nformulier\ninloggen\nlink\nknop"
        "\nportaal\nform\nbutton\nlogin",
    ),
    (
        "plaatsing",
        "Plaatsing en aanbod",
        "Placement and offer",
        "aanbod\nplaatsing\nplek\nplaats\nstartdatum\nvoorrang\noffer\nplacement\npriority",
    ),
)


def upgrade() -> None:
    themes = op.create_table(
        "feedback_themes",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("code", sa.String(32), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("name_en", sa.String(100), nullable=False),
        sa.Column("keywords", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_themes")),
        sa.UniqueConstraint("code", name=op.f("uq_feedback_themes_code")),
    )
    op.create_table(
        "feedback_theme_moves",
        sa.Column("answer_key", sa.String(64), nullable=False),
        sa.Column("theme_id", sa.Integer(), nullable=True),
        sa.Column("moved_by_id", sa.Integer(), nullable=True),
        sa.Column("moved_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["theme_id"],
            ["feedback_themes.id"],
            name=op.f("fk_feedback_theme_moves_theme_id_feedback_themes"),
        ),
        sa.PrimaryKeyConstraint("answer_key", name=op.f("pk_feedback_theme_moves")),
    )
    op.create_table(
        "we_did_notes",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("theme_id", sa.Integer(), nullable=False),
        sa.Column("location_code", sa.String(32), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("text_en", sa.Text(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["theme_id"],
            ["feedback_themes.id"],
            name=op.f("fk_we_did_notes_theme_id_feedback_themes"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_we_did_notes")),
    )
    for column in ("theme_id", "location_code", "created_at"):
        op.create_index(op.f(f"ix_we_did_notes_{column}"), "we_did_notes", [column])
    op.create_table(
        "we_did_recipients",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("note_id", sa.Integer(), nullable=False),
        sa.Column("registration_number", sa.String(16), nullable=False),
        sa.Column("told_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["note_id"], ["we_did_notes.id"], name=op.f("fk_we_did_recipients_note_id_we_did_notes")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_we_did_recipients")),
        sa.UniqueConstraint(
            "note_id", "registration_number", name=op.f("uq_we_did_recipients_note_id")
        ),
    )
    for column in ("note_id", "registration_number"):
        op.create_index(op.f(f"ix_we_did_recipients_{column}"), "we_did_recipients", [column])
    with op.batch_alter_table("update_preferences") as table:
        table.add_column(sa.Column("feedback_named_at", sa.DateTime(timezone=True), nullable=True))
    op.bulk_insert(
        themes,
        [
            {
                "code": code,
                "name": name,
                "name_en": name_en,
                "keywords": keywords,
                "position": position,
                "active": True,
            }
            for position, (code, name, name_en, keywords) in enumerate(THEMES)
        ],
    )


def downgrade() -> None:
    with op.batch_alter_table("update_preferences") as table:
        table.drop_column("feedback_named_at")
    op.drop_table("we_did_recipients")
    op.drop_table("we_did_notes")
    op.drop_table("feedback_theme_moves")
    op.drop_table("feedback_themes")
