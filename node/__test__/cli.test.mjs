// The npm package's `chat-platform` command (its bin), installed in this app, against the
// emulator: an import killed with SIGKILL at random moments and resumed, Ctrl-C, a secret on
// the command line, export and status.
import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { test } from 'node:test'
import { Emulator } from 'chat-platform-client'

const command = fileURLToPath(new URL('../node_modules/.bin/chat-platform', import.meta.url))
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

const envFor = (emu) => ({
  PATH: process.env.PATH,
  CHAT_PLATFORM_BASE_URL: emu.url,
  CHAT_PLATFORM_APP_KEY: emu.appKey,
  CHAT_PLATFORM_CLIENT_ID: emu.clientId,
  CHAT_PLATFORM_CLIENT_SECRET: emu.clientSecret,
})
const run = (emu, ...args) => spawnSync(command, args, { env: envFor(emu), encoding: 'utf8', timeout: 120_000, maxBuffer: 64 << 20 })
const summary = (r) => JSON.parse(r.stdout.trim().split('\n').at(-1))
const usersCsv = (path, prefix, n) =>
  writeFileSync(path, 'username,password\n' + Array.from({ length: n }, (_, i) => `${prefix}${i},pw-${i}-secret\n`).join(''))
const exited = (child) => new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })))

test('the package installs the chat-platform command', () => {
  assert.ok(existsSync(command), command)
  const r = spawnSync(command, ['--version'], { encoding: 'utf8' })
  assert.equal(r.status, 0, r.stderr)
  assert.match(r.stdout, /^chat-platform \d+\.\d+\.\d+/)
})

test('an import killed at random moments and resumed creates every user once', async () => {
  const emu = new Emulator({ rateLimits: true, latencyMs: 5 })
  try {
    const dir = mkdtempSync(join(tmpdir(), 'chat-platform-cli-'))
    const file = join(dir, 'users.csv')
    usersCsv(file, 'k', 20_000)
    let killed = 0
    for (let i = 0; i < 4; i++) {
      const args = ['import', file, '--quiet', ...(existsSync(`${file}.journal`) ? ['--resume'] : [])]
      const child = spawn(command, args, { env: envFor(emu), stdio: 'ignore' })
      const done = exited(child)
      await sleep(300 + Math.random() * 700) // 20,000 rows take about 3.5 s
      if (child.exitCode === null) killed++
      child.kill('SIGKILL')
      await done
    }
    assert.ok(killed >= 2, `${killed} runs killed`)
    const last = run(emu, 'import', file, '--resume', '--quiet', '--json')
    const s = summary(last)
    assert.equal(last.status, 0, last.stderr)
    assert.deepEqual([s.rows, s.created, s.failed], [20_000, 20_000, 0], JSON.stringify(s))
    assert.equal(emu.stats().users, 20_000)
  } finally {
    emu.stop()
  }
})

test('Ctrl-C saves the journal; a secret on the command line is refused; export and status', async () => {
  const emu = new Emulator({ rateLimits: true, latencyMs: 5 })
  try {
    const dir = mkdtempSync(join(tmpdir(), 'chat-platform-cli-'))
    const file = join(dir, 'users.csv')
    usersCsv(file, 'i', 20_000)
    const child = spawn(command, ['import', file, '--quiet'], { env: envFor(emu), stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (d) => { stderr += d })
    const done = exited(child)
    await sleep(1200)
    child.kill('SIGINT')
    const { code } = await done
    assert.equal(code, 130, stderr)
    assert.match(stderr, /--resume` goes on/)
    const s = summary(run(emu, 'import', file, '--resume', '--quiet', '--json'))
    assert.deepEqual([s.created, s.failed], [20_000, 0], JSON.stringify(s))

    const refused = run(emu, 'export', '--client-secret', 'S3CRET-VALUE')
    assert.equal(refused.status, 2)
    assert.match(refused.stderr, /CHAT_PLATFORM_CLIENT_SECRET/)
    assert.ok(!refused.stderr.includes('S3CRET-VALUE'))

    const exported = run(emu, 'export', '--quiet')
    assert.equal(exported.status, 0, exported.stderr)
    assert.equal(exported.stdout.trim().split('\n').length, 20_001)
    const names = join(dir, 'names.txt')
    writeFileSync(names, 'i1\ni2\n')
    emu.setPresence('i2', true)
    const st = run(emu, 'status', names, '--quiet')
    assert.equal(st.stdout, 'username,status\ni1,offline\ni2,online\n', st.stderr)
  } finally {
    emu.stop()
  }
})
