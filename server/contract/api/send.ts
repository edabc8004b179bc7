/**
 * @module
 * The JSON shapes of `POST /_inspector/api/send` (exact requests) and its answer.
 *
 * Types only, no imports and no code, so the UI can share them. Byte ranges are half-open
 * `[start, end)` offsets into the bytes that were sent; `sent.text` holds those bytes read as
 * latin-1 (one character per byte), so the same numbers index the text.
 */
import type { Malformation, ParserVerdict } from '../parser-verdicts.ts'
import type { ProfileId } from '../profiles.ts'
import type { Step } from '../steps.ts'

/** `[start, end)`: byte offsets into the request as sent. */
export type ByteRange = readonly [start: number, end: number]

/** How a string field becomes bytes. */
export type ByteEncoding = 'utf8' | 'latin1' | 'base64'

/** Structured mode: the server writes the request line, headers and body for you. */
export interface StructuredSend {
  /** A token, default `GET`. */
  readonly method?: string
  /** The request-target as sent, default `/`: origin-form, absolute-form, `*`, authority-form. */
  readonly target?: string
  /** `digit.digit`, default `1.1`. */
  readonly httpVersion?: string
  /** In wire order; case and repeats kept exactly. */
  readonly headers?: ReadonlyArray<readonly [name: string, value: string]>
  readonly body?: string
  /** Default `utf8`. */
  readonly bodyEncoding?: ByteEncoding
  readonly profiles?: readonly ProfileId[]
  /** Build the environ as a server started with `--script-name` this would (see `Mount`). */
  readonly scriptName?: string
}

/** Raw mode: exactly these bytes, malformed allowed. */
export interface RawSend {
  readonly raw: string
  /** Default `utf8`; `latin1` maps each character to one byte (U+0000–U+00FF). */
  readonly rawEncoding?: ByteEncoding
  readonly profiles?: readonly ProfileId[]
  /** Build the environ as a server started with `--script-name` this would (see `Mount`). */
  readonly scriptName?: string
}

export type SendRequest = StructuredSend | RawSend

/** Something the server put into a structured request that the user did not write. */
export interface AddedHeader {
  readonly name: string
  readonly value: string
  readonly reason: string
  /** Where the added line sits in the bytes sent (CRLF excluded). */
  readonly range: ByteRange
}

/** One line of the request head as the tokenizer saw it. */
export interface HeadField {
  /** The whole line, line ending excluded. */
  readonly range: ByteRange
  readonly name: ByteRange
  /** The value with surrounding spaces and tabs removed. */
  readonly value: ByteRange
  /** Set when the line is not a well-formed `name: value` field. */
  readonly problem?: 'no-colon' | 'whitespace-before-colon' | 'obs-fold' | 'empty-name'
}

/** The request line's words as the tokenizer saw them. */
export interface RequestLine {
  readonly range: ByteRange
  readonly method?: ByteRange
  readonly target?: ByteRange
  readonly version?: ByteRange
  /** Words after the third (malformed). */
  readonly extra: readonly ByteRange[]
}

/** The request head, tokenized for highlighting (tolerant of malformed bytes). */
export interface RequestHead {
  readonly requestLine: RequestLine | null
  readonly headers: readonly HeadField[]
  /** Where the body starts; `null` when the head never ended with an empty line. */
  readonly bodyStart: number | null
  /** `crlf`, `lf` or `mixed` line endings. */
  readonly lineEndings: 'crlf' | 'lf' | 'mixed' | 'none'
}

/** Where one environ value came from. */
export interface KeyProvenance {
  /** The bytes the value was taken from (header values, path, query…); empty when none. */
  readonly ranges: readonly ByteRange[]
  /** For header-derived keys: the header names that produced the key. */
  readonly nameRanges?: readonly ByteRange[]
  /** What was done to the bytes, in order; see `STEPS` in server/contract/steps.ts. */
  readonly steps: readonly Step[]
  readonly note?: string
}

/** A header line that reached no environ key, and why. */
export interface IgnoredLine {
  readonly range: ByteRange
  readonly reason: string
}

/** One profile's environ for the same request, or its refusal. */
export type ProfileOutcome =
  | {
      readonly environ: Readonly<Record<string, string>>
      readonly provenance: Readonly<Record<string, KeyProvenance>>
      readonly ignored: readonly IgnoredLine[]
    }
  | { readonly rejected: { readonly status: number; readonly reason: string } }

/**
 * One profile's answer to bytes Node's parser refused, from its own parser's rules: the
 * first case (in the order its parser meets them) that stops the request decides.
 */
export interface ParserOutcome {
  /** `accepts`: every case goes through, yet no environ can be shown (Node refused the bytes). */
  readonly verdict: 'refuses' | 'waits' | 'closes' | 'accepts' | 'unknown'
  /** With `refuses`. */
  readonly status?: number
  readonly reason?: string
  /** The case that decided, absent when every case is accepted or none is modelled. */
  readonly decidedBy?: Malformation
  /** One line for the UI. */
  readonly summary: string
  /** Every case found in the bytes and this server's verdict (`null`: not modelled yet). */
  readonly cases: ReadonlyArray<{
    readonly case: Malformation
    readonly verdict: ParserVerdict | null
  }>
}

/** A key whose value is not the same in every profile that answered. */
export interface KeyDifference {
  readonly key: string
  /** `absent`: some profile has no such key; `differs`: all have it, values differ. */
  readonly kind: 'absent' | 'differs'
  /** Profile → value, `null` where the key is absent. */
  readonly values: Readonly<Record<string, string | null>>
}

/** Who answered the bytes. */
export type HandledBy =
  /** The WSGI gateway (the echo, or a profile's refusal). */
  | 'gateway'
  /** Node's HTTP parser refused the bytes (400/431 with its reason) before the gateway. */
  | 'parser'
  /** The target was under `/_inspector/`, so the inspector (not the echo) answered. */
  | 'inspector'
  /** No response, or one we cannot attribute (timeout, reset, CONNECT). */
  | 'unknown'

export interface SendAnswer {
  readonly mode: 'structured' | 'raw'
  readonly sent: {
    /** The bytes as latin-1 text: character i is byte i. */
    readonly text: string
    readonly base64: string
    readonly length: number
  }
  /** Structured mode only; always `[]` in raw mode. */
  readonly added: readonly AddedHeader[]
  readonly head: RequestHead
  readonly response: {
    readonly status: number | null
    readonly statusLine: string | null
    readonly headers: ReadonlyArray<readonly [string, string]>
    readonly body: { readonly text: string; readonly base64: string; readonly length: number }
    /** Interim 1xx status lines (`HTTP/1.1 100 Continue`) before the final response. */
    readonly informational: readonly string[]
    /** The response was framed completely (by length, chunks, or the server closing). */
    readonly complete: boolean
  } | null
  /** What went wrong on the relay's connection (no complete answer in time, too large), or `null`. */
  readonly error: string | null
  readonly handledBy: HandledBy
  /** One line for the UI: who answered and why, e.g. the parser's reason. */
  readonly summary: string
  /**
   * All in milliseconds since the relay started opening its connection. The connection is in
   * memory (no TCP connect), so `connectMs` is the time to hand it to the server, about 0.
   */
  readonly timing: {
    readonly connectMs: number | null
    readonly firstByteMs: number | null
    readonly totalMs: number
  }
  /** The profile this server runs with (the one that built `environ`). */
  readonly serverProfile: ProfileId
  /**
   * The mount point `environ` and `profiles` were built under: the request's `scriptName`
   * when it gave one (`perRequest`), else the server's `--script-name`.
   */
  readonly mount: { readonly scriptName: string; readonly perRequest: boolean }
  /** The echo's environ, parsed from its JSON answer; `null` when it did not answer one. */
  readonly environ: Readonly<Record<string, string>> | null
  /** For every key of `environ` (`null` with it). */
  readonly provenance: Readonly<Record<string, KeyProvenance>> | null
  readonly ignored: readonly IgnoredLine[]
  /** Only when `profiles` was asked for; `null` when the gateway never saw the request. */
  readonly profiles?: Readonly<Record<string, ProfileOutcome>> | null
  /** Why `profiles` is `null`. */
  readonly profilesReason?: string
  /**
   * Only when Node's parser refused the bytes: what is malformed in them (see
   * server/contract/parser-verdicts.ts), in the order a parser meets it.
   */
  readonly malformations?: readonly Malformation[]
  /** With `malformations`, when `profiles` was asked for: each profile's own parser's answer. */
  readonly parserOutcomes?: Readonly<Record<string, ParserOutcome>>
  /** Only with `profiles`: keys that are not the same across the profiles that answered. */
  readonly differences?: readonly KeyDifference[]
}
