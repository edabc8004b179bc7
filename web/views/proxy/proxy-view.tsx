/**
 * @module
 * The Proxy page: a request and a trust policy in, the raw and effective environ and the
 * hop-by-hop trace out.
 */
export function ProxyView() {
  return (
    <section aria-labelledby="proxy-title">
      <h2 id="proxy-title">Proxy headers</h2>
    </section>
  )
}
