// Cluster workers (node:cluster, as a Node server scales over cores): every
// worker loads the addon and makes its own client; in fleet mode the primary
// and its workers share one token through the store; the primary's client,
// made before the workers started, keeps working beside them.
import assert from 'node:assert/strict'
import cluster from 'node:cluster'
import { dirname, join } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'

import { Client, Emulator } from 'chat-platform-client'

const here = dirname(fileURLToPath(import.meta.url))

function runWorkers(count, message) {
  cluster.setupPrimary({ exec: join(here, 'cluster_worker.cjs'), silent: false })
  return Promise.all(Array.from({ length: count }, () => new Promise((resolve, reject) => {
    const w = cluster.fork()
    w.on('online', () => w.send(message))
    w.on('message', (answer) => { w.kill(); resolve(answer) })
    w.on('exit', (code) => reject(new Error(`worker ${w.process.pid} exited with ${code} before answering`)))
  })))
}

for (const fleet of [false, true]) {
  test(`cluster workers each use the client${fleet ? ', sharing the fleet token' : ''}`, async () => {
    const sharedStore = fleet ? process.env.CHAT_PLATFORM_TEST_REDIS : undefined
    if (fleet) assert.ok(sharedStore, 'CHAT_PLATFORM_TEST_REDIS is not set: run through scripts/test-redis.sh (make test does)')
    const emu = new Emulator({ org: `nodecluster${process.pid}`, app: fleet ? 'fleet' : 'solo' })
    try {
      const options = { baseUrl: emu.url, appKey: emu.appKey, clientId: emu.clientId, clientSecret: emu.clientSecret, sharedStore }
      const primary = new Client(options)
      await primary.registerUser('primary', 'pw-12345')
      const grants = emu.stats().token_grants
      const answers = await runWorkers(3, { options, shared: 'primary' })
      assert.deepEqual(answers.map((a) => a.ok), [true, true, true], JSON.stringify(answers))
      for (const a of answers) assert.equal((await primary.getUser(a.me)).username, a.me, 'the primary sees what the workers made')
      const made = emu.stats().token_grants - grants
      if (fleet) assert.equal(made, 0, 'the workers used the token the primary put in the store')
      else assert.equal(made, 3, 'each worker fetched its own token')
    } finally {
      emu.stop()
    }
  })
}
