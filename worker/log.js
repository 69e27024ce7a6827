// The worker's logs (README, "Logs"): one JSON line per decision or failure, the same fields on
// Cloudflare and on self-hosted workerd — `at` (ISO time), `level` (info, warn, error), `edgepost`
// (what happened) and that event's own fields. Never a secret: a caller passes ids, statuses, URLs
// without credentials and the core's sentences, never a header or a setting's value.
export function log(level, event, fields = {}) {
  const line = JSON.stringify({ at: new Date().toISOString(), level, edgepost: event, ...fields });
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.log(line);
}
