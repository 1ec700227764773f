#!/usr/bin/env node
// The `chat-platform` command (the package's bin): import, export, delete and
// status jobs against the Chat Platform API. `chat-platform --help` lists every option.
'use strict'
const { runCli } = require('./binding.js')
// The command handles Ctrl-C itself (the first finishes the requests in flight and saves the
// journal, the second aborts). Node's own SIGINT handler would raise the signal again, which
// the command would take for the second Ctrl-C: a listener replaces that handler.
process.on('SIGINT', () => {})
process.exitCode = runCli(['chat-platform', ...process.argv.slice(2)])
