import { Agent } from 'node:http';
import { TwitterApi, type ITwitterApiClientPlugin } from 'twitter-api-v2';

export interface XClientOptions {
  readonly bearerToken: string;
  /**
   * Where the X API v2 is. The library has no base-URL setting (its prefix is
   * hard-coded), so a plugin rewrites each request's URL; unset = api.x.com.
   */
  readonly baseUrl?: string;
}

const X_API_ORIGIN = /^https:\/\/api\.(x|twitter)\.com/;

/** A twitter-api-v2 client, pointed at the real X API or at the local emulator. */
export function createXClient(options: XClientOptions): TwitterApi {
  const baseUrl = options.baseUrl?.replace(/\/+$/, '');
  if (baseUrl === undefined || baseUrl === '') return new TwitterApi(options.bearerToken);
  const rewrite = (args: { params: { url: string } }): void => {
    args.params.url = args.params.url.replace(X_API_ORIGIN, baseUrl);
  };
  const plugin: ITwitterApiClientPlugin = { onBeforeRequestConfig: rewrite, onBeforeStreamRequestConfig: rewrite };
  return new TwitterApi(options.bearerToken, {
    plugins: [plugin],
    // A plain-HTTP base URL (the emulator) needs an http agent; the default is https.
    ...(baseUrl.startsWith('http:') ? { httpAgent: new Agent({ keepAlive: true }) } : {}),
  });
}
