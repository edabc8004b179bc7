import { Button } from '../../components/button.tsx'
import {
  COUNT_FIELDS,
  formMatchesPolicy,
  type PolicyMode,
  policyAsFlags,
} from '../../logic/proxy-form.ts'
import {
  answer,
  answeredBody,
  applyServerPolicy,
  policyDraft,
  profileChoice,
  serverPolicy,
  setCount,
  setForwarded,
  setPolicyMode,
  setProxies,
  setServerDefaults,
  setServerSetting,
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
  {
    mode: 'server',
    label: "The server's own trust",
    hint: "The profile's server reads the headers itself, with its own options (gunicorn forwarded_allow_ips, waitress trusted_proxy; for an ASGI profile its scope's client and scheme: uvicorn --forwarded-allow-ips, daphne --proxy-headers, hypercorn's ProxyFixMiddleware): what --proxy-trust NAME=VALUE sets.",
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
              This server trusts no proxy: it runs without <code>--proxy-fix</code>,{' '}
              <code>--trusted-proxies</code> or <code>--proxy-trust</code>.
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
      {form.mode === 'server' && <ServerTrustInputs />}
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

/**
 * The options of the profile's own server, as the API's last answer lists them (each
 * server has its own), and what the server decided with them.
 */
function ServerTrustInputs() {
  const form = policyDraft.value
  // options come with an answer to a `server` policy for the profile now chosen (each server
  // has its own); until then there is nothing to list
  const body = answeredBody.value
  const current = body?.policy.mode === 'server' && (body.profile ?? '') === profileChoice.value
  const trust = current ? answer.value?.trace.serverTrust : undefined
  if (!trust) {
    return (
      <p class={styles.hint}>
        Pick a server profile whose server reads proxy headers itself to see its options and set
        them.
      </p>
    )
  }
  return (
    <div class={styles.trusted}>
      <label class={styles.check}>
        <input
          type="checkbox"
          checked={form.serverDefaults}
          onChange={(event) => setServerDefaults(event.currentTarget.checked)}
        />
        <span>
          Use the real {trust.server}'s defaults (<code>--proxy-trust server-default</code>)
        </span>
      </label>
      <div class={styles.counts}>
        {Object.entries(trust.options).map(([name, help]) => (
          <div key={name} class={styles.count}>
            <label for={`proxy-setting-${name}`} class={styles.mono}>
              {name}
            </label>
            <input
              id={`proxy-setting-${name}`}
              class={styles.mono}
              value={form.serverSettings[name] ?? ''}
              disabled={form.serverDefaults}
              spellcheck={false}
              placeholder="not set"
              {...describedBy(`setting:${name}`, `proxy-setting-${name}-hint`)}
              onInput={(event) => setServerSetting(name, event.currentTarget.value)}
            />
            <span id={`proxy-setting-${name}-hint`} class={styles.hint}>
              {help}
            </span>
            <FieldError field={`setting:${name}`} />
          </div>
        ))}
      </div>
      <div class={styles.field}>
        <span class={styles.label}>What {trust.server} decided</span>
        <ul class={styles.why} aria-label={`What ${trust.server} decided`}>
          {trust.why.length === 0 && <li>Nothing: no option lets it read a proxy header.</li>}
          {trust.why.map((line) => (
            <li key={line}>{line}</li>
          ))}
          {trust.refusal && (
            <li>
              It answers {trust.refusal.status} instead of calling the app: {trust.refusal.reason}
            </li>
          )}
        </ul>
      </div>
    </div>
  )
}
