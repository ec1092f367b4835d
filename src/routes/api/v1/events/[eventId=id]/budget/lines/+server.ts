import { json } from '@sveltejs/kit';
import { api } from '$lib/server/http';
import { db } from '$lib/server/db';
import { budgetAccess, budgetItem, parsedBody } from '$lib/server/budget/api';
import { getBudget } from '$lib/server/budget/summary';
import { createLine } from '$lib/server/budget/service';
import { parseLineInput, type LineInput } from '$lib/server/budget/schema';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = api(async ({ params }, principal) => {
	const eventId = await budgetAccess(principal, params.eventId, 'budget.view');
	return json({ lines: (await getBudget(db(), principal, eventId)).lines });
});

/** A line over its norm or pushing its source over the allocation answers 409 budget_over_limit with the
 * warnings; send it again with overReason to save it. */
export const POST: RequestHandler = api(async ({ params, request }, principal) => {
	const eventId = await budgetAccess(principal, params.eventId, 'budget.edit');
	const { value } = await parsedBody(request, (raw) => parseLineInput(raw));
	const input = { normId: null, notes: '', unit: '', derivedFrom: null, derivedParams: {}, overReason: null, ...value } as LineInput;
	const id = await createLine(db(), principal, eventId, input);
	return budgetItem(principal, eventId, 'lines', id, 201);
});
