"""Sensitive topics are found in any inflection and in compounds, in Dutch and English, and
ordinary placement questions touch none."""

import pytest

from bot.handoff.topics import sensitive_topic


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        # health: inflections, compounds, participles, both languages
        ("onze zoon heeft buikgriep, kan hij een week later beginnen?", "health"),
        ("ze ligt met een longontsteking in het ziekenhuis", "health"),
        ("hij heeft nogal wat allergieën (noten en melk)", "health"),
        ("ze heeft een voedselallergie, kunnen jullie daar rekening mee houden", "health"),
        ("is er plek voor gehandicapte kinderen?", "health"),
        ("hebben de leidsters ervaring met kinderziektes", "health"),
        ("hij had vorige maand een oorontsteking", "health"),
        ("onze dochter is autistisch", "health"),
        ("hij is vorige week geopereerd", "health"),
        ("ze krijgt fysiotherapie en logopedie", "health"),
        ("hij is nog niet gevaccineerd", "health"),
        ("we hebben een verwijzing van de kinderartsen van het AMC", "health"),
        ("ze was gisteren erg zieker dan normaal", "health"),
        ("she was hospitalised last month", "health"),
        ("my son has some disabilities, is that a problem?", "health"),
        ("our daughter is diabetic", "health"),
        ("he has severe allergies", "health"),
        ("she's epileptic, who do I talk to", "health"),
        ("my child has a chronic illness", "health"),
        ("he was diagnosed with autism last year", "health"),
        ("she goes to physiotherapy twice a week", "health"),
        ("the doctors say he needs extra care", "health"),
        ("she had surgery on Monday", "health"),
        ("he has a fever, can he still start on Monday?", "health"),
        # urgent
        ("het is een dringende situatie", "urgent"),
        ("we hebben een noodgeval in de familie", "urgent"),
        ("kan het met spoed?", "urgent"),
        ("Spoedje! Ik moet iemand spreken", "urgent"),
        ("urgente situatie, graag contact", "urgent"),
        ("this is an emergency", "urgent"),
        ("we urgently need a place", "urgent"),
        # custody
        ("we zijn sinds kort gescheiden", "custody"),
        ("mijn ex-man wil het formulier niet tekenen", "custody"),
        ("na de echtscheiding is het gezag gedeeld", "custody"),
        ("wie van ons heeft het ouderlijk gezag nodig", "custody"),
        ("we gaan scheiden, wat betekent dat voor de plek", "custody"),
        ("er is een gezinsvoogd betrokken", "custody"),
        ("we are divorced, can both of us see the status", "custody"),
        ("we're divorcing and my ex-husband registered her", "custody"),
        ("we are separated and share custody", "custody"),
        # contract
        ("ik heb het contract opgezegd, klopt dat?", "contract"),
        ("hoe lang is de opzegtermijn", "contract"),
        ("kan ik mijn kinderopvangcontract opzeggen", "contract"),
        ("I want to cancel my contract", "contract"),
        ("what is the notice period", "contract"),
        ("can we terminate the contract early", "contract"),
        # data requests
        ("kunnen jullie mijn gegevens verwijderen", "data_request"),
        ("ik wil graag mijn gegevens wissen", "data_request"),
        ("ik doe een beroep op de AVG", "data_request"),
        ("please delete my data", "data_request"),
        ("this is a GDPR request", "data_request"),
    ],
)
def test_a_sensitive_topic_is_found_in_its_inflections_and_compounds(text: str, topic: str) -> None:
    assert sensitive_topic(text) == topic


@pytest.mark.parametrize(
    "text",
    [
        "Hoe staat het met mijn inschrijving?",
        "is er een plekje vrij op woensdag",
        "ze is in maart geboren",
        "bedankt voor de snelle reactie",
        "ik zoek opvang voor mijn zoon",
        "hoe lang is de wachtlijst",
        "hij ziet er naar uit om te beginnen",
        "kan ik een medewerker spreken",
        "Is het noodzakelijk om in te schrijven?",
        "graag zo spoedig mogelijk een antwoord",
        "wat is het onderscheid tussen kdv en bso",
        "kunnen jullie de groepen onderscheiden",
        "ik ben zwanger, wanneer moet ik inschrijven",
        "hoeveel kost het per maand",
        "ik wil mijn inschrijving opzeggen",
        "kan ik de dagen beperken tot twee",
        "wanneer gaat het contract in?",
        "we verhuizen en zoeken een nieuwe locatie",
        "krijgen we voorrang als een broertje er al zit",
        "my daughter is healthy and happy",
        "when does the contract start",
        "we'd like her to start in September",
        "how long is the waiting list",
        "can I change the days",
        "sorry for the late reply",
        "my registration number is INS-004217",
        "is there any news about our place?",
        "/request_human",
        "",
        None,
    ],
)
def test_ordinary_placement_questions_touch_no_topic(text: str | None) -> None:
    assert sensitive_topic(text) is None
