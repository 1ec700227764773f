// The user system beyond the reference: secrets never shown, arguments
// checked, iterators and bulk calls as JavaScript expects them (the shared
// scenario covers the results).
import assert from 'node:assert/strict'
import { test } from 'node:test'
import util from 'node:util'

import { Client, Emulator, chatAppToken, chatUserToken, clearLogSink, parseChatToken, setLogSink, verifyChatToken, verifyWebhook } from 'chat-platform-client'

const APP_ID = '970CA35de60c44645bbae8a215061b33'
const CERT = '5CFd2fd1755d40ecb72977518be15d3b'

function withEmulator(fn) {
  return async () => {
    const emu = new Emulator()
    try { await fn(emu) } finally { emu.stop() }
  }
}

test('token vectors reproduce, and a minted token reads back', () => {
  const t = chatUserToken(APP_ID, CERT, '2882341273', 600, { issuedAt: 1111111, salt: 1 })
  assert.ok(t.token.startsWith('007eJxTYNAIsnbS3v/A5t2TC6feR15r'))
  const minted = chatUserToken(APP_ID, CERT, 'alice', 900)
  const info = parseChatToken(minted.token)
  assert.equal(info.userId, 'alice')
  assert.equal(info.expireSeconds, 900)
  assert.equal(info.privileges.user, minted.expiresAt)
  assert.equal(verifyChatToken(minted.token, CERT), true)
  assert.equal(verifyChatToken(minted.token, '0'.repeat(32)), false)
})

test('no secret of user tokens, minted tokens, certificates or webhooks shows', withEmulator(async (emu) => {
  const logs = []
  setLogSink((r) => logs.push(`${r.target} ${r.message}`), 'trace')
  try {
    const c = emu.client()
    await c.registerUser('alice', 'Pa55word-beyond')
    const ut = await c.userToken('alice', 'Pa55word-beyond')
    const it = await c.userTokenWithoutPassword('bob', null, true)
    const minted = chatAppToken(emu.appId, emu.appCertificate, 600)
    const agora = new Client({ baseUrl: emu.url, appKey: emu.appKey, appId: emu.appId, appCertificate: emu.appCertificate })
    const exchanged = await agora.fetchToken()
    const shown = [ut, it, minted, agora, exchanged].flatMap((v) => [util.inspect(v), JSON.stringify(v), String(v)])
    const rejected = async (promise, code) => {
      await assert.rejects(promise, (e) => {
        assert.equal(e.code, code)
        shown.push(e.message, e.stack, util.inspect(e))
        return true
      })
    }
    await rejected(c.userToken('alice', 'Pa55word-wrong'), 'UNAUTHORIZED')
    const forged = new Client({ baseUrl: emu.url, appKey: emu.appKey, appId: emu.appId, appCertificate: 'fedcba9876543210fedcba9876543210', maxAttempts: 1 })
    await rejected(forged.getUser('alice'), 'UNAUTHORIZED')
    assert.throws(() => chatUserToken(APP_ID, 'not-hex-but-Secret-cert', 'alice', 60), (e) => {
      assert.equal(e.code, 'INVALID_INPUT')
      assert.equal(e.field, 'appCertificate')
      shown.push(e.message, e.stack)
      return true
    })
    shown.push(util.inspect(verifyWebhook('{"callId":"c","timestamp":1,"security":"x"}', 'webhook-rule-S3CRET')))
    shown.push(...logs)
    assert.ok(logs.some((l) => l.includes('request done')), 'the log is really verbose')
    const secrets = [ut.accessToken, it.accessToken, minted.token, exchanged.accessToken, emu.appCertificate,
      'fedcba9876543210fedcba9876543210', 'not-hex-but-Secret-cert', 'webhook-rule-S3CRET', 'Pa55word-beyond', 'Pa55word-wrong']
    for (const s of secrets) {
      for (const t of shown) assert.ok(!t.includes(s), `${s} leaked in ${t}`)
    }
  } finally {
    clearLogSink()
  }
}))

test('bad arguments name the operation and the argument, nothing sent', withEmulator(async (emu) => {
  const c = emu.client()
  const before = emu.stats().total_requests
  assert.throws(() => c.setUserAttributes('alice', { k: 1 }), (e) => e instanceof TypeError && /setUserAttributes: `attributes.k` must be a string, not a number/.test(e.message))
  assert.throws(() => c.muteUser('alice', 60, 'chat'), /muteUser: `chatTypes` must be an array of strings/)
  await assert.rejects(c.muteUser('alice', 60, ['chat', 'voice']), (e) => e.code === 'INVALID_INPUT' && e.field === 'chatTypes[1]')
  assert.throws(() => verifyWebhook(null, 's'), /verifyWebhook: `body` must be a string or a Buffer/)
  assert.throws(() => c.setPushNicknames([3]), /setPushNicknames: `nicknames\[0\]` must be an object \{ username, nickname \}/)
  await assert.rejects(c.getPushSetting('alice', 'everyone'), (e) => e.code === 'INVALID_INPUT' && e.field === 'scope')
  await assert.rejects(c.userToken('alice', 'pw', -5), (e) => e.field === 'ttlSeconds')
  assert.equal(emu.stats().total_requests, before)
}))

test('contacts and mutes iterate lazily; attributes stream in batches', withEmulator(async (emu) => {
  const c = emu.client()
  await c.registerUsers(Array.from({ length: 7 }, (_, i) => ({ username: `u${i}`, password: 'pw-12345' })))
  for (let i = 1; i < 7; i++) await c.addContact('u0', `u${i}`)
  const contacts = []
  for await (const x of c.iterContacts('u0', 2)) contacts.push(x.username)
  assert.deepEqual(contacts, ['u6', 'u5', 'u4', 'u3', 'u2', 'u1'])
  for (let i = 0; i < 5; i++) await c.muteUser(`u${i}`, 600, ['chat'])
  const muted = []
  for await (const m of c.iterMutes(2)) muted.push(m.username)
  assert.deepEqual(muted, ['u0', 'u1', 'u2', 'u3', 'u4'])
  function* names() { for (let i = 0; i < 7; i++) yield `u${i}` }
  let n = 0
  for await (const b of c.usersAttributesStream(names(), ['nickname'])) {
    assert.equal(b.error, undefined)
    n += b.count
  }
  assert.equal(n, 7)
}))
