// A cluster worker of cluster.test.mjs: makes its own client from what the
// primary sends, works with it, and answers with what it saw.
const { Client } = require('chat-platform-client')

process.on('message', async (m) => {
  try {
    const c = new Client(m.options)
    const me = `worker${process.pid}`
    await c.registerUser(me, 'pw-12345')
    const got = await c.getUser(m.shared)
    const all = await c.usersStatus([me, m.shared])
    process.send({ ok: got.username === m.shared && all.length === 2, me })
  } catch (e) {
    process.send({ ok: false, error: String(e && e.message) })
  }
})
