"""Forms for registering, logging in and recovering a password."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from kenme.services.passwords import password_problem
from kenme.web.forms import REQUIRED


class RegisterForm(FlaskForm):
    """Sign up as a professional of a municipal social service."""

    display_name = StringField(
        "Naam zoals collega's je zien",
        validators=[
            DataRequired(REQUIRED),
            Length(min=2, max=80, message="Gebruik 2 tot 80 tekens."),
        ],
    )
    email = EmailField(
        "Werk-e-mailadres",
        validators=[
            DataRequired(REQUIRED),
            Email(message="Vul een geldig e-mailadres in, bijvoorbeeld naam@gemeente.nl."),
            Length(max=254),
        ],
    )
    organisation = StringField(
        "Organisatie (gemeente of dienst)",
        validators=[DataRequired(REQUIRED), Length(max=120, message="Gebruik hooguit 120 tekens.")],
    )
    function = StringField(
        "Functie",
        validators=[DataRequired(REQUIRED), Length(max=120, message="Gebruik hooguit 120 tekens.")],
    )
    password = PasswordField(
        "Wachtwoord (minimaal 12 tekens)",
        validators=[DataRequired(REQUIRED), Length(max=200, message="Gebruik hooguit 200 tekens.")],
    )
    password_confirm = PasswordField(
        "Herhaal wachtwoord",
        validators=[
            DataRequired(REQUIRED),
            EqualTo("password", message="De twee wachtwoorden zijn niet gelijk."),
        ],
    )
    submit = SubmitField("Account aanmaken")

    def validate_password(self, field):
        problem = password_problem(
            field.data or "", email=self.email.data or "", name=self.display_name.data or ""
        )
        if problem:
            raise ValidationError(problem)


class LoginForm(FlaskForm):
    """Log in with e-mail address and password."""

    email = EmailField("E-mailadres", validators=[DataRequired(REQUIRED)])
    password = PasswordField("Wachtwoord", validators=[DataRequired(REQUIRED)])
    remember = BooleanField("Ingelogd blijven op dit apparaat")
    submit = SubmitField("Inloggen")


class ResetRequestForm(FlaskForm):
    """Ask for a link to choose a new password."""

    email = EmailField(
        "E-mailadres",
        validators=[DataRequired(REQUIRED), Email(message="Vul een geldig e-mailadres in.")],
    )
    submit = SubmitField("Stuur mij een herstellink")


class NewPasswordForm(FlaskForm):
    """Choose a new password from a reset link."""

    password = PasswordField(
        "Nieuw wachtwoord (minimaal 12 tekens)",
        validators=[DataRequired(REQUIRED), Length(max=200)],
    )
    password_confirm = PasswordField(
        "Herhaal nieuw wachtwoord",
        validators=[
            DataRequired(REQUIRED),
            EqualTo("password", message="De twee wachtwoorden zijn niet gelijk."),
        ],
    )
    submit = SubmitField("Wachtwoord opslaan")


class ResendVerificationForm(FlaskForm):
    """Ask for a new verification link."""

    email = EmailField(
        "E-mailadres",
        validators=[DataRequired(REQUIRED), Email(message="Vul een geldig e-mailadres in.")],
    )
    submit = SubmitField("Stuur de bevestigingslink opnieuw")
