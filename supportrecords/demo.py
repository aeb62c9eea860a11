"""Demo data: realistic English and Chinese support conversations, staff accounts for every role."""

from __future__ import annotations

import functools
import random
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from faker import Faker
from mnemonic import Mnemonic

from supportrecords import roles, services
from supportrecords.models import AuthorKind, Channel, DataCategory, Jurisdiction, Team, TicketStatus

# (subject, customer lines, agent lines) per category and language. {amount}, {coin}, {date} are filled in.
CONVERSATIONS: dict[str, dict[str, list[tuple[str, list[str], list[str]]]]] = {
    "general-enquiry": {
        "en": [
            (
                "How do I change my notification settings?",
                [
                    "Hi, I keep getting price alert emails for {coin}. How can I turn them off?",
                    "Thanks, found it. Can I keep the withdrawal confirmations though?",
                ],
                [
                    "Hello! Go to Settings > Notifications and untick 'Price alerts'.",
                    "Yes, withdrawal confirmations are security emails and stay on.",
                ],
            ),
            (
                "Trading fees for VIP levels",
                ["What are the maker and taker fees at VIP 2? My 30-day volume is about {amount} USDT."],
                ["At VIP 2 the maker fee is 0.06% and the taker fee 0.08%. Your level updates daily at 00:00 UTC."],
            ),
        ],
        "zh": [
            (
                "如何修改通知设置",
                ["你好，我一直收到{coin}的价格提醒邮件，怎么关闭？", "好的，找到了，谢谢。提币确认邮件可以保留吗？"],
                ["您好！请前往 设置 > 通知，取消勾选“价格提醒”。", "可以的，提币确认属于安全邮件，会一直保留。"],
            ),
        ],
    },
    "deposit-withdrawal": {
        "en": [
            (
                "Deposit not credited",
                [
                    "I sent {amount} {coin} on {date} but it's not in my account yet. "
                    "The wallet shows it as confirmed.",
                    "It has 40 confirmations now. Please check again.",
                ],
                [
                    "Sorry for the wait. Could you send us the transaction hash so we can trace the deposit?",
                    "Thank you, the deposit has been credited to your spot account.",
                ],
            ),
            (
                "Withdrawal pending for hours",
                ["My withdrawal of {amount} {coin} has been pending since this morning. Why?"],
                ["Large withdrawals go through a manual security review. It will be processed within 24 hours."],
            ),
        ],
        "zh": [
            (
                "充值未到账",
                [
                    "我在{date}充值了{amount} {coin}，钱包显示已确认，但账户里还没有到账。",
                    "现在已经有40个确认了，麻烦再查一下。",
                ],
                ["抱歉久等了，请提供交易哈希，我们帮您追踪这笔充值。", "感谢您的耐心，充值已经到账到您的现货账户。"],
            ),
            (
                "提币一直处于审核中",
                ["我提了{amount} {coin}，从早上到现在一直是审核中，为什么？"],
                ["大额提币需要人工安全审核，会在24小时内处理完成。"],
            ),
        ],
    },
    "kyc-identity": {
        "en": [
            (
                "KYC verification rejected",
                [
                    "My identity verification was rejected again. I uploaded my passport twice.",
                    "OK, I'll retake the selfie in daylight.",
                ],
                [
                    "The photo of the document was blurred at the edges. Please upload it again with all four corners "
                    "visible, and a selfie in good light."
                ],
            ),
        ],
        "zh": [
            (
                "实名认证被拒绝",
                ["我的实名认证又被拒了，身份证已经上传两次了。", "好的，我白天重新拍一下自拍。"],
                ["证件照片边缘模糊，请重新上传，确保四个角都清晰可见，并在光线充足的地方自拍。"],
            ),
        ],
    },
    "security-incident": {
        "en": [
            (
                "Unauthorised login and withdrawal",
                [
                    "Someone logged into my account from another country and withdrew {amount} {coin}! "
                    "I did not do this.",
                    "I changed my password and removed the API keys.",
                ],
                [
                    "We have frozen your account to protect the remaining funds. Please do not share your 2FA codes "
                    "with anyone, including people claiming to be our staff.",
                    "Thank you. Our security team is investigating and will contact you within 48 hours.",
                ],
            ),
        ],
        "zh": [
            (
                "账户被盗，资产被转走",
                [
                    "有人从国外登录了我的账户，转走了{amount} {coin}！不是我操作的。",
                    "我已经修改了密码，删除了API密钥。",
                ],
                [
                    "我们已冻结您的账户以保护剩余资产。请不要向任何人透露您的谷歌验证码，包括自称客服的人。",
                    "谢谢您，安全团队正在调查，会在48小时内联系您。",
                ],
            ),
        ],
    },
    "complaint": {
        "en": [
            (
                "Complaint about slow support",
                ["This is the third time I'm writing about the same problem and nobody answers. Very disappointed."],
                ["We are sorry for the delay. I have escalated your case to a supervisor, who will reply today."],
            ),
        ],
        "zh": [
            (
                "投诉客服响应慢",
                ["同一个问题我已经反馈第三次了，一直没人处理，非常失望。"],
                ["非常抱歉给您带来不便，您的问题已升级给主管处理，今天内会回复您。"],
            ),
        ],
    },
    "aml-suspicious-activity": {
        "en": [
            (
                "Source of funds request",
                [
                    "Why do you need my source of funds? I only deposited {amount} USDT.",
                    "Attached are my payslips for the last three months.",
                ],
                [
                    "As part of our regulatory obligations we ask for documents showing the source of funds for "
                    "this deposit. Payslips or a bank statement are fine.",
                    "Thank you, we have received the documents and will complete the review.",
                ],
            ),
        ],
        "zh": [
            (
                "资金来源说明",
                ["为什么要我提供资金来源证明？我只充值了{amount} USDT。", "附件是我最近三个月的工资单。"],
                [
                    "根据监管要求，我们需要您提供此次充值的资金来源证明，工资单或银行流水均可。",
                    "感谢您，我们已收到材料，将尽快完成审核。",
                ],
            ),
        ],
    },
}

COINS = ["BTC", "ETH", "USDT", "SOL", "TRX", "XRP"]
JURISDICTION_WEIGHTS = [
    (Jurisdiction.EU, 4),
    (Jurisdiction.CN, 3),
    (Jurisdiction.HK, 2),
    (Jurisdiction.US_NY, 1),
    (Jurisdiction.UK, 1),
    (Jurisdiction.OTHER, 1),
]

DEMO_ACCOUNTS: list[tuple[str, str | None, str | None]] = [
    # username, role, team
    ("admin", None, None),
    ("agent.alice", roles.AGENT, "Europe"),
    ("agent.wang", roles.AGENT, "Greater China"),
    ("supervisor.sam", roles.SUPERVISOR, "Europe"),
    ("supervisor.li", roles.SUPERVISOR, "Greater China"),
    ("privacy.paula", roles.PRIVACY_OFFICER, None),
    ("compliance.chen", roles.COMPLIANCE_OFFICER, None),
    ("auditor.ada", roles.AUDITOR, None),
]


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str


def demo_accounts_ensure(*, password: str) -> list[DemoAccount]:
    """Create (or reset the password of) one demo account per role, and the two demo teams."""
    user_model = get_user_model()
    accounts = []
    with transaction.atomic():
        for username, role, team_name in DEMO_ACCOUNTS:
            user, _created = user_model.objects.get_or_create(username=username)
            user.is_staff = True
            user.is_superuser = role is None
            user.email = f"{username}@custos.localhost"
            user.set_password(password)
            user.save()
            if role is not None:
                user.groups.add(Group.objects.get(name=role))
            if team_name is not None:
                team = Team.objects.filter(name=team_name).first() or services.team_create(name=team_name)
                if role == roles.SUPERVISOR:
                    user.groups.add(team.supervisors)
                else:
                    team.agents.add(user)
            accounts.append(DemoAccount(username=username, role=role or "superuser (break-glass)"))
    return accounts


def _fill(line: str, *, rng: random.Random, on: Any) -> str:
    """A conversation line with an amount, a coin and a date a day or three before the ticket opened."""
    amount = f"{rng.choice([0.05, 0.5, 1.2, 250, 1000, 15000])}"
    date = (on - timedelta(days=rng.randint(1, 3))).date().isoformat()
    return line.format(amount=amount, coin=rng.choice(COINS), date=date)


# Personal data a customer shares in a chat: the detectors find and mask it (the address is kept as written).
CONTACT_LINES = {
    "en": "You can reach me at {email} or {phone}. I paid with my card {card}; refunds can go to {iban}. "
    "Post goes to {address}.",
    "zh": "联系方式：手机 {phone}，邮箱 {email}。我用银行卡 {card} 付款，退款请转到 {iban}。地址：{address}。",
}
# Posted by one customer in every few: redacted before storage by the real ingestion path, ticket flagged.
SEED_LINES = {
    "en": "Is my wallet safe? This is my recovery phrase, please check it: {phrase}",
    "zh": "我的钱包安全吗？这是我的助记词，请帮我检查：{phrase}",
}
SEED_EVERY = 5


def _luhn_card(rng: random.Random, prefix: str) -> str:
    digits = [int(d) for d in prefix] + [rng.randint(0, 9) for _ in range(15 - len(prefix))]
    total = sum(d if i % 2 else sum(divmod(d * 2, 10)) for i, d in enumerate(reversed(digits)))
    number = "".join(map(str, digits)) + str((10 - total % 10) % 10)
    return " ".join(number[i : i + 4] for i in range(0, 16, 4))


@functools.cache
def _faker(locale: str) -> Faker:
    return Faker(locale)


def _contact_line(*, lang: str, rng: random.Random, customer_email: str, phone: str) -> str:
    fake, bank = (_faker("en_GB"), _faker("en_GB")) if lang == "en" else (_faker("zh_CN"), _faker("de_DE"))
    fake.seed_instance(rng.randint(0, 10**9))
    bank.seed_instance(rng.randint(0, 10**9))
    return CONTACT_LINES[lang].format(
        email=customer_email,
        phone=phone,
        card=_luhn_card(rng, "4" if lang == "en" else "62"),
        iban=bank.iban(),
        address=fake.address().replace("\n", ", "),
    )


# A clean attachment is a plain-text receipt (scanned on upload, so agents may download it); the demo's first ticket
# carries an image, which cannot be scanned and waits, quarantined, for a compliance officer's release.
CLEAN_ATTACHMENT_EVERY = 3
RECEIPTS = {
    "en": ("deposit-receipt.txt", "Deposit receipt\nAmount: {amount} USDT\nNetwork: TRC20\nStatus: completed\n"),
    "zh": ("充值凭证.txt", "充值凭证\n金额：{amount} USDT\n网络：TRC20\n状态：已完成\n"),
}
# The smallest valid PNG (1x1 pixel): an image the scanner cannot read.
PNG_1X1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000b49444154789c6360000200000500017a5eab3f0000000049454e44ae426082"
)


def _seed_phrase(rng: random.Random) -> str:
    return str(Mnemonic("english").to_mnemonic(rng.randbytes(16)))


DEMO_CUSTOMER_EMAIL = "demo.customer@example.com"


def demo_data_seed(*, customers: int, seed: int = 7) -> int:
    """Create customers with English and Chinese conversations across categories; return tickets made.

    Dates are consistent: a relationship ends after the customer was created, tickets open while it lasts, and
    nothing closes (or is written) in the future.
    """
    rng = random.Random(seed)
    fakes = {"en": Faker("en_US"), "zh": Faker("zh_CN")}
    for fake in fakes.values():
        fake.seed_instance(seed)
    categories = {c.slug: c for c in DataCategory.objects.all()}
    teams = {t.name: t for t in Team.objects.all()}
    user_model = get_user_model()
    agents = {
        "Europe": user_model.objects.filter(username="agent.alice").first(),
        "Greater China": user_model.objects.filter(username="agent.wang").first(),
    }
    now = timezone.now()
    tickets_made = 0
    for index in range(customers):
        jurisdiction = rng.choices([j for j, _ in JURISDICTION_WEIGHTS], [w for _, w in JURISDICTION_WEIGHTS])[0]
        lang = "zh" if jurisdiction in (Jurisdiction.CN, Jurisdiction.HK) else "en"
        fake = fakes[lang]
        team_name = "Greater China" if lang == "zh" else "Europe"
        created = now - timedelta(days=rng.randint(30, 3 * 365))
        ended = None
        if rng.random() < 0.15:
            ended = created + timedelta(days=rng.randint(7, max(8, (now - created).days - 1)))
        phone = (
            f"+86 13{rng.randint(100000000, 999999999)}" if lang == "zh" else f"+44 20 7946 {rng.randint(1000, 9999)}"
        )
        with transaction.atomic():
            customer = services.customer_create(
                exchange_account_id=f"UID{10_000_000 + index + seed * 1_000_000}",
                # The first one's e-mail is known (README), so that a newcomer can try the privacy form with it.
                email=DEMO_CUSTOMER_EMAIL if index == 0 else f"{fake.user_name()}{index}@{fake.free_email_domain()}",
                name=fake.name(),
                phone=phone,
                jurisdiction=jurisdiction,
                created_at=created,
            )
            if ended is not None:
                customer.relationship_ended_at = ended
                customer.save(update_fields=["relationship_ended_at"])
            for number in range(rng.randint(1, 4)):
                tickets_made += 1
                extra: list[str] = []
                if rng.random() < 0.5:
                    extra.append(_contact_line(lang=lang, rng=rng, customer_email=customer.email or "", phone=phone))
                if number == 0 and index % SEED_EVERY == 0:
                    extra.append(SEED_LINES[lang].format(phrase=_seed_phrase(rng)))
                _demo_ticket(
                    customer=customer,
                    # The README's demo customer has a restricted record, so that an erasure request made with it
                    # shows the second approval (four eyes) a compliance officer gives.
                    category="kyc-identity" if index == 0 and number == 0 else None,
                    rng=rng,
                    fake=fake,
                    lang=lang,
                    categories=categories,
                    team=teams.get(team_name),
                    agent=agents.get(team_name),
                    created=created,
                    until=ended or now,
                    now=now,
                    extra_customer_lines=extra,
                    attachment=(
                        "quarantined"
                        if tickets_made == 1
                        else "clean"
                        if tickets_made % CLEAN_ATTACHMENT_EVERY == 2
                        else ""
                    ),
                )
    return tickets_made


def _demo_ticket(
    *,
    customer: Any,
    rng: random.Random,
    fake: Faker,
    lang: str,
    categories: dict[str, DataCategory],
    team: Team | None,
    agent: Any,
    created: Any,
    until: Any,
    now: Any,
    extra_customer_lines: list[str],
    attachment: str = "",
    category: str | None = None,
) -> None:
    slug = rng.choice(list(CONVERSATIONS))
    slug = category or slug  # drawn all the same: the rest of the demo stays what the seed makes it
    subject, customer_lines, agent_lines = rng.choice(CONVERSATIONS[slug][lang])
    customer_lines = [customer_lines[0], *extra_customer_lines, *customer_lines[1:]]
    latest = until - timedelta(days=1)
    opened = created + timedelta(days=rng.randint(0, max(0, (latest - created).days)))
    # A ticket closes within 10 days of opening, never after now; a relationship that ended leaves none open.
    closes = opened + timedelta(days=rng.randint(1, 10))
    # Tickets older than a month are closed; recent ones are open or closed.
    closed = closes < now - timedelta(hours=1) and (
        until < now or opened < now - timedelta(days=30) or rng.random() < 0.6
    )
    if until < now and not closed:
        closes, closed = until, True
    ticket = services.ticket_create(
        customer=customer,
        category=categories[slug],
        channel=rng.choice(Channel.values),
        subject=subject,
        team=team,
        opened_at=opened,
        status=TicketStatus.CLOSED if closed else rng.choice([TicketStatus.OPEN, TicketStatus.PENDING]),
        closed_at=closes if closed else None,
    )
    if agent is not None and rng.random() < 0.8:
        services.ticket_assign(ticket=ticket, agent=agent, actor=None)
    last = closes if closed else now
    step = max(60, int((last - opened).total_seconds() / 60 / (len(customer_lines) + len(agent_lines) + 1)))
    at = opened
    for turn in range(max(len(customer_lines), len(agent_lines))):
        for kind, lines in ((AuthorKind.CUSTOMER, customer_lines), (AuthorKind.AGENT, agent_lines)):
            if turn < len(lines):
                at = min(at + timedelta(minutes=rng.randint(2, min(300, step))), last)
                message = services.message_create(
                    ticket=ticket,
                    author_kind=kind,
                    body=lines[turn] if lines[turn] in extra_customer_lines else _fill(lines[turn], rng=rng, on=opened),
                    author=agent if kind == AuthorKind.AGENT else None,
                    created_at=at,
                )
                if kind == AuthorKind.CUSTOMER and turn == 0 and attachment == "clean":
                    filename, receipt = RECEIPTS[lang]
                    services.attachment_create(
                        message=message,
                        filename=filename,
                        content=receipt.format(amount=rng.randint(50, 20_000)).encode("utf-8"),
                        content_type="text/plain",
                    )
                elif kind == AuthorKind.CUSTOMER and turn == 0 and attachment == "quarantined":
                    services.attachment_create(
                        message=message,
                        filename="截图.png" if lang == "zh" else "screenshot.png",
                        content=PNG_1X1,
                        content_type="image/png",
                    )
