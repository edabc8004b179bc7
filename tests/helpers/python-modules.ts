// Find a Python 3 that can import the given modules: Debian's /usr/bin/python3 (where the
// python3-* packages live) first, then the python3 on PATH. Tests skip when there is none.

import { execFile } from 'node:child_process'
import { promisify } from 'node:util'

const run = promisify(execFile)

/** The interpreter's path, or why there is none. */
export async function findPythonWith(
  modules: readonly string[]
): Promise<{ python: string } | { skipped: string }> {
  for (const python of ['/usr/bin/python3', 'python3']) {
    try {
      await run(python, ['-c', modules.map((m) => `import ${m}`).join('; ')])
      return { python }
    } catch {
      // not this one
    }
  }
  return { skipped: `no python3 can import ${modules.join(', ')}` }
}
