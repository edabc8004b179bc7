/**
 * @module
 * The ASGI servers' proxy trust rules, one file each: uvicorn (right to left, checked),
 * daphne (leftmost, unchecked) and hypercorn's ProxyFixMiddleware (hop counts).
 */
export { DAPHNE_TRUST, type DaphneTrust } from './daphne.ts'
export { HYPERCORN_TRUST, type HypercornTrust } from './hypercorn.ts'
export { UVICORN_TRUST, type UvicornTrust } from './uvicorn.ts'
