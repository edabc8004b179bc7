/**
 * @module
 * What the benchmark reads of a server's processes from /proc (Linux): the process tree
 * (a `--workers N` primary and its workers), their summed RSS and CPU time.
 */
import { readdirSync, readFileSync } from 'node:fs'

const TICKS_PER_SECOND = 100 // USER_HZ on Linux

function readStat(pid: number): string[] | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // the command name is in parentheses and may hold spaces: split after it
    return text.slice(text.lastIndexOf(')') + 2).split(' ')
  } catch {
    return undefined
  }
}

/** `pid` and every process below it. */
export function processTree(pid: number): number[] {
  const parents = new Map<number, number[]>()
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    const ppid = Number(readStat(Number(entry))?.[1])
    const children = parents.get(ppid) ?? []
    children.push(Number(entry))
    parents.set(ppid, children)
  }
  const tree: number[] = []
  const visit = (at: number): void => {
    tree.push(at)
    for (const child of parents.get(at) ?? []) visit(child)
  }
  visit(pid)
  return tree
}

/** Resident memory of these processes together, in MiB. */
export function rssMb(pids: readonly number[]): number {
  let kb = 0
  for (const pid of pids) {
    try {
      kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0)
    } catch {
      // gone: a worker being restarted
    }
  }
  return kb / 1024
}

/** User + system CPU time these processes have used so far, in ms. */
export function cpuMs(pids: readonly number[]): number {
  let ticks = 0
  for (const pid of pids) {
    const fields = readStat(pid)
    // after the name: state ppid … utime is field 14, stime 15 of stat (index 11, 12 here)
    if (fields) ticks += Number(fields[11]) + Number(fields[12])
  }
  return (ticks * 1000) / TICKS_PER_SECOND
}
