import { json } from '@sveltejs/kit';
import { api } from '$lib/server/http';
import { db } from '$lib/server/db';
import { budgetAccess, budgetItem, parsedBody } from '$lib/server/budget/api';
import { getBudget } from '$lib/server/budget/summary';
import { createSource } from '$lib/server/budget/service';
import { parseSourceInput, type SourceInput } from '$lib/server/budget/schema';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = api(async ({ params }, principal) => {
	const eventId = await budgetAccess(principal, params.eventId, 'budget.view');
	return json({ sources: (await getBudget(db(), principal, eventId)).sources });
});

export const POST: RequestHandler = api(async ({ params, request }, principal) => {
	const eventId = await budgetAccess(principal, params.eventId, 'budget.edit');
	const { value } = await parsedBody(request, (raw) => parseSourceInput(raw));
	const id = await createSource(db(), principal, eventId, value as SourceInput);
	return budgetItem(principal, eventId, 'sources', id, 201);
});
