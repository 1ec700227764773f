// Idiomatic behaviour: async iteration, concurrency, error codes, secrets, bad arguments.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import util from 'node:util'
import { createRequire } from 'node:module'

import * as esm from 'chat-platform-client'
import { Client, Emulator, _debugPanic, clearLogSink, setLogSink } from 'chat-platform-client'

const require = createRequire(import.meta.url)

function withEmulator(fn, settings) {
  return async () => {
    const emu = new Emulator(settings)
    try { await fn(emu) } finally { emu.stop() }
  }
}

test('CommonJS require and ESM import give the same classes', () => {
  const cjs = require('chat-platform-client')
  assert.equal(cjs.Client, esm.Client)
  assert.equal(typeof cjs.Emulator, 'function')
})

test('for await pages lazily over many pages', withEmulator(async (emu) => {
  const c = emu.client()
  const users = Array.from({ length: 250 }, (_, i) => ({ username: `n${i}`, password: 'pw' }))
  const report = await c.registerUsers(users)
  assert.equal(report.created.length, 250)
  assert.deepEqual(report.failed, [])
  const it = c.iterUsers(100)
  const before = emu.stats().requests['GET /users'] ?? 0
  const seen = []
  for await (const u of it) {
    seen.push(u.username)
    if (seen.length === 1) assert.equal(emu.stats().requests['GET /users'] - before, 1, 'one page fetched so far')
  }
  assert.deepEqual(seen.sort(), users.map((u) => u.username).sort())
  assert.equal(emu.stats().requests['GET /users'] - before, 3)
}))

test('100 concurrent calls share one token fetch', withEmulator(async (emu) => {
  emu.setFaults({ rules: [{ route: 'POST /token', count: 1, latency_ms: 100 }] })
  const c = emu.client()
  await c.registerUserOpen('cold', 'pw')
  const all = await Promise.all(Array.from({ length: 100 }, () => c.getUser('cold')))
  assert.equal(all.length, 100)
  assert.equal(emu.stats().token_grants, 1)
}))

test('each error code from the case that causes it, logged at trace level', withEmulator(async (emu) => {
  const logs = []
  assert.equal(setLogSink((r) => logs.push(r), 'trace'), true)
  const c = emu.client({ retryBaseDelay: 1, maxAttempts: 2 })
  await c.registerUser('exists', 'pw')
  await c.setPassword('exists', 'hunter2-password')
  const seen = []
  const expectCode = async (promise, code, extra = {}) => {
    await assert.rejects(promise, (e) => {
      seen.push(e.message, e.stack, util.inspect(e), JSON.stringify(e))
      assert.ok(e instanceof Error)
      assert.equal(e.code, code, e.message)
      for (const [k, v] of Object.entries(extra)) assert.equal(e[k], v, k)
      return true
    })
  }
  await expectCode(c.getUser('not valid'), 'INVALID_INPUT', { field: 'username', status: null })
  await expectCode(c.setNoDisturb('exists', 25, 1), 'INVALID_INPUT', { field: 'startHour', operation: 'setNoDisturb', message: 'setNoDisturb: invalid `startHour`: must be an hour 0-23 (got 25)' })
  await expectCode(c.getUser('ghost'), 'NOT_FOUND', { status: 404, serverCode: 'service_resource_not_found' })
  await expectCode(c.registerUser('EXISTS', 'pw'), 'CONFLICT', { status: 400 })
  const bad = new Client({ baseUrl: emu.url, appKey: emu.appKey, clientId: emu.clientId, clientSecret: 'wrong' })
  await expectCode(bad.getUser('exists'), 'UNAUTHORIZED', { serverCode: 'invalid_grant' })
  await expectCode(new Client({ baseUrl: emu.url, appKey: 'other-org#app', token: 't' }).getUser('x'), 'CONFIGURATION')
  assert.throws(() => new Client({ baseUrl: 'not a url', appKey: 'a#b', token: 't' }), (e) => e.code === 'CONFIGURATION')
  await expectCode(new Client({ baseUrl: 'http://127.0.0.1:9', appKey: 'a#b', token: 't', maxAttempts: 1 }).getUser('x'), 'TRANSPORT', { retryable: true })
  emu.setFaults({ rules: [{ route: 'GET /users/{username}', count: 5, status: 429, retry_after: '0' }] })
  // Unpaced, the attempts run out (paced, throttling is the pacer's and only time ends it).
  await expectCode(emu.client({ maxAttempts: 2, retryBaseDelay: 1, rateLimits: false }).getUser('exists'), 'RATE_LIMITED', { status: 429, retryable: true, retryAfter: 0 })
  emu.setFaults({ rules: [{ route: 'GET /users/{username}', count: 5, status: 503 }] })
  await expectCode(c.getUser('exists'), 'SERVER', { status: 503 })
  emu.setFaults({ rules: [{ route: 'GET /users/{username}', count: 1, status: 429, error: 'resource_limited' }] })
  await expectCode(c.getUser('exists'), 'LIMIT_EXCEEDED', { retryable: false })
  emu.setConfig({ contactLimit: 0 })
  await expectCode(c.addContact('exists', 'exists'), 'LIMIT_EXCEEDED', { status: 403 })
  const odd = new Client({ baseUrl: emu.url + '/_emulator', appKey: 'health#x', token: 't0ken', maxAttempts: 1 })
  await assert.rejects(odd.getUser('x'), (e) => ['DECODE', 'NOT_FOUND'].includes(e.code))
  await expectCode(_debugPanic(), 'INTERNAL')
  // Every error kind above and every log record, searched for the secrets in play.
  const token = (await c.fetchToken()).accessToken
  await new Promise((resolve) => setImmediate(resolve))
  clearLogSink()
  for (const r of logs) seen.push(`${r.level} ${r.target} ${r.message}`)
  for (const t of seen) {
    for (const s of [emu.clientSecret, token, 'hunter2-password', 'wrong']) assert.ok(!t.includes(s), `${s} leaked in ${t}`)
  }
  assert.ok(seen.length >= 40)
  // The log really is verbose: token grants, each request, retries and failures.
  const has = (level, text) => logs.some((r) => r.level === level && r.message.includes(text) && r.target.startsWith('chat_platform'))
  assert.ok(has('debug', 'request done op=register_user method=POST path=/users status=200'), JSON.stringify(logs.slice(0, 5)))
  assert.ok(has('debug', 'request failed'))
  assert.ok(has('info', 'app token'))
  assert.ok(logs.length >= 20, `${logs.length} records`)
  const after = logs.length
  await c.getUser('exists')
  await new Promise((resolve) => setImmediate(resolve))
  assert.equal(logs.length, after, 'clearLogSink() stops delivery')
  assert.throws(() => setLogSink(() => {}, 'verbose'), /`level`: unknown log level "verbose"/)
}))

test('no secret in messages, stacks, inspect or JSON', withEmulator(async (emu) => {
  const secret = emu.clientSecret
  const c = new Client({ baseUrl: emu.url, appKey: emu.appKey, clientId: emu.clientId, clientSecret: secret, minTokenInterval: 0 })
  const token = await c.fetchToken()
  const texts = [String(c), JSON.stringify(c), util.inspect(c, { showHidden: true, depth: 5 }), String(token), JSON.stringify(token), util.inspect(token, { showHidden: true })]
  const errors = []
  await c.registerUser('bad name', 'hunter2-password').catch((e) => errors.push(e))
  await c.setPassword('ghost', 'hunter2-password').catch((e) => errors.push(e))
  await new Client({ baseUrl: emu.url, appKey: emu.appKey, clientId: emu.clientId, clientSecret: 'wrong-secret-value' }).fetchToken().catch((e) => errors.push(e))
  assert.equal(errors.length, 3)
  for (const e of errors) texts.push(e.message, e.stack, util.inspect(e), JSON.stringify(e), String(e.description))
  for (const t of texts) {
    for (const s of [secret, token.accessToken, 'hunter2-password', 'wrong-secret-value']) {
      assert.ok(!t.includes(s), `${s} leaked in ${t}`)
    }
  }
  assert.ok(token.accessToken.startsWith('YWMt'))
}))

test('bad arguments are rejected with clear errors, never a crash', withEmulator(async (emu) => {
  const c = emu.client()
  const before = emu.stats().total_requests
  const bad = [
    () => c.getUser(42),
    () => c.getUser(null),
    () => c.getUser(),
    () => c.registerUser('a', undefined),
    () => c.registerUsers('alice'),
    () => c.registerUsers([{ username: 'x' }]),
    () => c.registerUsers([42]),
    () => c.blockUsers('alice', 'bob'),
    () => c.usersStatus([1, 2]),
    () => c.listUsers('ten'),
    () => c.setNoDisturb('a', 'one', 2),
    () => new Client(),
    () => new Client({ appKey: 'a#b', baseUrl: 5 }),
  ]
  for (const call of bad) {
    let threw = false
    try { await call() } catch (e) { threw = true; assert.ok(e instanceof Error); assert.ok(e.message.length > 0) }
    assert.ok(threw, String(call))
  }
  await assert.rejects(c.blockUsers('alice', Array.from({ length: 10000 }, (_, i) => `u${i}`)), (e) => e.code === 'INVALID_INPUT' && e.field === 'usernames')
  await assert.rejects(c.getUser('x'.repeat(100000)), (e) => e.code === 'INVALID_INPUT')
  await assert.rejects(c.getUser('../admin'), (e) => e.code === 'INVALID_INPUT')
  await assert.rejects(c.setNotificationDisplayStyle('alice', 7), (e) => e.code === 'INVALID_INPUT' && e.field === 'style')
  await assert.rejects(c.setNoDisturb('a', -1, 2), (e) => e instanceof Error)
  assert.equal(emu.stats().total_requests, before, 'nothing was sent')
  assert.deepEqual(await c.usersStatus([]), [])
}))

test('emulator helpers', withEmulator(async (emu) => {
  const c = emu.client()
  await c.registerUser('h1', 'pw')
  assert.equal(emu.setPresence('h1'), true)
  assert.equal(await c.userStatus('h1'), 'online')
  assert.equal(emu.setPresence('ghost'), false)
  assert.ok(emu.addOfflineMessages('h1', [{ id: 'm1', delivered: false }, { id: 'm2', delivered: true }]))
  assert.equal(await c.offlineMessageCount('h1'), 1)
  assert.equal(await c.offlineMessageStatus('h1', 'm2'), 'delivered')
  assert.ok(emu.revokeTokens() >= 1)
  assert.equal((await c.getUser('h1')).username, 'h1')
  assert.throws(() => emu.setConfig({ noSuchSetting: 1 }))
  assert.throws(() => emu.setFaults({ rules: [{ count: 'many' }] }))
  assert.equal(emu.stats().token_grants, 2)
  const other = new Emulator({ org: 'my-org', app: 'my-app' })
  assert.equal(other.appKey, 'my-org#my-app')
  other.stop()
  other.stop()
  assert.throws(() => other.url)
}))
