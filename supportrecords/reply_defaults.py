"""The default automatic reply to a customer who posted a recovery phrase or a private key.

Staff edit the reply (`ReplyTemplate`, seeded by migration 0005 with this text); this copy is the fallback when
the row was deleted. A migration is frozen history, so runtime code keeps its own copy rather than importing it.
"""

SUBJECT_EN = "Your wallet may be compromised: act now"
BODY_EN = """Your wallet may be compromised. Your message contained what looks like a wallet recovery phrase or a \
private key. We removed it from our records, but anyone who saw it can take the funds in that wallet.

What to do now:
1. Create a new wallet with a new recovery phrase, on a device you trust.
2. Move all funds from the exposed wallet to the new one at once.
3. Never use the exposed phrase or key again.
4. We will never ask for your recovery phrase, private key, password or 2FA codes. Anyone who asks is a scammer.

This ticket is marked as a security case; our staff may contact you through it."""

SUBJECT_ZH = "您的钱包可能已经泄露，请立即处理"
BODY_ZH = """您的钱包可能已经泄露。您的消息中含有疑似钱包助记词或私钥的内容。\
我们已从记录中删除，但任何看到它的人都可以转走该钱包中的资产。

请立即：
1. 在您信任的设备上创建一个使用新助记词的新钱包。
2. 立即将泄露钱包中的全部资产转入新钱包。
3. 不要再使用已泄露的助记词或私钥。
4. 我们绝不会索要您的助记词、私钥、密码或双重验证码。任何索要这些信息的人都是骗子。

此工单现为安全事件，我们的工作人员可能会通过此工单与您联系。"""
