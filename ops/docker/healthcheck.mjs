// Docker HEALTHCHECK probe, run with the image's own Node (slim images have no curl or wget):
// exits 0 when HEALTHCHECK_URL (set per image: the service's /healthz) answers 2xx within 2 s.
/* global process, fetch, AbortSignal */
const url = process.env.HEALTHCHECK_URL;
if (!url) {
  process.stderr.write('HEALTHCHECK_URL is not set\n');
  process.exit(2);
}
try {
  const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
  process.exit(response.ok ? 0 : 1);
} catch (err) {
  process.stderr.write(`${url}: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
