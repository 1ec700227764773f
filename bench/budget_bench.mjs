// The Node side of `make bench-budget` (bench/budget.sh): register_users of N
// users with default settings; prints { users, seconds, per_s, errors } as JSON.
//   node budget_bench.mjs import URL N PREFIX
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const { Client } = require(process.env.CHAT_PLATFORM_NODE ?? '../node/index.js')

const [mode, url, n, prefix] = process.argv.slice(2)
if (mode !== 'import') throw new Error('usage: budget_bench.mjs import URL N PREFIX')
const client = new Client({ baseUrl: url, appKey: 'demo-org#demo-app', clientId: 'YXA6emulator-client-id', clientSecret: 'YXA6emulator-client-secret' })
await client.fetchToken()
const users = Array.from({ length: Number(n) }, (_, i) => ({ username: `${prefix}${i}`, password: 'pw-12345' }))
const t0 = performance.now()
const report = await client.registerUsers(users)
const seconds = (performance.now() - t0) / 1000
console.log(JSON.stringify({ users: Number(n), seconds, per_s: Number(n) / seconds, errors: report.failed.length }))
