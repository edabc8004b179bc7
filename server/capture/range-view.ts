/**
 * @module
 * A part of the cluster primary's history, as a worker that does not follow it reads it
 * (capture/cluster.ts): the records of one page, and the primary's figures for the whole.
 * Asked for on each read and dropped after it, so a list or a record costs the primary and
 * the worker that page, not the history.
 */
import type { HistoryReader, Page, RequestHistory } from './history.ts'
import type { CapturedRequest } from './record.ts'

/** What the primary says of its whole history along with a page's records. */
export interface HistoryFigures {
  readonly oldestId: number
  readonly lastId: number
  readonly keptBodyBytes: number
}

export class RangeView implements HistoryReader {
  readonly #part: RequestHistory
  readonly oldestId: number
  readonly lastId: number
  readonly keptBodyBytes: number

  /** `part` holds consecutive records of the primary's, numbered as it numbers them. */
  constructor(part: RequestHistory, figures: HistoryFigures) {
    this.#part = part
    this.oldestId = figures.oldestId
    this.lastId = figures.lastId
    this.keptBodyBytes = figures.keptBodyBytes
  }

  get limit(): number {
    return this.#part.limit
  }

  get bodyLimit(): number {
    return this.#part.bodyLimit
  }

  get redact(): readonly string[] {
    return this.#part.redact
  }

  get size(): number {
    return this.lastId - this.oldestId + 1
  }

  get(id: number): CapturedRequest | undefined {
    return this.#part.get(id)
  }

  page(limit: number, before?: number): Page {
    const { items } = this.#part.page(limit, before)
    const last = items.at(-1)?.id
    // the part ends where the page does; the primary's history may go on
    return { items, next: last !== undefined && last > this.oldestId ? last : null }
  }
}
