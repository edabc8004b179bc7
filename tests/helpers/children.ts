/**
 * @module
 * Child processes the tests start (the CLI, CPython's wsgiref, nginx, the Python servers) die
 * with the test process, even when a test fails before it can stop them.
 */
import type { ChildProcess } from 'node:child_process'

const live = new Map<ChildProcess, { group: boolean }>()
let exitHookInstalled = false

/**
 * Kill `child` when this process exits, unless it has exited by then. With `group`, the
 * child was spawned `detached` (it leads its own process group) and the whole group is
 * killed, so servers that fork workers (gunicorn) leave nothing behind.
 */
export function killOnExit(child: ChildProcess, opts: { group?: boolean } = {}): void {
  live.set(child, { group: opts.group ?? false })
  child.once('exit', () => live.delete(child))
  if (!exitHookInstalled) {
    exitHookInstalled = true
    process.once('exit', () => {
      for (const [c, { group }] of live) {
        if (group && c.pid !== undefined) {
          try {
            process.kill(-c.pid, 'SIGKILL')
            continue
          } catch {
            // the group is gone already; fall through to the child itself
          }
        }
        c.kill('SIGKILL')
      }
    })
  }
}
