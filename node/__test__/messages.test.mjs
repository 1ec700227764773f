// What a new user meets first: whole-call timeouts, errors that name the host
// and the user, options checked key by key, and the renamed deleteOldestUsers.
import assert from 'node:assert/strict'
import net from 'node:net'
import { test } from 'node:test'

import { Client, Emulator } from 'chat-platform-client'

const good = { baseUrl: 'http://127.0.0.1:1', appKey: 'org#app', clientId: 'id', clientSecret: 's3cret-value' }

function construct(options) {
  try {
    // eslint-disable-next-line no-new
    new Client(options)
  } catch (e) {
    return e
  }
  assert.fail('no error')
}

async function silentServer() {
  const sockets = []
  const server = net.createServer((s) => sockets.push(s))
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => { sockets.forEach((s) => s.destroy()); server.close() },
  }
}

async function closedPort() {
  const server = net.createServer()
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = server.address().port
  await new Promise((resolve) => server.close(resolve))
  return port
}

test('requestTimeout bounds the whole call, with the default retries', async () => {
  const s = await silentServer()
  try {
    const c = new Client({ ...good, baseUrl: s.url, requestTimeout: 1000 })
    const t0 = performance.now()
    const e = await c.getUser('alice').then(() => assert.fail('no error'), (e) => e)
    const took = performance.now() - t0
    assert.ok(took >= 950 && took < 2500, `a 1 s bound took ${took} ms`)
    assert.equal(e.code, 'TRANSPORT')
    assert.equal(e.timeout, true)
    assert.equal(e.operation, 'getUser')
    assert.match(e.message, /^getUser: fetching the app token: timed out/)
    assert.ok(e.message.includes(s.url.slice(7)), e.message)
    assert.ok(e.message.includes('after 1 attempt'), e.message)
    assert.ok(e.message.includes('`requestTimeout`'), e.message)
    assert.ok(!e.message.includes('s3cret-value'))
  } finally {
    s.close()
  }
})

test('a closed port names the host and the operation called', async () => {
  const port = await closedPort()
  const c = new Client({ ...good, baseUrl: `http://127.0.0.1:${port}`, maxAttempts: 1 })
  const e = await c.getUser('alice').then(() => assert.fail('no error'), (e) => e)
  assert.ok(
    e.message.startsWith(`getUser: fetching the app token: could not connect to http://127.0.0.1:${port}`),
    e.message,
  )
  assert.ok(!e.message.includes('client error (Connect)'), e.message)
})

test('not found and conflict name the user; serverCode and serverDescription', async () => {
  const emu = new Emulator()
  try {
    const c = emu.client()
    const e = await c.getUser('nobody').then(() => assert.fail('no error'), (e) => e)
    assert.equal(e.code, 'NOT_FOUND')
    assert.ok(e.message.startsWith('getUser: user "nobody" not found'), e.message)
    assert.equal(e.serverCode, 'service_resource_not_found')
    assert.ok(e.serverDescription && e.serverDescription === e.description)
    await c.registerUser('alice', 'pw-12345')
    const d = await c.registerUser('alice', 'pw-12345').then(() => assert.fail(), (e) => e)
    assert.ok(d.message.includes('user "alice" already exists'), d.message)
  } finally {
    emu.stop()
  }
})

test('unknown, misspelled and snake_case options are CONFIGURATION errors naming the key', () => {
  let e = construct({ ...good, clientSecrett: 'x' })
  assert.equal(e.code, 'CONFIGURATION')
  assert.equal(e.field, 'clientSecrett')
  assert.match(e.message, /'clientSecrett' is not an option of new Client \(did you mean 'clientSecret'\?\)/)

  e = construct({ base_url: 'http://127.0.0.1:1', app_key: 'org#app', token: 't' })
  assert.equal(e.code, 'CONFIGURATION')
  assert.match(e.message, /'base_url' is not an option of new Client \(options are camelCase in JavaScript: 'baseUrl'\)/)

  e = construct({ ...good, requestTimout: 5 })
  assert.match(e.message, /did you mean 'requestTimeout'/)
})

test('missing options and wrong types are CONFIGURATION errors, never napi codes', () => {
  for (const [options, field, pattern] of [
    [undefined, 'options', /are needed: new Client\(\{ baseUrl, appKey, clientId, clientSecret \}\)/],
    [null, 'options', /are needed/],
    ['http://x', 'options', /must be an object/],
    [{ ...good, requestTimeout: '5' }, 'requestTimeout', /`requestTimeout` of new Client must be a number, not a string/],
    [{ ...good, requestTimeout: -1 }, 'requestTimeout', /`requestTimeout` must be a positive number of milliseconds, got -1/],
    [{ ...good, maxAttempts: 2.5 }, 'maxAttempts', /`maxAttempts` must be a whole number from 1, got 2.5/],
    [{ ...good, maxAttempts: -1 }, 'maxAttempts', /whole number from 1/],
    [{ ...good, rateLimits: 'yes' }, 'rateLimits', /must be a boolean, not a string/],
    [{ ...good, noProxy: [1, 2] }, 'noProxy', /must be a string or an array of strings/],
    [{ ...good, appKey: 'no-hash' }, 'appKey', /`appKey`/],
  ]) {
    const e = construct(options)
    assert.equal(e.code, 'CONFIGURATION', `${JSON.stringify(options)}: ${e.code} ${e.message}`)
    assert.equal(e.field, field, e.message)
    assert.match(e.message, pattern)
    assert.ok(!['InvalidArg', 'NumberExpected', 'StringExpected'].includes(e.code))
  }
})

test('Emulator settings are checked the same way', () => {
  assert.throws(() => new Emulator({ prot: 9000 }), (e) => e.code === 'CONFIGURATION' && /did you mean 'port'/.test(e.message))
  assert.throws(() => new Emulator({ rate_limits: true }), (e) => /'rateLimits'/.test(e.message))
  assert.throws(() => new Emulator({ latencyMs: 'slow' }), (e) => e.code === 'CONFIGURATION' && e.field === 'latencyMs')
  const emu = new Emulator({ rateLimits: true })
  try {
    assert.throws(() => emu.client({ retries: 3 }), (e) => e.code === 'CONFIGURATION' && e.field === 'retries')
  } finally {
    emu.stop()
  }
})

test('deleteUsers still works, with one DeprecationWarning', async () => {
  const emu = new Emulator()
  const warnings = []
  const listen = (w) => warnings.push(w)
  process.on('warning', listen)
  try {
    const c = emu.client()
    for (const u of ['u0', 'u1', 'u2']) await c.registerUser(u, 'pw-12345')
    const page = await c.deleteUsers(1)
    assert.deepEqual(page.users.map((u) => u.username), ['u0'])
    await c.deleteUsers(1)
    assert.deepEqual((await c.deleteOldestUsers(1)).users.map((u) => u.username), ['u2'])
    await new Promise((resolve) => setImmediate(resolve))
    const ours = warnings.filter((w) => w.name === 'DeprecationWarning' && /deleteOldestUsers/.test(w.message))
    assert.equal(ours.length, 1, 'warned once')
  } finally {
    process.off('warning', listen)
    emu.stop()
  }
})
