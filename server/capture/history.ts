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
import type { Exchange } from '../contract/exchange.ts'
import type { HistoryOptions } from './options.ts'
import { type CapturedRequest, type CaptureSettings, captureExchange } from './record.ts'
import { compileRedactor } from './redact.ts'

/** Told about every change; must not throw (it runs on the gateway's response path). */
export interface HistoryListener {
  /** A record with this id was added (read it with `get` if needed). */
  onRecord(id: number): void
  /** Everything up to and including `lastId` was removed. */
  onClear(cleared: number, lastId: number): void
}

/**
 * A record kept in another form until someone reads it: a cluster worker's replica holds
 * the other workers' records as the JSON they came in, and parses a batch on first read.
 */
export interface PendingRecord {
  /** Body bytes the record will hold (for `keptBodyBytes`). */
  readonly keptBodyBytes: number
  materialize(): CapturedRequest
}

type Slot = CapturedRequest | PendingRecord

function keptBytes(slot: Slot): number {
  return 'materialize' in slot ? slot.keptBodyBytes : slot.body.length
}

export interface Page {
  /** Newest first. */
  readonly items: readonly CapturedRequest[]
  /** Pass as `before` for the next (older) page; null on the last page. */
  readonly next: number | null
}

/** The ids `page(limit, before)` reads, from `from` down to `to` (none when `to > from`). */
export function pageRange(
  oldestId: number,
  lastId: number,
  limit: number,
  before?: number
): { readonly from: number; readonly to: number } {
  const from = Math.min(before === undefined ? lastId : before - 1, lastId)
  return { from, to: Math.max(oldestId, from - limit + 1) }
}

/** What a reader of the history (the capture API) uses of it. */
export interface HistoryReader {
  readonly limit: number
  readonly bodyLimit: number
  readonly redact: readonly string[]
  readonly size: number
  readonly lastId: number
  readonly oldestId: number
  readonly keptBodyBytes: number
  get(id: number): CapturedRequest | undefined
  page(limit: number, before?: number): Page
}

export class RequestHistory implements HistoryReader {
  readonly limit: number
  readonly bodyLimit: number
  readonly redact: readonly string[]
  readonly #settings: CaptureSettings
  readonly #slots: (Slot | undefined)[]
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
    this.append(record.id, record)
    return record
  }

  /** Store the record with the next id, built or pending, evicting the oldest when full. */
  append(id: number, slot: Slot): void {
    if (id !== this.#lastId + 1) {
      throw new RangeError(`RequestHistory: expected id ${this.#lastId + 1}, got ${id}`)
    }
    this.#lastId = id
    if (this.#size === this.limit) {
      this.#keptBodyBytes -= keptBytes(this.#slots[this.#start] as Slot)
      this.#slots[this.#start] = undefined
      this.#start = (this.#start + 1) % this.limit
      this.#size--
    }
    this.#slots[(this.#start + this.#size) % this.limit] = slot
    this.#size++
    this.#keptBodyBytes += keptBytes(slot)
    for (const listener of this.#listeners) listener.onRecord(id)
  }

  /** The record with this id, if the ring still holds it. */
  get(id: number): CapturedRequest | undefined {
    const oldest = this.oldestId
    if (!Number.isInteger(id) || id < oldest || id > this.#lastId) return undefined
    const at = (this.#start + (id - oldest)) % this.limit
    const slot = this.#slots[at] as Slot
    if (!('materialize' in slot)) return slot
    const record = slot.materialize()
    this.#slots[at] = record
    return record
  }

  /** Up to `limit` records older than `before` (default: from the newest), newest first. */
  page(limit: number, before?: number): Page {
    const oldest = this.oldestId
    const { from, to } = pageRange(oldest, this.#lastId, limit, before)
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
   * Empty the ring and continue numbering after `lastId`, telling no listener: a cluster
   * worker joining late, before it appends the primary's copy.
   */
  reset(lastId: number): void {
    this.#slots.fill(undefined)
    this.#start = 0
    this.#size = 0
    this.#keptBodyBytes = 0
    this.#lastId = lastId
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
