// Every operation right when answers are lost (the Node side of tests/chaos.rs):
// 5% of requests answered 429, 5% 503, 5% dropped before the work, 5% after it.
import assert from 'node:assert/strict'
import { test } from 'node:test'

import { Emulator } from 'chat-platform-client'

const N = 20
const name = (i) => `js${String(i).padStart(3, '0')}`

function lossy(seed) {
  return { random: { seed, status_rate: 0.10, statuses: [429, 503], retry_after_share: 0, drop_rate: 0.10, after_processing_share: 0.5 } }
}

test('every operation under lost answers', async () => {
  const emu = new Emulator()
  try {
    const c = emu.client({ retryBaseDelay: 2, rateLimitScale: 20 })
    emu.setFaults(lossy(11))
    const uncertain = []
    for (let i = 0; i < N; i++) {
      try {
        assert.equal((await c.registerUser(name(i), 'pw-12345')).username, name(i))
      } catch (e) {
        assert.equal(e.code, 'CONFLICT', e.message)
        assert.equal(e.uncertain, true, e.message)
        uncertain.push(name(i))
      }
    }
    for (let i = 0; i < N; i++) {
      const [u, next, after] = [name(i), name((i + 1) % N), name((i + 2) % N)]
      await c.setPushNickname(u, `N${i}`)
      await c.addContact(u, next)
      await c.blockUsers(u, [after])
      await c.deactivateUser(u)
      await c.activateUser(u)
      await c.setUserAttributes(u, { city: `c${i}` })
      assert.equal((await c.getUser(u)).nickname, `N${i}`)
      assert.deepEqual(await c.listContacts(u), [next])
      assert.deepEqual(await c.listBlocked(u), [after])
    }
    assert.equal((await c.usersStatus(Array.from({ length: N }, (_, i) => name(i)))).length, N)
    let gone = 0
    for (let i = 0; i < N; i++) {
      const [u, next, after] = [name(i), name((i + 1) % N), name((i + 2) % N)]
      for (const d of [await c.removeContact(u, next), await c.unblockUser(u, after)]) {
        assert.ok(['deleted', 'already_gone'].includes(d.outcome))
        if (d.outcome === 'already_gone') gone++
      }
    }
    for (let i = 0; i < N / 2; i++) {
      const d = await c.deleteUser(name(i))
      assert.equal(d.username, name(i))
      assert.ok(d.user || d.outcome === 'already_gone')
      if (d.outcome === 'already_gone') gone++
    }
    const users = Array.from({ length: 300 }, (_, i) => ({ username: `jsbulk${String(i).padStart(4, '0')}`, password: 'pw-12345' }))
    const report = await c.registerUsers(users)
    assert.equal(report.created.length + report.failed.length, 300)
    for (const f of report.failed) assert.ok(f.uncertain && f.kind === 'CONFLICT', JSON.stringify(f))
    const injected = emu.stats().faults_injected
    emu.clearFaults()

    const clean = emu.client()
    for (let i = 0; i < N; i++) {
      if (i < N / 2) {
        await assert.rejects(clean.getUser(name(i)), (e) => e.code === 'NOT_FOUND')
      } else {
        assert.equal((await clean.getUser(name(i))).nickname, `N${i}`)
        assert.deepEqual(await clean.listContacts(name(i)), [])
        assert.deepEqual(await clean.listBlocked(name(i)), [])
      }
    }
    const bulk = []
    for await (const u of clean.iterUsers(100)) if (u.username.startsWith('jsbulk')) bulk.push(u.username)
    assert.equal(new Set(bulk).size, 300, 'none lost, none duplicated')
    assert.equal(bulk.length, 300)
    assert.ok(injected > 30, `${injected} faults injected`)
    console.log(`node chaos: ${injected} faults injected, 0 errors surfaced, ${uncertain.length} uncertain creates, ${gone} deletes already gone`)
  } finally {
    emu.stop()
  }
})

test('a lost delete answer is already gone; users_status keeps what was answered', async () => {
  const emu = new Emulator()
  try {
    const c = emu.client()
    await c.registerUser('bob', 'pw-12345')
    emu.setFaults({ rules: [{ route: 'DELETE /users/{username}', count: 1, drop: true, after_processing: true }] })
    const d = await c.deleteUser('bob')
    assert.equal(d.username, 'bob')
    assert.equal(d.user ?? null, null)
    assert.equal(d.outcome, 'already_gone')
    await assert.rejects(c.deleteUser('bob'), (e) => e.code === 'NOT_FOUND' && e.uncertain === false)

    emu.setFaults({ rules: [{ route: 'POST /users/batch/status', count: 1, status: 400 }] })
    const names = Array.from({ length: 250 }, (_, i) => `s${i}`)
    const e = await c.usersStatus(names).then(() => assert.fail('no error'), (e) => e)
    assert.equal(e.code, 'INVALID_INPUT')
    assert.equal(e.presences.length, 150, 'the two answered requests are kept')

    emu.setFaults({ rules: [{ route: 'POST /metadata/user/get', count: 1, status: 400 }] })
    const asked = Array.from({ length: 250 }, (_, i) => `a${i}`)
    const ae = await c.usersAttributes(asked, ['nickname']).then(() => assert.fail('no error'), (e) => e)
    assert.equal(ae.code, 'INVALID_INPUT')
    assert.equal(ae.users.length, 150, 'the two answered requests of users_attributes are kept')
    const order = ae.users.map((u) => asked.indexOf(u.username))
    assert.deepEqual(order, [...order].sort((a, b) => a - b))
  } finally {
    emu.stop()
  }
})
