/**
 * @module
 * How hard the hostile suite pushes: `EI_HOSTILE_SCALE=full` (`npm run test:hostile`) runs
 * the figures the README promises; anything else (CI's `npm test`) a bounded slice of each
 * attack that still fails on the same bugs, in about a minute on two cores.
 *
 * `EI_FUZZ_SEED` replays a fuzz run: every failure prints the seed it ran with.
 */

const full = process.env.EI_HOSTILE_SCALE === 'full'

export const SCALE = {
  name: full ? 'full' : 'bounded',
  /** Raw requests the fuzzer sends, generated and mutated, over all profiles. */
  fuzzRequests: full ? 20_000 : 3_000,
  /** Sockets that dribble their head one byte at a time. */
  slowSockets: 200,
  /** How long the load test runs, in seconds. */
  loadSeconds: full ? 60 : 6,
  /** Hostile inputs thrown at the exact-send API (besides the fixed list). */
  relayInputs: full ? 2_000 : 300,
  /** Connections that each send a body in one-byte chunks, and the chunks each sends. */
  tinyChunkConnections: full ? 8 : 4,
  tinyChunks: full ? 300_000 : 100_000,
  /** Event-stream subscribers that ask for the whole history and never read. */
  idleSubscribers: full ? 500 : 300,
} as const

export const FUZZ_SEED = Number(process.env.EI_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31))
