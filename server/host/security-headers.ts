/**
 * @module
 * Security headers for the inspector's own responses (the UI and `/_inspector/api/`):
 * the options app.ts gives `@fastify/helmet`.
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

/** Helmet's defaults, but for the policy above, no framing at all and no HSTS. */
export const HELMET_OPTIONS = {
  contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
  frameguard: { action: 'deny' as const },
  // Served over plain HTTP, usually on localhost: HSTS would pin every local port to HTTPS
  // for a year if the inspector ever ran behind a TLS proxy on that name
  strictTransportSecurity: false,
} as const
