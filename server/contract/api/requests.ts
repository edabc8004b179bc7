/**
 * @module
 * The JSON shapes of the live capture API under `/_inspector/api`: `GET /requests` (the
 * list), `GET /requests/:id` (one record) and the `request` events of `GET /events`. Types
 * only, so the UI and the server cannot drift. Strings that hold request bytes are latin-1:
 * one character per byte.
 */
import type { ProfileId } from '../profiles.ts'
import type { KeyDifference, ProfileOutcome } from './send.ts'

export interface Peer {
  address: string
  port: number
}

/** A list row: enough to show and filter a request without its body or environ. */
export interface RequestSummaryJson {
  id: string
  /** Arrival, ISO 8601 UTC. */
  time: string
  durationMs: number
  peer: Peer
  method: string
  target: string
  httpVersion: string
  status: number
  responseBytes: number
  bodySize: number
  contentType: string | null
  refusal: string | null
  /** [name, value] pairs in wire order (redacted), so a list can be filtered by header. */
  headers: [string, string][]
}

/** The event stream's payload: the summary and the environ. */
export interface RequestEventJson extends RequestSummaryJson {
  environ: Record<string, string> | null
}

/** The raw request as it arrived, kept so that it can be read, diffed and sent again. */
export interface RawRequestJson {
  method: string
  target: string
  httpVersion: string
  requestLine: string
  /** [name, value] pairs in wire order, names as sent, duplicates kept. */
  headers: [string, string][]
  head: {
    /** Request line and headers ending with an empty line; latin-1, one char per byte. */
    text: string
    bytes: number
    /** Always true: rebuilt from the parsed parts, not the bytes read (see the module doc). */
    reconstructed: true
  }
  body: {
    size: number
    sha256: string
    /** How many bytes `base64` holds: min(size, --history-body). */
    kept: number
    truncated: boolean
    base64: string
  }
}

/** `GET /_inspector/api/requests/:id`. */
export interface RequestRecordJson extends RequestSummaryJson {
  local: Peer
  request: RawRequestJson
  environ: Record<string, string> | null
  redacted: string[]
}

/** The list response. */
export interface RequestListJson {
  items: RequestSummaryJson[]
  /** Pass as `?before=` for the next, older page; null on the last page. */
  next: string | null
  /** How many requests the history holds now. */
  total: number
  /** Whether requests are being recorded (`--history 0` turns it off). */
  enabled: boolean
  /** The most it holds (`--history`). */
  capacity: number
  /** Body bytes kept per request (`--history-body`). */
  bodyLimit: number
  /** Body bytes held over all records. */
  keptBodyBytes: number
  /** Header names whose values are replaced (`--redact`). */
  redact: string[]
  /** Present when capture is off: says so and why. */
  notice?: string
}

/**
 * `GET /_inspector/api/requests/:id/profiles?profiles=wsgiref,gunicorn`: the environ each
 * named profile (all of them when `profiles` is left out) builds from the captured request,
 * rebuilt from what the record keeps (request line, headers as received, peer and local
 * addresses), and the keys where they differ. Provenance ranges index `head` plus the kept
 * body.
 */
export interface RequestProfilesJson {
  id: string
  /** The profile this server runs with: the one that built the record's `environ`. */
  serverProfile: ProfileId
  /** The mount point every profile builds under: the server's `--script-name`. */
  scriptName: string
  /** Profile -> its environ and provenance, or its refusal; in the order asked. */
  profiles: Record<string, ProfileOutcome>
  /** Keys that are not the same in every profile that built an environ. */
  differences: KeyDifference[]
  /**
   * Header names `--redact` replaced in the record: the profiles see the replacement, so
   * keys built from them hold it too.
   */
  redacted: string[]
}
