/**
 * @module
 * The shape of a profile's declared differences from its Debian server's observed answers
 * (tests/http/profile-vs-fixture.test.ts). One file per profile, `<profile id>.ts`, default
 * export {@link ProfileDifferences}.
 */

/**
 * Every case where both servers answer with an echo: for a key one of them sets on every
 * request (a version string, a process-environment key), where listing each id would only
 * repeat the fixture.
 */
export const EVERY_ECHO = 'every echo'

/** One way our profile's answer differs from the Debian server's, and why. */
export interface Difference {
  /** The request ids (tests/corpus/servers/requests.ts) where it differs, or {@link EVERY_ECHO}. */
  readonly cases: readonly string[] | typeof EVERY_ECHO
  /** The environ key, or `(status)`, or `(key order)` for the order of the echoed keys. */
  readonly key: string
  /** Our value (masked like the fixture), or null when we do not set the key. */
  readonly ours: string | null
  /** The Debian server's value, or null when it does not set the key. */
  readonly debian: string | null
  /** Why: the source line or changelog entry of the release we model. */
  readonly why: string
}

export interface ProfileDifferences {
  /** The fixture's file name under tests/corpus/servers/, without `.json`. */
  readonly fixture: string
  readonly differences: readonly Difference[]
}
