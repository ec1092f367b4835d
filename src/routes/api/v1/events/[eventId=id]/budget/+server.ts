import { json } from '@sveltejs/kit';
import { api } from '$lib/server/http';
import { db } from '$lib/server/db';
import { budgetAccess } from '$lib/server/budget/api';
import { getBudget } from '$lib/server/budget/summary';
import type { RequestHandler } from './$types';

/** The budget at a glance: sources, lines with actuals, entries, categories, totals, warnings. */
export const GET: RequestHandler = api(async ({ params }, principal) => {
	const eventId = await budgetAccess(principal, params.eventId, 'budget.view');
	const b = await getBudget(db(), principal, eventId);
	return json(b);
});
