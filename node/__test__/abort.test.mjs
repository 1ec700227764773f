// `{ signal }` on every operation, bulk call and iterator: an aborted call rejects at once with an
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

// Each attempt gives up after 200 ms and the next opens a new connection: a
// call left running against a server that never answers keeps connecting for 10 s.
const patientClient = (url) => new Client({ baseUrl: url, appKey: 'org#app', token: 't0ken-value', rateLimits: false,
  attemptTimeout: 200, retryBaseDelay: 5, retryMaxDelay: 10, requestTimeout: 10000, maxAttempts: 40 })

// Starts a call (`start(signal)`) against a server that never answers and
// aborts it at 700 ms: it must reject at once with an AbortError, having
// retried before, and open no connection after. Resolves to the error.
async function abortedMidway(start) {
  const s = await silentServer()
  try {
    const ac = new AbortController()
    const t0 = Date.now()
    setTimeout(() => ac.abort(), 700)
    const e = await start(patientClient(s.url), ac.signal).then(() => assert.fail('resolved'), (err) => err)
    const took = Date.now() - t0
    assert.equal(e.name, 'AbortError', e.message)
    assert.equal(e.code, 'ABORT_ERR')
    assert.ok(took < 1200, `rejected after ${took} ms`)
    const opened = s.connections()
    assert.ok(opened >= 2, `it retried before the abort (${opened} connections)`)
    await sleep(1000)
    assert.equal(s.connections(), opened, 'no connection opened after the abort')
    return e
  } finally {
    s.close()
  }
}

test('an aborted call rejects at once with an AbortError and sends nothing more', async () => {
  const e = await abortedMidway((c, signal) => c.getUser('alice', { signal }))
  assert.match(e.message, /getUser: the operation was aborted/)
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

test('an aborted bulk call rejects at once with what was answered before', async () => {
  // A source that gives 120 users, then waits: two requests answered, then
  // the abort.
  const emu = new Emulator()
  try {
    const c = emu.client()
    async function * users() {
      for (let i = 0; i < 120; i++) yield { username: `ab${i}`, password: 'pw-12345' }
      await new Promise(() => {})
    }
    const ac = new AbortController()
    const onProgress = (p) => { if (p.done === 120) ac.abort() }
    const e = await c.registerUsers(users(), { onProgress, signal: ac.signal }).then(() => assert.fail('resolved'), (err) => err)
    assert.equal(e.name, 'AbortError', e.message)
    assert.equal(e.code, 'ABORT_ERR')
    assert.match(e.message, /registerUsers: the operation was aborted/)
    assert.equal(e.report.created.length, 120, 'the report holds what was answered')
    assert.deepEqual(e.report.created.map((u) => u.username), Array.from({ length: 120 }, (_, i) => `ab${i}`))
    await sleep(200)
    assert.equal(emu.stats().requests['POST /users'], 2, 'nothing more was sent')
    assert.equal(getEventListeners(ac.signal, 'abort').length, 0)
  } finally {
    emu.stop()
  }
})

test('an aborted bulk call drops its requests in flight', async () => {
  const e = await abortedMidway((c, signal) => c.usersStatus(['a', 'b', 'c'], { signal }))
  assert.match(e.message, /usersStatus: the operation was aborted/)
  assert.deepEqual(e.presences, [], 'nothing was answered')
})

test('an aborted iterator rejects its pending next() at once, then is done', async () => {
  let it
  const e = await abortedMidway((c, signal) => {
    it = c.iterUsers(100, { signal })[Symbol.asyncIterator]()
    return it.next()
  })
  assert.match(e.message, /iterUsers: the operation was aborted/)
  assert.deepEqual(await it.next(), { value: undefined, done: true })
})

test('streams and iterators take a signal: aborted first, nothing is sent; finished, the listener goes', async () => {
  const emu = new Emulator()
  try {
    const c = emu.client()
    await c.registerUsers([{ username: 'it0', password: 'pw-12345' }, { username: 'it1', password: 'pw-12345' }])
    const before = emu.stats().total_requests
    const stream = c.usersStatusStream(['it0', 'it1'], { signal: AbortSignal.abort() })[Symbol.asyncIterator]()
    await assert.rejects(stream.next(), (e) => e.name === 'AbortError' && /usersStatusStream: the operation was aborted/.test(e.message))
    assert.equal((await stream.next()).done, true)
    const mutes = c.iterMutes(10, { signal: AbortSignal.abort() })[Symbol.asyncIterator]()
    await assert.rejects(mutes.next(), (e) => e.name === 'AbortError')
    await sleep(100)
    assert.equal(emu.stats().total_requests, before, 'nothing was sent')

    const ac = new AbortController()
    const names = []
    for await (const u of c.iterUsers(100, { signal: ac.signal })) names.push(u.username)
    const batches = []
    for await (const b of c.registerUsersStream([{ username: 'it2', password: 'pw-12345' }], { signal: ac.signal })) batches.push(b)
    assert.deepEqual(names.sort(), ['it0', 'it1'])
    assert.equal(batches[0].created[0].username, 'it2')
    const presences = await c.usersStatus(['it0'], { signal: ac.signal })
    assert.equal(presences.length, 1)
    await sleep(100)
    assert.equal(getEventListeners(ac.signal, 'abort').length, 0, 'every listener removed')
  } finally {
    emu.stop()
  }
})

test('wrong bulk and iterator options name the operation', async () => {
  const c = new Client({ baseUrl: 'http://127.0.0.1:1', appKey: 'org#app', token: 't' })
  assert.throws(() => c.registerUsers([], { sginal: AbortSignal.abort() }),
    (e) => e.code === 'INVALID_INPUT' && /registerUsers: `options` must be an object \{ total, onProgress, signal \}/.test(e.message) && /did you mean 'signal'/.test(e.message))
  assert.throws(() => c.usersStatus(['a'], { onProgress: 5 }),
    (e) => e.code === 'INVALID_INPUT' && /usersStatus: `onProgress` must be a function, not a number/.test(e.message))
  assert.throws(() => c.usersStatusStream(['a'], { total: -1 }),
    (e) => e.code === 'INVALID_INPUT' && e.field === 'total' && e.message === 'usersStatusStream: invalid `total`: must be a count, 0 or more (got -1)')
  assert.throws(() => c.iterUsers(10, { signal: 'stop' }),
    (e) => e.code === 'INVALID_INPUT' && /iterUsers: `signal` must be an AbortSignal, not a string/.test(e.message))
  assert.throws(() => c.iterContacts('alice', 10, 5),
    (e) => e.code === 'INVALID_INPUT' && /iterContacts: `options` must be an object \{ signal \}/.test(e.message))
})
