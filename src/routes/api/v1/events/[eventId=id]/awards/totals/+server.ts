import { json } from '@sveltejs/kit';
import { api, apiIdParam } from '$lib/server/http';
import { db } from '$lib/server/db';
import { requireEventAccess } from '$lib/server/auth/access';
import { awardTotalsByFund, certificateCount } from '$lib/server/awards/totals';
import type { RequestHandler } from './$types';

/** Prize money by paying fund, and how many certificates the organiser prints (what the budget reads). */
export const GET: RequestHandler = api(async ({ params }, principal) => {
	const eventId = apiIdParam(params.eventId);
	await requireEventAccess(db(), principal, eventId, 'award.view');
	const [funds, certificates] = await Promise.all([awardTotalsByFund(db(), eventId), certificateCount(db(), eventId)]);
	return json({ funds, certificates, total: funds.reduce((s, f) => s + f.amount, 0) });
});
