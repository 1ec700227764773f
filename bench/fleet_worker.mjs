// One process of `make bench-fleet` (bench/fleet.sh), the Node side of
// fleet_worker.py: waits for the start time, imports its users, prints JSON.
//   node fleet_worker.mjs URL N PREFIX START_UNIX_S [STORE_URL]
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const { Client } = require(process.env.CHAT_PLATFORM_NODE ?? '../node/index.js')

const [url, n, prefix, start, store] = process.argv.slice(2)
const client = new Client({
  baseUrl: url, appKey: 'demo-org#demo-app', clientId: 'YXA6emulator-client-id',
  clientSecret: 'YXA6emulator-client-secret', ...(store ? { sharedStore: store } : {}),
})
const users = Array.from({ length: Number(n) }, (_, i) => ({ username: `${prefix}${i}`, password: 'pw-12345' }))
await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(start) * 1000 - Date.now())))
const t0 = Date.now() / 1000
let created = 0
let errors = 0
try {
  const report = await client.registerUsers(users)
  created = report.created.length
  errors = report.failed.length
} catch (e) {
  console.error(`${prefix}: ${e.message}`)
  errors = Number(n)
}
console.log(JSON.stringify({ users: Number(n), created, errors, start: t0, end: Date.now() / 1000 }))
