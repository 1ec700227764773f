// Proxies, TLS and argument errors from Node: the HTTPS emulator with and
// without its CA, the real proxies of scripts/test-proxies.sh (node-test.sh
// runs the suite under it), and bad arguments named by operation and argument.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { setTimeout as sleep } from 'node:timers/promises'
import { test } from 'node:test'

import { Client, Emulator, clearLogSink, setLogSink } from 'chat-platform-client'

const repo = process.env.CHAT_PLATFORM_REPO
const env = (name) => {
  const v = process.env[name]
  assert.ok(v, `${name} is not set: run under scripts/test-proxies.sh (node-test.sh does)`)
  return v
}
const logOf = (name) => `${repo}/${env(name)}`
const logHas = async (path, needle) => {
  for (let i = 0; i < 50; i++) {
    if (readFileSync(path, 'utf8').includes(needle)) return true
    await sleep(20)
  }
  return false
}
const client = (emu, opts = {}) => new Client({
  baseUrl: emu.url, appKey: emu.appKey, clientId: emu.clientId, clientSecret: emu.clientSecret,
  maxAttempts: 2, retryBaseDelay: 1, connectTimeout: 2000, proxyFromEnv: false, ...opts,
})

test('HTTPS needs the emulator\'s CA and works with it', async () => {
  const emu = new Emulator({ tls: true })
  try {
    assert.ok(emu.url.startsWith('https://127.0.0.1:'), emu.url)
    const ca = emu.caPem
    assert.ok(ca.startsWith('-----BEGIN CERTIFICATE-----'))
    await assert.rejects(client(emu).fetchToken(), (e) =>
      e.code === 'CONFIGURATION' && e.message.includes('TLS failed') && e.message.includes('caCertificates') && e.retryable === false)
    const c = client(emu, { caCertificates: ca })
    await c.registerUser('tls-node', 'pw-12345')
    assert.equal((await c.getUser('tls-node')).username, 'tls-node')
    assert.equal((await emu.client().getUser('tls-node')).username, 'tls-node')
    assert.throws(() => client(emu, { caCertificates: ['not a certificate'] }), (e) => e.code === 'CONFIGURATION' && /CA certificate #1/.test(e.message))
  } finally {
    emu.stop()
  }
  const plain = new Emulator()
  assert.equal(plain.caPem, null)
  plain.stop()
})

test('through a proxy, a CONNECT tunnel, NO_PROXY; credentials sent and never shown', async () => {
  const proxy = env('CHAT_PLATFORM_TEST_PROXY')
  const proxyLog = logOf('CHAT_PLATFORM_TEST_PROXY_LOG')
  const emu = new Emulator()
  try {
    const c = client(emu, { proxy })
    await c.registerUser('via-proxy-node', 'pw-12345')
    await c.getUser('via-proxy-node')
    const path = `${emu.url}/demo-org/demo-app/users/via-proxy-node`
    assert.ok(await logHas(proxyLog, `GET ${path}`), 'no GET through the proxy')
    await client(emu, { proxy, noProxy: ['example.invalid', '127.0.0.1'] }).getUser('via-proxy-node')
    await sleep(200)
    assert.equal(readFileSync(proxyLog, 'utf8').split(`GET ${path}`).length - 1, 1, 'a NO_PROXY host went through the proxy')

    const auth = env('CHAT_PLATFORM_TEST_AUTH_PROXY')
    const user = env('CHAT_PLATFORM_TEST_AUTH_PROXY_USER')
    const password = env('CHAT_PLATFORM_TEST_AUTH_PROXY_PASSWORD')
    // A GET with a fixed token: tinyproxy answers a POST's 407 before reading its body and resets.
    const refused = new Client({ baseUrl: emu.url, appKey: emu.appKey, token: 'a-fixed-token', proxy: auth, proxyFromEnv: false, maxAttempts: 1 })
    await assert.rejects(refused.getUser('anyone'), (e) => e.code === 'CONFIGURATION' && e.status === 407)
    const records = []
    setLogSink((r) => records.push(`${r.target} ${r.message}`), 'trace')
    for (const opts of [{ proxy: auth, proxyUsername: user, proxyPassword: password },
      { proxy: auth.replace('http://', `http://${user}:${password}@`) }]) {
      const ac = client(emu, opts)
      assert.equal((await ac.getUser('via-proxy-node')).username, 'via-proxy-node')
      const shown = [String(ac), JSON.stringify(ac)]
      await ac.getUser('nobody').catch((e) => shown.push(e.message, e.stack, JSON.stringify(e)))
      assert.equal(shown.length, 5, 'the call must fail')
      assert.ok(!shown.some((s) => s.includes(password)), 'the proxy password shows')
    }
    clearLogSink()
    assert.ok(records.some((r) => r.includes('request done')), 'the trace-level log is on')
    assert.ok(!records.some((r) => r.includes(password)), 'the proxy password is in a log record')
  } finally {
    emu.stop()
  }
  const tls = new Emulator({ tls: true })
  try {
    await client(tls, { proxy, caCertificates: [tls.caPem] }).fetchToken()
    const port = tls.url.split(':').pop()
    assert.ok(await logHas(proxyLog, `CONNECT 127.0.0.1:${port}`), 'no CONNECT tunnel')
  } finally {
    tls.stop()
  }
})

test('a dead proxy fails fast naming it; the environment\'s proxies apply', async () => {
  const dead = env('CHAT_PLATFORM_TEST_DEAD_PROXY')
  const emu = new Emulator()
  try {
    const started = Date.now()
    await assert.rejects(client(emu, { proxy: dead, proxyUsername: 'someone', proxyPassword: 'hunter2-secret' }).fetchToken(), (e) =>
      e.code === 'TRANSPORT' && e.message.includes(`through the proxy ${dead.replace('http://', '')}`) && !e.message.includes('hunter2-secret'))
    assert.ok(Date.now() - started < 5000)
    // HTTP_PROXY and NO_PROXY=127.0.0.1 from scripts/test-proxies.sh: by name through the proxy.
    const byName = emu.url.replace('127.0.0.1', 'localhost')
    await client(emu, { baseUrl: byName, proxyFromEnv: true }).registerUser('env-proxy-node', 'pw-12345')
    assert.ok(await logHas(logOf('CHAT_PLATFORM_TEST_PROXY_LOG'), `${byName}/demo-org/demo-app/users`), 'HTTP_PROXY was not used')
  } finally {
    emu.stop()
  }
})

test('bad arguments name the operation and the argument', async () => {
  const emu = new Emulator()
  try {
    const c = emu.client()
    const typeError = (call, message) => assert.throws(call, (e) =>
      e instanceof TypeError && e.code === 'INVALID_INPUT' && e.message === message, message)
    typeError(() => c.getUser(null), 'getUser: `username` must be a string, not null')
    typeError(() => c.getUser(), 'getUser: `username` must be a string, not undefined')
    typeError(() => c.getUser(42), 'getUser: `username` must be a string, not a number')
    typeError(() => c.setNoDisturb('bob', 'one', 2), 'setNoDisturb: `startHour` must be an integer, not a string')
    typeError(() => c.setNoDisturb('bob', 1.5, 2), 'setNoDisturb: `startHour` must be an integer, not a number')
    typeError(() => c.registerUser('a', 'pw', 5), 'registerUser: `nickname` must be a string or undefined, not a number')
    typeError(() => c.blockUsers('a', 'bob'), 'blockUsers: `usernames` must be an array of strings, not a string')
    typeError(() => c.usersStatus(['a', 2]), 'usersStatus: `usernames[1]` must be a string, not a number')
    typeError(() => c.registerUsers([{ username: 'x' }]), 'registerUsers: `users[0].password` must be a string, not undefined')
    // A rule broken (not a type) rejects, like every other rule; nothing is sent.
    const ruleBroken = (message, field) => (e) =>
      e.code === 'INVALID_INPUT' && e.message === message && e.field === field && e.operation === message.split(':')[0]
    await assert.rejects(c.setNoDisturb('bob', -1, 5), ruleBroken('setNoDisturb: invalid `startHour`: must be an hour 0-23 (got -1)', 'startHour'))
    await assert.rejects(c.deleteOldestUsers(-3), ruleBroken('deleteOldestUsers: invalid `limit`: must be between 1 and 500 (got -3)', 'limit'))
    assert.throws(() => c.iterUsers(0), ruleBroken('iterUsers: invalid `pageSize`: must be between 1 and 100 (got 0)', 'pageSize'))
    assert.equal(emu.stats().total_requests, 0, 'nothing was sent')
  } finally {
    emu.stop()
  }
})
