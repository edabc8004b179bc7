/**
 * @module
 * Child processes the tests start (the CLI, CPython's wsgiref, nginx) die with the test
 * process, even when a test fails before it can stop them.
 */
import type { ChildProcess } from 'node:child_process'

const live = new Set<ChildProcess>()
let exitHookInstalled = false

/** Kill `child` when this process exits, unless it has exited by then. */
export function killOnExit(child: ChildProcess): void {
  live.add(child)
  child.once('exit', () => live.delete(child))
  if (!exitHookInstalled) {
    exitHookInstalled = true
    process.once('exit', () => {
      for (const c of live) c.kill('SIGKILL')
    })
  }
}
