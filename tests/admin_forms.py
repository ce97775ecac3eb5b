"""Posting an admin change form back as a browser would."""

import re


def change_form_data(client, url, **changes):
    """The change form's current values, as a browser would post them back, with changes."""
    response = client.get(url)
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if value is None:
            continue
        if isinstance(value, list | tuple):
            data[name] = [str(v) for v in value]
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, str):
            data[name] = value
        else:
            data[name] = field.widget.format_value(value)
    for formset in response.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name in management.fields:
            data[f"{management.prefix}-{name}"] = management[name].value()
        for inline_form in formset.formset.forms:
            for name in inline_form.fields:
                value = inline_form[name].value()
                if value is not None and value is not False:
                    data[f"{inline_form.prefix}-{name}"] = value
    if response.context.get("edit_token"):
        # The version of the record the form was opened on (archive/concurrency.py).
        data["edit_token"] = response.context["edit_token"]
    data.update(changes)
    return data


def post_confirmed(client, url, data, **kwargs):
    """
    Confirm an admin action (a change of status, a merge, a deletion) as a browser does: from
    its confirmation page, sending back the edit token of each record the page showed.
    """
    unconfirmed = {name: value for name, value in data.items() if name not in ("confirm", "post")}
    page = client.post(url, unconfirmed)
    tokens = re.findall(r'name="edit_token" value="([^"]+)"', page.content.decode())
    return client.post(url, {**data, "edit_token": tokens}, **kwargs)


def post_from_list(client, url, data, **kwargs):
    """
    Post from an admin page (a list, a suggestion's record page, a delete confirmation) as a
    browser does, with the edit tokens the page shows.
    """
    page = client.get(url)
    tokens = re.findall(r'name="edit_token" value="([^"]+)"', page.content.decode())
    return client.post(url, {**data, "edit_token": tokens}, **kwargs)
