/**
 * @module
 * Import whatever was pasted into the composer: a curl command, a full URL, a raw HTTP request
 * (or `.http` file) or a HAR file. The format is recognised from the text itself.
 */
import type { ImportFormat, ImportResult } from './http-request.ts'
import { importCurl } from './import-curl.ts'
import { importHar } from './import-har.ts'
import { importRaw, looksLikeRaw } from './import-raw.ts'
import { importUrl, looksLikeUrl } from './import-url.ts'

/** The most text an import reads (a paste larger than this is not a request to inspect). */
export const MAX_IMPORT_CHARS = 1024 * 1024

/** Return which format `text` is in, or undefined when none fits. */
export function detectFormat(text: string): ImportFormat | undefined {
  const trimmed = text.trim()
  // a request line first: a raw request's body may mention curl
  if (looksLikeRaw(text)) return 'raw'
  if (trimmed.startsWith('{')) return 'har'
  if (looksLikeUrl(trimmed)) return 'url'
  // curl first on a line, or after a pipe (printf … | curl …)
  if (/(?:^|\|)\s*(?:\S*[/\\])?curl(?:\.exe)?\s/im.test(trimmed)) return 'curl'
  if (/^(Invoke-WebRequest|Invoke-RestMethod)\b/i.test(trimmed)) return 'curl'
  return undefined
}

/** Import `text`, whatever its format; the error says what was expected when none fits. */
export function importRequest(text: string): ImportResult {
  if (text.length > MAX_IMPORT_CHARS)
    return {
      ok: false,
      error: `That is ${text.length} characters; an import reads at most ${MAX_IMPORT_CHARS}.`,
    }
  switch (detectFormat(text)) {
    case 'curl':
      return importCurl(text)
    case 'har':
      return importHar(text)
    case 'url':
      return importUrl(text)
    case 'raw':
      return importRaw(text)
    default:
      return {
        ok: false,
        error:
          'Paste a curl command, a full http:// URL, a raw HTTP request (GET /path HTTP/1.1 …) or a HAR file.',
      }
  }
}
