import type { Draft } from '../../../web/logic/request.ts'

/** A blank browser-mode draft (`GET /`, nothing else), with `change` applied. */
export function makeDraft(change: Partial<Draft> = {}): Draft {
  return {
    method: 'GET',
    path: '/',
    queryMode: 'table',
    queryRows: [],
    rawQuery: '',
    headers: [],
    body: '',
    ...change,
  }
}
