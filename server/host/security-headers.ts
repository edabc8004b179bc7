/**
 * @module
 * Security headers for the inspector's own responses (the UI and `/_inspector/api/`),
 * set by `@fastify/helmet`.
 *
 * Only Fastify sees inspector requests: the echo is answered beside it (app.ts), so none
 * of these headers ever reach an echo response, which must stay byte for byte what the
 * Python app sends.
 *
 * Security: the UI shows whatever strangers send the echo, headers and bodies included.
 * It renders them as text; the policy below is the second wall if that ever slips: scripts
 * only from our own built files (Vite emits no inline script), no inline event handlers,
 * no plugins, no framing, and no `<base>` that could re-point our script URLs.
 */
import helmet, { type FastifyHelmetOptions } from '@fastify/helmet'
import type { FastifyInstance } from 'fastify'

/** The Content-Security-Policy of every inspector response, directive by directive. */
export const CSP_DIRECTIVES = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  // the built CSS is a file; styles set from script go through CSSOM, which CSP allows
  'style-src': ["'self'"],
  // the favicon is an inline SVG data: URL (web/index.html)
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
} as const

export const HELMET_OPTIONS: FastifyHelmetOptions = {
  contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
  frameguard: { action: 'deny' },
  // Served over plain HTTP, usually on localhost: HSTS would pin every local port to HTTPS
  // for a year if the inspector ever ran behind a TLS proxy on that name
  strictTransportSecurity: false,
}

/** Add the security headers to every response of `fastify` (the inspector, never the echo). */
export async function registerSecurityHeaders(fastify: FastifyInstance): Promise<void> {
  await fastify.register(helmet, HELMET_OPTIONS)
}
