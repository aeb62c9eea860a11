"""Spanish, Italian, Dutch and Polish street addresses (an attacker's were stored unmasked, 2026-12-07), generated
from street types, names, numbers, postcodes and towns; look-alikes of prose with numbers stay whole."""

from __future__ import annotations

import random

import pytest

from supportrecords.redaction import detect

NAMES = ["Mayor", "Roma", "San Marco", "de la Constitución", "Garibaldi", "del Prado", "Verdi", "Nuova"]
TOWNS = ["Madrid", "Roma", "Sevilla", "Venezia", "Milano", "Bilbao", "Napoli", "Málaga", "Torino"]


def _spanish_or_italian(rng: random.Random) -> str:
    kind = rng.choice(["Calle", "Avenida", "Plaza", "Paseo", "Via", "Viale", "Piazza", "Corso", "Largo"])
    floor = rng.choice(["", f", {rng.randint(1, 9)}º {rng.choice('ABCD')}"])
    return f"{kind} {rng.choice(NAMES)} {rng.randint(1, 250)}{floor}, {rng.randint(0, 99999):05d} {rng.choice(TOWNS)}"


def _dutch(rng: random.Random) -> str:
    street = rng.choice(["Damrak", "Kalverstraat", "Oudegracht", "Coolsingel", "Lange Voorhout", "Herengracht"])
    town = rng.choice(["Amsterdam", "Utrecht", "Rotterdam", "Den Haag"])
    letters = "".join(rng.choice("ABCDEGHJKLMNPRSTVWXZ") for _ in range(2))
    return f"{street} {rng.randint(1, 400)}, {rng.randint(1000, 9999)} {letters} {town}"


def _polish(rng: random.Random) -> str:
    street = rng.choice(["ul. Marszałkowska", "al. Jerozolimskie", "ul. Długa", "ul. Floriańska", "pl. Zamkowy"])
    town = rng.choice(["Warszawa", "Kraków", "Gdańsk", "Łódź", "Wrocław"])
    return f"{street} {rng.randint(1, 200)}, {rng.randint(0, 99):02d}-{rng.randint(0, 999):03d} {town}"


@pytest.mark.parametrize("make", [_spanish_or_italian, _dutch, _polish])
def test_generated_addresses_are_found_whole(make) -> None:
    rng = random.Random(make.__name__)
    missed = []
    for _ in range(60):
        address = make(rng)
        text = rng.choice(["my address is ", "please send it to ", "Dirección: ", "indirizzo: "]) + address + " thanks"
        if [(f.kind, text[f.start : f.end]) for f in detect(text)] != [("address", address)]:
            missed.append(text)
    assert missed == []


@pytest.mark.parametrize(
    "text",
    [
        "I paid 1500 EUR for 2 items",
        "order 1234 AB shipped Monday",
        "we have 2024 MB left Today",
        "Via Bank transfer 20 times, 10000 USDT total",
        "Plaza fees were 10 EUR, 28013 points left",
        "ticket 12-345 opened",
    ],
)
def test_look_alikes_are_no_address(text: str) -> None:
    assert not [f for f in detect(text) if f.kind == "address"], text
