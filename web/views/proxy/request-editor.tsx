import { Button } from '../../components/button.tsx'
import { HTTP_VERSIONS } from '../../logic/proxy-form.ts'
import type { KeyValueRow } from '../../logic/rows.ts'
import {
  addHeader,
  editHeader,
  editRequest,
  openInInspect,
  removeHeader,
  requestDraft,
} from '../../state/proxy.ts'
import { describedBy, errorFor, FieldError } from './field-error.tsx'
import styles from './proxy-forms.module.css'

/** The forwarding headers a proxy sets, offered as one-click rows when missing. */
const FORWARDING_HEADERS = [
  'X-Forwarded-For',
  'X-Forwarded-Proto',
  'X-Forwarded-Host',
  'X-Forwarded-Port',
  'X-Forwarded-Prefix',
  'Forwarded',
] as const

/** Focus the value input of the header row `id` once it is rendered. */
function focusValue(id: string): void {
  requestAnimationFrame(() => {
    document.querySelector<HTMLInputElement>(`[data-row="${id}"] input[data-part="value"]`)?.focus()
  })
}

/** The request as the last proxy delivers it: the socket peer, the request line, the headers. */
export function RequestEditor() {
  const form = requestDraft.value
  const present = new Set(form.headers.map((row) => row.name.toLowerCase()))
  const missing = FORWARDING_HEADERS.filter((name) => !present.has(name.toLowerCase()))
  return (
    <section class={styles.card} aria-labelledby="proxy-request-title">
      <h3 id="proxy-request-title" class={styles.cardTitle}>
        Request, as the app receives it
      </h3>
      <div class={styles.peerRow}>
        <div class={styles.field}>
          <label for="proxy-peer-address">Peer address</label>
          <input
            id="proxy-peer-address"
            class={styles.mono}
            value={form.peerAddress}
            spellcheck={false}
            autocomplete="off"
            {...describedBy('peerAddress', 'proxy-peer-hint')}
            onInput={(event) => editRequest({ peerAddress: event.currentTarget.value })}
          />
          <FieldError field="peerAddress" />
        </div>
        <div class={styles.field}>
          <label for="proxy-peer-port">Peer port</label>
          <input
            id="proxy-peer-port"
            type="number"
            class={styles.number}
            min={0}
            max={65535}
            value={form.peerPort}
            {...describedBy('peerPort')}
            onInput={(event) => editRequest({ peerPort: event.currentTarget.value })}
          />
          <FieldError field="peerPort" />
        </div>
      </div>
      <p id="proxy-peer-hint" class={styles.hint}>
        The address the TCP connection comes from: your last proxy, or the client itself when
        nothing is in front of the app. It becomes REMOTE_ADDR before any policy runs.
      </p>
      <div class={styles.lineRow}>
        <div class={styles.field}>
          <label for="proxy-method">Method</label>
          <input
            id="proxy-method"
            class={styles.mono}
            value={form.method}
            spellcheck={false}
            autocomplete="off"
            {...describedBy('method')}
            onInput={(event) => editRequest({ method: event.currentTarget.value })}
          />
        </div>
        <div class={styles.field}>
          <label for="proxy-target">Target</label>
          <input
            id="proxy-target"
            class={styles.mono}
            value={form.target}
            spellcheck={false}
            autocomplete="off"
            {...describedBy('target')}
            onInput={(event) => editRequest({ target: event.currentTarget.value })}
          />
        </div>
        <div class={styles.field}>
          <label for="proxy-version">HTTP version</label>
          <select
            id="proxy-version"
            value={form.httpVersion}
            {...describedBy('httpVersion')}
            onChange={(event) => editRequest({ httpVersion: event.currentTarget.value })}
          >
            {HTTP_VERSIONS.map((version) => (
              <option key={version} value={version}>
                HTTP/{version}
              </option>
            ))}
          </select>
        </div>
      </div>
      <FieldError field="method" />
      <FieldError field="target" />
      <FieldError field="httpVersion" />
      <FieldError field="request" />
      <table class={styles.headers} aria-label="Request headers">
        <thead>
          <tr>
            <th scope="col">Header</th>
            <th scope="col">Value</th>
            <th scope="col" class={styles.remove}>
              <span class="visually-hidden">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {form.headers.map((row, index) => (
            <HeaderRow key={row.id} row={row} index={index} />
          ))}
        </tbody>
      </table>
      <datalist id="proxy-header-names">
        {FORWARDING_HEADERS.map((name) => (
          <option key={name} value={name} />
        ))}
        <option value="Host" />
        <option value="X-Real-IP" />
        <option value="Via" />
      </datalist>
      <div class={styles.addRow}>
        <Button small onClick={() => focusValue(addHeader().id)}>
          + Header
        </Button>
        {missing.map((name) => (
          <Button key={name} small variant="ghost" onClick={() => focusValue(addHeader(name).id)}>
            + {name}
          </Button>
        ))}
      </div>
      <div class={styles.footer}>
        <Button small onClick={openInInspect} aria-describedby="proxy-inspect-hint">
          Open in Inspect
        </Button>
        <span id="proxy-inspect-hint" class={styles.hint}>
          Opens this request in Inspect's Exact mode, headers as written. The peer address stays
          here: there the server sends the request itself, so REMOTE_ADDR is its own address.
        </span>
      </div>
    </section>
  )
}

function HeaderRow({ row, index }: { row: KeyValueRow; index: number }) {
  const field = `header:${row.id}` as const
  const label = row.name || `Header ${index + 1}`
  const aria = describedBy(field)
  return (
    <>
      <tr data-row={row.id}>
        <td>
          <input
            class={styles.mono}
            aria-label={`Header ${index + 1} name`}
            value={row.name}
            list="proxy-header-names"
            spellcheck={false}
            autocomplete="off"
            {...aria}
            onInput={(event) => editHeader(row.id, { name: event.currentTarget.value })}
          />
        </td>
        <td>
          <input
            class={styles.mono}
            data-part="value"
            aria-label={`${label} value`}
            value={row.value}
            spellcheck={false}
            autocomplete="off"
            {...aria}
            onInput={(event) => editHeader(row.id, { value: event.currentTarget.value })}
          />
        </td>
        <td class={styles.remove}>
          <Button
            variant="icon"
            aria-label={`Remove ${label}`}
            title="Remove"
            onClick={() => removeHeader(row.id)}
          >
            ×
          </Button>
        </td>
      </tr>
      {errorFor(field) !== undefined && (
        <tr class={styles.errorRow}>
          <td colSpan={3}>
            <FieldError field={field} />
          </td>
        </tr>
      )}
    </>
  )
}
