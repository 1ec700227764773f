// The package README's Node examples (node/README.md, what npm shows) run as written against
// the installed package.
import assert from 'node:assert/strict'
import { readFileSync, writeFileSync } from 'node:fs'
import { test } from 'node:test'

const readme = () => readFileSync(`${process.env.CHAT_PLATFORM_REPO}/node/README.md`, 'utf8')
const blocks = (text) => [...text.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1])

async function run(code, name) {
  const file = new URL(`./${name}.mjs`, import.meta.url)
  writeFileSync(file, code)
  const logs = []
  const orig = console.log
  console.log = (...a) => logs.push(a.join(' '))
  try { await import(file.href) } finally { console.log = orig }
  return logs
}

test('the README Node examples run', async () => {
  const [before, errors] = readme().split('\n## Errors')
  const code = blocks(before)
  assert.ok(code.length >= 4, 'node/README.md has its examples')
  const logs = await run(code.join('\n'), 'readme-example')
  assert.ok(logs.some((l) => l.includes('alice')), logs.join('\n'))
  assert.ok(logs.some((l) => l.includes('token over TLS')), logs.join('\n'))
  assert.ok(errors, 'node/README.md has an Errors section')
})

test('the README example of lost answers runs', async () => {
  const section = readme().split('\n## Errors')[1].split('\n## ')[0]
  const code = blocks(section)
  assert.equal(code.length, 1, 'one Node example there')
  assert.deepEqual(await run(code[0], 'readme-lost-answers'), ['bob already_gone', 'INVALID_INPUT false 150'])
})

test('the root README leaves the Node examples to node/README.md', () => {
  const root = readFileSync(`${process.env.CHAT_PLATFORM_REPO}/README.md`, 'utf8')
  assert.ok(!root.includes('```js'), 'Node examples belong in node/README.md, where this test runs them')
})
