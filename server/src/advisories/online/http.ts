// The one place Vigil talks to the network: JSON over HTTP with a time limit, through the proxy
// the user configured (VS Code's `http.proxy`, else HTTPS_PROXY / HTTP_PROXY / NO_PROXY).
import type { Dispatcher } from 'undici';

export interface HttpOptions {
  /** An explicit proxy (VS Code's `http.proxy`); else the proxy environment variables apply. */
  proxy?: string;
  /** false: accept the proxy's and the server's self-signed certificates (VS Code's `http.proxyStrictSSL`). */
  strictSSL?: boolean;
  timeoutMs: number;
  env: NodeJS.ProcessEnv;
}

/** Why a request failed, in one line (`timeout after 10 s`, `HTTP 500`, `not JSON`, `ENOTFOUND`). */
export class OnlineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OnlineError';
  }
}

const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'];

// undici is loaded only when a request is made: sessions that never go online do not pay for it.
let dispatchers: Map<string, Dispatcher> | undefined;
async function dispatcherFor(options: HttpOptions): Promise<Dispatcher | undefined> {
  const fromEnv = PROXY_VARIABLES.some((name) => options.env[name]);
  if (!options.proxy && !fromEnv) return undefined;
  const key = `${options.proxy ?? ''}|${options.strictSSL !== false}|${PROXY_VARIABLES.map((n) => options.env[n] ?? '').join('|')}|${options.env.NO_PROXY ?? options.env.no_proxy ?? ''}`;
  dispatchers ??= new Map();
  let dispatcher = dispatchers.get(key);
  if (!dispatcher) {
    const undici = await import('undici');
    const tls = options.strictSSL === false ? { rejectUnauthorized: false } : undefined;
    dispatcher = options.proxy
      ? new undici.ProxyAgent({ uri: options.proxy, ...(tls ? { requestTls: tls, proxyTls: tls } : {}) })
      : new undici.EnvHttpProxyAgent({
          httpProxy: options.env.HTTP_PROXY ?? options.env.http_proxy,
          httpsProxy: options.env.HTTPS_PROXY ?? options.env.https_proxy ?? options.env.HTTP_PROXY ?? options.env.http_proxy,
          noProxy: options.env.NO_PROXY ?? options.env.no_proxy,
          ...(tls ? { requestTls: tls, proxyTls: tls } : {}),
        });
    dispatchers.set(key, dispatcher);
  }
  return dispatcher;
}

/** GET or POST `url` and parse the JSON answer; every failure is an OnlineError with a one-line reason. */
export async function requestJson(url: string, body: unknown, options: HttpOptions): Promise<unknown> {
  const dispatcher = await dispatcherFor(options);
  const init = {
    method: body === undefined ? 'GET' : 'POST',
    headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(options.timeoutMs),
  };
  let response: Response;
  try {
    if (dispatcher) {
      const undici = await import('undici');
      response = (await undici.fetch(url, { ...init, dispatcher })) as unknown as Response;
    } else {
      response = await fetch(url, init);
    }
  } catch (e) {
    throw new OnlineError(reason(e, options.timeoutMs));
  }
  let text: string;
  try {
    text = await response.text();
  } catch (e) {
    throw new OnlineError(reason(e, options.timeoutMs));
  }
  if (!response.ok) throw new OnlineError(`HTTP ${response.status} from ${url}`);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new OnlineError(`the answer of ${url} is not JSON`);
  }
}

function reason(e: unknown, timeoutMs: number): string {
  const error = e as Error & { cause?: { code?: string; message?: string } };
  if (error.name === 'TimeoutError' || error.name === 'AbortError') return `no answer within ${timeoutMs / 1000} s`;
  return error.cause?.code ?? error.cause?.message ?? error.message;
}
