// Plays tests/scenario/scenario.json through the package as installed from the packed tarball.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'

import { Client, Emulator, chatAppToken, chatUserToken, parseChatToken, verifyChatToken, verifyWebhook } from 'chat-platform-client'

const repo = process.env.CHAT_PLATFORM_REPO
const scenario = JSON.parse(readFileSync(`${repo}/tests/scenario/scenario.json`, 'utf8'))

const camel = (s) => s.replace(/_([a-z])/g, (_, c) => c.toUpperCase())
const snakeKeys = (v) => {
  if (Array.isArray(v)) return v.map(snakeKeys)
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase()), snakeKeys(x)]))
  }
  return v
}

export function expand(v, saved) {
  if (typeof v === 'string' && v.startsWith('$')) return v.slice(1) in saved ? saved[v.slice(1)] : v
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const keys = Object.keys(v)
    if (keys.length === 1) {
      const g = v[keys[0]]
      if (keys[0] === '$repeat') return g[0].repeat(g[1])
      if (keys[0] === '$users') return Array.from({ length: g.count }, (_, i) => ({ username: `${g.prefix}${i}`, password: g.password }))
      if (keys[0] === '$names') return Array.from({ length: g.count }, (_, i) => `${g.prefix}${i}`)
      if (keys[0] === '$nicknames') return Array.from({ length: g.count }, (_, i) => ({ username: `${g.prefix}${i}`, nickname: `${g.nickname}${i}` }))
    }
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, expand(x, saved)]))
  }
  if (Array.isArray(v)) return v.map((x) => expand(x, saved))
  return v
}

export function matches(expected, actual, path = 'result') {
  if (expected && typeof expected === 'object' && !Array.isArray(expected) && '$len' in expected) {
    assert.ok(Array.isArray(actual) || typeof actual === 'string', `${path}: expected a sized value, got ${JSON.stringify(actual)}`)
    assert.equal(actual.length, expected.$len, `${path}: length`)
  } else if (expected && typeof expected === 'object' && !Array.isArray(expected) && '$type' in expected) {
    assert.equal(typeof actual, expected.$type, `${path}: type`)
  } else if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual) && actual.length === expected.length, `${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`)
    expected.forEach((e, i) => matches(e, actual[i], `${path}[${i}]`))
  } else if (expected && typeof expected === 'object') {
    assert.ok(actual && typeof actual === 'object', `${path}: expected an object, got ${JSON.stringify(actual)}`)
    for (const [k, v] of Object.entries(expected)) matches(v, actual[k], `${path}.${k}`)
  } else if (expected === null) {
    assert.ok(actual === null || actual === undefined, `${path}: expected null, got ${JSON.stringify(actual)}`)
  } else {
    assert.strictEqual(actual, expected, path)
  }
}

const argOrder = {
  fetch_token: [], register_user_open: ['username', 'password', 'nickname'], register_user: ['username', 'password', 'nickname'],
  register_users: ['users'], get_user: ['username'], list_users: ['limit', 'cursor'], iter_users: ['page_size'],
  delete_user: ['username'], delete_oldest_users: ['limit'], set_password: ['username', 'new_password'],
  set_push_nickname: ['username', 'nickname'], set_notification_display_style: ['username', 'style'],
  set_no_disturb: ['username', 'start_hour', 'end_hour'], clear_no_disturb: ['username'],
  add_contact: ['owner', 'contact'], remove_contact: ['owner', 'contact'], list_contacts: ['owner'], list_blocked: ['owner'],
  block_users: ['owner', 'usernames'], unblock_user: ['owner', 'blocked'], user_status: ['username'], users_status: ['usernames'],
  offline_message_count: ['username'], offline_message_status: ['username', 'msg_id'], deactivate_user: ['username'],
  activate_user: ['username'], disconnect_user: ['username'],
  user_token: ['username', 'password', 'ttl_seconds'], user_token_without_password: ['username', 'ttl_seconds', 'create_user'],
  list_devices: ['username'], logout_device: ['username', 'resource'],
  set_user_attributes: ['username', 'attributes'], get_user_attributes: ['username'], delete_user_attributes: ['username'],
  users_attributes: ['usernames', 'keys'], user_attributes_usage: [],
  mute_user: ['username', 'seconds', 'chat_types'], unmute_user: ['username', 'chat_types'], get_mute: ['username'],
  list_mutes: ['page', 'page_size'], iter_mutes: ['page_size'],
  list_contacts_page: ['owner', 'limit', 'cursor', 'with_remarks'], iter_contacts: ['owner', 'page_size'],
  set_contact_remark: ['owner', 'contact', 'remark'], set_push_nicknames: ['nicknames'],
  get_push_setting: ['username', 'scope', 'target'],
  set_push_setting: ['username', 'scope', 'target', 'mode', 'dnd_interval', 'dnd_duration_seconds'],
  get_push_language: ['username'], set_push_language: ['username', 'language'],
}

// Operations that need no client (chat tokens, webhook checks) or another one.
async function local(emu, op, a) {
  const mint = { issuedAt: a.issued_at, salt: a.salt }
  const withToken = (t) => ({ ...t.toJSON(), token: t.token })
  switch (op) {
    case 'chat_user_token': return withToken(chatUserToken(a.app_id, a.app_certificate, a.user_id, a.expire_seconds, mint))
    case 'chat_app_token': return withToken(chatAppToken(a.app_id, a.app_certificate, a.expire_seconds, mint))
    case 'parse_chat_token': return parseChatToken(a.token)
    case 'verify_chat_token': return verifyChatToken(a.token, a.app_certificate)
    case 'verify_webhook': return verifyWebhook(a.body, a.secret)
    case 'app_certificate_token':
      return new Client({ baseUrl: emu.url, appKey: emu.appKey, appId: emu.appId, appCertificate: emu.appCertificate }).fetchToken()
  }
  return undefined
}
const LOCAL = new Set(['chat_user_token', 'chat_app_token', 'parse_chat_token', 'verify_chat_token', 'verify_webhook', 'app_certificate_token'])

function canonical(v) {
  if (v === undefined) return null
  if (v && typeof v.toJSON === 'function') return snakeKeys(v.toJSON())
  return snakeKeys(v)
}

function admin(emu, name, args) {
  switch (name) {
    case 'reset': return emu.reset()
    case 'set_config': return emu.setConfig(args)
    case 'set_presence': return assert.ok(emu.setPresence(args.username, args.online))
    case 'add_offline_messages': return assert.ok(emu.addOfflineMessages(args.username, args.messages))
    case 'revoke_tokens': return emu.revokeTokens()
    case 'set_devices': return assert.ok(emu.setDevices(args.username, args.devices.map((d) => ({ resource: d.resource, deviceUuid: d.device_uuid, deviceName: d.device_name }))))
    default: throw new Error(`unknown admin step ${name}`)
  }
}

test('the shared scenario plays through the Node package', async () => {
  const emu = new Emulator()
  const client = emu.client()
  const saved = {}
  const seen = new Set()
  try {
    for (const [i, step] of scenario.steps.entries()) {
      const args = expand(step.args ?? {}, saved)
      if (step.admin) { admin(emu, step.admin, args); continue }
      if (step.check) { matches(step.expect, emu.stats(), 'stats'); continue }
      const op = step.op
      seen.add(op)
      const positional = LOCAL.has(op) ? [] : argOrder[op].map((k) => args[k])
      const before = emu.stats().total_requests
      let result, error
      try {
        if (LOCAL.has(op)) {
          result = await local(emu, op, args)
        } else if (op.startsWith('iter_')) {
          result = []
          for await (const u of client[camel(op)](...positional)) result.push(u)
        } else {
          result = await client[camel(op)](...positional)
        }
      } catch (e) {
        error = e
      }
      const sent = emu.stats().total_requests - before
      const where = `step ${i} (${op})`
      if ('ok' in step.expect) {
        assert.equal(error, undefined, `${where}: expected success, got ${error}`)
        matches(step.expect.ok, canonical(result), where)
        for (const [name, field] of Object.entries(step.save ?? {})) saved[name] = result[field]
      } else {
        assert.ok(error instanceof Error, `${where}: expected an error, got ${JSON.stringify(result)}`)
        const want = step.expect
        assert.equal(error.code, want.error, `${where}: code (${error.message})`)
        if ('status' in want) assert.equal(error.status, want.status, `${where}: status`)
        if ('server_code' in want) assert.equal(error.serverCode, want.server_code, `${where}: serverCode`)
        if ('field' in want) assert.equal(error.field, camel(want.field), `${where}: field`)
        if (want.sent === false) assert.equal(sent, 0, `${where}: invalid input reached the server`)
      }
    }
    assert.equal(seen.size, 55)
  } finally {
    emu.stop()
  }
})

test('the matcher rejects mismatches', () => {
  assert.throws(() => matches({ username: 'a' }, { username: 'b' }))
  assert.throws(() => matches(['a', 'b'], ['a']))
  assert.throws(() => matches({ $len: 2 }, [1]))
  assert.throws(() => matches(1, '1'))
  matches({ missing: null }, {})
})
