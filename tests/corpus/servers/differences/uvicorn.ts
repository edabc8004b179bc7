/**
 * @module
 * uvicorn profile (0.51, h11) vs Debian's uvicorn 0.17.6 with h11 0.14, tests/corpus/servers/uvicorn.json.
 */
import { EVERY_ECHO, type ProfileDifferences } from './types.ts'

const differences: ProfileDifferences = {
  fixture: 'uvicorn',
  differences: [
    {
      cases: EVERY_ECHO,
      key: 'state',
      ours: '{}',
      debian: null,
      why: "uvicorn 0.21.0 added the lifespan `state` dict to every scope (#1818); Debian's 0.17.6 predates it.",
    },
    {
      cases: ['T41', 'T44'],
      key: '(status)',
      ours: '200',
      debian: '400',
      why: "h11 refuses a request line with two spaces (_abnf.py:85-91) and an empty line before it (_readers.py:81-82), and uvicorn answers 400 'Invalid HTTP request received.' (protocols/http/h11_impl.py:180-186); Node's parser drops both before the gateway sees the request, so the uvicorn profile's h11 refusals (gateway/profiles/h11.ts) cannot see them. The Raw tab's parser verdicts name them (leading-crlf, extra-space-in-request-line).",
    },
    {
      cases: ['T84', 'XF'],
      key: 'client',
      ours: "('127.0.0.1', <client-port>)",
      debian: "('10.0.0.1', 0)",
      why: "Debian's uvicorn runs with --proxy-headers on by default and trusts 127.0.0.1 (config.py: proxy_headers=True, forwarded_allow_ips='127.0.0.1'; middleware/proxy_headers.py), so the observer's X-Forwarded-For/-Proto from 127.0.0.1 were believed; the echo trusts no peer unless told: `--proxy-trust server-default` gives uvicorn's own default (tests/unit/gateway/trust/uvicorn-wiring.test.ts).",
    },
    {
      cases: ['T84', 'T86', 'XF', 'P16'],
      key: 'scheme',
      ours: 'http',
      debian: 'https',
      why: "Debian's uvicorn runs with --proxy-headers on by default and trusts 127.0.0.1 (config.py: proxy_headers=True, forwarded_allow_ips='127.0.0.1'; middleware/proxy_headers.py), so the observer's X-Forwarded-For/-Proto from 127.0.0.1 were believed; the echo trusts no peer unless told: `--proxy-trust server-default` gives uvicorn's own default (tests/unit/gateway/trust/uvicorn-wiring.test.ts).",
    },
    {
      cases: ['T87'],
      key: 'scheme',
      ours: 'http',
      debian: 'HTTPS',
      why: "Debian's uvicorn runs with --proxy-headers on by default and trusts 127.0.0.1 (config.py: proxy_headers=True, forwarded_allow_ips='127.0.0.1'; middleware/proxy_headers.py), so the observer's X-Forwarded-For/-Proto from 127.0.0.1 were believed; the echo trusts no peer unless told: `--proxy-trust server-default` gives uvicorn's own default (tests/unit/gateway/trust/uvicorn-wiring.test.ts).",
    },
    {
      cases: ['T88'],
      key: 'client',
      ours: "('127.0.0.1', <client-port>)",
      debian: "('3.3.3.3', 0)",
      why: "Debian's uvicorn runs with --proxy-headers on by default and trusts 127.0.0.1 (config.py: proxy_headers=True, forwarded_allow_ips='127.0.0.1'; middleware/proxy_headers.py), so the observer's X-Forwarded-For/-Proto from 127.0.0.1 were believed; the echo trusts no peer unless told: `--proxy-trust server-default` gives uvicorn's own default (tests/unit/gateway/trust/uvicorn-wiring.test.ts).",
    },
    {
      cases: ['P08'],
      key: 'client',
      ours: "('127.0.0.1', <client-port>)",
      debian: "('2.2.2.2', 0)",
      why: "Debian's uvicorn runs with --proxy-headers on by default and trusts 127.0.0.1 (config.py: proxy_headers=True, forwarded_allow_ips='127.0.0.1'; middleware/proxy_headers.py), so the observer's X-Forwarded-For/-Proto from 127.0.0.1 were believed; the echo trusts no peer unless told: `--proxy-trust server-default` gives uvicorn's own default (tests/unit/gateway/trust/uvicorn-wiring.test.ts).",
    },
    {
      cases: ['P16', 'P17'],
      key: 'client',
      ours: "('127.0.0.1', <client-port>)",
      debian: "('203.0.113.7', 0)",
      why: "Debian's uvicorn runs with --proxy-headers on by default and trusts 127.0.0.1 (config.py: proxy_headers=True, forwarded_allow_ips='127.0.0.1'; middleware/proxy_headers.py), so the observer's X-Forwarded-For/-Proto from 127.0.0.1 were believed; the echo trusts no peer unless told: `--proxy-trust server-default` gives uvicorn's own default (tests/unit/gateway/trust/uvicorn-wiring.test.ts).",
    },
    {
      cases: ['P17'],
      key: 'scheme',
      ours: 'http',
      debian: 'javascript',
      why: "Debian's uvicorn runs with --proxy-headers on by default and trusts 127.0.0.1 (config.py: proxy_headers=True, forwarded_allow_ips='127.0.0.1'; middleware/proxy_headers.py), so the observer's X-Forwarded-For/-Proto from 127.0.0.1 were believed; the echo trusts no peer unless told: `--proxy-trust server-default` gives uvicorn's own default (tests/unit/gateway/trust/uvicorn-wiring.test.ts).",
    },
    {
      cases: ['P19'],
      key: '(status)',
      ours: '200',
      debian: '500',
      why: "Debian's 0.17.6 answers an `Upgrade: websocket` request 500 when no WebSocket library is installed; current uvicorn logs 'Unsupported upgrade request.' and serves it as plain HTTP (protocols/http/h11_impl.py _should_upgrade: False without a ws protocol class), which is what we echo.",
    },
  ],
}
export default differences
