/**
 * @module
 * Live querying for an editor: wait until the typing pauses, then run; a newer input aborts
 * the run in flight, so an old answer can never overwrite a newer one.
 */

export interface LiveQuery<I> {
  /** Run `input` after the pause, replacing anything scheduled or in flight. */
  schedule(input: I): void
  /** Drop anything scheduled or in flight. */
  cancel(): void
}

/**
 * `run` (which must not reject) gets an AbortSignal that fires when a newer input arrives;
 * `deliver` is called only for the latest input's result.
 */
export function liveQuery<I, O>(
  run: (input: I, signal: AbortSignal) => Promise<O>,
  deliver: (output: O, input: I) => void,
  delayMs: number
): LiveQuery<I> {
  let timer: ReturnType<typeof setTimeout> | undefined
  let inFlight: AbortController | undefined
  const cancel = () => {
    if (timer !== undefined) clearTimeout(timer)
    timer = undefined
    inFlight?.abort()
    inFlight = undefined
  }
  return {
    schedule(input) {
      cancel()
      timer = setTimeout(() => {
        timer = undefined
        const controller = new AbortController()
        inFlight = controller
        void run(input, controller.signal).then((output) => {
          if (controller.signal.aborted) return
          inFlight = undefined
          deliver(output, input)
        })
      }, delayMs)
    },
    cancel,
  }
}
