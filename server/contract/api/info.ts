/**
 * @module
 * The JSON shapes of `GET /_inspector/api/health` and `GET /_inspector/api/info`: what the
 * running server is. Types only.
 */
import type { ProfileId } from '../profiles.ts'

/** `GET /_inspector/api/health`: the server is up. */
export interface HealthJson {
  readonly status: 'ok'
  readonly version: string
  readonly profile: ProfileId
}

/** `GET /_inspector/api/info`: how the server runs, for the UI. */
export interface InfoJson {
  readonly version: string
  /** The `--profile` the echo builds its environ with. */
  readonly profile: ProfileId
  /** Every profile the server knows, for the profile pickers. */
  readonly profiles: readonly ProfileId[]
  readonly app: string
  readonly scriptName: string
  readonly maxBody: number
  /** Whether `--os-environ` copies the process environment into every environ. */
  readonly osEnviron: boolean
  /** Which process answered: with `--workers N`, one of the workers. */
  readonly pid: number
  readonly capture: {
    readonly history: number
    readonly historyBody: number
    readonly redact: readonly string[]
  }
}
