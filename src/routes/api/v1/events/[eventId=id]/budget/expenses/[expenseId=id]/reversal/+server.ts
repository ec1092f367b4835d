import { api, apiIdParam } from '$lib/server/http';
import { db } from '$lib/server/db';
import { budgetAccess, budgetItem, parsedBody } from '$lib/server/budget/api';
import { reverseExpense } from '$lib/server/budget/service';
import { parseReversalInput } from '$lib/server/budget/schema';
import type { RequestHandler } from './$types';

/** Reverses an entry: a new entry of the opposite amount; the original is never edited. */
export const POST: RequestHandler = api(async ({ params, request }, principal) => {
	const eventId = await budgetAccess(principal, params.eventId, 'budget.edit');
	const { value } = await parsedBody(request, parseReversalInput);
	const id = await reverseExpense(db(), principal, eventId, apiIdParam(params.expenseId), value);
	return budgetItem(principal, eventId, 'expenses', id, 201);
});
