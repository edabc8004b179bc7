/**
 * @module
 * What the live capture's history can cost at worst, and whether the machine can afford it.
 *
 * A record keeps at most `--history-body` bytes of its body, and never more than
 * `--max-body` (a larger body is refused with a 413 and not recorded). Its head (the raw
 * headers and the environ built from them, both JavaScript strings) is at most about twice
 * `--max-header-size`, plus a few KiB of fixed keys and bookkeeping. So `--history 100000
 * --history-body 10gb` promises 100 000 × (1 MiB + 36 KiB) ≈ 99 GiB: started silently, it
 * would grow until the machine or the JavaScript heap ran out.
 */

/** Bytes of fixed environ keys, objects and bookkeeping per record, beyond head and body. */
export const RECORD_OVERHEAD = 4 * 1024
/** Above this, the banner's figure comes with a warning. */
export const HISTORY_WARN_BYTES = 1024 ** 3

export interface HistoryBudget {
  /** Worst case for one process's ring, in bytes. */
  readonly bytes: number
  /** The part of it held as strings on the JavaScript heap. */
  readonly heapBytes: number
  readonly verdict: 'ok' | 'warn' | 'refuse'
  /** Why it is refused or warned about; empty when ok. */
  readonly reason: string
}

export interface HistoryShape {
  readonly limit: number
  readonly bodyLimit: number
}

export interface RequestLimits {
  readonly maxBody: number
  readonly maxHeaderSize: number
}

export interface Machine {
  /** Physical memory (os.totalmem()). */
  readonly totalMemory: number
  /** The JavaScript heap's limit (v8.getHeapStatistics().heap_size_limit). */
  readonly heapLimit: number
}

/** The worst case of `history` under `limits`, judged against `machine`. */
export function historyBudget(
  history: HistoryShape,
  limits: RequestLimits,
  machine: Machine
): HistoryBudget {
  const body = Math.min(history.bodyLimit, limits.maxBody)
  const head = 2 * limits.maxHeaderSize + RECORD_OVERHEAD
  const heapBytes = history.limit * head
  const bytes = history.limit * (body + head)
  const promise = `${history.limit} requests × (${formatBytes(body)} of body + ${formatBytes(head)} of head and environ) = ${formatBytes(bytes)}`
  if (bytes > machine.totalMemory) {
    return {
      bytes,
      heapBytes,
      verdict: 'refuse',
      reason: `${promise}, more than this machine's ${formatBytes(machine.totalMemory)} of memory; lower --history or --history-body`,
    }
  }
  if (heapBytes > machine.heapLimit / 2) {
    return {
      bytes,
      heapBytes,
      verdict: 'refuse',
      reason: `${promise}, ${formatBytes(heapBytes)} of it strings, more than half the JavaScript heap (${formatBytes(machine.heapLimit)}); lower --history or --max-header-size`,
    }
  }
  if (bytes > HISTORY_WARN_BYTES) {
    return { bytes, heapBytes, verdict: 'warn', reason: `${promise} at worst` }
  }
  return { bytes, heapBytes, verdict: 'ok', reason: '' }
}

/** `64 KiB`, `1.5 MiB`, `99 GiB`: binary units, at most one decimal. */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB']
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  const text = Number.isInteger(value) || value >= 100 ? value.toFixed(0) : value.toFixed(1)
  return `${text.replace(/\.0$/, '')} ${units[unit]}`
}
