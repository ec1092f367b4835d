import { json } from '@sveltejs/kit';
import { api } from '$lib/server/http';
import { db } from '$lib/server/db';
import { budgetAccess, budgetItem, parsedBody } from '$lib/server/budget/api';
import { getBudget } from '$lib/server/budget/summary';
import { createExpense } from '$lib/server/budget/service';
import { parseExpenseInput } from '$lib/server/budget/schema';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = api(async ({ params }, principal) => {
	const eventId = await budgetAccess(principal, params.eventId, 'budget.view');
	return json({ expenses: (await getBudget(db(), principal, eventId)).expenses });
});

/** Records an entry (the receipt scan goes to PUT …/expenses/{id}/receipt). */
export const POST: RequestHandler = api(async ({ params, request }, principal) => {
	const eventId = await budgetAccess(principal, params.eventId, 'budget.edit');
	const { value } = await parsedBody(request, parseExpenseInput);
	const id = await createExpense(db(), principal, eventId, value);
	return budgetItem(principal, eventId, 'expenses', id, 201);
});
