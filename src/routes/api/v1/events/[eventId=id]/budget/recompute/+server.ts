import { json } from '@sveltejs/kit';
import { api, readJsonObject } from '$lib/server/http';
import { db } from '$lib/server/db';
import { budgetAccess, reasonOf } from '$lib/server/budget/api';
import { recomputeDerived } from '$lib/server/budget/service';
import type { RequestHandler } from './$types';

/** Recomputes the derived lines from attendance, letters, booklet and awards. { dryRun: true } only reports. */
export const POST: RequestHandler = api(async ({ params, request }, principal) => {
	const body = request.headers.get('content-length') === '0' ? {} : await readJsonObject(request).catch(() => ({}) as Record<string, unknown>);
	const dryRun = body.dryRun === true;
	const eventId = await budgetAccess(principal, params.eventId, dryRun ? 'budget.view' : 'budget.edit');
	const result = await recomputeDerived(db(), principal, eventId, { dryRun, reason: reasonOf(body) });
	return json({ dryRun, ...result });
});
