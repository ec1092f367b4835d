import { api, apiIdParam } from '$lib/server/http';
import { db } from '$lib/server/db';
import { budgetAccess, budgetItem } from '$lib/server/budget/api';
import { attachReceipt, receiptOf } from '$lib/server/budget/service';
import { MAX_RECEIPT_BYTES, downloadResponse, readReceipt, sniffReceipt, storeReceipt } from '$lib/server/budget/receipts';
import { DomainError } from '$lib/server/errors';
import type { RequestHandler } from './$types';

/** The receipt scan, always as an attachment. */
export const GET: RequestHandler = api(async ({ params }, principal) => {
	const eventId = await budgetAccess(principal, params.eventId, 'budget.view');
	const r = await receiptOf(db(), principal, eventId, apiIdParam(params.expenseId));
	return downloadResponse(await readReceipt(r.key), r.name, r.type);
});

/** Attaches a scan (JPEG, PNG or PDF, ≤ 10 MB) to an entry without one. Body: the file's bytes; ?name= its name. */
export const PUT: RequestHandler = api(async ({ params, request, url }, principal) => {
	const eventId = await budgetAccess(principal, params.eventId, 'budget.edit');
	const declared = Number(request.headers.get('content-length') ?? 0);
	if (declared > MAX_RECEIPT_BYTES) throw new DomainError('receipt_too_large', 'Tệp chứng từ lớn hơn 10 MB', { status: 413 });
	const bytes = new Uint8Array(await request.arrayBuffer());
	sniffReceipt(bytes);
	const id = apiIdParam(params.expenseId);
	const stored = await storeReceipt(bytes, url.searchParams.get('name') ?? `chung-tu-${id}`);
	await attachReceipt(db(), principal, eventId, id, stored);
	return budgetItem(principal, eventId, 'expenses', id);
});
