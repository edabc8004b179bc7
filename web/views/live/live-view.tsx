/**
 * @module
 * The Live page: every request that reaches the echo, as it arrives.
 */
export function LiveView() {
  return (
    <section aria-labelledby="live-title">
      <h2 id="live-title">Live capture</h2>
    </section>
  )
}
