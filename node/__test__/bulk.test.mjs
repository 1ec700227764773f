// Bulk work from Node: arrays, iterables and async iterables in, batches out
// as they arrive, progress as a callback, and a source that throws halfway:
// a clear error, a report of what was done, nothing lost or sent twice.
import assert from 'node:assert/strict'
import { test } from 'node:test'

import { Emulator } from 'chat-platform-client'

function * users (prefix, n, badAt = -1) {
  for (let i = 0; i < n; i++) {
    yield i === badAt ? { username: 'not valid', password: 'pw' } : { username: `${prefix}${i}`, password: 'pw-12345' }
  }
}

const stored = async (c) => {
  const names = []
  for await (const u of c.iterUsers(100)) names.push(u.username)
  return names.sort()
}

test('an async iterable streams through in batches with progress', async () => {
  const emu = new Emulator()
  try {
    const c = emu.client()
    async function * lazy () { yield * users('gen', 250, 7) }
    const batches = []
    for await (const b of c.registerUsersStream(lazy(), { total: 250 })) batches.push(b)
    assert.deepEqual(batches.map((b) => b.count).sort((a, b) => b - a), [60, 60, 60, 60, 10])
    assert.equal(batches.reduce((n, b) => n + b.created.length, 0), 249)
    const failed = batches.flatMap((b) => b.failed)
    assert.deepEqual(failed.map((f) => [f.index, f.kind]), [[7, 'INVALID_INPUT']])
    const last = batches.map((b) => b.progress).sort((a, b) => b.done - a.done)[0]
    assert.deepEqual([last.done, last.total, last.succeeded, last.failed], [250, 250, 249, 1])
    assert.equal(emu.stats().requests['POST /users'], 5, 'the invalid user was not sent')

    const seen = []
    const report = await c.registerUsers(users('prog', 130), { onProgress: (p) => seen.push(p) })
    assert.equal(report.created.length, 130)
    assert.deepEqual(report.created.slice(0, 2).map((u) => u.username), ['prog0', 'prog1'], 'input order')
    // Every progress call has run when the Promise settles, in order.
    assert.equal(seen.at(-1).done, 130)
    assert.deepEqual(seen.map((p) => p.done), [...seen.map((p) => p.done)].sort((a, b) => a - b))
  } finally {
    emu.stop()
  }
})

test('an onProgress that throws neither stops the work nor crashes the process', async () => {
  const emu = new Emulator()
  try {
    const c = emu.client()
    const calls = []
    const broken = new RangeError('the progress bar broke')
    const onProgress = (p) => {
      calls.push(p.done)
      if (p.done >= 60) throw broken
    }
    await assert.rejects(c.registerUsers(users('bar', 250), { onProgress }), (e) => {
      assert.equal(e, broken, 'the rejection is what onProgress threw')
      assert.equal(e.report.created.length, 250, 'the work went on, its report attached')
      return true
    })
    assert.equal(calls.filter((d) => d >= 60).length, 1, 'not called again after it threw')
    assert.equal((await stored(c)).filter((n) => n.startsWith('bar')).length, 250)
    // The same for usersStatus, with `presences` attached; a thrown string too.
    await assert.rejects(c.usersStatus(['bar0', 'bar1'], { onProgress: () => { throw 'no' } }), (e) =>
      e instanceof Error && e.message === 'onProgress threw a value that is not an Error: no' && e.presences.length === 2)
    await assert.rejects(c.usersStatus(['bar0', 'bar1'], { onProgress: () => { throw new Error('x') } }), (e) =>
      e.message === 'x' && e.presences.length === 2)
  } finally {
    emu.stop()
  }
})

test('a source throwing halfway loses nothing and sends nothing twice', async () => {
  const emu = new Emulator()
  try {
    const c = emu.client()
    let pulled = 0
    async function * breaks () {
      for (let i = 0; i < 1000; i++) {
        pulled++
        if (i === 150) throw new Error('the export file is truncated')
        yield { username: `half${i}`, password: 'pw-12345' }
      }
    }
    await assert.rejects(c.registerUsers(breaks()), (e) => {
      assert.equal(e.code, 'INVALID_INPUT')
      assert.match(e.message, /^registerUsers: the input failed: item 150: .*the export file is truncated/)
      assert.equal(e.report.created.length, 150)
      // What the source threw, as thrown (its stack included), is the cause.
      assert.ok(e.cause instanceof Error)
      assert.equal(e.cause.message, 'the export file is truncated')
      assert.match(e.cause.stack, /breaks/)
      return true
    })
    assert.equal(pulled, 151, 'nothing read after the failure')
    assert.deepEqual(await stored(c), Array.from({ length: 150 }, (_, i) => `half${i}`).sort())

    // The iterator form: the batches come first, then the error.
    async function * again () {
      yield { username: 'again0', password: 'pw-12345' }
      throw new Error('disk gone')
    }
    const got = []
    await assert.rejects(async () => { for await (const b of c.registerUsersStream(again())) got.push(b) }, (e) =>
      e.code === 'INVALID_INPUT' && e.cause?.message === 'disk gone')
    assert.deepEqual(got.flatMap((b) => b.created.map((u) => u.username)), ['again0'])

    // A wrong item ends the source too, naming it; null and undefined are
    // wrong items, not the end of the source.
    await assert.rejects(c.registerUsers([{ username: 'ok0', password: 'pw-12345' }, 42].values()), (e) =>
      e.code === 'INVALID_INPUT' && /item 1 must be an object \{ username, password, nickname\? \}, not a number/.test(e.message))
    for (const hole of [null, undefined]) {
      await assert.rejects(c.registerUsers([{ username: `ok1${hole}`, password: 'pw-12345' }, hole, { username: 'ok2', password: 'pw-12345' }].values()), (e) => {
        assert.equal(e.code, 'INVALID_INPUT')
        assert.equal(e.cause, undefined, 'a wrong item is not a thrown error')
        assert.match(e.message, new RegExp(`^registerUsers: the input failed: item 1 must be an object .*, not ${hole} \\(the batches already sent`))
        assert.deepEqual(e.report.created.map((u) => u.username), [`ok1${hole}`])
        return true
      })
    }
    await assert.rejects(c.registerUsers([{ username: 'ok3' }].values()), (e) =>
      e.code === 'INVALID_INPUT' && /item 0: `password` must be a string, not undefined/.test(e.message))
    assert.ok(!(await stored(c)).includes('ok2'), 'nothing after the wrong item was sent')
    await assert.rejects(c.usersStatus(['ok0', undefined, 'ok1'].values()), (e) =>
      e.code === 'INVALID_INPUT' && /^usersStatus: the input failed: item 1 must be a string, not undefined/.test(e.message))
  } finally {
    emu.stop()
  }
})

test('usersStatus from an iterable, and batches of status', async () => {
  const emu = new Emulator()
  try {
    const c = emu.client()
    await c.registerUsers(Array.from({ length: 5 }, (_, i) => ({ username: `st${i}`, password: 'pw-12345' })))
    const names = function * () { for (let i = 0; i < 250; i++) yield `st${i}` }
    const got = await c.usersStatus(names())
    assert.deepEqual(got.map((p) => p.username), Array.from({ length: 250 }, (_, i) => `st${i}`))
    const batches = []
    for await (const b of c.usersStatusStream(names(), { total: 250 })) batches.push(b)
    assert.deepEqual(batches.map((b) => b.firstIndex).sort((a, b) => a - b), [0, 100, 200])
    assert.ok(batches.every((b) => b.error === undefined || b.error === null))
    assert.throws(() => c.usersStatus(5), (e) => e instanceof TypeError && /usersStatus: `usernames` must be an array, an iterable or an async iterable, not a number/.test(e.message))
  } finally {
    emu.stop()
  }
})

test('a bad rateLimitScale or batchConcurrency is named when the client is made', () => {
  const emu = new Emulator()
  try {
    for (const rateLimitScale of [0, -1.5, Number.NaN]) {
      assert.throws(() => emu.client({ rateLimitScale }), (e) => e.code === 'CONFIGURATION' && e.field === 'rateLimitScale' &&
        e.message.includes('`rateLimitScale` must be a positive number'))
    }
    assert.throws(() => emu.client({ batchConcurrency: 0 }), (e) => e.code === 'CONFIGURATION' && e.field === 'batchConcurrency')
  } finally {
    emu.stop()
  }
})

test('every bulk stream yields the same batch shape, a refused request included', async () => {
  const emu = new Emulator()
  try {
    const c = emu.client()
    await c.registerUsers([0, 1].map((i) => ({ username: `shape${i}`, password: 'pw-12345' })))
    const first = async (it) => { for await (const b of it) return b }
    const reg = await first(c.registerUsersStream([{ username: 'shape9', password: 'pw-12345' }, { username: 'shape0', password: 'pw-12345' }]))
    assert.deepEqual(reg.created.map((u) => u.username), ['shape9'])
    assert.deepEqual(reg.failed.map((f) => [f.username, f.index, f.kind, f.uncertain]), [['shape0', 1, 'CONFLICT', false]])
    assert.equal(reg.error, undefined)
    const attrs = await first(c.usersAttributesStream(['shape0'], ['nickname']))
    assert.deepEqual(attrs.users.map((u) => u.username), ['shape0'])
    assert.deepEqual(attrs.failed, [])
    // A request refused as a whole: its names are in `failed`, with its error.
    emu.setFaults({ rules: [{ route: 'POST /users/batch/status', count: 1, status: 400 }] })
    const refused = await first(c.usersStatusStream(['shape0', 'shape1']))
    assert.deepEqual(refused.presences, [])
    assert.equal(refused.error.code, 'INVALID_INPUT')
    assert.deepEqual(refused.failed.map((f) => [f.username, f.index, f.kind]), [['shape0', 0, 'INVALID_INPUT'], ['shape1', 1, 'INVALID_INPUT']])
    assert.equal(refused.progress.failed, 2)
    const report = await c.setPushNicknames([{ username: 'shape0', nickname: 'Zed' }, { username: 'shape-missing', nickname: 'Nobody' }])
    assert.deepEqual(report.updated, ['shape0'])
    assert.deepEqual(report.failed.map((f) => [f.username, f.index, f.kind, f.uncertain]), [['shape-missing', 1, 'NOT_FOUND', false]])
  } finally {
    emu.stop()
  }
})
