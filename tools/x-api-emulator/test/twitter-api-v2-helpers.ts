import type { Readable } from 'node:stream';
import { ETwitterStreamEvent, type ITwitterApiClientPlugin, type TweetStream } from 'twitter-api-v2';

// Helpers the producer needs to run the real twitter-api-v2 client (1.29.1)
// against the emulator and against X; kept here, tested here, until the
// producer owns them.

/**
 * What the producer needs to point the real twitter-api-v2 client at the
 * emulator: the library has no base-URL setting (API_V2_PREFIX is fixed to
 * https://api.x.com/2/), so a plugin rewrites each request's URL before it is
 * built, for REST calls and streams alike; and since the library always calls
 * `https.request`, a plain `http.Agent` must be given so that an http: URL is
 * accepted (Node checks the URL protocol against the agent's).
 */
export function emulatorPlugin(baseUrl: string): ITwitterApiClientPlugin {
  const rewrite = (url: string) => url.replace(/^https:\/\/api\.(?:x|twitter)\.com(?=\/)/, baseUrl);
  return {
    onBeforeRequestConfig: (args) => {
      args.params.url = rewrite(args.params.url);
    },
    onBeforeStreamRequestConfig: (args) => {
      args.params.url = rewrite(args.params.url);
    },
  };
}

/**
 * twitter-api-v2 decodes each network chunk of a stream on its own
 * (`chunk.toString()` in TweetStream), so a multi-byte character (emoji,
 * accented letter) split between two TCP reads arrives as U+FFFD and the
 * tweet text is silently corrupted; it happens under load, against X as here.
 * Setting the response's encoding makes Node decode across chunks. The
 * response object is replaced on every (re)connection, hence both events:
 * create the stream with `autoConnect: false`, call this, then `connect()`.
 */
export function decodeStreamAsUtf8(stream: TweetStream): void {
  // `res` is protected in the typings; it is the body stream the parser reads.
  const setEncoding = () => (stream as unknown as { res?: Readable }).res?.setEncoding('utf8');
  stream.on(ETwitterStreamEvent.Connected, setEncoding);
  stream.on(ETwitterStreamEvent.Reconnected, setEncoding);
}
