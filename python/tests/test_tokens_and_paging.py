"""The user system beyond the reference: secrets never shown, types and
errors as a Python user expects them (the shared scenario covers the results)."""

import asyncio
import logging

import pytest

import chat_platform as cp
from chat_platform import exceptions as ex

APP_ID = "970CA35de60c44645bbae8a215061b33"
CERT = "5CFd2fd1755d40ecb72977518be15d3b"


def test_token_vectors_reproduce_and_round_trip():
    user = cp.chat_user_token(APP_ID, CERT, "2882341273", 600, issued_at=1111111, salt=1)
    assert user.token.startswith("007eJxTYNAIsnbS3v/A5t2TC6feR15r")
    minted = cp.chat_user_token(APP_ID, CERT, "alice", 900)
    info = cp.parse_chat_token(minted.token)
    assert (info.user_id, info.expire_seconds, info.app_id) == ("alice", 900, APP_ID)
    assert info.privileges["user"] == minted.expires_at
    assert cp.verify_chat_token(minted.token, CERT)
    assert not cp.verify_chat_token(minted.token, "0" * 32)


def test_no_secret_of_tokens_certificates_or_webhooks_shows(fresh, caplog):
    caplog.set_level(1, logger="chat_platform")
    cp._native._refresh_log_level()
    client = fresh.client()
    client.register_user("alice", "Pa55word-beyond")
    ut = client.user_token("alice", "Pa55word-beyond")
    it = client.user_token_without_password("bob", create_user=True)
    minted = cp.chat_app_token(fresh.app_id, fresh.app_certificate, 600)
    agora = cp.Client(base_url=fresh.url, app_key=fresh.app_key, app_id=fresh.app_id,
                      app_certificate=fresh.app_certificate)
    exchanged = agora.fetch_token()
    texts = [repr(ut), str(ut), repr(ut.to_dict()), repr(it), repr(minted), repr(minted.to_dict()),
             repr(agora), repr(exchanged)]
    with pytest.raises(ex.UnauthorizedError) as wrong:
        client.user_token("alice", "Pa55word-wrong")
    forged = cp.Client(base_url=fresh.url, app_key=fresh.app_key, app_id=fresh.app_id,
                       app_certificate="fedcba9876543210fedcba9876543210", max_attempts=1)
    with pytest.raises(ex.UnauthorizedError) as refused:
        forged.get_user("alice")
    with pytest.raises(ex.InvalidInputError) as bad_cert:
        cp.chat_user_token(APP_ID, "not-hex-but-Secret-cert", "alice", 60)
    check = cp.verify_webhook(b'{"callId":"c","timestamp":1,"security":"x"}', "webhook-rule-S3CRET")
    texts += [repr(check), str(wrong.value), repr(refused.value), str(bad_cert.value)]
    texts += [r.getMessage() for r in caplog.records if r.name == "chat_platform"]
    assert any("request done" in t for t in texts), "the log is really verbose"
    secrets = [ut.access_token, it.access_token, minted.token, exchanged.access_token, fresh.app_certificate,
               "fedcba9876543210fedcba9876543210", "not-hex-but-Secret-cert", "webhook-rule-S3CRET",
               "Pa55word-beyond", "Pa55word-wrong"]
    for t in texts:
        for s in secrets:
            assert s not in t, f"{s!r} leaked in {t!r}"
    logging.getLogger("chat_platform").setLevel(logging.NOTSET)


def test_arguments_are_checked_with_the_operation_and_the_argument(fresh):
    c = fresh.client()
    before = fresh.stats()["total_requests"]
    with pytest.raises(TypeError, match=r"set_user_attributes: `attributes\['k'\]` must be a str, not int"):
        c.set_user_attributes("alice", {"k": 1})
    with pytest.raises(TypeError, match="mute_user: `chat_types` must be a list of str"):
        c.mute_user("alice", 60, "chat")
    with pytest.raises(ex.InvalidInputError, match=r"`chat_types\[1\]`"):
        c.mute_user("alice", 60, ["chat", "voice"])
    with pytest.raises(TypeError, match="verify_webhook: `body` must be bytes or str"):
        cp.verify_webhook(None, "s")
    with pytest.raises(TypeError, match=r"set_push_nicknames: `nicknames\[0\]` must be a \(username, nickname\) pair"):
        c.set_push_nicknames([3])
    with pytest.raises(ex.InvalidInputError, match="`scope`"):
        c.get_push_setting("alice", "everyone")
    with pytest.raises(ex.InvalidInputError, match="`ttl_seconds`"):
        c.user_token("alice", "pw", ttl_seconds=-5)
    assert fresh.stats()["total_requests"] == before, "nothing was sent"


def test_push_nicknames_take_a_dict_or_pairs_and_iterators_page(fresh):
    c = fresh.client()
    c.register_users([cp.NewUser(f"u{i}", "pw-12345") for i in range(7)])
    report = c.set_push_nicknames({"u0": "Zero", "u1": "One"})
    assert report.ok and report.updated == ["u0", "u1"]
    report = c.set_push_nicknames([("u2", "Two"), {"username": "nobody", "nickname": "x"}])
    assert report.updated == ["u2"] and report.failed[0].index == 1
    for i in range(1, 7):
        c.add_contact("u0", f"u{i}")
    assert [x.username for x in c.iter_contacts("u0", page_size=2)] == [f"u{i}" for i in range(6, 0, -1)]
    for i in range(5):
        c.mute_user(f"u{i}", 600, ["chat"])

    async def muted():
        a = fresh.async_client()
        return [m.username async for m in a.iter_mutes(page_size=2)]

    assert asyncio.new_event_loop().run_until_complete(muted()) == [f"u{i}" for i in range(5)]
    batches = list(c.users_attributes_iter((f"u{i}" for i in range(7)), ["nickname"]))
    assert sum(b.count for b in batches) == 7 and all(b.error is None for b in batches)
