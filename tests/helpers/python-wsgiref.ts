// Runs CPython's own wsgiref.simple_server with the reference echo app, as the oracle for
// differential tests.
//
// The Python process gets a SCRUBBED environment: exactly `opts.osEnv` (default
// `{ LANG: 'C.UTF-8' }`), because wsgiref copies the server's whole `os.environ` into every
// request environ (spec section 3.23). Two things can still differ from `osEnv`:
//
// * PEP 538 locale coercion: when the effective LC_CTYPE locale is "C" or "POSIX" (no LC_ALL,
//   LC_CTYPE or LANG, or one of them set to C/POSIX), CPython >= 3.7 sets `LC_CTYPE=C.UTF-8`
//   in its own environment before `os.environ` is built, so that key shows up in every
//   environ. With the default `{ LANG: 'C.UTF-8' }` no coercion happens and `os.environ` is
//   exactly `{'LANG': 'C.UTF-8'}` (checked with CPython 3.11.7 and Debian's 3.11.2).
// * wsgiref's `read_environ()` re-encodes the values of request-like keys (`HTTP_*`, `HTTPS`,
//   `SCRIPT_NAME`…) as latin-1 bytes-as-unicode.
//
// So tests should not assume; `PythonServer.osEnviron` is what Python itself reports as
// `wsgiref.handlers.BaseHandler.os_environ`: the exact map copied into every environ.
//
// The interpreter is the `python3` found on PATH, resolved to its real executable
// (`sys.executable`) with the caller's environment first, so that a pyenv shim (a shell
// script that sets PYENV_* variables) does not leak its variables into `os.environ`.

import { spawn } from 'node:child_process'
import { killOnExit } from './children.ts'

export interface PythonServer {
  port: number
  host: '127.0.0.1'
  /** e.g. '3.11.7' */
  pythonVersion: string
  /** The interpreter that runs the server. */
  executable: string
  /** wsgiref's snapshot of os.environ, copied into every request environ. */
  osEnviron: Record<string, string>
  close(): Promise<void>
}

export interface PythonSkipped {
  skipped: string
}

export interface PythonWsgirefOptions {
  /** The server process's whole environment. Default `{ LANG: 'C.UTF-8' }`. */
  osEnv?: Record<string, string>
  /** How long to wait for Python to report its port. Default 15000 ms. */
  startTimeoutMs?: number
}

// The echo app is the one from the spec, verbatim. Only the handler subclass is ours: it
// silences the per-request log line on stderr; log_message is not involved in the environ.
// The watchdog thread exits the process when its stdin (a pipe from the test process)
// reaches EOF, so the server never outlives the test process, even after a SIGKILL.
// It reads fd 0, which is already open, so the listening socket is still fd 3 and the first
// accepted connection fd 4 (wsgi.input = "<_io.BufferedReader name=4>").
export const WSGIREF_SCRIPT = `
import json, os, platform, sys, threading
from wsgiref.simple_server import make_server, WSGIRequestHandler
from wsgiref.handlers import BaseHandler


def return_environ(environ, start_response):
    start_response('200 OK', headers=[('Content-Type', 'application/json')])
    resp = {k: str(v) for k, v in environ.items()}
    yield json.dumps(resp).encode('utf-8')


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):
        pass


def watchdog():
    try:
        while sys.stdin.buffer.read(65536):
            pass
    finally:
        os._exit(0)


threading.Thread(target=watchdog, daemon=True).start()
httpd = make_server('127.0.0.1', 0, return_environ, handler_class=QuietHandler)
print(json.dumps({
    'port': httpd.server_port,
    'version': platform.python_version(),
    'executable': sys.executable,
    'os_environ': dict(BaseHandler.os_environ),
}), flush=True)
httpd.serve_forever()
`

interface Interpreter {
  executable: string
  version: string
}

let interpreter: Promise<Interpreter | PythonSkipped> | undefined

/** Find python3 on PATH and resolve it to the real interpreter (memoised). */
export function findPython3(): Promise<Interpreter | PythonSkipped> {
  interpreter ??= new Promise((resolve) => {
    const child = spawn(
      'python3',
      [
        '-c',
        'import json, platform, sys; print(json.dumps([sys.executable, platform.python_version()]))',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] }
    )
    let out = ''
    let err = ''
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d
    })
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      err += d
    })
    child.on('error', (e: NodeJS.ErrnoException) => {
      resolve({
        skipped:
          e.code === 'ENOENT'
            ? 'python3 not found on PATH'
            : `python3 failed to start: ${e.message}`,
      })
    })
    child.on('close', (code) => {
      if (code !== 0) {
        resolve({ skipped: `python3 exited with ${code}: ${err.trim()}` })
        return
      }
      try {
        const [executable, version] = JSON.parse(out) as [string, string]
        resolve({ executable: executable === '' ? 'python3' : executable, version })
      } catch {
        resolve({ skipped: `python3 printed something unexpected: ${JSON.stringify(out)}` })
      }
    })
  })
  return interpreter
}

export async function startPythonWsgiref(
  opts: PythonWsgirefOptions = {}
): Promise<PythonServer | PythonSkipped> {
  const found = await findPython3()
  if ('skipped' in found) return found
  const env = opts.osEnv ?? { LANG: 'C.UTF-8' }
  const startTimeoutMs = opts.startTimeoutMs ?? 15000

  const child = spawn(found.executable, ['-c', WSGIREF_SCRIPT], {
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  killOnExit(child)
  let stdout = ''
  let stderr = ''
  child.stdout?.setEncoding('utf8')
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    stderr += d
  })
  // Keep stdin open for the watchdog; never write to it.
  child.stdin?.on('error', () => {})

  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve()
    else child.once('exit', () => resolve())
  })

  const ready = new Promise<{
    port: number
    version: string
    executable: string
    os_environ: Record<string, string>
  }>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`python wsgiref did not start in ${startTimeoutMs} ms\n${stdout}${stderr}`))
    }, startTimeoutMs)
    child.stdout?.on('data', (d: string) => {
      stdout += d
      const nl = stdout.indexOf('\n')
      if (nl === -1) return
      clearTimeout(timer)
      try {
        resolve(JSON.parse(stdout.slice(0, nl)))
      } catch {
        child.kill('SIGKILL')
        reject(new Error(`python wsgiref printed an unexpected first line: ${stdout}${stderr}`))
      }
    })
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      reject(
        new Error(
          `python wsgiref exited before it was ready (code ${code}, signal ${signal})\n${stdout}${stderr}`
        )
      )
    })
    child.once('error', (e) => {
      clearTimeout(timer)
      reject(e)
    })
  })
  const info = await ready

  return {
    port: info.port,
    host: '127.0.0.1',
    pythonVersion: info.version,
    executable: info.executable,
    osEnviron: info.os_environ,
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return
      child.stdin?.end()
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 2000)
      await exited
      clearTimeout(timer)
    },
  }
}
