import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { EmulatorContext } from './emulator-context.js';
import { readJsonBody, RequestBodyError, sendJson, sendX } from './http-io.js';
import { invalidRequest, tooManyRequests, type ParameterError } from './x-problems.js';

const RULE_ID = /^[0-9]{1,19}$/;

// X's UpdateRulesRequest: exactly one of `add` or `delete`, nothing else.
const updateSchema = z.union([
  z.strictObject({
    add: z.array(z.strictObject({ value: z.string(), tag: z.string().optional() })).min(1),
  }),
  z.strictObject({
    delete: z.union([
      z.strictObject({ ids: z.array(z.string().regex(RULE_ID)).min(1) }),
      z.strictObject({ values: z.array(z.string()).min(1) }),
    ]),
  }),
]);

const booleanParameter = (query: URLSearchParams, name: string): boolean | ParameterError => {
  const raw = query.get(name);
  if (raw === null || raw === 'false') return false;
  if (raw === 'true') return true;
  return {
    parameters: { [name]: [raw] },
    message: `The \`${name}\` query parameter value [${raw}] is not one of [true,false]`,
  };
};

/** `GET /2/tweets/search/stream/rules[?ids=…]`: the rules, `data` left out when there are none. */
export function handleListRules(ctx: EmulatorContext, res: ServerResponse, query: URLSearchParams): void {
  const limit = ctx.limits.listRules.take();
  if (!limit.allowed) return sendX(res, tooManyRequests(), limit.headers);
  const ids = query.get('ids')?.split(',');
  const bad = ids?.filter((id) => !RULE_ID.test(id)) ?? [];
  if (bad.length > 0) {
    return sendX(
      res,
      invalidRequest([
        { parameters: { ids: bad }, message: `The \`ids\` query parameter value [${bad.join(',')}] is not valid` },
      ]),
      limit.headers,
    );
  }
  sendJson(res, 200, ctx.rules.listing(ids), limit.headers);
}

/**
 * `POST /2/tweets/search/stream/rules[?dry_run=true][&delete_all=true]`: adds
 * or deletes rules, answering as X does (see RuleBook). A body that is not an
 * UpdateRulesRequest gets X's 400 Invalid Request.
 */
export async function handleUpdateRules(
  ctx: EmulatorContext,
  req: IncomingMessage,
  res: ServerResponse,
  query: URLSearchParams,
): Promise<void> {
  const limit = ctx.limits.updateRules.take();
  if (!limit.allowed) return sendX(res, tooManyRequests(), limit.headers);
  const dryRun = booleanParameter(query, 'dry_run');
  const deleteAll = booleanParameter(query, 'delete_all');
  const flagErrors = [dryRun, deleteAll].filter((v): v is ParameterError => typeof v === 'object');
  if (flagErrors.length > 0) return sendX(res, invalidRequest(flagErrors), limit.headers);
  let body: unknown;
  try {
    body = await readJsonBody(req);
  } catch (err) {
    if (!(err instanceof RequestBodyError) || deleteAll !== true) {
      const message = err instanceof RequestBodyError ? err.message : String(err);
      return sendX(res, invalidRequest([{ parameters: {}, message }]), limit.headers);
    }
  }
  if (deleteAll === true) return sendX(res, ctx.rules.deleteAll(dryRun === true), limit.headers);
  const parsed = updateSchema.safeParse(body);
  if (!parsed.success) {
    const errors = parsed.error.issues.map((issue) => ({
      parameters: {},
      message: `${issue.path.length > 0 ? `$.${issue.path.join('.')}` : '$'}: ${issue.message}`,
    }));
    return sendX(res, invalidRequest(errors), limit.headers);
  }
  const request = parsed.data;
  const answer =
    'add' in request
      ? ctx.rules.add(request.add, dryRun === true)
      : 'ids' in request.delete
        ? ctx.rules.delete('ids', request.delete.ids, dryRun === true)
        : ctx.rules.delete('values', request.delete.values, dryRun === true);
  ctx.log.info({ dryRun, status: answer.status, rules: ctx.rules.list().length }, 'stream rules updated');
  sendX(res, answer, limit.headers);
}
