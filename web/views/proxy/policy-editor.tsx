import { Button } from '../../components/button.tsx'
import {
  COUNT_FIELDS,
  formMatchesPolicy,
  type PolicyMode,
  policyAsFlags,
} from '../../logic/proxy-form.ts'
import {
  applyServerPolicy,
  policyDraft,
  serverPolicy,
  setCount,
  setForwarded,
  setPolicyMode,
  setProxies,
} from '../../state/proxy.ts'
import { describedBy, FieldError } from './field-error.tsx'
import styles from './proxy-forms.module.css'

const MODES: ReadonlyArray<{ mode: PolicyMode; label: string; hint: string }> = [
  {
    mode: 'none',
    label: 'Trust nobody',
    hint: 'What a WSGI server does by default: REMOTE_ADDR is whoever opened the connection.',
  },
  {
    mode: 'proxy-fix',
    label: 'Trust hop counts (ProxyFix)',
    hint: "Werkzeug's ProxyFix: how many proxies append to each header. It never checks the peer.",
  },
  {
    mode: 'trusted',
    label: 'Trust addresses',
    hint: 'Walk the chain from the peer leftwards, stepping over these proxies; the first other address is the client.',
  },
]

/** How much to believe the forwarding headers: a mode and its settings. Every edit re-queries. */
export function PolicyEditor() {
  const form = policyDraft.value
  const server = serverPolicy.value
  return (
    <section class={styles.card} aria-labelledby="proxy-policy-title">
      <h3 id="proxy-policy-title" class={styles.cardTitle}>
        Policy
      </h3>
      {server && (
        <div class={styles.serverPolicy}>
          {server.mode === 'none' ? (
            <span>
              This server trusts no proxy: it runs without <code>--proxy-fix</code> or{' '}
              <code>--trusted-proxies</code>.
            </span>
          ) : (
            <span>
              This server runs with <code>{policyAsFlags(server)}</code>
            </span>
          )}
          <Button
            small
            disabled={formMatchesPolicy(form, server)}
            onClick={applyServerPolicy}
            title="Load the policy this server was started with"
          >
            Use the server's policy
          </Button>
        </div>
      )}
      <fieldset class={styles.modes}>
        <legend class="visually-hidden">Policy mode</legend>
        {MODES.map(({ mode, label, hint }) => (
          <div key={mode} class={styles.mode}>
            <input
              type="radio"
              id={`proxy-mode-${mode}`}
              name="proxy-policy-mode"
              value={mode}
              checked={form.mode === mode}
              aria-describedby={`proxy-mode-${mode}-hint`}
              onChange={() => setPolicyMode(mode)}
            />
            <label for={`proxy-mode-${mode}`} class={styles.modeLabel}>
              {label}
            </label>
            <span id={`proxy-mode-${mode}-hint`} class={styles.modeHint}>
              {hint}
            </span>
          </div>
        ))}
      </fieldset>
      {form.mode === 'proxy-fix' && <CountInputs />}
      {form.mode === 'trusted' && <TrustedInputs />}
      <FieldError field="policy" />
      <FieldError field="form" />
    </section>
  )
}

function CountInputs() {
  const counts = policyDraft.value.counts
  return (
    <div class={styles.counts}>
      {COUNT_FIELDS.map(({ key, flag, header, sets }) => (
        <div key={key} class={styles.count}>
          <label for={`proxy-${key}`} class={styles.mono}>
            {flag}
          </label>
          <input
            id={`proxy-${key}`}
            type="number"
            class={styles.number}
            min={0}
            max={64}
            value={counts[key]}
            {...describedBy(key, `proxy-${key}-hint`)}
            onInput={(event) => setCount(key, event.currentTarget.value)}
          />
          <span id={`proxy-${key}-hint`} class={styles.hint}>
            {header} → {sets}
          </span>
          <FieldError field={key} />
        </div>
      ))}
    </div>
  )
}

function TrustedInputs() {
  const form = policyDraft.value
  return (
    <div class={styles.trusted}>
      <div class={styles.field}>
        <label for="proxy-trusted">Trusted proxies</label>
        <textarea
          id="proxy-trusted"
          class={styles.mono}
          rows={3}
          value={form.proxies}
          spellcheck={false}
          {...describedBy('proxies', 'proxy-trusted-hint')}
          onInput={(event) => setProxies(event.currentTarget.value)}
        />
        <span id="proxy-trusted-hint" class={styles.hint}>
          Addresses or CIDR ranges, one per line or separated by commas; also <code>loopback</code>,{' '}
          <code>linklocal</code>, <code>uniquelocal</code>.
        </span>
        <FieldError field="proxies" />
      </div>
      <label class={styles.check}>
        <input
          type="checkbox"
          checked={form.forwarded}
          onChange={(event) => setForwarded(event.currentTarget.checked)}
        />
        Use Forwarded (RFC 7239) instead of X-Forwarded-For
      </label>
    </div>
  )
}
