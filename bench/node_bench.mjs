// The Node side of `make bench` (bench/run.sh): one measurement per run, JSON on the last line.
//   node_bench.mjs latency URL N                 client.getUser, sequential
//   node_bench.mjs latency-events URL N          the same with onEvent (counting the events)
//   node_bench.mjs throughput URL CONC SECONDS   client.getUser, CONC in flight
//   node_bench.mjs throughput-fetch URL CONC S   the same calls hand-written on the built-in fetch
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const { Client } = require(process.env.CHAT_PLATFORM_NODE ?? '../node/index.js')
const APP = 'demo-org/demo-app'
const ID = 'YXA6emulator-client-id'
const SECRET = 'YXA6emulator-client-secret'
const [mode, url, a1, a2] = process.argv.slice(2)
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
const median = (v) => v.sort((a, b) => a - b)[Math.floor(v.length / 2)]

let seen = 0
const client = (onEvent) => new Client({ baseUrl: url, appKey: 'demo-org#demo-app', clientId: ID, clientSecret: SECRET, rateLimits: false, batchConcurrency: 4, onEvent })

async function runFor(conc, seconds, call) {
  let done = 0
  let stop = false
  const workers = Array.from({ length: conc }, async () => {
    while (!stop) { await call(); done++ }
  })
  await sleep(500)
  const start = done
  const t = performance.now()
  await sleep(seconds * 1000)
  const calls = done - start
  const elapsed = (performance.now() - t) / 1000
  stop = true
  await Promise.all(workers)
  return { calls_per_s: calls / elapsed }
}

let out
if (mode === 'latency' || mode === 'latency-events') {
  const c = client(mode === 'latency-events' ? () => { seen++ } : undefined)
  // Steady state first (every client warms up for the same 5 s).
  for (const end = performance.now() + 5000; performance.now() < end;) await c.getUser('bench500')
  const samples = []
  for (let i = 0; i < Number(a1); i++) {
    const t = performance.now()
    await c.getUser('bench500')
    samples.push((performance.now() - t) * 1000)
  }
  out = { median_us: median(samples) }
} else if (mode === 'throughput') {
  const c = client()
  await c.fetchToken()
  out = await runFor(Number(a1), Number(a2), () => c.getUser('bench500'))
} else if (mode === 'throughput-fetch') {
  const r = await fetch(`${url}/${APP}/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ grant_type: 'client_credentials', client_id: ID, client_secret: SECRET }),
  })
  const { access_token: token } = await r.json()
  const headers = { Authorization: `Bearer ${token}`, Accept: 'application/json' }
  out = await runFor(Number(a1), Number(a2), async () => {
    const res = await fetch(`${url}/${APP}/users/bench500`, { headers })
    if (!res.ok) throw new Error(`HTTP ${res.status}`)
    return (await res.json()).entities[0]
  })
} else {
  throw new Error(`unknown mode ${mode}`)
}
console.log(JSON.stringify(out))
