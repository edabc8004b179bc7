/**
 * @module
 * Every server's own proxy trust, by server: what a profile applies before it builds the
 * environ or scope (see ../trust.ts for the contract).
 */
import { DAPHNE_TRUST, HYPERCORN_TRUST, UVICORN_TRUST } from './asgi.ts'
import { GUNICORN_TRUST } from './gunicorn.ts'
import { WAITRESS_TRUST } from './waitress.ts'

export const TRUST = {
  gunicorn: GUNICORN_TRUST,
  waitress: WAITRESS_TRUST,
  uvicorn: UVICORN_TRUST,
  hypercorn: HYPERCORN_TRUST,
  daphne: DAPHNE_TRUST,
} as const
