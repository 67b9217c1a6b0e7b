"""Codes as words (core/words.py), and forms whose errors name their field."""

from __future__ import annotations

import pytest
from django import forms
from django.test import Client
from django.urls import reverse

from councilguard.core.words import clause, field_error, listed, words, words_lower
from councilguard.devices.models import Device
from councilguard.testing.words import visible_text
from councilguard.testing.world import make_world


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("senior_manager", "Senior manager"),
        ("it_provider", "IT provider"),
        ("social_networks", "Social networks"),
        ("sim_number", "SIM number"),
        ("cost_gbp", "Cost GBP"),
        ("phone-bill", "Phone bill"),
        ("dp_lead", "Data protection lead"),  # a role reads as its label
        ("Already words", "Already words"),
        ("gambling", "Gambling"),
        ("", ""),
        (None, ""),
    ],
)
def test_a_code_reads_as_words(code, expected):
    assert words(code) == expected


def test_several_codes_read_as_a_list_in_a_sentence():
    assert listed(["it_provider", "senior_manager"]) == "IT provider and senior manager"
    assert listed(["clerk"]) == "clerk"
    assert listed(["clerk", "it_provider", "senior_manager"]) == (
        "clerk, IT provider and senior manager"
    )


@pytest.mark.parametrize(
    ("cited", "expected"),
    [
        ("A phone-use-and-costs", 'A "Phone use and costs"'),
        ("A phone-use-and-costs (v1.0)", 'A "Phone use and costs" (v1.0)'),
        ("B 2.2.4", "B 2.2.4"),
        ("B 2.2.4 (v1.1)", "B 2.2.4 (v1.1)"),
        ("A Monitoring of Mobile Phone Usage", "A Monitoring of Mobile Phone Usage"),
    ],
)
def test_a_clause_is_cited_by_its_number_or_its_heading(cited, expected):
    assert clause(cited) == expected


class _Form(forms.Form):
    serial = forms.CharField(label="Serial number", max_length=5)
    kind = forms.ChoiceField(label="Kind of device", choices=[("phone", "Phone")])
    file = forms.FileField(label="CSV file")
    count = forms.IntegerField(label="Number of copies", min_value=1, max_value=3)
    when = forms.DateField(label="Bought on")
    device = forms.CharField(label="Device (if the file does not name it by serial)")


def _errors(data) -> dict[str, str]:
    form = _Form(data)
    form.is_valid()
    return {name: field_error(form.errors[name][0], form[name]) for name in form.errors}


def test_djangos_messages_name_the_field_they_are_about():
    errors = _errors({})
    assert errors == {
        "serial": "Enter serial number",
        "kind": "Choose kind of device",
        "file": "Choose the CSV file",
        "count": "Enter number of copies",
        "when": "Enter bought on",
        "device": "Enter device",
    }


def test_bad_values_are_explained_with_the_fields_name_and_its_limits():
    errors = _errors({"serial": "ABCDEF", "kind": "car", "count": "4", "when": "31/02/2026"})
    assert errors["serial"] == "Serial number must be 5 characters or fewer (it has 6)"
    assert errors["kind"] == "Choose one of the options for kind of device"
    assert errors["count"] == "Number of copies must be 3 or less"
    assert errors["when"] == "Enter bought on as a real date"
    assert _errors({"count": "0"})["count"] == "Number of copies must be 1 or more"
    assert _errors({"count": "1"}).get("count") is None
    assert _errors({"count": "x"})["count"] == "Enter number of copies as a whole number"


def test_the_products_own_messages_are_left_as_they_are():
    form = _Form({})
    assert field_error("Choose a CSV file to import", form["file"]) == "Choose a CSV file to import"


@pytest.mark.django_db
def test_an_untouched_device_form_is_refused_in_words_and_nothing_is_added():
    world = make_world("ashby")
    client = Client()
    client.force_login(world.clerk)
    url = reverse("devices:device_create", kwargs={"council": "ashby"})
    response = client.post(url, {"condition": "good", "status": "in_stock"})
    assert response.status_code == 200
    text = visible_text(response.content.decode())
    assert "There is a problem" in text
    assert "Choose kind of device" in text
    assert "Give the serial number, the IMEI, or the make and model" in text
    assert "This field is required" not in text
    assert not Device.objects.filter(council=world.council).exists()

    response = client.post(
        url, {"kind": "laptop", "make": "Lenovo", "condition": "good", "status": "in_stock"}
    )
    assert response.status_code == 302
    device = Device.objects.get(council=world.council)
    assert str(device).startswith("Lenovo (no serial number, added ")
    assert "#" not in str(device)


@pytest.mark.parametrize(
    ("said", "mid_sentence"),
    [
        ("IT provider", "IT provider"),  # an acronym keeps its capitals
        ("DNS queries", "DNS queries"),
        ("E-mail", "e-mail"),  # one capital before a hyphen is no acronym
        ("Web proxy", "web proxy"),
        ("A", "a"),
    ],
)
def test_words_in_the_middle_of_a_sentence(said, mid_sentence):
    assert words_lower(said) == mid_sentence
