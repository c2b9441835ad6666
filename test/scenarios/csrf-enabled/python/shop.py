"""The shop's Flask app: a change of delivery address through a Flask-WTF form."""
from flask import Flask, render_template_string, session
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired

app = Flask(__name__)
app.config["SECRET_KEY"] = "scenario-only-secret"
app.config["WTF_CSRF_ENABLED"] = False

billing = Flask("billing")
billing.config.update(SECRET_KEY="scenario-only-secret", WTF_CSRF_ENABLED=False)


class AddressForm(FlaskForm):
    address = StringField("address", validators=[DataRequired()])


PAGE = '<form method="post">{{ form.csrf_token }}{{ form.address() }}</form>'


def address_view():
    form = AddressForm()
    if form.validate_on_submit():
        session["address"] = form.address.data
        return {"address": session["address"]}
    if form.errors:
        return {"errors": form.errors}, 400
    return render_template_string(PAGE, form=form)


for target in (app, billing):
    target.add_url_rule("/address", "address", address_view, methods=["GET", "POST"])
