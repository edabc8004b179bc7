/**
 * @module
 * Live capture: every request the gateway answers goes to a bounded history (read through
 * `routes.ts`: list, one record, clear, event stream) and to the access log. Requests the
 * relay sends for `POST /_inspector/api/send` are logged but not kept: they are not user traffic.
 *
 * `createCapture` composes both, and a caller's own `onExchange`, into the one hook the
 * gateway host calls after each response. With capture off, no access log and no hook of
 * the caller's, there is nothing to call and the host skips its per-request report.
 * Relayed exchanges are recognised by their flag (`isRelayExchange`), in one process or many:
 * the relay's connection never leaves the process that opened it.
 */
import { type Exchange, isRelayExchange } from '../contract/exchange.ts'
import { type AccessLogger, createAccessLog } from './access-log.ts'
import { type HistoryReader, RequestHistory } from './history.ts'

import { type AccessLogOptions, HISTORY_DEFAULTS, type HistoryOptions } from './options.ts'
import type { EnvironRebuilder } from './wire.ts'

export interface CaptureOptions {
  /** What the history keeps; left out, the CLI's defaults; `limit: 0` turns capture off. */
  readonly history?: HistoryOptions
  /** Left out, no access log. */
  readonly accessLog?: AccessLogOptions
  /** Also told about every exchange, after the history and the log. */
  readonly onExchange?: (exchange: Exchange) => void
}

export interface Capture {
  /** Undefined when capture is off (`--history 0`). */
  readonly history: RequestHistory | undefined
  /** The gateway host's `onExchange`; undefined when nothing needs it. */
  readonly onExchange: ((exchange: Exchange) => void) | undefined
  /** Write out buffered access-log lines (on shutdown). */
  flush(): void
  /**
   * Hand over the gateway's environ builder once the server listens: a cluster worker rebuilds
   * with it the environ of records other workers captured (they travel as facts).
   */
  readonly rebuildWith?: (build: EnvironRebuilder) => void
  /**
   * The history as a reader sees it now, holding at least the page `page(limit, before)`
   * reads (a list, or one record): in a cluster worker, that part of the primary's, asked
   * for on each read. Left out, `history` is current.
   */
  readonly read?: (limit: number, before?: number) => Promise<HistoryReader>
  /**
   * A history that follows every new request until `unfollow`, for an event stream: in a
   * cluster worker, new requests reach it only while it is followed. Left out, `history`.
   */
  readonly follow?: () => Promise<RequestHistory>
  readonly unfollow?: () => void
  /** Empty the history wherever it is held (`DELETE`); resolves with how many were removed. */
  clear(): Promise<number>
}

export function createCapture(options: CaptureOptions): Capture {
  const settings = options.history ?? HISTORY_DEFAULTS
  const history = settings.limit > 0 ? new RequestHistory(settings) : undefined
  const log: AccessLogger | undefined = options.accessLog && createAccessLog(options.accessLog)
  const extra = options.onExchange
  let onExchange: ((exchange: Exchange) => void) | undefined
  if (history || log) {
    onExchange = function captureExchange(exchange: Exchange): void {
      // the relay's own requests (exact sends from the UI) are not user traffic: logged, not kept
      const id = isRelayExchange(exchange) ? undefined : history?.add(exchange).id
      log?.(exchange, id)
      extra?.(exchange)
    }
  } else onExchange = extra
  return {
    history,
    onExchange,
    flush: () => log?.flush(),
    clear: async () => history?.clear() ?? 0,
  }
}
