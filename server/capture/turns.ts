/**
 * @module
 * Share the event loop between the event streams and everything else.
 *
 * A stream's send resolves at once while its socket takes the bytes, and a loopback socket
 * takes megabytes before it pushes back: a replay of the whole history to hundreds of
 * streams would run as one long chain of microtasks and hold every other request until it
 * was done. So a feed asks `mustYield()` before each message. Together the streams write
 * for a slice (`SLICE_MS`), then all of them rest, however many there are: twice as long
 * as the slice took with its writes, so the rest of the server has the loop to itself at
 * least two thirds of the time.
 *
 * Why a rest and not just the next turn of the loop: the loop accepts one new connection
 * per turn (libuv accepts one at a time), so work done on every turn slows the accepts
 * down, and a request that arrives behind a burst of subscribers would wait for hundreds
 * of turns, each carrying a slice of replay. While the streams rest, turns are short.
 */

/** How long the streams may write before they rest. */
export const SLICE_MS = 2
/** A slice also lasts at least this many messages: a handful of events never waits. */
export const SLICE_MESSAGES = 16
/** The shortest rest. */
export const REST_MS = 4

let sliceStart = Number.NEGATIVE_INFINITY
let sliceMessages = 0
let lastAsked = Number.NEGATIVE_INFINITY
let resting: Promise<void> | null = null

/**
 * Whether the streams have used up their slice (each call is one message about to be sent).
 * A slice is a run of asks without a pause as long as a rest: events sent now and then
 * never wait; a replay that goes on does.
 */
export function mustYield(): boolean {
  if (resting) return true
  const now = performance.now()
  if (now - lastAsked > REST_MS) {
    sliceStart = now
    sliceMessages = 0
  }
  lastAsked = now
  if (++sliceMessages <= SLICE_MESSAGES || now - sliceStart < SLICE_MS) return false
  resting = rest(sliceStart)
  return true
}

/** Resolves when the current rest is over (at once when there is none). */
export function nextTurn(): Promise<void> {
  return resting ?? Promise.resolve()
}

function rest(started: number): Promise<void> {
  return new Promise((resolve) => {
    // the sockets are written after this turn's callbacks (Node uncorks a response on the
    // next tick): measure the slice once that is done
    setImmediate(() => {
      const spent = performance.now() - started
      setTimeout(
        () => {
          resting = null
          lastAsked = Number.NEGATIVE_INFINITY
          resolve()
        },
        Math.max(REST_MS, 2 * spent)
      )
    })
  })
}
