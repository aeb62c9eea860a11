"""Detect secrets and personal data in support text, and redact or mask them. Pure Python: no Django here."""

from __future__ import annotations

from .engine import Conversation, detect, mask, redact, redact_found, turn_context
from .findings import ALL_KINDS, SECRET_KINDS, Finding

# Bump whenever detection changes, so that stored texts scanned by an older version are scanned again.
DETECTOR_VERSION = 15
# 15 (also): national identity numbers other than China's (national_id): US SSN, UK National Insurance, HKID, Singapore
# NRIC/FIN, India PAN and Aadhaar, Spain DNI/NIE, codice fiscale, Taiwan id, My Number, CPF, Korean resident numbers.
# 15: a piece of a phrase (six words of one list) answering an earlier turn that asks for the phrase or some of its
# words ("please send the first 6 words", "请告诉我前六个词"), not one that warns against giving it.
# 14: phrases written as their words' numbers in the list ("0012 1543 ...", numbered, in 11 bits) by a metal plate or
# a seed picker; a piece of a phrase given as such ("the first 6 words: ..."); keys wrapped as quoted-printable ("=" at
# a line's end); a card, IBAN, resident id or phone named and broken over a line; a Chinese phrase in counted parts
# glued to the sentence ("前六个是…，后面是…"); Hong Kong and Singapore addresses; a key labelled a transaction but
# called a key in its own sentence; UK street lines of any name before a written postcode; Chinese city-street-building
# addresses.
# 13: a Chinese phrase typed without spaces and glued to the customer's own words with no word about phrases; an
# English phrase glossed word by word in brackets; a mail app's signature ("Sent from my iPhone") no longer makes a
# key a transaction; a WIF cut by bars; a hex key's halves labelled "first 32"; an address and order ids are no key
# in pieces; compact national numbers (trunk prefix, or country code without "+") in the customer's region; chat
# links to a number; more words of an agent's phone question; ids after "ID number" questions; "%40" and "@@"
# e-mails, Russian and German spelt ones; cards grouped by commas beside what is done with them; US addresses with
# state names, ZIP+4, PO boxes, in lower case; Chinese roads with sections, estates, rooms without 室; tracking,
# IMEI and remote-support numbers are no phones; phrases in pasted chat logs, tables and JSON exports, glossed either
# way, with asides, dictated past ten; keys in PEM, as printed bytes, in dumps, cut by any separator after their
# name; German, French, Australian and Canadian addresses; a bare number answering a question for an id.
# 12: lists numbered with Chinese numerals or English ordinals; Chinese words between a phrase's halves; "my seed
# phrase is <Chinese>"; a chance window that takes in a joining word leaves no phrase word out; halves at the end of
# a long message; a Japanese phrase glued to a particle; phone labels in more languages, amounts beside a currency,
# a label and "#", UK addresses over lines and postcodes in lower case, cards typed digit by digit, resident ids read
# 3-3-4-4-4, identity-document questions and dates or fees beside a passport's word; dashes of every kind; resident ids
# grouped any way; e-mails with a provider's dot mistyped; US and Chinese addresses; a phone number answering the
# agent's question (context flag "h"); a passport's letter typed apart.
# 11: an earlier turn asking for the TxID makes a bare hash its answer; TON raw addresses; transaction labels in
# Spanish, Portuguese, Vietnamese, Turkish and Japanese; Solana signatures read as hex hashes are; ids in a table's
# id column; a phrase never takes letters of the key after it, nor hides it; a Chinese phrase's edge character glued
# to the sentence; OCR-misread list numbers; the numbered rest of a phrase in the next message.
# 9: Chinese phrases in groups of uneven sizes near a word about phrases, quoted or grouped with one word
# mistyped; the last word after "and", Czech "a" or 和; Chinese sentences, lists of numbers, colours and names are
# no phrases; a hash after "I sent ... it hasn't arrived" is a transaction unless introduced as a key; a piece of
# a key after its name is a key; cards grouped by commas, Mir and Troy; ids in fours; "Tel.0791..."; German forms.
# 8: Japanese and Korean phrases without spaces; a few words repeated with numbers ("day 1 ... day 12") is no
# phrase.
# 7: slips of the keyboard in a phrase (a word hyphenated at a line break, a space typed inside a word or left out
# between two), cards grouped with slashes or 4-6-6, e-mails with "-at-"; (6 as landed: one-typo keys, short key
# words, loose e-mails, grouped CN ids, numbering spelt out, letters and Roman numerals)
# 6: Chinese phrases typed partly in simplified, partly in traditional characters (one list in two spellings), in
# blocks of up to 12 characters, with one mistyped character or after more context words (助计词, 钱包备份, 私钥)
# 5: hex keys in pieces of any length and over messages, keys named in more words and encodings, markers blank,
# German passports, Chinese phrases in groups, every part of an attachment, JSON escapes, encoded message bodies
# (4: joined, numbered, accented, two-typo phrases; keys as byte lists,
# punctuated base58 keys, spelt-out e-mails, UK addresses (3: grouped keys, rendered and homoglyph readings)

__all__ = [
    "ALL_KINDS",
    "Conversation",
    "DETECTOR_VERSION",
    "SECRET_KINDS",
    "Finding",
    "detect",
    "mask",
    "redact",
    "redact_found",
    "turn_context",
]
