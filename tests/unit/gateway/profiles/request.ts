/** The request the profile tests build: a POST with a body, a query, an escape and a latin-1 header. */
import { parseHead } from '../../../helpers/request.ts'

export const REQUEST = parseHead(
  'POST /a%20b?x=1 HTTP/1.1\r\nHost: example.com\r\nUser-Agent: t\r\nContent-Type: text/x\r\nContent-Length: 2\r\nX-Z: \xe9\r\n\r\nhi'
)
