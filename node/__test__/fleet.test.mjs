// Fleet mode through a real Redis (scripts/test-redis.sh starts one for
// `make test`): processes sharing an app and a store make one token grant
// between them; a dead store never fails a call and is reported once; the
// store's password never shows.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { test } from 'node:test'

import { Client, Emulator, clearLogSink, setLogSink } from 'chat-platform-client'

function store() {
  const url = process.env.CHAT_PLATFORM_TEST_REDIS
  assert.ok(url, 'CHAT_PLATFORM_TEST_REDIS is not set: run through scripts/test-redis.sh (make test does)')
  return url
}

const WORKER = `
const { Client } = require('chat-platform-client')
const [url, appKey, clientId, clientSecret, sharedStore] = process.argv.slice(1)
const c = new Client({ baseUrl: url, appKey, clientId, clientSecret, sharedStore })
;(async () => { for (let i = 0; i < 5; i++) await c.getUser('u' + i); console.log('ok') })()
  .catch((e) => { console.error(e.message); process.exit(1) })
`

function run(args) {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ['-e', WORKER, ...args], { stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    p.stdout.on('data', (d) => { out += d })
    p.on('close', (code) => resolve({ code, out }))
  })
}

test('processes sharing a store make one token grant', async () => {
  const emu = new Emulator({ org: `nodefleet${process.pid}`, app: 'grant', latencyMs: 20 })
  try {
    const setup = new Client({ baseUrl: emu.url, appKey: emu.appKey, clientId: emu.clientId, clientSecret: emu.clientSecret })
    await setup.registerUsers([0, 1, 2, 3, 4].map((i) => ({ username: `u${i}`, password: 'pw-12345' })))
    const grants = emu.stats().token_grants
    const args = [emu.url, emu.appKey, emu.clientId, emu.clientSecret, store()]
    const results = await Promise.all([1, 2, 3, 4].map(() => run(args)))
    assert.deepEqual(results.map((r) => r.code), [0, 0, 0, 0], JSON.stringify(results))
    assert.equal(emu.stats().token_grants - grants, 1, 'one grant for four processes')
  } finally {
    emu.stop()
  }
})

test('a dead store never fails a call and is reported once', async () => {
  const dead = process.env.CHAT_PLATFORM_TEST_DEAD_REDIS
  assert.ok(dead, 'CHAT_PLATFORM_TEST_DEAD_REDIS is not set')
  const emu = new Emulator()
  const warnings = []
  setLogSink((r) => warnings.push(r.message), 'warn')
  try {
    const c = new Client({ baseUrl: emu.url, appKey: emu.appKey, clientId: emu.clientId, clientSecret: emu.clientSecret, sharedStore: dead })
    await c.registerUsers([0, 1, 2, 3, 4].map((i) => ({ username: `u${i}`, password: 'pw-12345' })))
    for (let i = 0; i < 20; i++) assert.equal((await c.getUser(`u${i % 5}`)).username, `u${i % 5}`)
  } finally {
    clearLogSink()
    emu.stop()
  }
  assert.equal(warnings.length, 1, JSON.stringify(warnings))
  assert.match(warnings[0], /shared store failed.*calls go on/)
})

test('the store password never shows; bad values name sharedStore', () => {
  const base = { baseUrl: 'http://127.0.0.1:1', appKey: 'org#app', clientId: 'id', clientSecret: 'secret-value' }
  const c = new Client({ ...base, sharedStore: 'redis://:st0re-Pa55word@127.0.0.1:6379/0' })
  assert.doesNotMatch(`${c} ${JSON.stringify(c)}`, /st0re-Pa55word/)
  for (const [value, pattern] of [[6379, /sharedStore.*string/], ['http://:pw-secret@h:1', /sharedStore.*redis:\/\//]]) {
    let err
    try { new Client({ ...base, sharedStore: value }) } catch (e) { err = e }
    assert.ok(err, `no error for ${value}`)
    assert.equal(err.code, 'CONFIGURATION')
    assert.match(err.message, pattern)
    assert.doesNotMatch(err.message, /pw-secret/)
  }
})
