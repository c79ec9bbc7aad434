/**
 * The error bodies X sends, copied from recorded responses (twarc, tweepy
 * issues, the fixtures in libs/testkit) so a client's error handling meets the
 * exact shapes it will meet in production. Problem `type` URLs keep X's
 * historical `api.twitter.com` host, as recorded; clients should branch on the
 * path (`/2/problems/…`), `title`, `connection_issue` or `disconnect_type`.
 */
const PROBLEMS = 'https://api.twitter.com/2/problems';

/** A JSON body with the HTTP status it goes out with. */
export interface XResponse {
  readonly status: number;
  readonly body: unknown;
}

export const unauthorized = (): XResponse => ({
  status: 401,
  body: { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' },
});

export const clientForbidden = (): XResponse => ({
  status: 403,
  body: {
    client_id: '26905937',
    detail:
      'When authenticating requests to the Twitter API v2 endpoints, you must use keys and tokens from a Twitter developer App that is attached to a Project. You can create a project via the developer portal.',
    registration_url: 'https://developer.twitter.com/en/docs/projects/overview',
    title: 'Client Forbidden',
    required_enrollment: 'Appropriate Level of API Access',
    reason: 'client-not-enrolled',
    type: `${PROBLEMS}/client-forbidden`,
  },
});

export const tooManyRequests = (): XResponse => ({
  status: 429,
  body: { title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status: 429 },
});

export const tooManyConnections = (): XResponse => ({
  status: 429,
  body: {
    title: 'ConnectionException',
    detail: 'This stream is currently at the maximum allowed connection limit.',
    connection_issue: 'TooManyConnections',
    type: `${PROBLEMS}/streaming-connection`,
  },
});

/**
 * The pay-per-use usage cap (or spend limit): HTTP 429 like a rate limit, but
 * the rate-limit headers show budget left. Shape recorded in xdevplatform/xdk#25.
 */
export const usageCapExceeded = (): XResponse => ({
  status: 429,
  body: {
    account_id: '1000000000000000000',
    product_name: 'pay-per-use',
    title: 'UsageCapExceeded',
    period: 'Monthly',
    scope: 'Product',
    detail: 'Usage cap exceeded: Monthly product cap',
    type: `${PROBLEMS}/usage-capped`,
  },
});

/**
 * Prepaid credits depleted: HTTP 402 is seen in public logs; its body is not
 * recorded, so this one follows X's generic problem shape (clients should
 * branch on the status).
 */
export const creditsDepleted = (): XResponse => ({
  status: 402,
  body: {
    title: 'CreditsDepleted',
    detail: 'Your enrolled account does not have any credits to fulfill this request.',
    type: 'about:blank',
    status: 402,
  },
});

/** X refuses a filtered-stream connection while the app has no rule (HTTP 409, seen in tweepy#1934). */
export const noRulesConfigured = (): XResponse => ({
  status: 409,
  body: {
    title: 'ConnectionException',
    detail:
      'You must define rules using the POST /2/tweets/search/stream/rules endpoint before connecting to filtered stream.',
    connection_issue: 'RuleConfigurationIssue',
    type: `${PROBLEMS}/streaming-connection`,
  },
});

export const serviceUnavailable = (): XResponse => ({
  status: 503,
  body: { title: 'Service Unavailable', detail: 'Service Unavailable', type: 'about:blank', status: 503 },
});

export const notFound = (): XResponse => ({
  status: 404,
  body: { errors: [{ message: 'Sorry, that page does not exist', code: 34 }] },
});

/** One parameter problem inside an "Invalid Request" (X lists every bad parameter). */
export interface ParameterError {
  readonly parameters: Readonly<Record<string, readonly string[]>>;
  readonly message: string;
}

export const invalidRequest = (errors: readonly ParameterError[]): XResponse => ({
  status: 400,
  body: {
    errors,
    title: 'Invalid Request',
    detail: 'One or more parameters to your request was invalid.',
    type: `${PROBLEMS}/invalid-request`,
  },
});

/** Rule cap: the recorded clients read `title` at the top level; the status and wording are not recorded. */
export const rulesCapExceeded = (max: number): XResponse => ({
  status: 403,
  body: {
    title: 'RulesCapExceeded',
    detail: `Rule creation would exceed the maximum of ${max} rules allowed for your access level.`,
    type: `${PROBLEMS}/rule-cap`,
  },
});

/** Per-rule error of an add whose value X already holds a rule for (carries the existing rule's id). */
export const duplicateRule = (value: string, id: string) => ({
  value,
  id,
  title: 'DuplicateRule',
  type: `${PROBLEMS}/duplicate-rules`,
});

/** Per-rule error of an add X cannot parse; X answers 200 with these in `errors`, not a 400. */
export const invalidRule = (value: string, details: readonly string[]) => ({
  value,
  details,
  title: 'UnprocessableEntity',
  type: `${PROBLEMS}/invalid-rules`,
});

/** Per-id error of a delete naming a rule that does not exist. */
export const ruleNotFound = (key: 'ids' | 'values', missing: readonly string[]) => ({
  errors: [{ parameters: { [key]: missing }, message: 'Rule does not exist' }],
  title: 'Invalid Request',
  detail: 'One or more parameters to your request was invalid.',
  type: `${PROBLEMS}/invalid-request`,
});

/** In-stream payloads: written as one line on the open stream, then X closes it. */
export const operationalDisconnectLine = JSON.stringify({
  errors: [
    {
      title: 'operational-disconnect',
      disconnect_type: 'UpstreamOperationalDisconnect',
      detail: 'This stream has been disconnected upstream for operational reasons.',
      type: `${PROBLEMS}/operational-disconnect`,
    },
  ],
});

export const slowReaderDisconnectLine = JSON.stringify({
  errors: [
    {
      title: 'operational-disconnect',
      disconnect_type: 'ConnectionException',
      detail: 'This stream has been disconnected because your client was unable to keep up with us.',
      type: `${PROBLEMS}/streaming-connection`,
    },
  ],
});
