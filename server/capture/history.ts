/**
 * @module
 * The bounded in-memory history behind live capture: a ring of the last N captured
 * requests, paged newest first, with listeners for the event stream.
 *
 * Memory stays bounded however many requests arrive: the ring never holds more than
 * `limit` records and each keeps at most `bodyLimit` body bytes. Ids are consecutive
 * integers (evictions and `clear()` only ever remove the oldest or everything), so the ring
 * holds exactly the ids `oldestId..lastId` and finds one by arithmetic.
 */
import type { Exchange } from '../adapters/node-http.ts'
import type { HistoryOptions } from './options.ts'
import { type CapturedRequest, type CaptureSettings, captureExchange } from './record.ts'
import { compileRedactor } from './redact.ts'

/** Told about every change; must not throw (it runs on the gateway's response path). */
export interface HistoryListener {
  onRecord(record: CapturedRequest): void
  /** Everything up to and including `lastId` was removed. */
  onClear(cleared: number, lastId: number): void
}

export interface Page {
  /** Newest first. */
  readonly items: readonly CapturedRequest[]
  /** Pass as `before` for the next (older) page; null on the last page. */
  readonly next: number | null
}

export class RequestHistory {
  readonly limit: number
  readonly bodyLimit: number
  readonly redact: readonly string[]
  readonly #settings: CaptureSettings
  readonly #slots: (CapturedRequest | undefined)[]
  #start = 0
  #size = 0
  #lastId = 0
  #keptBodyBytes = 0
  readonly #listeners = new Set<HistoryListener>()

  constructor(options: HistoryOptions) {
    const { limit, bodyLimit, redact } = options
    if (!Number.isInteger(limit) || limit < 1) {
      throw new RangeError(`RequestHistory: limit must be a positive integer, got ${limit}`)
    }
    if (!Number.isInteger(bodyLimit) || bodyLimit < 0) {
      throw new RangeError(
        `RequestHistory: bodyLimit must be a non-negative integer, got ${bodyLimit}`
      )
    }
    this.limit = limit
    this.bodyLimit = bodyLimit
    this.redact = [...redact]
    this.#settings = { bodyLimit, redactor: compileRedactor(redact) }
    this.#slots = new Array(limit)
  }

  /** How many records the ring holds now. */
  get size(): number {
    return this.#size
  }

  /** The id of the newest record ever added (0 before the first). */
  get lastId(): number {
    return this.#lastId
  }

  /** The id of the oldest record held (`lastId + 1` when empty). */
  get oldestId(): number {
    return this.#lastId - this.#size + 1
  }

  /** Body bytes the ring holds, summed over its records (at most limit × bodyLimit). */
  get keptBodyBytes(): number {
    return this.#keptBodyBytes
  }

  /** Capture one exchange as the newest record, evicting the oldest when full. */
  add(exchange: Exchange): CapturedRequest {
    return this.insert(this.capture(exchange, this.#lastId + 1))
  }

  /** Build the record this history would keep of an exchange (body cut, redacted), unstored. */
  capture(exchange: Exchange, id: number): CapturedRequest {
    return captureExchange(exchange, id, this.#settings)
  }

  /**
   * Store a record built elsewhere as the newest (a cluster worker's, numbered by the
   * primary). Its id must be the next one: the ring finds records by arithmetic.
   */
  insert(record: CapturedRequest): CapturedRequest {
    if (record.id !== this.#lastId + 1) {
      throw new RangeError(`RequestHistory: expected id ${this.#lastId + 1}, got ${record.id}`)
    }
    this.#lastId = record.id
    if (this.#size === this.limit) {
      const evicted = this.#slots[this.#start] as CapturedRequest
      this.#keptBodyBytes -= evicted.body.length
      this.#slots[this.#start] = undefined
      this.#start = (this.#start + 1) % this.limit
      this.#size--
    }
    this.#slots[(this.#start + this.#size) % this.limit] = record
    this.#size++
    this.#keptBodyBytes += record.body.length
    for (const listener of this.#listeners) listener.onRecord(record)
    return record
  }

  /** The record with this id, if the ring still holds it. */
  get(id: number): CapturedRequest | undefined {
    const oldest = this.oldestId
    if (!Number.isInteger(id) || id < oldest || id > this.#lastId) return undefined
    return this.#slots[(this.#start + (id - oldest)) % this.limit]
  }

  /** Up to `limit` records older than `before` (default: from the newest), newest first. */
  page(limit: number, before?: number): Page {
    const oldest = this.oldestId
    const from = Math.min(before === undefined ? this.#lastId : before - 1, this.#lastId)
    const to = Math.max(oldest, from - limit + 1)
    const items: CapturedRequest[] = []
    for (let id = from; id >= to; id--) items.push(this.get(id) as CapturedRequest)
    return { items, next: items.length > 0 && to > oldest ? to : null }
  }

  /** Remove every record; ids keep counting up. Returns how many were removed. */
  clear(): number {
    const cleared = this.#size
    this.#slots.fill(undefined)
    this.#start = 0
    this.#size = 0
    this.#keptBodyBytes = 0
    for (const listener of this.#listeners) listener.onClear(cleared, this.#lastId)
    return cleared
  }

  /**
   * Replace the whole content with another history's (a cluster worker joining late): these
   * records, oldest first, ending at `lastId`. Listeners are not told; call before any.
   */
  restore(records: readonly CapturedRequest[], lastId: number): void {
    this.#slots.fill(undefined)
    this.#start = 0
    this.#size = 0
    this.#keptBodyBytes = 0
    const kept = records.slice(-this.limit)
    this.#lastId = lastId - kept.length
    for (const record of kept) this.insert(record)
  }

  /** Listen for new records and clears; returns the function that stops listening. */
  subscribe(listener: HistoryListener): () => void {
    this.#listeners.add(listener)
    return () => {
      this.#listeners.delete(listener)
    }
  }

  /** How many listeners are attached (the number of open event streams). */
  get listenerCount(): number {
    return this.#listeners.size
  }
}
