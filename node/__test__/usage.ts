// Type-checked against the generated index.d.ts (tsc --noEmit); not run.
import { Client, Emulator, clearLogSink, setLogSink, type LogRecord, type RegisterReport, type User, type UserPresence } from 'chat-platform-client'

async function main(): Promise<void> {
  const installed: boolean = setLogSink((r: LogRecord) => console.error(`${r.level} ${r.target}: ${r.message}`), 'debug')
  clearLogSink()
  const emu = new Emulator()
  const client: Client = emu.client({ maxAttempts: 3, requestTimeout: 5000 })
  const direct = new Client({ baseUrl: emu.url, appKey: emu.appKey, clientId: emu.clientId, clientSecret: emu.clientSecret })
  const user: User = await client.registerUser('alice', 'pw', 'Alice')
  const again: User = await client.getUser('alice', { signal: AbortSignal.timeout(5000) })
  void again
  const style: 0 | 1 | undefined = user.notificationDisplayStyle
  const report: RegisterReport = await direct.registerUsers([{ username: 'bob', password: 'pw' }])
  const failedKinds: string[] = report.failed.map((f) => f.kind)
  const presence: 'online' | 'offline' = await client.userStatus('alice')
  const all: UserPresence[] = await client.usersStatus(['alice', 'bob'])
  const count: number = await client.offlineMessageCount('alice')
  const done: void = await client.activateUser('alice')
  for await (const u of client.iterUsers(50)) {
    const name: string = u.username
    void name
  }
  const page = await client.listUsers(10)
  const next = page.cursor ? await client.listUsers(10, page.cursor) : undefined
  const tls = new Emulator({ tls: true })
  const pem: string | null = tls.caPem
  const behindProxy = new Client({
    baseUrl: tls.url, appKey: tls.appKey, token: 't', proxy: 'http://proxy.corp:3128',
    proxyUsername: 'u', proxyPassword: 'p', noProxy: ['localhost', '.corp'], proxyFromEnv: false,
    caCertificates: pem ?? [], caCertificateFiles: '/etc/ssl/corp-ca.pem',
  })
  void [installed, style, failedKinds, presence, all, count, done, next, behindProxy]
  tls.stop()
  emu.stop()
}

void main
