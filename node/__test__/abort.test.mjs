// `{ signal }` on every operation: an aborted call rejects at once with an
// AbortError, as fetch does, and stops in the core (no further attempt, no
// new connection); the listener it added to the signal is removed when it ends.
import assert from 'node:assert/strict'
import { getEventListeners } from 'node:events'
import net from 'node:net'
import { test } from 'node:test'

import { Client, Emulator } from 'chat-platform-client'

async function silentServer() {
  const sockets = []
  const server = net.createServer((s) => sockets.push(s))
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    connections: () => sockets.length,
    close: () => { sockets.forEach((s) => s.destroy()); server.close() },
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

test('an aborted call rejects at once with an AbortError and sends nothing more', async () => {
  const s = await silentServer()
  try {
    // Each attempt gives up after 200 ms and the next opens a new connection:
    // a call left running would keep connecting for 10 s.
    const c = new Client({ baseUrl: s.url, appKey: 'org#app', token: 't0ken-value', rateLimits: false,
      attemptTimeout: 200, retryBaseDelay: 5, retryMaxDelay: 10, requestTimeout: 10000, maxAttempts: 40 })
    const ac = new AbortController()
    const t0 = Date.now()
    setTimeout(() => ac.abort(), 700)
    const e = await c.getUser('alice', { signal: ac.signal }).then(() => assert.fail('resolved'), (err) => err)
    const took = Date.now() - t0
    assert.equal(e.name, 'AbortError', e.message)
    assert.equal(e.code, 'ABORT_ERR')
    assert.match(e.message, /getUser: the operation was aborted/)
    assert.ok(took < 1200, `rejected after ${took} ms`)
    const opened = s.connections()
    assert.ok(opened >= 2, `the call retried before the abort (${opened} connections)`)
    await sleep(1000)
    assert.equal(s.connections(), opened, 'no connection opened after the abort')
  } finally {
    s.close()
  }
})

test('a signal aborted before the call rejects it without a request', async () => {
  const emu = new Emulator()
  try {
    const c = emu.client()
    await c.registerUser('kept', 's3cret-pw')
    const before = emu.stats().total_requests
    const e = await c.deleteUser('kept', { signal: AbortSignal.abort() }).then(() => assert.fail('resolved'), (err) => err)
    assert.equal(e.name, 'AbortError')
    await sleep(100)
    assert.equal(emu.stats().total_requests, before, 'nothing was sent')
    assert.equal((await c.getUser('kept')).username, 'kept')
  } finally {
    emu.stop()
  }
})

test('a signal that never fires changes nothing, and its listeners are removed', async () => {
  const emu = new Emulator()
  const warnings = []
  const onWarning = (w) => warnings.push(w)
  process.on('warning', onWarning)
  try {
    const c = emu.client()
    const ac = new AbortController()
    await c.registerUser('sig', 's3cret-pw', null, { signal: ac.signal })
    const users = await Promise.all(Array.from({ length: 20 }, () => c.getUser('sig', { signal: ac.signal })))
    assert.equal(users.length, 20)
    assert.equal(getEventListeners(ac.signal, 'abort').length, 0, 'every listener removed')
    assert.ok(!warnings.some((w) => w.name === 'MaxListenersExceededWarning'), warnings.map(String).join('; '))
    assert.equal((await c.getUser('sig', {})).username, 'sig')
    assert.equal((await c.getUser('sig', null)).username, 'sig')
  } finally {
    process.off('warning', onWarning)
    emu.stop()
  }
})

test('wrong options name the operation', async () => {
  const c = new Client({ baseUrl: 'http://127.0.0.1:1', appKey: 'org#app', token: 't' })
  assert.throws(() => c.getUser('alice', { sginal: AbortSignal.abort() }),
    (e) => e.code === 'INVALID_INPUT' && /getUser: `options` must be an object \{ signal \}/.test(e.message) && /did you mean 'signal'/.test(e.message))
  assert.throws(() => c.getUser('alice', { signal: 'stop' }),
    (e) => e.code === 'INVALID_INPUT' && /getUser: `signal` must be an AbortSignal, not a string/.test(e.message))
  assert.throws(() => c.getUser('alice', 5),
    (e) => e.code === 'INVALID_INPUT' && /`options` must be an object/.test(e.message))
})
