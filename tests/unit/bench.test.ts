/**
 * The benchmark's own parts, cheaply: every variant the issue asks for is in the script, and
 * the /proc readings it reports (process tree, RSS, CPU time) work on this process.
 */
import { describe, expect, test } from 'vitest'
import { VARIANTS } from '../bench/bench.ts'
import { cpuMs, processTree, rssMb } from '../bench/proc.ts'

describe('npm run bench', () => {
  test('has every variant: 9 and 90 headers, a 1 MiB POST, history off, each profile, 2 workers', () => {
    const byName = new Map(VARIANTS.map((variant) => [variant.name, variant]))
    expect(Object.keys(byName.get('9-headers')?.headers ?? {})).toHaveLength(9)
    expect(Object.keys(byName.get('90-headers')?.headers ?? {})).toHaveLength(90)
    expect(byName.get('post-1mib')?.body?.length).toBe(1024 * 1024)
    expect(byName.get('history-off')?.args).toEqual(['--history', '0'])
    expect(byName.get('gunicorn')?.args).toEqual(['--profile', 'gunicorn'])
    expect(byName.get('werkzeug')?.args).toEqual(['--profile', 'werkzeug'])
    expect(byName.get('workers-2')?.args).toEqual(['--workers', '2'])
    const headers = byName.get('9-headers')?.headers ?? {}
    expect(headers).toHaveProperty('Cookie')
    expect(headers).toHaveProperty('X-Forwarded-For')
  })

  test.skipIf(process.platform !== 'linux')('reads RSS and CPU time from /proc', () => {
    const tree = processTree(process.pid)
    expect(tree[0]).toBe(process.pid)
    expect(rssMb([process.pid])).toBeGreaterThan(10)
    const before = cpuMs([process.pid])
    let spin = 0
    for (const end = Date.now() + 30; Date.now() < end; ) spin++
    expect(spin).toBeGreaterThan(0)
    expect(cpuMs([process.pid])).toBeGreaterThanOrEqual(before)
  })
})
