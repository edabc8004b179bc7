import { Button } from '../../components/button.tsx'
import { copyText } from '../../lib/clipboard.ts'
import { bodyBytes, receivedBody } from '../../logic/body.ts'
import { environAsPython } from '../../logic/copy-as.ts'
import { toCurl } from '../../logic/curl.ts'
import type { CapturedRecord } from '../../logic/live-record.ts'
import { notice } from '../../state/inspector.ts'

/** Framing curl works out itself from the body it sends. */
const FRAMING = new Set(['content-length', 'transfer-encoding'])

/** A curl command that sends the captured request again, as it arrived (kept bytes only). */
function curlFor(record: CapturedRecord): string {
  const url = /^https?:\/\//i.test(record.target)
    ? record.target
    : `${location.origin}${record.target.startsWith('/') ? '' : '/'}${record.target}`
  const body = receivedBody(record.body.bytes, record.contentType ?? undefined)
  return toCurl({
    method: record.method,
    url,
    headers: record.headers.filter(([name]) => !FRAMING.has(name.toLowerCase())),
    body: record.body.size === 0 ? undefined : typeof body === 'string' ? body : bodyBytes(body),
  })
}

/** The whole record as JSON: the request, its body as base64, and its environ. */
function recordJson(record: CapturedRecord): string {
  let binary = ''
  for (const byte of record.body.bytes) binary += String.fromCharCode(byte)
  const { body, ...rest } = record
  return JSON.stringify(
    { ...rest, body: { ...body, bytes: undefined, base64: btoa(binary) } },
    null,
    2
  )
}

async function copy(text: string, what: string): Promise<void> {
  notice.value = (await copyText(text))
    ? `Copied ${what}.`
    : `Could not copy ${what}: the browser refused.`
}

function download(record: CapturedRecord): void {
  const link = document.createElement('a')
  link.href = URL.createObjectURL(new Blob([recordJson(record)], { type: 'application/json' }))
  link.download = `request-${record.id}.json`
  link.click()
  URL.revokeObjectURL(link.href)
  notice.value = `Saved request #${record.id} as request-${record.id}.json.`
}

/** Copy the captured request as curl, its environ as JSON or a Python dict, or save it all. */
export function RecordActions({ record }: { record: CapturedRecord }) {
  const env = record.environ
  return (
    <div>
      <Button small onClick={() => copy(curlFor(record), 'curl command')}>
        Copy as curl
      </Button>{' '}
      <Button
        small
        disabled={!env}
        onClick={() => env && copy(JSON.stringify(env, null, 2), 'environ as JSON')}
      >
        Copy JSON
      </Button>{' '}
      <Button
        small
        disabled={!env}
        onClick={() => env && copy(environAsPython(env).text, 'environ as a Python dict')}
      >
        Copy Python dict
      </Button>{' '}
      <Button small onClick={() => download(record)}>
        Save as JSON
      </Button>
    </div>
  )
}
