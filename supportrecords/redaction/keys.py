"""Private keys (WIF, BIP32 extended keys, raw hex by context), and the long tokens that share their shape."""

from __future__ import annotations

import base64
import binascii
import bisect
import hashlib
import re
from functools import lru_cache

from .addresses import is_base58_address, is_eth_address, is_segwit_address
from .checksums import B58_ALPHABET, b58check_decode, b58decode
from .findings import CRYPTO_ADDRESS, PRIVATE_KEY, TX_HASH
from .shadow import Shadow
from .tables import column_header

SECP256K1_P = 2**256 - 2**32 - 977
SECP256K1_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141

# BIP32 / SLIP-132 version bytes: xprv/xpub and the BIP49/BIP84 (y/z, Y/Z multisig) and testnet variants.
EXTENDED_PRIVATE = frozenset(
    bytes.fromhex(v)
    for v in (
        "0488ade4",
        "049d7878",
        "04b2430c",
        "0295b005",
        "02aa7a99",
        "04358394",
        "044a4e28",
        "045f18bc",
        "024285b5",
        "02575048",
    )
)
EXTENDED_PUBLIC = frozenset(
    bytes.fromhex(v)
    for v in (
        "0488b21e",
        "049d7cb2",
        "04b24746",
        "0295b43e",
        "02aa7ed3",
        "043587cf",
        "044a5262",
        "045f1cf6",
        "024289ef",
        "02575483",
    )
)

# Candidates: any long run of ASCII letters and digits (or a short one that starts like a segwit address).
# Explicit ASCII lookarounds (not \b) so that a key glued to Chinese text ("私钥abc...") is still found; the
# first character is a plain class (the lookbehind comes second) so that the engine can skip ahead fast.
LONG_TOKEN = re.compile(
    r"[0-9A-Za-z](?<![0-9A-Za-z][0-9A-Za-z])"
    r"(?:[0-9A-Za-z]{24,}|(?<=[bBtT])(?i:c|b|crt)1[0-9A-Za-z]{8,23})(?![0-9A-Za-z])"
)
# LONG_TOKEN matches whole runs of ASCII letters and digits: those of 25 or more characters (the first
# alternative takes any such run), and the shorter ones that are entirely "bc1"/"tb1"/"bcrt1" + 8-23 characters.
# Found here without testing a class at every letter: the long runs as 25 "a" in Shadow.alnum, the short ones
# from their "1" (a literal the regex engine skips to) on Shadow.ascii.
_RUN_OF_25 = b"a" * 25
_SHORT_SEGWIT = re.compile(
    rb"1(?:(?<=(?<![0-9A-Za-z])[bBtT][cCbB]1)|(?<=(?<![0-9A-Za-z])[bBtT][cC][rR][tT]1))"
    rb"[0-9A-Za-z]{8,23}(?![0-9A-Za-z])"
)
_HEX_RE = re.compile(r"(?:0[xX])?([0-9a-fA-F]+)")
_TON_RAW_ADDRESS = re.compile(r"(?<![\w:.-])(?:0|-1):\Z")

# What a 64-hex string is, from the words around it. A key word anywhere near (the same message, or 1,000
# characters either side) makes it a key, whatever else is said: calling a key a hash would leave a secret in
# clear text. Otherwise a hash named right before it ("sha256: ", "commit ") is no secret, and a transaction
# word near it makes it a transaction hash.
_CONTEXT_KEY = (
    r"priv(?:ate)?[\s_-]*key|secret[\s_-]*key|privkey|(?<![a-z])my\s+key(?![a-z])|(?<![a-z])wif(?![a-z])|wallet[\s_-]*key|"
    r"(?<![a-z])seed(?![a-z])(?!\s+(?:round|funding|investors?|stage|capital|sale)(?![a-z]))|account[\s_-]*key|"
    r"cl[ée]s?[\s_-]*priv[ée]e|clave[\s_-]*privada|chave[\s_-]*privada|"
    r"chiave[\s_-]*privata|privater?[\s_-]*schl(?:ü|ue)ssel|klucz[\s_-]*prywatny|soukrom[ýy][\s_-]*kl[íi][čc]|"
    r"私钥|私鑰|密钥|秘钥|种子|秘密鍵|개인\s*키|приватн\w*\s*ключ|секретн\w*\s*ключ|"
    r"priv\.\s*key|(?:wallet|account)[\s_-]*secret|keystore|(?:master|signing|recovery|spending)[\s_-]*key|"
    r"私人密钥|密匙|秘匙|秘密キー|ключ\w*\s+от\s+кошел|cl[ée]\s+de\s+(?:mon\s+)?portefeuille|llave\s+privada|"
    r"(?:ö|o)zel\s*anahtar|kh(?:ó|o)a\s+ri(?:ê|e)ng|kunci\s+pribadi|chave\s+secreta|paper\s+wallet"
)
_CONTEXT_TX = (
    r"(?<![a-z])(?:tx|hash)(?![a-z])|txid|tx\s*id|txhash|tx\s*hash|transaction|交易|哈希|区块|區塊|/tx/|explorer|"
    r"etherscan|tronscan|bscscan|blockchair|mempool|solscan|转账记录|链上|withdraw|deposit|提币|提现|充值|到账|"
    r"汇款|转账|转了|单号|ハッシュ|トランザクション|取引|送金|着金|입금|출금|송금|해시|트랜잭션|거래|transacci[oó]n|"
    r"transa[cç][aã]o|transazione|giao\s+d[iị]ch|i\u0307?şlem"
)
# Money on its way, as a customer says it without naming a transaction ("I sent 0.5 BTC and it hasn't arrived:
# ..."): a key is not sent, credited or confirmed. Weaker than the words above, so only in the hash's own line or
# the one before it, close by (in a transcript, not a line about another message); a key word near still wins.
_WEAK_TX = re.compile(
    r"(?<![a-z])(?:sent|transfer|transferr?(?:ed|ing)|arriv(?:e|ed|es|ing)|credited|confirm(?:ed|ations?)|pending"
    r"|refund(?:ed)?|on[\s-]?chain|blockchain|paid|received|processing|envi(?:é|ado|ada)|llegado|envoy[ée]|arriv[ée]|inviato|arrivato"
    r"|отправил\w*|не\s+пришл\w*)(?![a-z])|转出|转入|发送|已发|打款|没到|未到|没收到|未收到|没有收到|轉出|沒到|發送"
    r"|確認中|未着金|送った|届いて|미입금|보냈|안\s*들어"
)
_WEAK_TX_BEFORE = 120
# A mail app's signature after the hash ("Sent from my iPhone", "Enviado desde mi iPhone", 发自我的iPhone): no money
# sent.
_MAIL_SIGNATURE = re.compile(
    r"\s*(?:(?:sent|enviado|enviada|envoy[ée]|inviato|gesendet)\s+(?:from|desde|de|depuis|da|do|von)\s"
    r"|von\s+meinem\s|get\s+outlook\s+for|发自|發自|从我的|從我的|\S*から送信).*",
    re.IGNORECASE,
)
# A transaction named right before the hash: "txid: ", "hash = ", "交易哈希：", ".../tx/".
_TX_LABEL = re.compile(
    r"(?:(?<![a-z])(?:tx|txid|tx\s*id|txhash|tx\s*hash|hash|transaction(?:\s*(?:id|hash|no\.?|number|signature))?)"
    r"|交易哈希|交易id|交易编号|交易號|交易号|哈希|链上记录|鏈上記錄|/tx/|хэш|хеш|транзакци\w*|거래\s*해시|해시|트랜잭션|"
    r"トランザクション|ハッシュ|transacci[oó]n|transa[cç][aã]o|transazione|giao\s+d[iị]ch|i\u0307?şlem(?:\s+hash)?"
    r"(?:'?[ıi])?)(?:\s*id)?(?:(?:\s+[^\W\d_]+){0,4}?\s+(?:is|was|es|est|ist|é)|\s*(?:是|为|為))?[^\w\n]{0,4}(?:0x)?\Z"
)
# An id of something else named right before it: an order, a nonce, a request's signature ("OK-ACCESS-SIGN: ",
# "signature=") or its id ("My order id on the DEX is ..."), a file's or a block's hash ("the SHA512 checksum is ").
# (A label's "is" may come a few words after it.)
_ID_LABEL = re.compile(
    r"(?<![a-z])(?:order\s*id|orderid|nonce|request\s*id|sign(?:ature)?|sig|hmac|sha-?(?:1|256|512)|md5|checksum|digest"
    r"|block\s*hash|blockhash|firma|assinatura|подпись|签名|簽名|署名|서명)(?:(?:\s+[^\W\d_]+){0,4}?\s+(?:is|was))?"
    r"[^\w\n]{0,4}(?:0x)?\Z"
)
# ... and only where nothing near sounds like a key or a way into a wallet ("the secret of the sending wallet",
# "you can log in with this", 钱包的密码, "ключ"): a key called a transaction hash would be kept, not redacted.
_KEY_WORD = re.compile(r"(?<![a-z])keys?(?![a-z])")  # ... "key" alone too, but not in a line that introduces it
_KEYISH = re.compile(
    r"(?<![a-z])(?:(?:the|my|a|this|that|your)\s+key(?!\s+(?:issues?|problems?|points?|questions?|things?|parts?"
    r"|factors?|reasons?|takeaways?|steps?|features?|dates?|terms?|differences?))"
    r"|secret|backup|import\w*|export\w*|reveal\w*|log\s*in|login|access|restore|recover\w*|mnemonic|phrase"
    r"|pass(?:word|phrase)|privat\w*)(?![a-z])|密|钥|鑰|秘|キー|鍵|키|ключ|cl[ée]|llave|chave|chiave|schl(?:ü|ue)ssel"
)
_KEY_WORDS = re.compile(_CONTEXT_KEY)
# What one does to a key to see it, in its own line before it ("exported from phantom: ", "when I pressed
# 'Reveal': "); further away, an export is a history's or a report's ("When I export the trade history ...").
_EXPORTED = re.compile(r"(?<![a-z])(?:export|reveal)\w*")
_KEY_REACH = 1000
# A hash named in the same sentence, before it ("the sha256 of the statement you sent is ...").
_HASH_LABEL = re.compile(
    r"(?:sha-?256|sha256sum|sha-?1|sha-?512|checksum|digest|(?<![a-z])md5|commit|file\s*hash|block\s*hash|blockhash"
    r"|hmac|校验和?|提交|文件哈希|区块哈希|區塊哈希)[^.!?。！？\n]*\Z"
)
# A public address named right before a 32-byte base58 string ("wallet address: ", "钱包地址："): no key.
_ADDRESS_LABEL = re.compile(
    r"(?:(?<![a-z])(?:address|addr)|地址|адрес\w*|direcci[oó]n|adresse|endere[cç]o|indirizzo|주소|アドレス)"
    r"[^\w\n]{0,4}\Z"
)
_CONTEXT = re.compile(f"(?P<tx>{_CONTEXT_TX})")
# Short key words ("pk: ", "priv = ", "privkey ", "Here is the key: ", "the key is ", "key for my wallet: ", and
# "import this: ", what one does with a key) make a key only right before it, with 20 characters at most between,
# of punctuation and a few small words: "key" alone is a common English word ("the key issue is that ..."). Not a
# public key.
_NEAR_KEY_FILLERS = r"is|was|here|below|for|of|to|in|as|a|my|the|this|that|it|wallet|account|hex|base64|number"
_NEAR_KEY_WORDS = re.compile(
    r"(?<!\w)(?<!public )(?<!public-)(?<!pub )(?:pk|priv|privkey|key|import(?:ed)?)(?!\w)(?=.{0,20}\Z)"
    rf"(?:[^\w.!?。！？]|\d|(?:{_NEAR_KEY_FILLERS})(?!\w))*\Z",
    re.DOTALL,
)
_NEAR_KEY_BEFORE = 32
_CONTEXT_BEFORE = 80
_TX_BEFORE = 400
_CONTEXT_AFTER = 40


def _extended_key_kind(payload: bytes) -> str | None:
    """private_key / crypto_address (xpub) for a well-formed 78-byte BIP32 serialisation, else None."""
    if len(payload) != 78:
        return None
    version, depth, fingerprint, index, key = (
        payload[:4],
        payload[4],
        payload[5:9],
        payload[9:13],
        payload[45:],
    )
    if depth == 0 and (fingerprint != b"\x00" * 4 or index != b"\x00" * 4):
        return None
    if version in EXTENDED_PRIVATE:
        return PRIVATE_KEY if key[0] == 0 and 0 < int.from_bytes(key[1:], "big") < SECP256K1_N else None
    if version in EXTENDED_PUBLIC:
        return CRYPTO_ADDRESS if key[0] in (2, 3) and _on_curve(int.from_bytes(key[1:], "big")) else None
    return None


def _on_curve(x: int) -> bool:
    """Whether x is the x-coordinate of a secp256k1 point (y^2 = x^3 + 7 has a root mod p)."""
    if x >= SECP256K1_P:
        return False
    rhs = (pow(x, 3, SECP256K1_P) + 7) % SECP256K1_P
    return rhs == 0 or pow(rhs, (SECP256K1_P - 1) // 2, SECP256K1_P) == 1


def _is_wif(payload: bytes) -> bool:
    if payload[0] not in (0x80, 0xEF):
        return False
    if len(payload) == 34 and payload[33] == 0x01:
        payload = payload[:33]  # compressed-public-key flag
    return len(payload) == 33 and 0 < int.from_bytes(payload[1:], "big") < SECP256K1_N


_SENTENCE_END = re.compile(r"[.!?。！？](?:\s|$)|[。！？]")


_LINE_LABEL_TAIL = re.compile(r"(?:\s+(?:below|here|follows)|\s*(?:如下|如下所示))?\s*[:：]?\Z")


def _label_before(before: str) -> str | None:
    """What names the string right before it (before: the text before it, lower-cased), where nothing earlier in
    its sentence names a key: "tx" ("txid: ", "transaction ", "Хэш транзакции: ", "链上记录 "), "none" ("sha256 of
    the file: ", "blockHash ", "order id ", "signature="), else None. Such a label wins over key words further
    away ("How do I reveal the hidden small balances? One came from txid ..."); a sentence that says key ("my
    private key, txid: ...") does not let it."""
    # A label ending its line names the string at the next line's start ("the txid:\n...", "Signature\n...", "hash
    # below\n...").
    stripped = before.rstrip()
    label = _LINE_LABEL_TAIL.sub("", stripped) if "\n" in before[len(stripped) :] else before
    line = label[label.rfind("\n") + 1 :]
    sentence = _SENTENCE_END.split(line)[-1]
    if _KEY_WORDS.search(sentence) or _KEY_WORD.search(sentence):
        return None
    if _TX_LABEL.search(label):
        return "tx"
    if _ID_LABEL.search(label):
        return "none"
    # A hash named anywhere in the sentence, only where nothing in it sounds like a key ("I ran the export tool
    # (checksum OK) and it printed ...").
    return "none" if _HASH_LABEL.search(label) and not _KEYISH.search(sentence) else None


# A JSON key right before the value ('"txHash": "', '"r": "0x'): what the value is, by its name.
_JSON_KEY = re.compile(r'"([A-Za-z_][\w-]{0,40})"\s*:\s*"?\s*(?:0x)?\Z')
_JSON_KEY_NAME = re.compile(r"priv|secret|seed|mnemonic|wif|key|(?<![a-z])sk(?![a-z])")
_JSON_NOT_KEY_NAME = re.compile(r"block|root|nonce|digest|checksum|parent|\A[rsv]\Z")
_JSON_TX_NAME = re.compile(r"hash|tx|transaction|signature|\Asig")
# What sha256sum prints after a hash at a line's start: two spaces (or " *") and a file's name.
_CHECKSUM_FILE_AFTER = re.compile(r"(?: {1,2}| \*)[^\s/]*(?:/[^\s/]+)*\.\w{1,8}[ \t]*(?:\r?\n|\Z)")


def _json_label(name: str) -> str | None:
    lowered = name.lower()
    if _JSON_KEY_NAME.search(lowered):
        return None
    if _JSON_NOT_KEY_NAME.search(lowered):
        return "none"
    if _JSON_TX_NAME.search(lowered):
        return "tx"
    return "none" if lowered.endswith("id") else None


def _column_label(text: str, start: int, end: int) -> str | None:
    """What a table's header calls the column of the string, where it is a cell of a delimited row
    ("Date,Asset,TxID\n2024-11-02,SOL,<signature>"): tx, none, or None (no header, or one that says key)."""
    cell = column_header(text, start, end)
    if cell is None:
        return None
    if _KEY_WORDS.search(cell) or _KEY_WORD.search(cell) or _JSON_KEY_NAME.search(cell):
        return None
    if _TX_LABEL.search(cell):
        return "tx"
    return "none" if _ID_LABEL.search(cell) or _HASH_LABEL.search(cell) else None


_SENTENCE_END = re.compile(r"[.!?。！？\n]")


def _named(text: str, start: int, end: int) -> str | None:
    """What the text names the string at text[start:end]: tx, none (another id or hash), or None (nothing, or a
    key): a label right before it (_label_before), a JSON key, a table's header, or sha256sum's layout."""
    before = text[max(0, start - _CONTEXT_BEFORE) : start]
    labelled = _label_before(before.lower())
    if labelled is not None:
        # ... unless its own sentence goes on to name it a key ("txid: <hex> (sorry, this is my private key)"): a
        # key stored as a transaction's hash is a secret kept in clear.
        after = _SENTENCE_END.split(text[end : end + _CONTEXT_AFTER], maxsplit=1)[0].lower()
        return None if _KEY_WORDS.search(after) else labelled
    line = before[before.rfind("\n") + 1 :]
    if _KEY_WORDS.search(line.lower()) or _KEY_WORD.search(line.lower()):
        return None
    json_key = _JSON_KEY.search(line)
    if json_key is not None:
        return _json_label(json_key.group(1))
    if not line.strip() and _CHECKSUM_FILE_AFTER.match(text, end):
        return "none"
    return _column_label(text, start, end)


def _hex_context(text: str, start: int, end: int) -> str | None:
    """Kind of a 64-hex string from the words around it: key, tx or none ("sha256: ...", "commit ...")."""
    before = text[max(0, start - _CONTEXT_BEFORE) : start].lower()
    labelled = _named(text, start, end)
    if labelled is not None:
        return labelled
    lo, hi = max(0, start - _KEY_REACH), end + _KEY_REACH
    if _words_within(text, _KEY_WORDS, lo, hi) or _EXPORTED.search(before, before.rfind("\n") + 1):
        return "key"
    if _NEAR_KEY_WORDS.search(before, max(0, len(before) - _NEAR_KEY_BEFORE)):
        return "key"
    # A transaction word before it (a list of withdrawals goes on for lines), or just after it.
    after = text[end : end + _CONTEXT_AFTER].lower()
    if _CONTEXT.search(text[max(0, start - _TX_BEFORE) : start].lower()) or _CONTEXT.search(after):
        return _unless_introduced_as_key(before)
    # Money on its way in this line or the one before it (blank lines between them left out), with nothing near
    # that sounds like a key.
    lines = text[max(0, start - _WEAK_TX_BEFORE) : start].lower().split("\n")
    near = lines[-1] + "\n" + next((line for line in reversed(lines[:-1]) if line.strip()), "")
    after_line = after.lstrip("\n").split("\n", 1)[0]
    signature = _MAIL_SIGNATURE.search(after_line)
    after_line = after_line[: signature.start()] if signature else after_line
    if not (_WEAK_TX.search(near) or _WEAK_TX.search(after_line)):
        return None
    keyish = _words_within(text, _KEYISH, lo, hi) or _words_within(text, _KEY_WORD, lo, hi)
    return None if keyish else _unless_introduced_as_key(before)


@lru_cache(maxsize=16)
def _word_spans(text: str, pattern: re.Pattern[str]) -> tuple[list[int], list[int]] | None:
    """The starts and ends of pattern's matches in text lower-cased, found once per text: a text of many hex
    strings asks for each one's 1,000 characters either side (a 100 kB text of hex groups searched 2,000 characters
    2,500 times: 6 s). None where lower-casing changes the text's length ("İ"): offsets would not agree."""
    lowered = text.lower()
    if len(lowered) != len(text):
        return None
    spans = [m.span() for m in pattern.finditer(lowered)]
    return [a for a, _ in spans], [b for _, b in spans]


def _words_within(text: str, pattern: re.Pattern[str], lo: int, hi: int) -> bool:
    """Whether a match of pattern in text (lower-cased) lies entirely inside text[lo:hi]."""
    found = None if len(text) <= hi - lo else _word_spans(text, pattern)
    if found is None:  # the window is the whole text, or its offsets move when lower-cased: search the window
        return pattern.search(text[lo:hi].lower()) is not None
    starts, ends = found
    i = bisect.bisect_left(starts, lo)
    return i < len(starts) and ends[i] <= hi


def _unless_introduced_as_key(before: str) -> str:
    """Return "tx", unless what introduces the hash (its own line before it, or the line before when it stands at a
    line's start) has words of a key ("the 64-character code from my wallet backup:", "钱包的密码是:") and does not
    name it a transaction right before ("txid: "): then "key", whatever transaction words are around."""
    line_start = before.rfind("\n") + 1
    label = before[line_start:] if before[line_start:].strip() else before[before.rfind("\n", 0, line_start - 1) + 1 :]
    return "key" if _KEYISH.search(label) and not _TX_LABEL.search(before) else "tx"


# A transaction's hash asked for (or named) in an earlier turn: "Could you send me the TxID?", "请提供交易哈希",
# "hash of the transaction", "ID de transacción".
_TRANSACTION_NAMED = re.compile(
    r"(?<![a-z])(?:tx\s*-?\s*id|txn?\s*hash|transaction\s*(?:id|hash|signature)|hash\s+of\s+(?:the|your|this)\s+"
    r"(?:transaction|transfer|withdrawal|deposit)|(?:id|hash)\s+de\s+(?:la\s+)?transacci[oó]n|hash\s+da\s+transa[cç][aã]o"
    r"|(?:send|provide|share|paste|give)\s+(?:me\s+|us\s+)?(?:the|your)\s+hash|m[aã]\s+giao\s+d[iị]ch|i\u0307?şlem\s+(?:hash|id|kimli)|хэш\s+транзакци|хеш\s+транзакци)(?![a-z])"
    r"|交易哈希|交易id|交易编号|交易號|交易号|交易hash|哈希值|区块链记录|거래\s*해시|거래\s*id|トランザクションid|トランザクションハッシュ"
)


# What makes a key word in the same turn a warning, not a request ("never share your private key", 切勿泄露私钥).
_NEGATED_BEFORE = re.compile(
    r"(?<![a-z])(?:never|not|don'?t|won'?t|no\s+one|nobody|no|without|nunca|jamais|niemals)(?![a-z])|"
    r"不要|切勿|绝不|絕不|永远不|永遠不|请勿|請勿|勿|别|別|不会|不會|никогда|не\s"
)
_NEGATION_REACH = 60


def transaction_named_in(text: str) -> bool:
    """Whether text asks for (or names) a transaction's hash, as an agent's question does, and not for a key too
    ("send the TxID and your private key to verify" is a scammer's question: what answers it may be a key). A key
    named only to warn ("never share your private key, we only need the TxID") is no request."""
    lowered = text.lower()
    if _TRANSACTION_NAMED.search(lowered) is None:
        return False
    for m in _KEY_WORDS.finditer(lowered):
        sentence = _SENTENCE_END.split(lowered[max(0, m.start() - _NEGATION_REACH) : m.start()])[-1]
        if not _NEGATED_BEFORE.search(sentence):
            return False
    return True


_KEY_PIECE = 24  # hex digits of a piece of a key at least (96 bits); not 40, an Ethereum address


def _key_piece(text: str, start: int, digits: str) -> bool:
    """Whether the hex digits at start (letters and digits both: no number) come right after a key's name, in
    their own line ("wallet key: ", "私钥 ", "my private key is ")."""
    if digits.isdigit() or digits.isalpha():
        return False
    before = text[max(0, start - _CONTEXT_BEFORE) : start].lower()
    line = before[before.rfind("\n") + 1 :]
    if not line.strip():  # at a line's start: the line before names it, as a label ("私钥：\n<hex>")
        previous = before[before.rfind("\n", 0, len(before) - len(line) - 1) + 1 :].rstrip()
        line = previous if previous.endswith((":", "：")) else line
    return bool(_KEY_WORDS.search(line) or _NEAR_KEY_WORDS.search(before, max(0, len(before) - _NEAR_KEY_BEFORE)))


def _hex_kind(text: str, start: int, end: int, *, transaction_asked: bool = False) -> tuple[str, float] | None:
    """Kind and confidence of a 64-hex string at text[start:end] (whole or in pieces), by the words around it:
    a key and a transaction hash look the same; without a telling word, assume the worse, unless an earlier turn
    asked for a transaction's hash."""
    context = _hex_context(text, start, end)
    if context == "tx" or (context is None and transaction_asked):
        return TX_HASH, 0.8
    if context == "none":
        return None
    return PRIVATE_KEY, 0.9 if context == "key" else 0.7


def classify_token(text: str, start: int, end: int, *, transaction_asked: bool = False) -> tuple[str, float] | None:
    """Kind and confidence of the long alphanumeric token text[start:end], or None (transaction_asked: see
    find_long_tokens)."""
    token = text[start:end]
    hex_match = _HEX_RE.fullmatch(token)
    if hex_match is not None:
        digits = hex_match.group(1)
        if len(digits) == 40 and token[:2] in ("0x", "0X"):
            return (CRYPTO_ADDRESS, 1.0) if is_eth_address(token) else None
        if len(digits) == 64:
            if len(digits) == len(token) and _TON_RAW_ADDRESS.search(text, max(0, start - 3), start):
                return CRYPTO_ADDRESS, 0.9  # a TON address in its raw form, "0:<64 hex>" (workchain 0 or -1)
            return _hex_kind(text, start, end, transaction_asked=transaction_asked)
        if len(digits) == 128:
            # A 64-byte BIP39 seed (or an ed25519 keypair), unless named a transaction or a hash right before it
            # (a Solana signature, a SHA-512).
            labelled = _named(text, start, end)
            return None if labelled == "none" else (TX_HASH, 0.8) if labelled == "tx" else (PRIVATE_KEY, 0.8)
        if len(digits) in (62, 63) and _hex_context(text, start, end) == "key":
            # BIP39 entropy given as "seed: <32 hex>"; a key whose leading zeros were lost (printed as a number)
            return PRIVATE_KEY, 0.6
        if len(digits) > _KEY_PIECE and len(digits) != 40 and _key_piece(text, start, digits):
            # A piece of a key right after its name ("wallet key f658...733", the rest in the next message): most
            # of a key's bits are a leak on their own (redaction first). So is BIP39 entropy given as "seed: <32
            # hex>"; 32 hex digits elsewhere are ids ("Export request <32 hex>", "Ref: ..." under a notice that
            # names 私钥), however near a key word.
            return PRIVATE_KEY, 0.6
        if token.isdigit() and 70 <= len(token) <= 78 and _hex_context(text, start, end) == "key":
            return (PRIVATE_KEY, 0.6) if 0 < int(token) < SECP256K1_N else None  # the key as a decimal number
    if _HEX_TYPO_LENGTHS[0] <= len(token) <= _HEX_TYPO_LENGTHS[1] and _is_mistyped_hex_key(token):
        return (PRIVATE_KEY, 0.8) if _hex_context(text, start, end) == "key" else None
    if token[0] == "S" and len(token) in (22, 26, 30) and _is_mini_key(token):
        return PRIVATE_KEY, 1.0
    lowered = token.lower()
    if lowered.startswith(("bc1", "tb1", "bcrt1")):
        return (CRYPTO_ADDRESS, 1.0) if is_segwit_address(token) else None
    if is_base58_address(token):
        return CRYPTO_ADDRESS, 1.0
    if len(token) in (51, 52) or 107 <= len(token) <= 113:
        payload = b58check_decode(token)
        if payload is None:
            payload = b58check_decode(token[::-1])  # written backwards, as some hide a key on paper
        if payload is None:
            if len(token) in (51, 52) and token[0] in "5kl" and token.islower():
                # A WIF typed in lower case cannot be checked (base58 is case-sensitive): a key if called one.
                return (PRIVATE_KEY, 0.6) if _hex_context(text, start, end) == "key" else None
        else:  # its checksum holds: what its payload says (BIP32's invalid keys are no keys)
            if len(payload) in (33, 34) and _is_wif(payload):
                return PRIVATE_KEY, 1.0
            kind = _extended_key_kind(payload)
            return (kind, 1.0) if kind else None
    if _WIF_TYPO_LENGTHS[0] <= len(token) <= _EXTENDED_TYPO_LENGTHS[1]:
        mistyped = _mistyped_base58_key(token)
        if mistyped == "extended":
            if _well_formed_base58(token):
                # Its typo cannot be seen (BIP32's test vector 5 has such a string, "invalid checksum", no key):
                # a key only if called one.
                return (PRIVATE_KEY, 0.8) if _hex_context(text, start, end) == "key" else None
            return PRIVATE_KEY, 0.8
        if mistyped == "wif":
            return (PRIVATE_KEY, 0.8) if _hex_context(text, start, end) == "key" else None
    if len(token) in (87, 88):
        raw = b58decode(token)
        if raw is not None and len(raw) == 64:
            # A Solana-style 64-byte secret key in base58 (no checksum to check), unless the words around it make
            # it a transaction's id (its signature), which has the same shape: as for a 64-hex string.
            context = _hex_context(text, start, end)
            if context is None and transaction_asked:
                context = "tx"
            return None if context == "none" else (TX_HASH, 0.8) if context == "tx" else (PRIVATE_KEY, 0.6)
    if len(token) in (43, 44) and _ADDRESS_LABEL.search(text[max(0, start - _CONTEXT_BEFORE) : start].lower()):
        return None  # a Solana address named one ("wallet address: ..."), even with a key word further away
    if len(token) in (43, 44) and _hex_context(text, start, end) == "key":
        raw = b58decode(token)
        if raw is not None and len(raw) == 32:
            return PRIVATE_KEY, 0.6  # 32 bytes in base58 called a key (no checksum to check)
        if len(token) == 43 and token[-1] in _BASE64_LAST_OF_32:
            return PRIVATE_KEY, 0.6  # 32 bytes in base64 without its padding "=" (and no "+" or "/" in it)
    return None


# Keys retyped with one character wrong, missing or extra (from paper, a photo, by hand): their checksum fails.
# A 64-hex key with one non-hex character ("o" for "0", a stray "g") or 63 or 65 hex digits; a WIF of 50 to 53
# base58 characters that starts like one; an extended private key, its prefix and 106 to 109 characters more.
_HEX_TYPO_LENGTHS = (63, 67)  # "0x" and 65 characters at most
_HEX_DIGITS = frozenset("0123456789abcdefABCDEF")
_WIF_TYPO_LENGTHS = (50, 53)
_WIF_TYPO_STARTS = {"5": (50, 52), "9": (50, 52), "K": (51, 53), "L": (51, 53), "c": (51, 53)}
_EXTENDED_TYPO_LENGTHS = (110, 113)
_EXTENDED_LENGTH = 111
_EXTENDED_PRIVATE_PREFIXES = ("xprv", "yprv", "zprv", "Yprv", "Zprv", "tprv", "uprv", "vprv", "Uprv", "Vprv")


def _is_mistyped_hex_key(token: str) -> bool:
    """Whether token is a 64-hex key with one character mistyped, missing or extra (not a well-formed one)."""
    digits = token[2:] if token[:2] in ("0x", "0X") else token
    wrong = sum(c not in _HEX_DIGITS for c in digits)
    return 63 <= len(digits) <= 65 and wrong <= 1 and (wrong, len(digits)) != (0, 64)


def _mistyped_base58_key(token: str) -> str | None:
    """ "wif" or "extended" if token has the shape of a WIF or an extended private key but (at most) one
    character not in base58: a key with a typo, whose checksum failed."""
    if sum(c not in B58_ALPHABET for c in token) > 1:
        return None
    if _EXTENDED_TYPO_LENGTHS[0] <= len(token) <= _EXTENDED_TYPO_LENGTHS[1]:
        if token.startswith(_EXTENDED_PRIVATE_PREFIXES) or _prefix_mistyped(token):
            return "extended"
        return None
    low, high = _WIF_TYPO_STARTS.get(token[0], (0, -1))
    return "wif" if low <= len(token) <= high else None


def _well_formed_base58(token: str) -> bool:
    """Whether token has an extended private key's exact form (its prefix, 111 base58 characters) and so shows
    no typo but its checksum: one base58 character replaced by another."""
    return (
        len(token) == _EXTENDED_LENGTH
        and token.startswith(_EXTENDED_PRIVATE_PREFIXES)
        and all(c in B58_ALPHABET for c in token)
    )


def _prefix_mistyped(token: str) -> bool:
    """Whether token is an extended private key whose typo is in its prefix ("xpsv...", "xpYrv...", "xpv..."):
    with the prefix corrected, its checksum and payload check."""
    for prefix in _EXTENDED_PRIVATE_PREFIXES:
        candidates = []
        if sum(a != b for a, b in zip(prefix, token[:4], strict=True)) == 1:
            candidates.append(prefix + token[4:])  # a character replaced
        if any(token[:i] + token[i + 1 : 5] == prefix for i in range(5)):
            candidates.append(prefix + token[5:])  # one added
        if any(prefix[:i] + prefix[i + 1 :] == token[:3] for i in range(4)):
            candidates.append(prefix + token[3:])  # one dropped
        if any(_is_private_key(candidate) for candidate in candidates):
            return True
    return False


def _is_mini_key(token: str) -> bool:
    """A Casascius mini private key: "S" and 21, 25 or 29 base58 characters, whose SHA-256 with "?" appended
    starts with a zero byte (its typo check)."""
    return all(c in B58_ALPHABET for c in token) and hashlib.sha256(token.encode() + b"?").digest()[0] == 0


def long_token_spans(text: str, shadow: Shadow | None = None) -> list[tuple[int, int]]:
    """The spans of LONG_TOKEN.finditer(text), in order."""
    if shadow is None:
        shadow = Shadow.of(text)
    alnum = shadow.alnum
    spans = []
    start = alnum.find(_RUN_OF_25)
    while start != -1:  # the first 25 "a" after a space start a run
        end = alnum.find(b" ", start + 25)
        end = len(alnum) if end == -1 else end
        spans.append((start, end))
        start = alnum.find(_RUN_OF_25, end)
    raw = shadow.ascii
    short = []
    for m in _SHORT_SEGWIT.finditer(raw):
        start = m.start() - (4 if raw[m.start() - 1] in b"tT" else 2)
        if m.end() - start < 25:  # a longer run is among the long ones already
            short.append((start, m.end()))
    return sorted(spans + short) if short else spans


# 32 or 64 bytes in base64 (a key exported as base64: 44 or 88 characters with their padding).
_BASE64_KEY = re.compile(rb"(?<![A-Za-z0-9+/=])(?:[A-Za-z0-9+/]{43}=?|[A-Za-z0-9+/]{86}(?:==)?)(?![A-Za-z0-9+/=])")


_BASE64_RUN = re.compile(rb"[A-Za-z0-9+/]{43}")
# The last of the 43 characters of 32 bytes in base64 carries 4 bits and two zeros.
_BASE64_LAST_OF_32 = frozenset("AEIMQUYcgkosw048")


def base64_key_possible(raw: bytes) -> bool:
    """Whether raw (Shadow.ascii) may hold a key in base64 that has no run of 13 letters and digits (the engine's
    gate for the long tokens): 43 base64 characters in a row, so three "+" or "/" among them at least."""
    return raw.count(b"/") + raw.count(b"+") >= 3 and _BASE64_RUN.search(raw) is not None


def find_long_tokens(
    text: str, shadow: Shadow | None = None, *, transaction_asked: bool = False
) -> list[tuple[str, int, int, float]]:
    """Keys, addresses and transaction hashes among the long alphanumeric tokens of normalised text; a key in
    base64 where the words around it call it a key. transaction_asked: an earlier turn asks for a transaction's
    hash (what a bare 64-hex string or Solana signature answers)."""
    if shadow is None:
        shadow = Shadow.of(text)
    out = []
    for start, end in long_token_spans(text, shadow):
        result = classify_token(text, start, end, transaction_asked=transaction_asked)
        if result is not None:
            out.append((result[0], start, end, result[1]))
    if b"/" in shadow.ascii or b"+" in shadow.ascii or b"=" in shadow.ascii:
        for m in _BASE64_KEY.finditer(shadow.ascii):
            if m.group().isalnum():
                continue  # a plain token: read above
            try:
                size = len(base64.b64decode(m.group() + b"=" * (-len(m.group()) % 4), validate=True))
            except binascii.Error:
                continue
            if size in (32, 64) and _hex_context(text, m.start(), m.end()) == "key":
                out.append((PRIVATE_KEY, m.start(), m.end(), 0.6))
    return out


# --- keys split by spaces or lines ----------------------------------------------------------------------------

# Hex digits "0", hex letters "x", the "x" of "0x" "X", other ASCII letters "a", the separators a split key uses
# as themselves (a tab as a space), anything else "~".
_HEX_CLASSES = (
    bytes(
        ord("0")
        if chr(b).isdigit()
        else ord("x")
        if chr(b) in "abcdefABCDEF"
        else ord("X")
        if chr(b) in "xX"
        else ord("a")
        if chr(b).isalpha()
        else ord(" ")
        if chr(b) == "\t"
        else ord(".")
        if chr(b) in "./_|?"
        else b
        if chr(b) in " \n\r:-,>\"'"
        else ord("~")
        for b in range(128)
    )
    + b"~" * 128
)
# A 64-hex key written in pieces of any length: in groups ("1a2b 3c4d ...", "0x1a2b3c4d-...", "1a2b3c4d, ...",
# "1a2b.3c4d", "1a2b/3c4d", "1a2b | 3c4d", a non-ASCII space or an emoji between), cut over lines anywhere
# (indented, quoted with "> ", CRLF, the next line started with "..." or "…"). A piece is a whole token, "0x"
# before it allowed; between two pieces, up to four spaces or a line break, or one ":", "-" or "," or up to three
# of "." "/" "_" "|" and non-ASCII characters ("." in these classes) with spaces around.
_HEX_PIECE = rb"(?:0X)?[0x]++(?![aX])"
_HEX_SEP = rb"(?: {0,3}(?:[:\-,]|\.{1,3}) {0,3}| {1,4}| *\r?\n[ >]{0,4}(?:\.{1,3} ?)?)"
_HEX_CHAIN = re.compile(rb"(?<![0xaX])" + _HEX_PIECE + rb"(?:" + _HEX_SEP + _HEX_PIECE + rb")+")
_HEX_GROUP = re.compile(rb"(?:0X)?([0x]+)")
# Two pieces of a key with a few words between ("first part: ... second part: ...", "... and the rest is ...",
# "first 32: ... last 32: ..."),
# as a customer types a key over two lines or two messages. Lower-cased ASCII; pieces of 8 to 56 characters.
_HEX_LABELLED = re.compile(
    rb"(?<![0-9a-z])(?:0x)?([0-9a-f]{8,56})(?![0-9a-z])[\"'?]?[ \t]*[,.;]?[ \t]*(?:\r?\n[ \t>]*)?"
    rb"(?:(?:[a-z]{1,15}|[1-4](?:/[1-4])?|32)(?![0-9a-z])[ \t:.,;()#'/-]*){1,5}(?:\r?\n[ \t>]*)?"
    rb"[\"'?]?(?:0x)?([0-9a-f]{8,56})(?![0-9a-z])"
)
# Base58 characters "b", spaces and line breaks as themselves, a non-ASCII character ("?": an emoji, a non-ASCII
# space between pieces) and a bar between columns ("KxzvYNE6nEuuF | HyfMBxg19vuHC | ...") as a space.
_B58_CLASSES = bytes(
    ord("b") if chr(b) in B58_ALPHABET else b if chr(b) in " \n" else ord(" ") if chr(b) in "?|" else ord("~")
    for b in range(256)
)
_B58_ANCHOR = b"b" * 13  # a 51-character key in at most four pieces has one of 13 or more
_B58_RUN = re.compile(rb"b+")
_SPLIT_KEY_LENGTHS = (51, 52, 111, 112)  # WIF (uncompressed, compressed), BIP32 extended keys
_SOLANA_LENGTHS = (87, 88)  # a 64-byte secret key in base58 (no checksum)
_SOLANA_PIECE = 8  # characters of each piece of a Solana key cut over lines at least
_WORD_LIKE = re.compile(r"[A-Z]?[a-z]+")  # random base58 of 8 characters or more is so about once in 100


_NOT_APART = frozenset("+/=-_")  # base64's own characters, and what joins an id's parts


def _standing_alone(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is set apart at both ends (no letter, digit or base64 character glued to it): a
    piece of a wrapped base64 body ("...7OHoVuUFxfrmu\nUCcB...", cut at the "O" base58 lacks) is not."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() or before in _NOT_APART or after.isalnum() or after in _NOT_APART)


def _solana_pieces(pieces: list[str]) -> bool:
    """Whether pieces joined are a 64-byte base58 string typed as a key is: half the pieces or more mix lower-case
    letters with capitals or digits (random base58 all but always does; words do not)."""
    joined = "".join(pieces)
    if len(joined) not in _SOLANA_LENGTHS:
        return False
    mixed = sum(1 for p in pieces if any(c.islower() for c in p) and any(c.isupper() or c.isdigit() for c in p))
    if 2 * mixed < len(pieces) or any(_WORD_LIKE.fullmatch(p) for p in pieces if len(p) >= _SOLANA_PIECE):
        return False  # (a long piece that is a word, "Destination", joins an id and an address by chance)
    raw = b58decode(joined)
    return raw is not None and len(raw) == 64


# Identifiers whose hex a list may join into 64 characters: a UUID (8-4-4-4-12), a whole IPv6 address.
_NOT_KEY_PIECES = re.compile(
    r"(?<![0-9A-Fa-f-])[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}(?![0-9A-Fa-f-])"
    r"|(?<![0-9A-Fa-f:])(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}(?![0-9A-Fa-f:])"
)


_HEX_KEY_MIN_DIGITS = 8  # random hex has about 40 digits in 64 characters; fewer than 8, one time in 10^7


def _split_hex_keys(text: str, raw: bytes, out: list[tuple[str, int, int, float]]) -> None:
    classes = raw.translate(_HEX_CLASSES)
    for m in _HEX_CHAIN.finditer(classes):
        if m.end() - m.start() <= 64:
            continue  # 64 hex characters and a separator at least
        if classes.count(b"0", m.start(), m.end()) - classes.count(b"0X", m.start(), m.end()) < _HEX_KEY_MIN_DIGITS:
            continue  # words of hex letters ("cafe bebe dead"): no key in them has enough digits (_hex_key_in)
        groups = [g.span(1) for g in _HEX_GROUP.finditer(classes, m.start(), m.end())]
        ends = {0: -1}  # total length of the pieces so far -> index of the last piece
        total = 0
        for index, (s, e) in enumerate(groups):
            total += e - s
            ends[total] = index
        total = 0
        i = 0
        while i < len(groups):
            j = ends.get(total + 64, -1)  # the pieces i..j hold exactly 64 characters
            if j > i and _key_cut(groups[i : j + 1]):
                found = _hex_key_in(text, classes, groups[i][0], groups[j][1])
                if found is not None:
                    out.append(found)
                    total += sum(e - s for s, e in groups[i : j + 1])
                    i = j + 1
                    continue
            total += groups[i][1] - groups[i][0]
            i += 1
    labelled = raw.lower()
    for m in _HEX_LABELLED.finditer(labelled):
        if len(m.group(1)) + len(m.group(2)) == 64:
            found = _hex_key_in(text, classes, m.start(1), m.end(2))
            if found is not None:  # each piece on its own: the words between them stay
                out += [(found[0], m.start(1), m.end(1), found[3]), (found[0], m.start(2), m.end(2), found[3])]
    _worded_hex_pieces(text, labelled, classes, out)


# Three or four pieces of a key with a few words between them, as typed over messages ("0x82c8...\nthen c3e3c030
# \nand 7363..."): pieces of 6 to 56 hex characters with a digit among them, each within a few words of the one
# before, 64 characters in all.
_WORDED_PIECE = re.compile(rb"(?<![0-9a-z])(?:0x)?([0-9a-f]{6,56})(?![0-9a-z])")
_WORDED_GAP = re.compile(rb"[\s\"'?:.,;()#/>-]*(?:[a-z]{1,15}[\s\"'?:.,;()#/>-]+){0,5}")
_WORDED_PIECES = (3, 4)
# What is no piece of a key: an id after "#" or a prefix and dash ("Order #98636676", "ORD-49909442"), an Ethereum
# address whole ("0x" and 40 hex characters).
_NOT_A_PIECE = re.compile(rb"(?:#|[a-z]-)[0-9a-f]{6,56}\Z|(?<![0-9a-z])0x[0-9a-f]{40}\Z")


def _worded_hex_pieces(text: str, labelled: bytes, classes: bytes, out: list[tuple[str, int, int, float]]) -> None:
    pieces = [
        m.span(1)
        for m in _WORDED_PIECE.finditer(labelled)
        if any(48 <= c <= 57 for c in m.group(1)) and not _NOT_A_PIECE.search(labelled, max(0, m.start() - 4), m.end())
    ]
    for i in range(len(pieces)):
        total, j = 0, i
        while j < len(pieces) and total < 64:
            if j > i:
                gap = _WORDED_GAP.match(labelled, pieces[j - 1][1])
                if gap is None or gap.end() != pieces[j][0] - (
                    2 if labelled[pieces[j][0] - 2 : pieces[j][0]] == b"0x" else 0
                ):
                    break
            total += pieces[j][1] - pieces[j][0]
            j += 1
        if total == 64 and j - i in _WORDED_PIECES:
            found = _hex_key_in(text, classes, pieces[i][0], pieces[j - 1][1])
            if found is not None:
                out += [(found[0], s, e, found[3]) for s, e in pieces[i:j]]


def _key_cut(pieces: list[tuple[int, int]]) -> bool:
    """Whether pieces are how a key is cut: over up to four lines anywhere (one piece of 16 or more), or in
    groups of one length (the first and the last may be shorter). Short words and numbers of prose are neither."""
    lengths = [e - s for s, e in pieces]
    if len(lengths) <= 4 and max(lengths) >= 16:
        return True
    inner = set(lengths[1:-1]) or {max(lengths)}
    return len(inner) == 1 and lengths[0] <= max(inner) >= lengths[-1] and max(inner) >= 2


def _hex_key_in(text: str, classes: bytes, start: int, end: int) -> tuple[str, int, int, float] | None:
    """A 64-hex key (or transaction hash) in pieces from start to end, judged by its digits and nearby words."""
    digits = classes.count(b"0", start, end) - classes.count(b"0X", start, end)
    if not _HEX_KEY_MIN_DIGITS <= digits <= 60:
        return None  # random hex has about 40 digits; words like "face dead beef" have none
    if _NOT_KEY_PIECES.search(text, start, end):
        return None  # two UUIDs or IPv6 addresses in a list also hold 64 hex characters
    kind = _hex_kind(text, start, end)
    return None if kind is None else (kind[0], start, end, kind[1])


# Pieces of a WIF or extended key with a few words between ('part one "KxBx..." part two "ozdi..."', "xprv9z...
# and then jj7c... and finally BTNs..."): two or three base58 tokens of 10 or more, each validated joined.
_B58_PIECE = re.compile(r"(?<![0-9A-Za-z])[1-9A-HJ-NP-Za-km-z]{10,}(?![0-9A-Za-z])")
_PIECE_GAP = re.compile(r"[\s\"'“”‘’:.,;()#/-]*(?:[A-Za-z]{1,15}[\s\"'“”‘’:.,;()#/-]+){0,5}")


def _labelled_base58_keys(text: str, out: list[tuple[str, int, int, float]]) -> None:
    # A piece of a key has capitals in it (10 random base58 characters have none 1 time in 300); words do not.
    pieces = [
        m for m in _B58_PIECE.finditer(text) if len(m.group()) < max(_SPLIT_KEY_LENGTHS) and not m.group().islower()
    ]
    for i, first in enumerate(pieces):
        chain = [first]
        for piece in pieces[i + 1 : i + 3]:
            gap = _PIECE_GAP.fullmatch(text, chain[-1].end(), piece.start())
            if gap is None:
                break
            chain.append(piece)
            joined = "".join(m.group() for m in chain)
            if len(joined) in _SPLIT_KEY_LENGTHS:
                result = classify_token(joined, 0, len(joined))
                if result is not None and result[0] == PRIVATE_KEY and result[1] >= 1.0:
                    out += [(PRIVATE_KEY, m.start(), m.end(), 1.0) for m in chain]
                    break


def _split_base58_keys(text: str, raw: bytes, out: list[tuple[str, int, int, float]]) -> None:
    classes = raw.translate(_B58_CLASSES)
    pos = classes.find(_B58_ANCHOR)
    while pos != -1:
        # The tokens around the anchor, joined by single spaces or newlines: up to three on either side.
        start = pos
        while start > 0 and classes[start - 1] == 98:
            start -= 1
        run = _B58_RUN.match(classes, pos)  # the rest of the run, in C (a whole key is 51 to 112 long)
        end = run.end() if run else pos + len(_B58_ANCHOR)
        if end - start >= max(_SPLIT_KEY_LENGTHS) or (
            end - start in _SPLIT_KEY_LENGTHS and classify_token(text, start, end) is not None
        ):
            pos = classes.find(_B58_ANCHOR, end)  # a whole token: find_long_tokens reads it
            continue
        tokens = [(start, end)]
        while len(tokens) < 4 and tokens[0][0] >= 2 and classes[tokens[0][0] - 1] in b" \n":
            s = e = tokens[0][0] - 1
            while s > 0 and classes[s - 1] == 98:
                s -= 1
            if s == e or (s > 0 and classes[s - 1] not in b" \n~"):
                break
            tokens.insert(0, (s, e))
        anchor = len(tokens) - 1
        while len(tokens) < anchor + 5 and tokens[-1][1] + 1 < len(classes) and classes[tokens[-1][1]] in b" \n":
            s = e = tokens[-1][1] + 1
            while e < len(classes) and classes[e] == 98:
                e += 1
            if s == e:
                break
            tokens.append((s, e))
        found = None
        if sum(e - s for s, e in tokens) < min(_SPLIT_KEY_LENGTHS):
            pos = classes.find(_B58_ANCHOR, end)  # not enough pieces around for a key
            continue
        for i in range(anchor + 1):
            for j in range(max(i + 1, anchor), len(tokens)):
                length = sum(e - s for s, e in tokens[i : j + 1])
                if length in _SPLIT_KEY_LENGTHS:
                    joined = "".join(text[s:e] for s, e in tokens[i : j + 1])
                    result = classify_token(joined, 0, len(joined))
                    # Checked keys only: a mistyped one would take in a letter of the next word ("... please").
                    if result is not None and result[0] == PRIVATE_KEY and result[1] >= 1.0:
                        found = (tokens[i][0], tokens[j][1], result[1])
                        break
                elif length in _SOLANA_LENGTHS:
                    # A Solana key cut over lines: no checksum, so long pieces of mixed characters only, and not
                    # where the text names a transaction (its signature has the same shape).
                    pieces = [text[s:e] for s, e in tokens[i : j + 1]]
                    if (
                        min(map(len, pieces)) >= _SOLANA_PIECE
                        and _standing_alone(text, tokens[i][0], tokens[j][1])
                        and _solana_pieces(pieces)
                        and _named(text, tokens[i][0], tokens[j][1]) is None
                    ):
                        found = (tokens[i][0], tokens[j][1], 0.6)
                        break
            if found:
                break
        if found:
            out.append((PRIVATE_KEY, *found))
        pos = classes.find(_B58_ANCHOR, max(end, found[1] if found else 0))


# --- base58 keys written in groups ---------------------------------------------------------------------------

# Base58 lower-case letters "a", upper-case letters and digits "A", spaces " " (a tab, a carriage return too),
# line feeds as themselves, "-", "/" and "|" as "-" (spaced or not: "KxzvYNE6nEuuF | HyfMBxg19vuHC"), the other
# punctuation a key is cut with (":", ".", "_" ...) "p", anything else "~".
_GROUP_PUNCTUATION = ":._,;+=~*#\\?"  # "?": a non-ASCII character (an emoji) in Shadow.ascii
_GROUP_CLASSES = bytes(
    (ord("A") if not chr(b).islower() else ord("a"))
    if chr(b) in B58_ALPHABET
    else ord(" ")
    if chr(b) in " \t\r"
    else b
    if chr(b) == "\n"
    else ord("-")
    if chr(b) in "-/|"
    else ord("p")
    if chr(b) in _GROUP_PUNCTUATION
    else ord("~")
    for b in range(256)
)
# Possessive quantifiers throughout: a 100 kB token must not make the engine backtrack through it. "-" and "/"
# may have spaces around them; other punctuation joins groups only without (". " and ", " end prose's words).
_GROUP_SEP = rb"(?: *+[-\n] *+| ++|p)"
_MIXED_GROUP = rb"a{0,120}+A[aA]{0,120}+"  # (bounded: a key's group is never longer, and a 100 kB run of letters
# tried from each of its characters stays linear)
# Three groups in a row, each with an upper-case letter or a digit: random base58 nearly always has one, prose
# nearly never, so the search starts only where a key may be. The pattern starts with the literal "A" (the
# engine skips to it at memchr speed) at any such character of the first group.
# Punctuation between groups of three or more only: times, versions and amounts ("12:35:47", "1.2.3") are not.
_ANCHOR_SEP = rb"(?: *+[-\n] *+| ++|(?<=[aA]{3})p(?=[aA]{3}))"
_GROUPED_ANCHOR = re.compile(rb"A[aA]{0,120}+" + _ANCHOR_SEP + _MIXED_GROUP + _ANCHOR_SEP + rb"a{0,120}+A")
# Or a long piece (13 base58 characters or more, found with bytes.find on _B58_CLASSES) next to another: a key cut
# in two, over two lines.
_NEXT_GROUP = re.compile(_GROUP_SEP + rb"[aA]")
_PREVIOUS_GROUP = re.compile(rb"[aA]" + _GROUP_SEP + rb"\Z")
_GROUP_CHAIN = re.compile(rb"[aA]++(?:" + _GROUP_SEP + rb"[aA]++)*+")
_GROUP = re.compile(rb"[aA]+")
# What a key of each length starts with: WIF 5 / 9 (uncompressed), K, L / c (compressed); BIP32 xprv, yprv, ...
_KEY_STARTS = {
    51: ("5", "9"),
    52: ("K", "L", "c"),
    111: ("xprv", "yprv", "zprv", "Yprv", "Zprv", "tprv", "uprv", "vprv", "Uprv", "Vprv"),
    112: ("xprv", "yprv", "zprv", "Yprv", "Zprv", "tprv", "uprv", "vprv", "Uprv", "Vprv"),
}
_KEY_FIRST = frozenset(b"59KLcxyzYZtuvUV")
_CHAIN_REACH = 600  # characters read before an anchor for the start of its chain: a grouped key is shorter


def _grouped_anchors(raw: bytes, classes: bytes) -> list[int]:
    """Positions where a grouped key may be: three mixed groups in a row, or a long piece."""
    anchors = [m.start() for m in _GROUPED_ANCHOR.finditer(classes)]
    b58 = raw.translate(_B58_CLASSES)
    pos = b58.find(_B58_ANCHOR)
    while pos != -1:
        start = pos
        while start > 0 and b58[start - 1] == 98:  # "b"
            start -= 1
        run = _B58_RUN.match(b58, pos)
        end = run.end() if run else pos + len(_B58_ANCHOR)
        # Only a piece with another next to it (a long token alone is find_long_tokens' to read).
        if _NEXT_GROUP.match(classes, end) or _PREVIOUS_GROUP.search(classes, max(0, start - 4), start):
            anchors.append(start)
        pos = b58.find(_B58_ANCHOR, end)
    return sorted(anchors)


def _grouped_base58_keys(text: str, raw: bytes, out: list[tuple[str, int, int, float]]) -> None:
    """WIF and extended private keys in groups of equal length (the last may be shorter), or in two pieces,
    joined by spaces, punctuation ("-", ":", "/", "." ...) or line breaks; each candidate is validated by its
    base58check checksum and payload, so that ordinary text is never taken for one."""
    classes = raw.translate(_GROUP_CLASSES)
    if classes.count(b"A") + classes.count(b"a") < min(_SPLIT_KEY_LENGTHS):
        return  # not enough base58 characters for a key
    done = 0  # the end of the last chain read
    for anchor in _grouped_anchors(raw, classes):
        if anchor < done:
            continue
        chain_start = anchor
        for m in _GROUP_CHAIN.finditer(classes, max(done, anchor - _CHAIN_REACH), anchor + 1):
            if m.start() <= anchor < m.end():
                chain_start = m.start()
                break
        chain = _GROUP_CHAIN.match(classes, chain_start)
        done = chain.end() if chain else anchor + 1
        groups = [(g.start(), g.end()) for g in _GROUP.finditer(classes, chain_start, done)]
        if len(groups) < 2:
            continue
        lengths = [e - s for s, e in groups]
        # same[i]: how many groups from i on have the length of group i.
        same = [1] * len(groups)
        for i in range(len(groups) - 2, -1, -1):
            if lengths[i] == lengths[i + 1]:
                same[i] = same[i + 1] + 1
        i = 0
        while i < len(groups):
            last = _grouped_key_at(text, groups, lengths, same, i) if raw[groups[i][0]] in _KEY_FIRST else None
            confidence = 1.0
            if last is None and i == 0 and same[0] >= _SOLANA_GROUPS:
                # A Solana key has no checksum: only a chain that is all of it (not 88 characters of a longer one).
                last, confidence = _grouped_solana_key_at(text, groups, lengths, same, 0), 0.6
                last = last if last == len(groups) - 1 else None
            if last is None:
                i += 1
                continue
            out.append((PRIVATE_KEY, groups[i][0], groups[last][1], confidence))
            i = last + 1


def _grouped_key_at(
    text: str, groups: list[tuple[int, int]], lengths: list[int], same: list[int], i: int
) -> int | None:
    """The index of the last group of a private key whose first group is groups[i], or None."""
    size = lengths[i]
    candidates = []
    if i + 1 < len(groups) and lengths[i] + lengths[i + 1] in _SPLIT_KEY_LENGTHS:
        candidates.append(i + 1)  # two pieces of any length: a key cut over two lines
    for length in _SPLIT_KEY_LENGTHS:
        count = -(-length // size)  # groups of `size`, the last one shorter or as long
        last = i + count - 1
        if count > 2 and same[i] >= count - 1 and last < len(groups) and lengths[last] == length - (count - 1) * size:
            candidates.append(last)
    # Or groups of any sizes that make a key's length exactly ("5KJ w5ksP9v Xfw32o5qJ1M BZm ...", copied off a
    # card laid out in columns): the checksum tells a key from a row of words.
    total = 0
    uneven = len(set(lengths[i : i + _UNEVEN_GROUPS])) > 2  # (groups of one size, and a last one: above)
    for last in range(i, min(len(groups), i + _UNEVEN_GROUPS) if uneven else i):
        total += lengths[last]
        if total in _SPLIT_KEY_LENGTHS and last > i + 1 and last not in candidates:
            candidates.append(last)
        if total >= max(_SPLIT_KEY_LENGTHS):
            break
    for last in candidates:
        joined = "".join(text[s:e] for s, e in groups[i : last + 1])
        if joined.startswith(_KEY_STARTS.get(len(joined), ())) and _is_private_key(joined):
            return last
    return None


_UNEVEN_GROUPS = 16  # groups of a key in groups of uneven sizes at most

_SOLANA_GROUPS = 8  # groups of one size at least of a Solana key in groups (87 characters in 11 of 8)


def _grouped_solana_key_at(
    text: str, groups: list[tuple[int, int]], lengths: list[int], same: list[int], i: int
) -> int | None:
    """The index of the last group of a Solana secret key in groups of one size whose first group is groups[i]
    (the last one shorter or as long), or None; not where the text names a transaction."""
    size = lengths[i]
    for length in _SOLANA_LENGTHS:
        count = -(-length // size)
        last = i + count - 1
        if same[i] >= count - 1 and last < len(groups) and lengths[last] == length - (count - 1) * size:
            pieces = [text[s:e] for s, e in groups[i : last + 1]]
            if _solana_pieces(pieces) and _named(text, groups[i][0], groups[last][1]) is None:
                return last
    return None


@lru_cache(maxsize=1024)  # a hostile text repeats one candidate many times
def _is_private_key(token: str) -> bool:
    payload = b58check_decode(token)
    if payload is None:
        return False
    if len(payload) in (33, 34):
        return _is_wif(payload)
    return _extended_key_kind(payload) == PRIVATE_KEY


# --- keys written as bytes: colon hex, byte pairs, 0x lists, arrays of numbers, numbered lines ----------------

# Digits "d", hex letters "h", "x" as itself, other ASCII letters "a", the separators of a byte list " ", anything
# else "~".
_BYTE_CLASSES = (
    bytes(
        ord("d")
        if chr(b).isdigit()
        else ord("h")
        if chr(b) in "abcdefABCDEF"
        else ord("x")
        if chr(b) in "xX"
        else ord("a")
        if chr(b).isalpha()
        else ord(" ")
        if chr(b) in " \t\r\n,:;-"
        else ord("~")
        for b in range(128)
    )
    + b"~" * 128
)
# An item: "0xe8", "e8" or a number of one to three digits, alone; a list: 16 or more items, each pair apart by
# separators (a comma and the indentation of the next line, as OpenSSL and pretty-printed JSON write them).
# Possessive quantifiers: a long list must not make the engine backtrack.
_BYTE_ITEM = rb"(?:dx[dh][dh]|[dh][dh]|d{1,3})(?![dhxa])"
_BYTE_LIST = re.compile(rb"(?<![dhxa])" + _BYTE_ITEM + rb"(?: {1,16}+" + _BYTE_ITEM + rb"){15,}+")
_BYTE_TOKEN = re.compile(rb"[0-9A-Za-z]+")
# Where a list or numbered lines may be: a key written so is a stretch of 63 characters or more made only of hex
# digits, "x" and the separators and numbering around them ("h" in this shadow), which prose never is for long.
# Found with bytes.find, then only those stretches are read by the patterns.
_LIST_STRETCH = bytes(ord("h") if chr(b) in "0123456789abcdefABCDEFxX \t\r\n,:;-.)]" else ord("~") for b in range(256))
_STRETCH_ANCHOR = b"h" * 63
_STRETCH = re.compile(rb"h+")


def _list_stretches(raw: bytes) -> list[tuple[int, int]]:
    """The stretches of raw that may hold a key written as a list of bytes or over numbered lines."""
    classes = raw.translate(_LIST_STRETCH)
    out = []
    pos = classes.find(_STRETCH_ANCHOR)
    while pos != -1:
        start = classes.rfind(b"~", 0, pos) + 1
        end = _STRETCH.match(classes, pos).end()  # type: ignore[union-attr]  # the anchor is there
        out.append((start, end))
        pos = classes.find(_STRETCH_ANCHOR, end)
    return out


_KEY_BYTES = (32, 64)  # a secp256k1 or ed25519 secret; an ed25519 keypair (Solana's keygen file) or a seed
# Lines that start with their number ("1: e8f32e72", "2) 3bc9..."; the first may follow words on its line): the
# hex after each number, joined.
_NUMBERED_HEX = rb"[0-9]{1,3}[.:)\]][ \t]*([0-9a-fA-F]{2,64}(?:[ :][0-9a-fA-F]{2,64})*)(?![0-9A-Za-z])"
_NUMBERED_LINE = re.compile(rb"\n[ \t]*" + _NUMBERED_HEX)
_NUMBERED_AFTER_WORDS = re.compile(rb"[ :]" + _NUMBERED_HEX + rb"[ \t]*\r?\Z")


def _byte_list_keys(
    text: str, raw: bytes, stretches: list[tuple[int, int]], out: list[tuple[str, int, int, float]]
) -> None:
    """32 or 64 bytes written one by one: "00:e8:f3:..." (OpenSSL, over indented lines), "e8 f3 2e ...",
    "0xe8, 0xf3, ..." (C and JS arrays), "[174,47,154,...]" (a Solana keypair). Redaction first: such a list is
    a key whatever the words around it say (no hash is written that way)."""
    for stretch_start, stretch_end in stretches:
        _byte_list_keys_in(text, raw, stretch_start, stretch_end, out)


def _byte_list_keys_in(text: str, raw: bytes, lo: int, hi: int, out: list[tuple[str, int, int, float]]) -> None:
    lo, hi = max(0, lo - 1), hi + 1  # the characters around the stretch: its edges are no items' edges
    classes = raw[lo:hi].translate(_BYTE_CLASSES)
    for found in _BYTE_LIST.finditer(classes):
        m = range(lo + found.start(), lo + found.end())
        items = [(t.start(), t.end()) for t in _BYTE_TOKEN.finditer(raw, m.start, m.stop)]
        # Maximal segments of one form each: "0x" bytes, hex pairs, decimal numbers up to 255.
        for form in ("0x", "pair", "decimal"):
            segment: list[tuple[int, int]] = []
            for start, end in [*items, (-1, -1)]:
                token = raw[start:end] if start >= 0 else b""
                if form == "0x":
                    fits = len(token) == 4 and token[:2] in (b"0x", b"0X")
                elif form == "pair":
                    fits = len(token) == 2 and start >= 0
                else:
                    fits = token.isdigit() and int(token) <= 255
                if fits:
                    segment.append((start, end))
                    continue
                if len(segment) >= 32:
                    _byte_segment(text, raw, segment, form, out)
                segment = []


def _byte_segment(
    text: str, raw: bytes, segment: list[tuple[int, int]], form: str, out: list[tuple[str, int, int, float]]
) -> None:
    values = [raw[s:e] for s, e in segment]
    start, end = segment[0][0], segment[-1][1]
    if len(values) - 1 in _KEY_BYTES and values[0] in (b"00", b"0x00", b"0X00", b"0"):
        values = values[1:]  # OpenSSL's leading zero byte
    if len(values) not in _KEY_BYTES:
        return
    if form == "decimal":
        if len(set(values)) < len(values) // 2:
            return  # random bytes repeat little; a list of scores or ages repeats a lot
    else:
        digits = sum(len(v[-2:].translate(None, b"abcdefABCDEF")) for v in values)
        if not len(values) // 4 <= digits <= len(values) * 2 - len(values) // 8:
            return  # random hex has about 60% digits; two-letter words ("be ad de") have none
    context = _hex_context(text, start, end)
    out.append((PRIVATE_KEY, start, end, 0.9 if context == "key" else 0.7))


def _numbered_hex_keys(
    text: str, raw: bytes, stretches: list[tuple[int, int]], out: list[tuple[str, int, int, float]]
) -> None:
    """A 64-hex key over numbered lines ("1: e8f32e72", "2: 3bc9..."), as a chat or a paper backup lists it."""
    for lo, hi in stretches:
        if b"\n" in raw[lo:hi]:
            start = raw.rfind(b"\n", 0, lo) + 1  # the whole first line: its number may follow words
            _numbered_hex_keys_in(text, raw, start, hi + 1, out)  # and the character after: no hex


def _numbered_hex_keys_in(text: str, raw: bytes, lo: int, hi: int, out: list[tuple[str, int, int, float]]) -> None:
    lines: list[tuple[int, int, int]] = []  # (start, end, hex digits) of consecutive numbered lines

    def digits(start: int, end: int) -> int:
        return end - start - raw.count(b" ", start, end) - raw.count(b":", start, end)

    # Offsets in "\n" + raw[lo:hi] are those of raw, less lo, plus one.
    for m in _NUMBERED_LINE.finditer(b"\n" + raw[lo:hi]):
        start, end = lo + m.start(1) - 1, lo + m.end(1) - 1
        if lines and raw.count(b"\n", lines[-1][1], start) != 1:
            _numbered_block(text, raw, lines, out)
            lines = []
        newline = lo + m.start() - 1  # where the "\n" before this line is in raw (-1: none)
        if not lines and newline > 0:
            # The block's first item may follow words on the line before ("my key 1: e8f32e72").
            previous = _NUMBERED_AFTER_WORDS.search(raw, raw.rfind(b"\n", 0, newline) + 1, newline)
            if previous is not None:
                lines.append((previous.start(1), previous.end(1), digits(previous.start(1), previous.end(1))))
        lines.append((start, end, digits(start, end)))
    _numbered_block(text, raw, lines, out)


def _numbered_block(
    text: str, raw: bytes, lines: list[tuple[int, int, int]], out: list[tuple[str, int, int, float]]
) -> None:
    for i in range(len(lines) - 1):
        total = 0
        for j in range(i, len(lines)):
            total += lines[j][2]
            if total >= 64:
                break
        if total != 64 or j == i:
            continue
        start, end = lines[i][0], lines[j][1]
        digits = sum(len(raw[s:e].translate(None, b"abcdefABCDEF :")) for s, e, _ in lines[i : j + 1])
        if not 8 <= digits <= 60:
            continue
        kind = _hex_kind(text, start, end)
        if kind is not None:
            out.append((kind[0], start, end, kind[1]))
        return


def find_split_keys(text: str, shadow: Shadow | None = None) -> list[tuple[str, int, int, float]]:
    """Private keys written in pieces: 64 hex characters in groups or over two lines, a WIF or extended private
    key with spaces inside. Pieces of one whole token are never found here (find_long_tokens does that)."""
    out: list[tuple[str, int, int, float]] = []
    if len(text) <= min(_SPLIT_KEY_LENGTHS):
        return out  # too short for a key with a space inside
    raw = (shadow or Shadow.of(text)).ascii
    if len(text) > 64:
        _split_hex_keys(text, raw, out)
        stretches = _list_stretches(raw)
        if stretches:
            _byte_list_keys(text, raw, stretches, out)
            _numbered_hex_keys(text, raw, stretches, out)
        if "\\x" in text:
            _byte_escaped_keys(text, out)
        if "0000000" in text:
            _dumped_keys(text, out)
    if "PRIVATE KEY" in text:
        out += [(PRIVATE_KEY, m.start(), m.end(), 1.0) for m in _PEM_PRIVATE.finditer(text)]
    if len(text) <= _KEYED_TEXT:
        _keyed_pieces(text, out)
    _split_base58_keys(text, raw, out)
    _grouped_base58_keys(text, raw, out)
    _labelled_base58_keys(text, out)
    return out


# A key's 32 bytes as a program writes them: escaped in a bytes literal ("sk = b'\\xa5\\xf0...'"), or dumped by xxd or
# hexdump -C (two lines of 16 bytes, with their offsets and printable columns around them).
_BYTE_ESCAPES = re.compile(r"(?<!\\x[0-9a-fA-F]{2})(?:\\x[0-9a-fA-F]{2}){32}(?!\\x[0-9a-fA-F])")
# ... or as Python prints bytes, printable ones as themselves ("b'\\x1a\\xccW\\xe1...'"): 32 bytes, most escaped.
_BYTES_REPR = re.compile(r"""b(['"])((?:\\x[0-9a-fA-F]{2}|\\[nrt\\'"]|[^\\\n]){32}?)\1""")
_BYTES_REPR_TOKEN = re.compile(r"\\x[0-9a-fA-F]{2}|\\.|.")
_BYTES_REPR_ESCAPES = 10  # escaped bytes of 32 at least (random bytes: about 20, 63% are unprintable)
# xxd, hexdump (-C or not) and od -x / -tx1 (octal offsets of 7 digits), quoted in a reply ("> ") or not.
_DUMP_LINE = re.compile(r"(?m)^[ \t>]*[0-9a-f]{7,8}(?::[ \t]*|[ \t]{1,2})((?:[0-9a-fA-F]{2,4}(?:[ \t]{1,2}|$)){1,16})")
# A key in PEM ("-----BEGIN EC PRIVATE KEY-----" ... "-----END EC PRIVATE KEY-----", PKCS #8, OpenSSH, encrypted or
# not): the whole block.
_PEM_PRIVATE = re.compile(
    r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----[\s\S]{0,8000}?-----END (?:[A-Z0-9]+ )*PRIVATE KEY-----"
    r"|-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----(?:[ \t]*\r?\n[ \t]*[A-Za-z0-9+/=]{16,})+"  # cut before its end
)
_NOT_HEX = re.compile(r"[^0-9a-fA-F]")


# After a key's name ("private key", "WIF", 私钥 ...), its pieces with anything but letters and digits between them
# ("K1zv | | Hyf", "`5Kb8` `kLf9`", '"L4it" "kjPt"', "| 8f45 |\n| 2bd0 |", " + ", " • ", " → "): a WIF or extended key
# whose checksum holds, or 64 hex characters.
_KEYED_TEXT = 20_000  # texts longer than this are a document's, read by the other searches only
_KEYED_REACH = 400  # characters after the key's name
_KEYED_NAMES = 20  # key names read per text at most
_B58_PIECE_RUN = re.compile(r"[1-9A-HJ-NP-Za-km-z]{2,}")
_HEX_RUN_PIECE = re.compile(r"[0-9a-fA-F]{2,}")
_KEYED_GAP = 8  # characters between two pieces at most (none a letter or a digit)
# A piece of each ASCII word of _CONTEXT_KEY (an ASCII text without any of them has none of its words).
_KEY_WORD_NEEDLES = (
    "key", "wif", "seed", "secret", "privkey", "private", "priv.", "clave", "chave", "chiave", "schl", "klucz",
    "soukrom", "anahtar", "khoa", "kunci", "llave", "paper wallet", "cle priv", "cle de",
)  # fmt: skip


def _keyed_pieces(text: str, out: list[tuple[str, int, int, float]]) -> None:
    lowered = text.lower()
    if text.isascii() and not any(needle in lowered for needle in _KEY_WORD_NEEDLES):
        return  # (one find per needle, in C, spares the pattern's scan of most texts)
    for n, name in enumerate(_KEY_WORDS.finditer(lowered)):
        if n >= _KEYED_NAMES:
            break
        end = min(len(text), name.end() + _KEYED_REACH)
        for pattern, lengths in ((_B58_PIECE_RUN, _SPLIT_KEY_LENGTHS), (_HEX_RUN_PIECE, (64,))):
            pieces = list(pattern.finditer(text, name.end(), end))
            for i in range(len(pieces)):
                total = 0
                for j in range(i, min(len(pieces), i + _UNEVEN_GROUPS)):
                    if j > i:
                        gap = text[pieces[j - 1].end() : pieces[j].start()]
                        if len(gap) > _KEYED_GAP or any(char.isalnum() for char in gap):
                            break
                    total += pieces[j].end() - pieces[j].start()
                    if total > max(lengths):
                        break
                    if total in lengths and j > i and _keyed_key(text, pieces[i : j + 1], hexadecimal=lengths == (64,)):
                        out += [(PRIVATE_KEY, p.start(), p.end(), 1.0) for p in pieces[i : j + 1]]
                        break


def _keyed_key(text: str, pieces: list[re.Match[str]], *, hexadecimal: bool) -> bool:
    joined = "".join(p.group() for p in pieces)
    if hexadecimal:
        if _NOT_KEY_PIECES.search(text, pieces[0].start(), pieces[-1].end()):
            return False  # two UUIDs or IPv6 addresses hold 64 hex characters too
        return _HEX_KEY_MIN_DIGITS <= sum(char.isdigit() for char in joined) <= 60
    return joined.startswith(_KEY_STARTS.get(len(joined), ())) and _is_private_key(joined)


def _byte_escaped_keys(text: str, out: list[tuple[str, int, int, float]]) -> None:
    for m in _BYTE_ESCAPES.finditer(text):
        kind = _hex_kind(text, m.start(), m.end())
        out.append((PRIVATE_KEY, m.start(), m.end(), 0.9) if kind is None else (kind[0], m.start(), m.end(), kind[1]))
    if "b'" in text or 'b"' in text:
        for m in _BYTES_REPR.finditer(text):
            body = m.group(2)
            if len(_BYTES_REPR_TOKEN.findall(body)) == 32 and body.count("\\x") >= _BYTES_REPR_ESCAPES:
                kind = _hex_kind(text, m.start(2), m.end(2))
                kind_name, confidence = (PRIVATE_KEY, 0.9) if kind is None else kind
                out.append((kind_name, m.start(2), m.end(2), confidence))


def _dumped_keys(text: str, out: list[tuple[str, int, int, float]]) -> None:
    blocks: list[list[re.Match[str]]] = []
    for m in _DUMP_LINE.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        previous = blocks[-1][-1] if blocks else None
        if previous is not None and text.find("\n", previous.end()) + 1 == line_start:
            blocks[-1].append(m)
        else:
            blocks.append([m])
    for block in blocks:
        digits = "".join(_NOT_HEX.sub("", m.group(1)) for m in block)
        if len(digits) != 64 and not (len(digits) == 66 and digits.endswith("0a")):
            continue  # a key is 32 bytes (and the line feed echo adds): a longer dump is a file's
        start, end = block[0].start(1), block[-1].end(1)
        kind = _hex_kind(text, start, end)
        kind_name, confidence = (PRIVATE_KEY, 0.9) if kind is None else kind
        out += [(kind_name, m.start(1), m.end(1), confidence) for m in block]
