// Reliability from Node: timeouts, a forced panic, huge inputs.
import assert from 'node:assert/strict'
import { test } from 'node:test'

import { Client, Emulator } from 'chat-platform-client'

test('a server that never answers times out within the configured time', async () => {
  const emu = new Emulator()
  try {
    const c = new Client({ baseUrl: emu.url, appKey: emu.appKey, clientId: emu.clientId, clientSecret: emu.clientSecret, requestTimeout: 500, maxAttempts: 1 })
    await c.fetchToken()
    emu.setFaults({ rules: [{ count: 1, latency_ms: 60000 }] })
    const t0 = performance.now()
    await assert.rejects(c.getUser('anyone'), (e) => e.code === 'TRANSPORT' && e.timeout === true)
    const took = performance.now() - t0
    assert.ok(took >= 450 && took < 2000, `${took} ms`)
  } finally {
    emu.stop()
  }
})
