// onEvent: a ClientEvent per attempt and per call, on the JS thread; routes
// never hold a user name; retries say why; a bad onEvent is named.
import assert from 'node:assert/strict'
import { readFileSync, writeFileSync } from 'node:fs'
import { test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'

import { Client, Emulator } from 'chat-platform-client'

function watched(emu) {
  const events = []
  const c = new Client({
    baseUrl: emu.url, appKey: emu.appKey, clientId: emu.clientId, clientSecret: emu.clientSecret,
    retryBaseDelay: 1, onEvent: (e) => events.push(e),
  })
  return { c, events }
}

// Events are queued to the JS thread, in order: wait until the last call's
// event has come (its attempts come before it), two seconds at most.
async function settled(events, calls) {
  for (let waited = 0; events.filter((e) => e.kind === 'call').length < calls && waited < 2000; waited += 5) await sleep(5)
}

test('each attempt and each call is an event with its route', async () => {
  const emu = new Emulator()
  try {
    const { c, events } = watched(emu)
    await assert.rejects(c.getUser('ghost-user'), { code: 'NOT_FOUND' })
    await settled(events, 2)
    const calls = events.filter((e) => e.kind === 'call')
    assert.deepEqual(calls.map((e) => e.operation), ['fetch_token', 'get_user'])
    const get = calls[1]
    assert.deepEqual([get.method, get.route, get.attempt, get.status, get.error], ['GET', '/users/{username}', 1, 404, 'NOT_FOUND'])
    assert.ok(get.serverCode && get.durationMs > 0 && get.queuedMs >= 0, JSON.stringify(get))
    const attempt = events.find((e) => e.kind === 'attempt' && e.operation === 'get_user')
    assert.deepEqual([attempt.attempt, attempt.status, attempt.retry], [1, 404, false])
    const shown = JSON.stringify(events)
    assert.ok(!shown.includes('ghost-user') && !shown.includes(emu.clientSecret), shown)
  } finally {
    emu.stop()
  }
})

test('a retried attempt says why and after how long', async () => {
  const emu = new Emulator()
  try {
    const { c, events } = watched(emu)
    await c.registerUser('alice', 'pw-12345')
    await settled(events, 2)
    events.length = 0
    emu.setFaults({ rules: [{ route: 'GET /users/{username}', count: 1, status: 503 }] })
    assert.equal((await c.getUser('alice')).username, 'alice')
    await settled(events, 1)
    const attempts = events.filter((e) => e.kind === 'attempt')
    assert.deepEqual(attempts.map((a) => [a.attempt, a.status, a.retry, a.retryReason ?? null]),
      [[1, 503, true, 'server_error'], [2, 200, false, null]])
    assert.ok(attempts[0].retryAfterMs >= 0)
  } finally {
    emu.stop()
  }
})

test('an onEvent that is not a function is named before anything is sent', () => {
  assert.throws(() => new Client({ baseUrl: 'http://127.0.0.1:1', appKey: 'o#a', token: 't', onEvent: 'log' }),
    (e) => e.code === 'CONFIGURATION' && /onEvent/.test(e.message) && /a function/.test(e.message))
})

test('the README example turns events into OpenTelemetry spans and metrics', async () => {
  const readme = readFileSync(`${process.env.CHAT_PLATFORM_REPO}/node/README.md`, 'utf8')
  const section = readme.split('\n## Watching it run')[1].split('\n## ')[0]
  const code = [...section.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1])
  assert.equal(code.length, 1, 'one example there')
  const file = new URL('./readme-events.mjs', import.meta.url)
  writeFileSync(file, code[0])
  const logs = []
  const orig = console.log
  console.log = (...a) => logs.push(a.join(' '))
  try { await import(file.href) } finally { console.log = orig }
  assert.deepEqual(logs, [
    'span POST /token 200 UNSET',
    'span POST /users 200 UNSET',
    'span GET /users/{username} 404 ERROR',
    'attempts timed: 3',
  ])
})
