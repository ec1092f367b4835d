import { json } from '@sveltejs/kit';
import { api, apiIdParam, readJsonObject } from '$lib/server/http';
import { db } from '$lib/server/db';
import { invalid } from '$lib/server/errors';
import { requireEventAccess } from '$lib/server/auth/access';
import { sendReminders } from '$lib/server/submissions/service';
import type { RequestHandler } from './$types';

/**
 * Reminds units without a tham luận ({unitIds?} to limit). {round} makes it idempotent (default: today):
 * the same round twice queues nothing more.
 */
export const POST: RequestHandler = api(async ({ params, request }, principal) => {
	const eventId = apiIdParam(params.eventId);
	await requireEventAccess(db(), principal, eventId, 'submission.review');
	const body = await readJsonObject(request);
	if (body.round !== undefined && (typeof body.round !== 'string' || !/^[A-Za-z0-9_-]{1,40}$/.test(body.round)))
		throw invalid({ round: 'round gồm chữ, số, - và _ (tối đa 40 ký tự)' });
	const unitIds = Array.isArray(body.unitIds) ? body.unitIds.map(Number).filter((n) => Number.isSafeInteger(n) && n > 0) : undefined;
	const r = await sendReminders(db(), principal, eventId, { round: (body.round as string) ?? new Date().toISOString().slice(0, 10), unitIds });
	return json(r);
});
