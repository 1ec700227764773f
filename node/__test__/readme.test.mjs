// The README's Node example runs as written against the installed package.
import assert from 'node:assert/strict'
import { readFileSync, writeFileSync } from 'node:fs'
import { test } from 'node:test'

test('the README Node example runs', async () => {
  const readme = readFileSync(`${process.env.CHAT_PLATFORM_REPO}/README.md`, 'utf8')
  const section = readme.split('\n## Node')[1].split('\n## ')[0]
  const code = [...section.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1])
  assert.ok(code.length > 0, 'the README has a Node example')
  const file = new URL('./readme-example.mjs', import.meta.url)
  writeFileSync(file, code.join('\n'))
  const logs = []
  const orig = console.log
  console.log = (...a) => logs.push(a.join(' '))
  try { await import(file.href) } finally { console.log = orig }
  assert.ok(logs.some((l) => l.includes('alice')), logs.join('\n'))
})

test('the README example of lost answers runs', async () => {
  const readme = readFileSync(`${process.env.CHAT_PLATFORM_REPO}/README.md`, 'utf8')
  const section = readme.split('\n## What a repeat does')[1].split('\n## ')[0]
  const code = [...section.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1])
  assert.equal(code.length, 1, 'one Node example there')
  const file = new URL('./readme-lost-answers.mjs', import.meta.url)
  writeFileSync(file, code[0])
  const logs = []
  const orig = console.log
  console.log = (...a) => logs.push(a.join(' '))
  try { await import(file.href) } finally { console.log = orig }
  assert.deepEqual(logs, ['bob already_gone', 'INVALID_INPUT false 150'])
})
