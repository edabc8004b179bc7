/**
 * @module
 * wsgiref's SERVER_NAME: `socket.getfqdn(host)` of the address the server binds to.
 */
import { lookup, lookupService } from 'node:dns/promises'
import { hostname } from 'node:os'

/**
 * Return what Python's `socket.getfqdn(host)` would, near enough: the name the resolver
 * gives the bind address (`localhost` for 127.0.0.1 with the usual /etc/hosts), the
 * machine's name for a wildcard bind, and the input itself when nothing resolves.
 * Python also scans aliases for a dotted name; getnameinfo only gives the first name.
 */
export async function getfqdn(host: string, timeoutMs = 2000): Promise<string> {
  const name = !host || host === '0.0.0.0' || host === '::' ? hostname() : host
  const attempt = (async () => {
    const { address } = await lookup(name)
    const { hostname: resolved } = await lookupService(address, 0)
    return resolved
  })()
  const timeout = new Promise<string>((resolve) =>
    setTimeout(() => resolve(name), timeoutMs).unref()
  )
  try {
    return await Promise.race([attempt, timeout])
  } catch {
    return name
  }
}
